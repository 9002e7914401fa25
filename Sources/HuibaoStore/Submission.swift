public import HuibaoCore
public import LibPQ

/// One report as a department submits it: the raw text is always kept beside the metrics read from it.
public struct ReportSubmission: Sendable {
    public var departmentID: Int64
    public var period: Period
    public var title: String?
    public var sourceFile: String?
    public var sourceText: String
    public var metrics: [Metric]

    public init(
        departmentID: Int64,
        period: Period,
        title: String? = nil,
        sourceFile: String? = nil,
        sourceText: String,
        metrics: [Metric]
    ) {
        self.departmentID = departmentID
        self.period = period
        self.title = title
        self.sourceFile = sourceFile
        self.sourceText = sourceText
        self.metrics = metrics
    }

    /// Checks what the schema would refuse, so that the error can name the metric instead of a constraint.
    public func validate(catalog: Catalog) throws(StoreError) {
        guard !sourceText.isEmpty else { throw StoreError(.invalid, "the report is empty") }
        for (index, metric) in metrics.enumerated() {
            let name = "metric \(index + 1) (“\(metric.text)”)"
            guard metric.value.isFinite, metric.value >= 0, metric.baseValue.isFinite, metric.baseValue >= 0 else {
                throw StoreError(.invalid, "\(name): the value must be a number ≥ 0")
            }
            guard !metric.unit.isEmpty, !metric.baseUnit.isEmpty else {
                throw StoreError(.invalid, "\(name): the unit is empty")
            }
            guard metric.start >= 0, metric.end > metric.start, !metric.text.isEmpty else {
                throw StoreError(.invalid, "\(name): its span \(metric.start)..<\(metric.end) is not in the text")
            }
            if let code = metric.indicator, catalog[code] == nil {
                throw StoreError(.invalid, "\(name): indicator '\(code)' is not in the catalog")
            }
            if metric.role == .part, let total = metric.totalIndex, !metrics.indices.contains(total) {
                throw StoreError(.invalid, "\(name): its total (metric \(total + 1)) does not exist")
            }
        }
    }
}

/// What a submission did.
public enum SubmitOutcome: Sendable, Hashable {
    /// A new report (revision 1) or a new revision that supersedes the previous one, which stays in history.
    case stored(reportID: Int64, revision: Int, superseded: Int64?)
    /// The same text was already the current report for this department and period: nothing changed.
    case unchanged(reportID: Int64, revision: Int)
}

/// Stores reports: report, raw text, metrics and figures in ONE transaction, idempotent on identical text.
public final class Submitter {
    let db: Connection
    let catalog: Catalog
    private var prepared = false

    public init(_ db: Connection, catalog: Catalog) {
        self.db = db
        self.catalog = catalog
    }

    /// Stores one report; retries the transaction when the server reports a transient conflict
    /// (serialization failure, deadlock), so concurrent submitters never see one.
    public func submit(_ submission: ReportSubmission) throws -> SubmitOutcome {
        try submission.validate(catalog: catalog)
        do {
            try prepare()
        } catch let error as PostgresError {
            throw StoreFailure.map(error)
        }
        var attempt = 0
        while true {
            do {
                return try db.transaction { _ in try self.store(submission) }
            } catch let error as PostgresError where error.isTransient && attempt < 5 && !error.isConnectionLoss {
                attempt += 1
            } catch let error as PostgresError {
                throw StoreFailure.map(error)
            }
        }
    }

    private func prepare() throws {
        guard !prepared else { return }
        try prepareOnce(
            "huibao_metric_insert",
            """
            INSERT INTO huibao.metric (report_id, ordinal, document, indicator_code, value, unit, base_value, base_unit,
                qualifier, kind, category, role, total_ordinal, subject, action, section, quote, span_start, span_end)
            VALUES ($1, $2, $3, $4, $5::numeric, $6, $7::numeric, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
            """
        )
        try prepareOnce(
            "huibao_figure_insert",
            // All of a report's figures in one statement: the running-total trigger then fires once per report.
            """
            INSERT INTO huibao.figure (report_id, indicator_code, period, department_id, department_kind, region_code,
                prefecture_code, province_code, value, value_count, lower_bound)
            SELECT $1, f.indicator, $3, d.id, d.kind, r.code,
                CASE WHEN nlevel(r.path) >= 2 THEN subpath(r.path, 1, 1)::text END, subpath(r.path, 0, 1)::text,
                f.value, f.count, f.lower
            FROM huibao.department d JOIN huibao.region r ON r.code = d.region_code
            CROSS JOIN unnest($2::text[], $5::numeric[], $6::int[], $7::bool[]) AS f(indicator, value, count, lower)
            WHERE d.id = $4
            """
        )
        prepared = true
    }

