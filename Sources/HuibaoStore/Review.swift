import Foundation
public import HuibaoCore
public import LibPQ

/// A stored report's revision, as history lists it.
public struct ReportRevision: Sendable, Hashable {
    public var id: Int64
    public var revision: Int
    public var isCurrent: Bool
    public var period: String
    public var title: String?
    public var sourceFile: String?
    public var sha256: String
    public var metricCount: Int
    public var submittedAt: String
    public var submittedBy: String
}

/// Reading what was submitted and correcting it: history of revisions, a reviewer's fix of one figure.
public struct Review {
    let db: Connection
    let catalog: Catalog

    public init(_ db: Connection, catalog: Catalog) {
        self.db = db
        self.catalog = catalog
    }

    /// Every revision of a department's reports, newest first; one period or all.
    public func history(departmentID: Int64, period: Period?) throws -> [ReportRevision] {
        let rows = try db.query(
            """
            SELECT r.id, r.revision, r.is_current, r.period, r.title, r.source_file, r.source_sha256,
                (SELECT count(*) FROM huibao.metric m WHERE m.report_id = r.id),
                to_char(r.submitted_at, 'YYYY-MM-DD HH24:MI:SS'), r.submitted_by
            FROM huibao.report r
            WHERE r.department_id = $1 AND ($2::text IS NULL OR r.period = $2)
            ORDER BY r.period DESC, r.revision DESC
            """,
            [.int(Int(departmentID)), .optional(period?.description)]
        )
        return try (0..<rows.rowCount).map { row in
            ReportRevision(
                id: try rows.decode(Int64.self, row: row, column: 0),
                revision: try rows.decode(Int.self, row: row, column: 1),
                isCurrent: try rows.decode(Bool.self, row: row, column: 2),
                period: try rows.decode(String.self, row: row, column: 3),
                title: try rows.decode(String?.self, row: row, column: 4),
                sourceFile: try rows.decode(String?.self, row: row, column: 5),
                sha256: try rows.decode(String.self, row: row, column: 6),
                metricCount: try rows.decode(Int.self, row: row, column: 7),
                submittedAt: try rows.decode(String.self, row: row, column: 8),
                submittedBy: try rows.decode(String.self, row: row, column: 9)
            )
        }
    }

    /// The stored metrics of a report, in the order they were read.
    public func metrics(reportID: Int64) throws -> [Metric] {
        let rows = try db.query(
            """
            SELECT document, section, span_start, span_end, quote, value::float8, unit, base_value::float8, base_unit,
                qualifier, kind, category, indicator_code, subject, action, role, total_ordinal
            FROM huibao.metric WHERE report_id = $1 ORDER BY ordinal
            """,
            [.int(Int(reportID))]
        )
        return try (0..<rows.rowCount).map { row in
            Metric(
                document: try rows.decode(Int.self, row: row, column: 0),
                section: try rows.decode(String?.self, row: row, column: 1),
                start: try rows.decode(Int.self, row: row, column: 2),
                end: try rows.decode(Int.self, row: row, column: 3),
                text: try rows.decode(String.self, row: row, column: 4),
                value: try rows.decode(Double.self, row: row, column: 5),
                unit: try rows.decode(String.self, row: row, column: 6),
                baseValue: try rows.decode(Double.self, row: row, column: 7),
                baseUnit: try rows.decode(String.self, row: row, column: 8),
                qualifier: (try rows.decode(String?.self, row: row, column: 9)).flatMap(Qualifier.init(rawValue:)),
                kind: MetricKind(rawValue: try rows.decode(String.self, row: row, column: 10)) ?? .other,
                category: MetricCategory(rawValue: try rows.decode(String.self, row: row, column: 11)) ?? .other,
                indicator: try rows.decode(String?.self, row: row, column: 12),
                subject: try rows.decode(String?.self, row: row, column: 13),
                action: try rows.decode(String?.self, row: row, column: 14),
                role: (try rows.decode(String?.self, row: row, column: 15)).flatMap(MetricRole.init(rawValue:)),
                totalIndex: (try rows.decode(Int?.self, row: row, column: 16)).map { $0 - 1 }
            )
        }
    }

    /// A reviewer's correction of one metric's value (in the unit it was written in). The base value follows,
    /// the report's figures are recomputed, and the audit table keeps who, when, the old and the new value.
    /// One transaction.
    public func fix(reportID: Int64, ordinal: Int, value: Double, reason: String) throws -> (old: Double, new: Double) {
        guard value.isFinite, value >= 0 else { throw StoreError(.invalid, "the value must be a number ≥ 0") }
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !why.isEmpty else { throw StoreError(.invalid, "--reason is required: say why the figure changes") }
        do {
            return try db.transaction { db in
                let found = try db.query(
                    """
                    SELECT m.value::float8, r.is_current FROM huibao.metric m JOIN huibao.report r ON r.id = m.report_id
                    WHERE m.report_id = $1 AND m.ordinal = $2 FOR UPDATE OF m
                    """,
                    [.int(Int(reportID)), .int(ordinal)]
                )
                guard found.rowCount == 1 else {
                    throw StoreError(.notFound, "report \(reportID) has no metric \(ordinal)")
                }
                let old = try found.decode(Double.self, row: 0, column: 0)
                _ = try db.query(
                    """
                    UPDATE huibao.metric
                    SET base_value = CASE WHEN value = 0 THEN $3::numeric ELSE base_value * ($3::numeric / value) END,
                        value = $3::numeric
                    WHERE report_id = $1 AND ordinal = $2
                    """,
                    [.int(Int(reportID)), .int(ordinal), .numeric(value.plainText)]
                )
                _ = try db.query(
                    """
                    INSERT INTO huibao.audit (action, report_id, ordinal, old_value, new_value, reason)
                    VALUES ('fix_metric', $1, $2, $3::numeric, $4::numeric, $5)
                    """,
                    [
                        .int(Int(reportID)), .int(ordinal), .numeric(old.plainText), .numeric(value.plainText),
                        .text(why),
                    ]
                )
                if try found.decode(Bool.self, row: 0, column: 1) {
                    try refreshFigures(db, reportID: reportID)
                }
                return (old, value)
            }
        } catch let error as PostgresError {
            throw StoreFailure.map(error)
        }
    }

    /// Recomputes a current report's figures from its stored metrics.
    func refreshFigures(_ db: Connection, reportID: Int64) throws {
        let metrics = try Review(db, catalog: catalog).metrics(reportID: reportID)
        _ = try db.query("DELETE FROM huibao.figure WHERE report_id = $1", [.int(Int(reportID))])
        for figure in Figure.compute(metrics, catalog: catalog) {
            _ = try db.query(
                """
                INSERT INTO huibao.figure (report_id, indicator_code, period, department_id, department_kind,
                    region_code, prefecture_code, province_code, value, value_count, lower_bound)
                SELECT rp.id, $2, rp.period, d.id, d.kind, r.code,
                    CASE WHEN nlevel(r.path) >= 2 THEN subpath(r.path, 1, 1)::text END, subpath(r.path, 0, 1)::text,
                    $3::numeric, $4, $5
                FROM huibao.report rp JOIN huibao.department d ON d.id = rp.department_id
                JOIN huibao.region r ON r.code = d.region_code
                WHERE rp.id = $1
                """,
                [
                    .int(Int(reportID)), .text(figure.indicator), .numeric(figure.value.plainText), .int(figure.count),
                    .bool(figure.lowerBound),
                ]
            )
        }
    }
}
