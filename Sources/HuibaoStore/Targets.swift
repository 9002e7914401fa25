public import HuibaoCore
public import LibPQ

/// One row of a targets file: what a region (or one kind of its departments) should reach in a period.
public struct TargetRow: Sendable, Hashable {
    public var line: Int
    public var region: String
    public var departmentKind: String?
    public var indicator: String
    public var period: Period
    public var value: Double

    public init(line: Int, region: String, departmentKind: String?, indicator: String, period: Period, value: Double) {
        self.line = line
        self.region = region
        self.departmentKind = departmentKind
        self.indicator = indicator
        self.period = period
        self.value = value
    }
}

/// Loads targets: all rows of a file in one transaction, replacing earlier values for the same key.
public struct Targets {
    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    /// Returns how many rows were stored. A row that names an unknown region, kind or indicator fails the whole
    /// file, and the error names its line.
    public func load(_ rows: [TargetRow], file: String) throws -> Int {
        do {
            return try db.transaction { db in
                for row in rows {
                    let region = try db.query(
                        "SELECT code FROM huibao.region WHERE code = $1 OR name = $1 ORDER BY code = $1 DESC LIMIT 2",
                        [.text(row.region)]
                    )
                    guard region.rowCount >= 1 else {
                        throw InputError(file: file, line: row.line, message: "unknown region '\(row.region)'")
                    }
                    let code = try region.decode(String.self, row: 0, column: 0)
                    if region.rowCount > 1, code != row.region {
                        throw InputError(
                            file: file,
                            line: row.line,
                            message: "region '\(row.region)' is ambiguous: give its code"
                        )
                    }
                    if let kind = row.departmentKind, DepartmentKind.named(kind) == nil {
                        throw InputError(file: file, line: row.line, message: "unknown department kind '\(kind)'")
                    }
                    let indicator = try db.query(
                        "SELECT 1 FROM huibao.indicator WHERE code = $1",
                        [.text(row.indicator)]
                    )
                    guard indicator.rowCount == 1 else {
                        throw InputError(file: file, line: row.line, message: "unknown indicator '\(row.indicator)'")
                    }
                    _ = try db.query(
                        """
                        INSERT INTO huibao.target (region_code, department_kind, indicator_code, period, value)
                        VALUES ($1, $2, $3, $4, $5::numeric)
                        ON CONFLICT (region_code, department_kind, indicator_code, period)
                        DO UPDATE SET value = EXCLUDED.value
                        """,
                        [
                            .text(code), .optional(row.departmentKind), .text(row.indicator),
                            .text(row.period.description), .numeric(row.value.plainText),
                        ]
                    )
                }
                _ = try db.query(
                    "INSERT INTO huibao.audit (action, reason) VALUES ('load_targets', $1)",
                    [.text("\(rows.count) rows from \(file)")]
                )
                return rows.count
            }
        } catch let error as PostgresError {
            throw StoreFailure.map(error)
        }
    }
}
