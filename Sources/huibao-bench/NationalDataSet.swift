import Foundation
import HuibaoCore
import HuibaoStore
import LibPQ

/// A national-scale data set for the rollup benchmark: every county of whole provinces (all 2,847 at scale 1),
/// 40 departments each, one report a month for 12 months, 30 metrics a report (26 indicators, 2 parts of totals,
/// 2 unclassified) and the figures the submit path would have written. Reports, metrics and figures go in by COPY
/// with triggers off, then indexes and running totals are rebuilt, as a bulk import would do.
///
/// Scale < 1 keeps whole provinces (in code order) until the county count is reached, so a prefecture or a
/// province is as dense as at full scale and only the nation is smaller.
struct NationalDataSet {
    static let departmentsPerCounty = 40
    static let metricsPerReport = 30
    static let year = 2023

    let scale: Double
    let log: (String) -> Void

    struct Department {
        var id: Int64
        var kind: String
        var region: String
        var prefecture: String?
        var province: String
    }

    /// Loads the data set unless the database already holds it; returns the departments.
    func prepare(_ db: Connection) throws -> [Department] {
        try Migrator.bundled().migrate(db)
        let existing = try db.query("SELECT count(*) FROM huibao.report").decode(Int.self, row: 0, column: 0)
        if existing == 0 {
            let reference = try ReferenceData.bundled()
            try reference.load(into: db)
            try addDepartments(db)
            try load(db, catalog: reference.catalog)
        } else {
            log("reusing the data set already loaded (\(existing) reports)")
        }
        return try departments(db)
    }

    private func addDepartments(_ db: Connection) throws {
        // 18 real kinds; the other 22 are benchmark-only (bench_a …), since a county has one department per kind.
        let letters = "abcdefghijklmnopqrstuvwxyz".map(String.init)
        for letter in letters.prefix(Self.departmentsPerCounty - DepartmentKind.all.count) {
            _ = try db.query(
                "INSERT INTO huibao.department_kind (code, name) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                [.text("bench_\(letter)"), .text("基准部门\(letter)")]
            )
        }
        let counties = try db.query("SELECT count(*) FROM huibao.region WHERE level = 'county'")
            .decode(Int.self, row: 0, column: 0)
        let wanted = max(1, Int((Double(counties) * scale).rounded()))
        // Whole provinces in code order until `wanted` counties.
        _ = try db.query(
            """
            INSERT INTO huibao.department (region_code, kind, name)
            SELECT c.code, k.code, c.name || c.code || k.name
            FROM huibao.region c
            JOIN (
                SELECT p.code, sum(count(*)) OVER (ORDER BY p.code) - count(*) AS before
                FROM huibao.region p JOIN huibao.region cc ON cc.path <@ p.path AND cc.level = 'county'
                WHERE p.level = 'province'
                GROUP BY p.code
            ) p ON p.code = subpath(c.path, 0, 1)::text
            CROSS JOIN (SELECT code, name FROM huibao.department_kind ORDER BY code LIMIT $1) k
            WHERE c.level = 'county' AND p.before < $2
            """,
            [.int(Self.departmentsPerCounty), .int(wanted)]
        )
    }

    func departments(_ db: Connection) throws -> [Department] {
        let rows = try db.query(
            """
            SELECT d.id, d.kind, d.region_code, nullif(split_part(g.path::text, '.', 2), ''),
                split_part(g.path::text, '.', 1)
            FROM huibao.department d JOIN huibao.region g ON g.code = d.region_code
            ORDER BY d.id
            """
        )
        return try (0..<rows.rowCount).map { row in
            Department(
                id: try rows.decode(Int64.self, row: row, column: 0),
                kind: try rows.decode(String.self, row: row, column: 1),
                region: try rows.decode(String.self, row: row, column: 2),
                prefecture: try rows.decode(String?.self, row: row, column: 3),
                province: try rows.decode(String.self, row: row, column: 4)
            )
        }
    }

    /// A deterministic, spread-out figure: department × month × indicator.
    static func value(_ department: Int64, _ month: Int, _ indicator: Int) -> Int {
        Int((department &* 7919 &+ Int64(month) &* 104_729 &+ Int64(indicator) &* 1_299_709) % 997) + 1
    }

