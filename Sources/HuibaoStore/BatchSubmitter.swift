public import HuibaoCore
public import LibPQ

/// Stores many reports fast: a batch of reports per transaction and per COPY, instead of one commit (and one
/// WAL flush) per report.
///
/// Every report still ends either fully stored or absent: a batch is one transaction, so a crash loses the whole
/// batch and a rerun stores it (identical text is recognised). When a batch fails, its reports are stored one
/// by one through `Submitter`, so a failing report is named and takes no other report down.
///
/// COPY into the report tables bypasses no row-level security: it needs a role that is not subject to it (the
/// owner or an admin). Department writers submit through `Submitter`.
public final class BatchSubmitter {
    public struct Result: Sendable {
        public var stored = 0
        public var unchanged = 0
        public var metrics = 0
        /// The index of each failed report in the input, with why.
        public var failures: [(index: Int, error: String)] = []
    }

    let db: Connection
    let catalog: Catalog
    let batchSize: Int
    private var places: [Int64: Place] = [:]
    private var hasIncomingTable = false

    struct Place {
        var kind: String
        var region: String
        var prefecture: String?
        var province: String
    }

    public init(_ db: Connection, catalog: Catalog, batchSize: Int = 250) {
        self.db = db
        self.catalog = catalog
        self.batchSize = max(1, batchSize)
    }

    /// Stores `submissions`; `progress` is told how many are done after each batch.
    public func submit(_ submissions: [ReportSubmission], progress: (Int) -> Void = { _ in }) throws -> Result {
        var result = Result()
        // Once per submitter, not per call: a backlog calls this once a batch. The departments are read again
        // only when one is asked for that was added since.
        if !hasIncomingTable {
            try db.execute(
                """
                CREATE TEMP TABLE IF NOT EXISTS huibao_incoming (
                    seq integer, department_id bigint, period text, title text, source_file text, source_text text
                ) ON COMMIT DELETE ROWS
                """
            )
            hasIncomingTable = true
        }
        if submissions.contains(where: { places[$0.departmentID] == nil }) { try loadPlaces() }
        var pending = Array(submissions.indices)
        var done = 0
        while !pending.isEmpty {
            // A batch holds each department and period once; a second text for the same key waits for the next.
            var keys = Set<String>()
            var batch: [Int] = []
            var later: [Int] = []
            for index in pending {
                let s = submissions[index]
                if batch.count < batchSize, keys.insert("\(s.departmentID):\(s.period)").inserted {
                    batch.append(index)
                } else {
                    later.append(index)
                }
            }
            pending = later
            var valid: [Int] = []
            for index in batch {
                do {
                    try submissions[index].validate(catalog: catalog)
                    guard places[submissions[index].departmentID] != nil else {
                        throw StoreError(.notFound, "department \(submissions[index].departmentID) does not exist")
                    }
                    valid.append(index)
                } catch {
                    result.failures.append((index, String(describing: error)))
                }
            }
            do {
                let outcome = try db.transaction { _ in
                    try self.store(valid.map { (index: $0, submission: submissions[$0]) })
                }
                result.stored += outcome.stored
                result.unchanged += outcome.unchanged
                result.metrics += outcome.metrics
            } catch let error as PostgresError where error.isConnectionLoss {
                // Every committed batch is complete and this one is absent: a rerun stores the rest.
                throw StoreError(
                    .unavailable,
                    "the connection was lost after \(result.stored) of \(submissions.count) reports were stored "
                        + "(\(error.message)); run again to store the rest: stored reports are recognised"
                )
            } catch {
                // Find the culprit: each report on its own, in its own transaction.
                let single = Submitter(db, catalog: catalog)
                for index in valid {
                    do {
                        switch try single.submit(submissions[index]) {
                        case .stored:
                            result.stored += 1
                            result.metrics += submissions[index].metrics.count
                        case .unchanged:
                            result.unchanged += 1
                        }
                    } catch {
                        result.failures.append((index, String(describing: error)))
                    }
                }
            }
            done += batch.count
            progress(done)
        }
        result.failures.sort { $0.index < $1.index }
        return result
    }

    private func loadPlaces() throws {
        let rows = try db.query(
            """
            SELECT d.id, d.kind, r.code, CASE WHEN nlevel(r.path) >= 2 THEN subpath(r.path, 1, 1)::text END,
                subpath(r.path, 0, 1)::text
            FROM huibao.department d JOIN huibao.region r ON r.code = d.region_code
            """
        )
        for row in 0..<rows.rowCount {
            places[try rows.decode(Int64.self, row: row, column: 0)] = Place(
                kind: try rows.decode(String.self, row: row, column: 1),
                region: try rows.decode(String.self, row: row, column: 2),
                prefecture: try rows.decode(String?.self, row: row, column: 3),
                province: try rows.decode(String.self, row: row, column: 4)
            )
        }
    }

