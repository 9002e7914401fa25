public import Foundation
import HuibaoCore

/// A rollup as the table a briefing writer opens in Excel or WPS: CSV (RFC 4180, CRLF, UTF-8 with BOM by
/// default or GB18030) or JSON.
///
/// Choices that keep a spreadsheet honest:
/// - **Formula injection.** A text cell (a region, department or indicator name, a unit, the reporting note)
///   that begins with `=`, `+`, `-`, `@`, a tab or a CR gets a leading `'`, so Excel shows it and evaluates
///   nothing. Number cells are not touched: Huibao writes them itself from numbers, always in the shape
///   `-?digits[.digits]`, which a spreadsheet reads as a number — a negative change stays a sortable number
///   instead of turning into the text `'-12.5`.
/// - **Lower bounds.** `≥` goes in a column of its own (下限) next to the value, so the value column holds only
///   numbers and still sums and sorts.
/// - **Numbers** are plain: no thousands separators, no exponent, at most 4 decimals for values and 2 for
///   percentages. Units have their own column. An empty cell means "no figure", never zero.
public struct Briefing {
    public enum Language: String, Sendable, CaseIterable {
        case zh, en
    }

    public enum TextEncoding: String, Sendable, CaseIterable {
        case utf8BOM = "utf8-bom"
        case utf8
        case gb18030
    }

    public let result: RollupResult
    public let language: Language

    public init(_ result: RollupResult, language: Language = .zh) {
        self.result = result
        self.language = language
    }

    // MARK: - Columns

    enum Column: CaseIterable {
        case region, department, indicator, unit, lowerBound, value, previous, previousChange, lastYear
        case lastYearChange, changeUnit, target, completion, rank, share, reported, expected, reporting

        var isNumber: Bool {
            switch self {
            case .region, .department, .indicator, .unit, .lowerBound, .changeUnit, .reporting: return false
            default: return true
            }
        }

        func title(_ language: Language) -> String {
            switch (self, language) {
            case (.region, .zh): return "地区"
            case (.department, .zh): return "部门"
            case (.indicator, .zh): return "指标"
            case (.unit, .zh): return "单位"
            case (.lowerBound, .zh): return "下限"
            case (.value, .zh): return "本期"
            case (.previous, .zh): return "上期"
            case (.previousChange, .zh): return "环比"
            case (.lastYear, .zh): return "同期"
            case (.lastYearChange, .zh): return "同比"
            case (.changeUnit, .zh): return "增幅单位"
            case (.target, .zh): return "目标"
            case (.completion, .zh): return "完成率(%)"
            case (.rank, .zh): return "排名"
            case (.share, .zh): return "占比(%)"
            case (.reported, .zh): return "已报"
            case (.expected, .zh): return "应报"
            case (.reporting, .zh): return "报送情况"
            case (.region, .en): return "region"
            case (.department, .en): return "department"
            case (.indicator, .en): return "indicator"
            case (.unit, .en): return "unit"
            case (.lowerBound, .en): return "lower_bound"
            case (.value, .en): return "value"
            case (.previous, .en): return "previous"
            case (.previousChange, .en): return "previous_change"
            case (.lastYear, .en): return "last_year"
            case (.lastYearChange, .en): return "last_year_change"
            case (.changeUnit, .en): return "change_unit"
            case (.target, .en): return "target"
            case (.completion, .en): return "completion_percent"
            case (.rank, .en): return "rank"
            case (.share, .en): return "share_percent"
            case (.reported, .en): return "reported"
            case (.expected, .en): return "expected"
            case (.reporting, .en): return "reporting"
            }
        }
    }

    /// The header row.
    public var header: [String] { Column.allCases.map { $0.title(language) } }

    /// One row's cells, unquoted and not yet neutralized.
    public func cells(_ row: RollupRow) -> [String] {
        Column.allCases.map { cell($0, row) }
    }

    func cell(_ column: Column, _ row: RollupRow) -> String {
        let zh = language == .zh
        switch column {
        case .region:
            guard row.isTotal else { return row.regionName }
            return zh ? row.regionName + "合计" : row.regionName + " (total)"
        case .department: return row.departmentName ?? ""
        case .indicator: return zh ? row.indicatorName : row.indicatorCode
        case .unit: return row.unit
        case .lowerBound: return row.isLowerBound ? "≥" : ""
        case .value: return Self.number(row.value, decimals: 4)
        case .previous: return Self.number(row.previousValue, decimals: 4)
        case .previousChange: return Self.number(row.previousChange, decimals: 2)
        case .lastYear: return Self.number(row.lastYearValue, decimals: 4)
        case .lastYearChange: return Self.number(row.lastYearChange, decimals: 2)
        case .changeUnit: return row.changeUnit == "pp" ? (zh ? "百分点" : "pp") : "%"
        case .target: return Self.number(row.target, decimals: 4)
        case .completion: return Self.number(row.completionPercent, decimals: 2)
        case .rank: return row.rank.map(String.init) ?? ""
        case .share: return Self.number(row.sharePercent, decimals: 2)
        case .reported: return String(row.reported)
        case .expected: return String(row.expected)
        case .reporting:
            var note = "\(row.reported)/\(row.expected)"
            if let missing = row.missing, !missing.isEmpty {
                note += zh ? "，未报：" + missing.joined(separator: "、") : "; missing: " + missing.joined(separator: ", ")
            }
            return note
        }
    }

    /// A number as a person writes it: fixed notation, trailing zeros dropped, nil as an empty cell.
    public static func number(_ value: Double?, decimals: Int) -> String {
        guard let value, value.isFinite else { return "" }
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    // MARK: - CSV

    /// Prefixes `'` to a text cell a spreadsheet would read as a formula.
    public static func neutralized(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }

    /// RFC 4180: a field with a comma, a quote, CR or LF is quoted, its quotes doubled.
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The CSV text, CRLF after every line.
    public func csvText() -> String {
        var lines = [header.map(Self.quoted).joined(separator: ",")]
        for row in result.rows {
            let fields = zip(Column.allCases, cells(row)).map { column, text in
                Self.quoted(column.isNumber ? text : Self.neutralized(text))
            }
            lines.append(fields.joined(separator: ","))
        }
        return lines.map { $0 + "\r\n" }.joined()
    }

    public func csv(encoding: TextEncoding = .utf8BOM) throws -> Data {
        let text = csvText()
        switch encoding {
        case .utf8: return Data(text.utf8)
        case .utf8BOM: return Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
        case .gb18030: return try GB18030.encode(text)
        }
    }

    // MARK: - JSON

    /// The rollup as JSON with snake_case keys; percentages rounded to 2 decimals, values to 4.
    public func json() throws -> Data {
        var rounded = result
        func round(_ value: Double?, _ decimals: Int) -> Double? {
            value.flatMap { Double(Self.number($0, decimals: decimals)) }
        }
        rounded.rows = result.rows.map { row in
            var row = row
            row.value = round(row.value, 4)
            row.previousValue = round(row.previousValue, 4)
            row.lastYearValue = round(row.lastYearValue, 4)
            row.previousChange = round(row.previousChange, 2)
            row.lastYearChange = round(row.lastYearChange, 2)
            row.completionPercent = round(row.completionPercent, 2)
            row.sharePercent = round(row.sharePercent, 2)
            return row
        }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(rounded)
    }
}