    /// Prepared statements live as long as the session, which may have served another Submitter already.
    private func prepareOnce(_ name: String, _ sql: String) throws {
        do {
            try db.prepare(name, sql)
        } catch let error where error.sqlState == .duplicatePreparedStatement {
            return
        }
    }

    private func store(_ submission: ReportSubmission) throws -> SubmitOutcome {
        let department = PostgresValue.int(Int(submission.departmentID))
        let period = PostgresValue.text(submission.period.description)
        // Serialises submitters of the same department and period; others proceed in parallel.
        _ = try db.query(
            "SELECT pg_advisory_xact_lock(hashtextextended('huibao.report:' || $1::text || ':' || $2, 0))",
            [department, period]
        )
        // The latest revision, current or withdrawn by an admin: a new revision follows it either way.
        let latest = try db.query(
            """
            SELECT id, revision, is_current, source_sha256 = encode(sha256(convert_to($3, 'UTF8')), 'hex')
            FROM huibao.report WHERE department_id = $1 AND period = $2
            ORDER BY revision DESC LIMIT 1
            """,
            [department, period, .text(submission.sourceText)]
        )
        var previous: (id: Int64, revision: Int)?
        if latest.rowCount == 1 {
            let id = try latest.decode(Int64.self, row: 0, column: 0)
            let revision = try latest.decode(Int.self, row: 0, column: 1)
            let isCurrent = try latest.decode(Bool.self, row: 0, column: 2)
            if isCurrent, try latest.decode(Bool.self, row: 0, column: 3) {
                return .unchanged(reportID: id, revision: revision)
            }
            previous = (id, revision)
            if isCurrent {
                _ = try db.query("UPDATE huibao.report SET is_current = false WHERE id = $1", [.int(Int(id))])
            }
            // Only a current report has figures; one withdrawn by hand may still carry them.
            _ = try db.query("DELETE FROM huibao.figure WHERE report_id = $1", [.int(Int(id))])
        }
        let inserted = try db.query(
            """
            INSERT INTO huibao.report (department_id, period, title, source_file, source_text, source_sha256,
                revision, supersedes)
            VALUES ($1, $2, $3, $4, $5, encode(sha256(convert_to($5, 'UTF8')), 'hex'), $6, $7)
            RETURNING id
            """,
            [
                department, period, .optional(submission.title), .optional(submission.sourceFile),
                .text(submission.sourceText), .int((previous?.revision ?? 0) + 1),
                previous.map { .int(Int($0.id)) } ?? .null,
            ]
        )
        let reportID = try inserted.decode(Int64.self, row: 0, column: 0)
        let report = PostgresValue.int(Int(reportID))
        let figures = Figure.compute(submission.metrics, catalog: catalog)
        try db.pipeline { pipe in
            for (index, metric) in submission.metrics.enumerated() {
                try pipe.send(prepared: "huibao_metric_insert", Self.parameters(report, index, metric))
            }
            if !figures.isEmpty {
                try pipe.send(
                    prepared: "huibao_figure_insert",
                    [
                        report, .text(SQLParameters.arrayLiteral(figures.map(\.indicator))), period, department,
                        .text(SQLParameters.arrayLiteral(figures.map(\.value.plainText))),
                        .text(SQLParameters.arrayLiteral(figures.map { String($0.count) })),
                        .text(SQLParameters.arrayLiteral(figures.map { $0.lowerBound ? "t" : "f" })),
                    ]
                )
            }
            try pipe.send(
                "INSERT INTO huibao.audit (action, report_id) VALUES ($1, $2)",
                [.text(previous == nil ? "submit" : "supersede"), report]
            )
            try pipe.sync()
        }
        return .stored(reportID: reportID, revision: (previous?.revision ?? 0) + 1, superseded: previous?.id)
    }

    static func parameters(_ report: PostgresValue, _ index: Int, _ metric: Metric) -> [PostgresValue] {
        [
            report, .int(index + 1), .int(metric.document), .optional(metric.indicator),
            .numeric(metric.value.plainText), .text(metric.unit), .numeric(metric.baseValue.plainText),
            .text(metric.baseUnit), .optional(metric.qualifier?.rawValue), .text(metric.kind.rawValue),
            .text(metric.category.rawValue), .optional(metric.role?.rawValue),
            .optional(metric.role == .part ? metric.totalIndex.map { $0 + 1 } : nil),
            .optional(metric.subject), .optional(metric.action), .optional(metric.section), .text(metric.text),
            .int(metric.start), .int(metric.end),
        ]
    }
}