    private func store(
        _ batch: [(index: Int, submission: ReportSubmission)]
    ) throws -> (stored: Int, unchanged: Int, metrics: Int) {
        guard !batch.isEmpty else { return (0, 0, 0) }
        _ = try db.copyIn("COPY huibao_incoming FROM STDIN") { writer in
            for (seq, item) in batch.enumerated() {
                let s = item.submission
                try writer.row([
                    String(seq), String(s.departmentID), s.period.description, s.title, s.sourceFile, s.sourceText,
                ])
            }
        }
        _ = try db.query(
            """
            SELECT pg_advisory_xact_lock(hashtextextended('huibao.report:' || k.department_id::text || ':' || k.period, 0))
            FROM (SELECT DISTINCT department_id, period FROM huibao_incoming ORDER BY 1, 2) k
            """
        )
        let current = try db.query(
            """
            SELECT i.seq, r.id, r.revision, i.sha256, r.source_sha256 = i.sha256
            FROM (SELECT seq, department_id, period, encode(sha256(convert_to(source_text, 'UTF8')), 'hex') AS sha256
                FROM huibao_incoming) i
            LEFT JOIN huibao.report r ON r.department_id = i.department_id AND r.period = i.period AND r.is_current
            ORDER BY i.seq
            """
        )
        // Each text's hash is computed once, here, and sent back with the reports to insert.
        var fresh: [(seq: Int, revision: Int, supersedes: Int64?, sha256: String)] = []
        var unchanged = 0
        for row in 0..<current.rowCount {
            let seq = try current.decode(Int.self, row: row, column: 0)
            let sha256 = try current.decode(String.self, row: row, column: 3)
            if let id = try current.decode(Int64?.self, row: row, column: 1) {
                if try current.decode(Bool.self, row: row, column: 4) {
                    unchanged += 1
                    continue
                }
                fresh.append((seq, try current.decode(Int.self, row: row, column: 2) + 1, id, sha256))
            } else {
                fresh.append((seq, 1, nil, sha256))
            }
        }
        guard !fresh.isEmpty else { return (0, unchanged, 0) }
        let superseded = fresh.compactMap(\.supersedes)
        if !superseded.isEmpty {
            _ = try db.query(
                "UPDATE huibao.report SET is_current = false WHERE id = ANY($1::bigint[])",
                [.array(superseded)]
            )
            _ = try db.query("DELETE FROM huibao.figure WHERE report_id = ANY($1::bigint[])", [.array(superseded)])
        }
        let inserted = try db.query(
            """
            INSERT INTO huibao.report (department_id, period, title, source_file, source_text, source_sha256, revision, supersedes)
            SELECT i.department_id, i.period, i.title, i.source_file, i.source_text, x.sha256, x.revision,
                x.supersedes
            FROM unnest($1::integer[], $2::integer[], $3::bigint[], $4::text[]) AS x (seq, revision, supersedes, sha256)
            JOIN huibao_incoming i ON i.seq = x.seq
            ORDER BY x.seq
            RETURNING id, department_id, period
            """,
            [
                .array(fresh.map(\.seq)), .array(fresh.map(\.revision)),
                .array(fresh.map(\.supersedes)), .array(fresh.map(\.sha256)),
            ]
        )
        var idOf: [String: Int64] = [:]
        for row in 0..<inserted.rowCount {
            let key =
                "\(try inserted.decode(Int64.self, row: row, column: 1)):\(try inserted.decode(String.self, row: row, column: 2))"
            idOf[key] = try inserted.decode(Int64.self, row: row, column: 0)
        }
        var reports: [(id: Int64, submission: ReportSubmission)] = []
        for entry in fresh {
            let s = batch[entry.seq].submission
            guard let id = idOf["\(s.departmentID):\(s.period)"] else {
                throw StoreError(.conflict, "report for department \(s.departmentID), \(s.period) was not stored")
            }
            reports.append((id, s))
        }
        var metricCount = 0
        _ = try db.copyIn(
            """
            COPY huibao.metric (report_id, ordinal, document, indicator_code, value, unit, base_value, base_unit,
                qualifier, kind, category, role, total_ordinal, subject, action, section, quote, span_start, span_end)
            FROM STDIN
            """
        ) { writer in
            for (id, s) in reports {
                for (index, m) in s.metrics.enumerated() {
                    metricCount += 1
                    try writer.row([
                        String(id), String(index + 1), String(m.document), m.indicator, m.value.plainText, m.unit,
                        m.baseValue.plainText, m.baseUnit, m.qualifier?.rawValue, m.kind.rawValue, m.category.rawValue,
                        m.role?.rawValue, m.role == .part ? m.totalIndex.map { String($0 + 1) } : nil, m.subject,
                        m.action,
                        m.section, m.text, String(m.start), String(m.end),
                    ])
                }
            }
        }
        _ = try db.copyIn(
            """
            COPY huibao.figure (report_id, indicator_code, period, department_id, department_kind, region_code,
                prefecture_code, province_code, value, value_count, lower_bound)
            FROM STDIN
            """
        ) { writer in
            for (id, s) in reports {
                let place = places[s.departmentID]!
                for figure in Figure.compute(s.metrics, catalog: catalog) {
                    try writer.row([
                        String(id), figure.indicator, s.period.description, String(s.departmentID), place.kind,
                        place.region, place.prefecture, place.province, figure.value.plainText, String(figure.count),
                        figure.lowerBound ? "t" : "f",
                    ])
                }
            }
        }
        _ = try db.query(
            "INSERT INTO huibao.audit (action, report_id) SELECT 'submit', unnest($1::bigint[])",
            [.array(reports.map(\.id))]
        )
        return (reports.count, unchanged, metricCount)
    }
}

extension PostgresValue {
    /// An array parameter (`{"1","2",NULL}`), cast in the SQL to its element type.
    static func array(_ values: [(some CustomStringConvertible)?]) -> PostgresValue {
        .text(SQLParameters.arrayLiteral(values.map { $0?.description }))
    }
}
