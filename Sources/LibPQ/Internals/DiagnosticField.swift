/// The fields of an error result, as `PQresultErrorField` numbers them.
///
/// libpq defines these as character-literal macros (`#define PG_DIAG_SQLSTATE 'C'`), which Swift does not import,
/// so the codes are spelled out here.
enum DiagnosticField: Int32, CaseIterable {
    case severity = 83  // 'S', localized
    case severityNonLocalized = 86  // 'V'
    case sqlState = 67  // 'C'
    case messagePrimary = 77  // 'M'
    case messageDetail = 68  // 'D'
    case messageHint = 72  // 'H'
    case statementPosition = 80  // 'P'
    case internalPosition = 112  // 'p'
    case internalQuery = 113  // 'q'
    case context = 87  // 'W'
    case schemaName = 115  // 's'
    case tableName = 116  // 't'
    case columnName = 99  // 'c'
    case dataTypeName = 100  // 'd'
    case constraintName = 110  // 'n'
    case sourceFile = 70  // 'F'
    case sourceLine = 76  // 'L'
    case sourceFunction = 82  // 'R'
}