    private func load(_ db: Connection, catalog: Catalog) throws {
        let departments = try self.departments(db)
        let indicators = catalog.indicators
        log("loading \(departments.count) departments × 12 months × \(Self.metricsPerReport) metrics")
        let secondary = [
            "figure_prefecture": "huibao.figure (period, prefecture_code, indicator_code)",
            "figure_province": "huibao.figure (period, province_code, indicator_code)",
            "figure_region": "huibao.figure (period, region_code, indicator_code)",
            "figure_indicator": "huibao.figure (period, indicator_code)",
            "metric_indicator": "huibao.metric (indicator_code) WHERE indicator_code IS NOT NULL",
        ]
        for name in secondary.keys { try db.execute("DROP INDEX IF EXISTS huibao.\(name)") }
        // Triggers (running totals, foreign keys) off for the bulk load; rebuilt below.
        try db.execute("SET session_replication_role = replica")
        let started = Date()
        var reportID: Int64 = 0
        try db.transaction { db in
            _ = try db.copyIn(
                "COPY huibao.report (id, department_id, period, source_text, source_sha256, revision) FROM STDIN"
            ) { writer in
                for month in 1...12 {
                    let period = Period(year: Self.year, granularity: .month, index: month)!.description
                    for department in departments {
                        reportID += 1
                        let sha = String(repeating: "0", count: 48) + String(format: "%016llx", reportID)
                        try writer.row([String(reportID), String(department.id), period, "bench \(reportID)", sha, "1"])
                    }
                }
            }
            log(String(format: "reports: %d in %.0f s", reportID, Date().timeIntervalSince(started)))
            var metrics = 0
            _ = try db.copyIn(
                """
                COPY huibao.metric (report_id, ordinal, indicator_code, value, unit, base_value, base_unit, qualifier,
                    kind, category, role, total_ordinal, quote, span_start, span_end) FROM STDIN
                """
            ) { writer in
                var id: Int64 = 0
                for month in 1...12 {
                    for department in departments {
                        id += 1
                        let report = String(id)
                        for ordinal in 1...Self.metricsPerReport {
                            let index = ordinal - 1
                            let indicator: String?
                            var role: String?
                            var total: String?
                            var value: Int
                            if index < indicators.count {
                                indicator = indicators[index].code
                                value = Self.value(department.id, month, index)
                                if index < 2 { role = "total" }
                            } else if index < indicators.count + 2 {
                                // Parts of the first two totals: never added to them.
                                let of = index - indicators.count
                                indicator = indicators[of].code
                                value = Self.value(department.id, month, of) / 3
                                role = "part"
                                total = String(of + 1)
                            } else {
                                indicator = nil
                                value = Self.value(department.id, month, index)
                            }
                            let qualifier: String? = (department.id + Int64(ordinal)) % 50 == 0 ? "以上" : nil
                            let number = String(value)
                            let quote = "数" + number
                            try writer.row([
                                report, String(ordinal), indicator, number, "家", number, "家", qualifier, "actual",
                                "other", role, total, quote, String(ordinal * 10), String(ordinal * 10 + 4),
                            ])
                            metrics += 1
                        }
                    }
                }
            }
            log(String(format: "metrics: %d in %.0f s", metrics, Date().timeIntervalSince(started)))
            var figures = 0
            _ = try db.copyIn(
                """
                COPY huibao.figure (report_id, indicator_code, period, department_id, department_kind, region_code,
                    prefecture_code, province_code, value, value_count, lower_bound) FROM STDIN
                """
            ) { writer in
                var id: Int64 = 0
                for month in 1...12 {
                    let period = Period(year: Self.year, granularity: .month, index: month)!.description
                    for department in departments {
                        id += 1
                        for (index, indicator) in indicators.enumerated() {
                            let lower = (department.id + Int64(index + 1)) % 50 == 0
                            try writer.row([
                                String(id), indicator.code, period, String(department.id), department.kind,
                                department.region, department.prefecture, department.province,
                                String(Self.value(department.id, month, index)), "1", lower ? "t" : "f",
                            ])
                            figures += 1
                        }
                    }
                }
            }
            log(String(format: "figures: %d in %.0f s", figures, Date().timeIntervalSince(started)))
        }
        try db.execute("SET session_replication_role = origin")
        _ = try db.query(
            "SELECT setval(pg_get_serial_sequence('huibao.report', 'id'), $1)",
            [.int(Int(reportID))]
        )
        for (name, definition) in secondary.sorted(by: { $0.key < $1.key }) {
            try db.execute("CREATE INDEX \(name) ON \(definition)")
        }
        log(String(format: "indexes in %.0f s", Date().timeIntervalSince(started)))
        try db.execute("SET work_mem = '1GB'")
        _ = try db.query("SELECT huibao.rebuild_totals()")
        try db.execute("RESET work_mem")
        log(String(format: "running totals in %.0f s", Date().timeIntervalSince(started)))
        try db.execute("VACUUM ANALYZE")
        log(String(format: "loaded and analyzed in %.0f s", Date().timeIntervalSince(started)))
    }
}
