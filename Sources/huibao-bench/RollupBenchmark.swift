import ArgumentParser
import Foundation
import HuibaoCore
import HuibaoStore
import LibPQ

/// p50/p95 of the rollups a city office runs, on a national-scale data set, each beside a naive GROUP BY over the
/// raw metric table in the same run, and of one report's submit transaction while the data set is loaded.
struct RollupBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollup",
        abstract: "Time prefecture, province and national rollups, the national CSV export and one submit.",
        discussion: """
            Loads the data set first unless the database already holds one (2,847 counties × 40 departments × \
            12 months × 30 metrics ≈ 41M metric rows at --scale 1; several minutes and about 25 GB). Run it in \
            a throwaway cluster, in release:
              deploy/with-postgres swift run -c release huibao-bench rollup --scale 0.05
            Goals (p95): prefecture ≤ 20 ms, province ≤ 50 ms, nation ≤ 100 ms, submit ≤ 5 ms.
            """
    )

    @Option(help: "Share of the country's counties to load (whole provinces), 0 < scale ≤ 1.")
    var scale = 1.0

    @Option(help: "Timed runs per measurement.")
    var iterations = 30

    @Option(help: "Timed runs of each naive GROUP BY (they are slow).")
    var naiveIterations = 5

    @Option(help: "libpq connection string; empty uses DATABASE_URL or PGHOST, PGPORT, PGUSER, PGDATABASE.")
    var database = ""

    func validate() throws {
        guard scale > 0, scale <= 1 else { throw ValidationError("--scale must be in (0, 1].") }
        guard iterations > 0, naiveIterations > 0 else { throw ValidationError("iterations must be positive.") }
    }

    func run() throws {
        let db = try Connection(database)
        let dataSet = NationalDataSet(scale: scale) { print("  \($0)") }
        print(
            "huibao-bench rollup: scale \(scale); server \(db.serverVersion); \(ProcessInfo.processInfo.activeProcessorCount) CPUs"
        )
        let departments = try dataSet.prepare(db)
        try printSizes(db)

        let period = Period("2023-06")!
        let prefecture = try largest(db, "prefecture_code")
        let province = try largest(db, "province_code")
        print(
            "prefecture \(prefecture.code) (\(prefecture.departments) departments), "
                + "province \(province.code) (\(province.departments) departments), period \(period)"
        )

        var lines: [Line] = []
        for (label, code) in [
            ("prefecture", prefecture.code), ("province", province.code), ("nation", RollupQuery.nation),
        ] {
            let query = RollupQuery(region: code, period: period)
            let rollup = Rollup(db)
            var readFrom = ""
            let timed = try measure(iterations) { readFrom = try rollup.run(query).readFrom }
            let naive = try measure(naiveIterations) { _ = try naiveGroupBy(db, code, period) }
            lines.append(Line(name: "\(label) rollup (\(readFrom))", sample: timed, naive: naive))
            let figures = try measure(max(3, iterations / 5)) {
                _ = try rollup.run(RollupQuery(region: code, period: period, source: .figures))
            }
            lines.append(Line(name: "\(label) rollup read from figures", sample: figures, naive: naive))
        }
        let export = try measure(iterations) {
            let result = try Rollup(db).run(RollupQuery(region: RollupQuery.nation, period: period))
            _ = try Briefing(result).csv()
        }
        lines.append(Line(name: "national CSV export (rollup + file bytes)", sample: export, naive: nil))

        let catalog = try ReferenceData.bundled().catalog
        let submitter = Submitter(db, catalog: catalog)
        var next = 0
        let fresh = try measure(iterations) {
            next += 1
            _ = try submitter.submit(report(departments[(next * 7919) % departments.count], "2024-01", catalog, next))
        }
        lines.append(Line(name: "submit one 30-metric report (new period)", sample: fresh, naive: nil))
        let revision = try measure(iterations) {
            next += 1
            _ = try submitter.submit(
                report(departments[(next * 104_729) % departments.count], "2023-06", catalog, next)
            )
        }
        lines.append(Line(name: "submit a revision (supersedes, totals adjusted)", sample: revision, naive: nil))
        // The floor: the same kind of submit with the running-total triggers off (what the totals cost a
        // submitter), into a period no rollup here reads; its totals are rebuilt after.
        let triggers = [
            ("figure", "figure_total_add"), ("figure", "figure_total_remove"), ("report", "report_total_insert"),
            ("report", "report_total_update"),
        ]
        for (table, trigger) in triggers { try db.execute("ALTER TABLE huibao.\(table) DISABLE TRIGGER \(trigger)") }
        let floor = try measure(iterations) {
            next += 1
            _ = try submitter.submit(report(departments[(next * 7919) % departments.count], "2024-02", catalog, next))
        }
        for (table, trigger) in triggers { try db.execute("ALTER TABLE huibao.\(table) ENABLE TRIGGER \(trigger)") }
        lines.append(Line(name: "submit one report, running totals off (floor)", sample: floor, naive: nil))
        _ = try db.query("SELECT huibao.rebuild_totals('2024-02')")
        // What a batch refresh of one month's totals costs, for comparison with keeping them live.
        try db.execute("SET work_mem = '256MB'")
        let rebuild = try measure(0) {
            _ = try db.query("SELECT huibao.rebuild_totals($1)", [.text(period.description)])
        }
        lines.append(Line(name: "rebuild one month's running totals (batch refresh)", sample: rebuild, naive: nil))
        print(Line.table(lines))
    }

    // MARK: - Pieces

    struct Sample {
        var milliseconds: [Double]
        func percentile(_ p: Double) -> Double {
            let sorted = milliseconds.sorted()
            let rank = Int((p * Double(sorted.count - 1)).rounded())
            return sorted[rank]
        }
    }

    struct Line {
        var name: String
        var sample: Sample
        var naive: Sample?

        static func table(_ lines: [Line]) -> String {
            var out = [
                "",
                String(
                    format: "%-52@ %9@ %9@ %12@ %9@",
                    "measurement" as NSString,
                    "p50 ms" as NSString,
                    "p95 ms" as NSString,
                    "naive p50" as NSString,
                    "ratio" as NSString
                ),
            ]
            for line in lines {
                let naive = line.naive.map { String(format: "%.1f", $0.percentile(0.5)) } ?? "–"
                let ratio =
                    line.naive.map { String(format: "%.1f×", $0.percentile(0.5) / line.sample.percentile(0.5)) } ?? "–"
                out.append(
                    line.name.padding(toLength: 52, withPad: " ", startingAt: 0)
                        + String(
                            format: " %9.2f %9.2f %12@ %9@",
                            line.sample.percentile(0.5),
                            line.sample.percentile(0.95),
                            naive as NSString,
                            ratio as NSString
                        )
                )
            }
            out.append("ratio: naive GROUP BY p50 ÷ rollup p50 (how many times faster the rollup is)")
            return out.joined(separator: "\n")
        }
    }

    /// Times `count` runs after one warm-up run; with `count` 0, times the one run.
    func measure(_ count: Int, _ body: () throws -> Void) throws -> Sample {
        var times: [Double] = []
        if count == 0 {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            return Sample(milliseconds: [Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6])
        }
        try body()  // warm-up
        for _ in 0..<count {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        return Sample(milliseconds: times)
    }

    /// What a rollup costs without figure or totals: sum the raw metrics of current reports per child and
    /// indicator (parts excluded), joined to report, department and region.
    func naiveGroupBy(_ db: Connection, _ region: String, _ period: Period) throws -> Int {
        let child =
            region == RollupQuery.nation
            ? "subpath(g.path, 0, 1)" : "subpath(g.path, nlevel((SELECT path FROM huibao.region WHERE code = $2)), 1)"
        let scope =
            region == RollupQuery.nation
            ? "$2::text IS NOT NULL" : "g.path <@ (SELECT path FROM huibao.region WHERE code = $2)"
        let result = try db.query(
            """
            SELECT \(child)::text, m.indicator_code, sum(m.base_value), count(*)
            FROM huibao.metric m
            JOIN huibao.report r ON r.id = m.report_id
            JOIN huibao.department d ON d.id = r.department_id
            JOIN huibao.region g ON g.code = d.region_code
            WHERE r.period = $1 AND r.is_current AND \(scope)
              AND m.indicator_code IS NOT NULL AND m.kind = 'actual' AND m.role IS DISTINCT FROM 'part'
            GROUP BY 1, 2
            """,
            [.text(period.description), .text(region)]
        )
        return result.rowCount
    }

    func largest(_ db: Connection, _ column: String) throws -> (code: String, departments: Int) {
        let rows = try db.query(
            """
            SELECT \(column), count(*) FROM huibao.figure
            WHERE period = '2023-06' AND indicator_code = 'inspection.entities_checked'
            GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1
            """
        )
        return (try rows.decode(String.self, row: 0, column: 0), try rows.decode(Int.self, row: 0, column: 1))
    }

    func printSizes(_ db: Connection) throws {
        let rows = try db.query(
            """
            SELECT c.relname, c.reltuples::bigint, pg_size_pretty(pg_total_relation_size(c.oid))
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'huibao' AND c.relname IN ('report', 'metric', 'figure', 'region_total', 'department')
            ORDER BY c.relname
            """
        )
        for row in 0..<rows.rowCount {
            print(
                "  \(try rows.decode(String.self, row: row, column: 0)): ~\(try rows.decode(Int.self, row: row, column: 1)) rows, \(try rows.decode(String.self, row: row, column: 2))"
            )
        }
    }

    func report(
        _ department: NationalDataSet.Department,
        _ period: String,
        _ catalog: Catalog,
        _ n: Int
    ) -> ReportSubmission {
        var metrics: [Metric] = []
        for index in 0..<NationalDataSet.metricsPerReport {
            let indicator = index < catalog.indicators.count ? catalog.indicators[index].code : nil
            let value = Double((n * 31 + index * 17) % 900 + 1)
            let text = "数\(Int(value))"
            metrics.append(
                Metric(
                    start: index * 10,
                    end: index * 10 + 4,
                    text: text,
                    value: value,
                    unit: "家",
                    indicator: indicator
                )
            )
        }
        return ReportSubmission(
            departmentID: department.id,
            period: Period(period)!,
            sourceText: "bench submit \(n) \(UUID().uuidString)",
            metrics: metrics
        )
    }
}
