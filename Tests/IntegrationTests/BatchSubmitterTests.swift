import Foundation
import HuibaoCore
import HuibaoStore
import LibPQ
import Testing

@Suite(.enabled(if: TestDatabase.isConfigured)) struct BatchSubmitterTests {
    func reports(_ departments: [Department], months: Int) -> [ReportSubmission] {
        var all: [ReportSubmission] = []
        for department in departments {
            for month in 1...months {
                let metrics = (0..<30).map {
                    StoreFixture.metric(
                        Double(month * 100 + $0),
                        "家",
                        indicator: "inspection.entities_checked",
                        at: $0 * 6,
                        subject: "单位\($0)"
                    )
                }
                all.append(
                    ReportSubmission(
                        departmentID: department.id,
                        period: Period(year: 2026, granularity: .month, index: month)!,
                        sourceText: "\(department.name)\(month)月：" + String(repeating: "检查若干家。", count: 40),
                        metrics: metrics
                    )
                )
            }
        }
        return all
    }

    @Test func storesEveryReportAndARerunChangesNothing() throws {
        let fixture = try StoreFixture()
        let departments = [try fixture.department("环县", "market_regulation"), try fixture.department("宁县", "housing")]
        let batch = BatchSubmitter(fixture.db, catalog: fixture.catalog, batchSize: 7)
        let first = try batch.submit(reports(departments, months: 12))
        #expect(first.stored == 24)
        #expect(first.metrics == 720)
        #expect(first.failures.isEmpty)
        let again = try batch.submit(reports(departments, months: 12))
        #expect(again.stored == 0)
        #expect(again.unchanged == 24)
        #expect(try fixture.count("SELECT count(*) FROM huibao.report") == 24)
        #expect(try fixture.count("SELECT count(*) FROM huibao.metric") == 720)
        #expect(try fixture.count("SELECT count(*) FROM huibao.figure") == 24)
        // The figure is the sum of the report's 30 distinct checks.
        let sum = try fixture.db.query(
            "SELECT value::float8 FROM huibao.figure f JOIN huibao.report r ON r.id = f.report_id WHERE r.period = '2026-01' LIMIT 1"
        )
        #expect(try sum.decode(Double.self, row: 0, column: 0) == Double((0..<30).map { 100 + $0 }.reduce(0, +)))
    }

    @Test func aFailingReportTakesNoOtherDown() throws {
        let fixture = try StoreFixture()
        let department = try fixture.department("环县", "market_regulation")
        var all = reports([department], months: 6)
        let extended = fixture.catalog.extended(
            by: Catalog(indicators: [
                Indicator(code: "market.unknown", name: "未入库", unit: "家", category: .other)
            ])
        )
        all[3].metrics[10].indicator = "market.unknown"
        let result = try BatchSubmitter(fixture.db, catalog: extended, batchSize: 50).submit(all)
        #expect(result.stored == 5)
        #expect(result.failures.map(\.index) == [3])
        #expect(try fixture.count("SELECT count(*) FROM huibao.report") == 5)
        #expect(try fixture.count("SELECT count(*) FROM huibao.metric") == 150)
    }

    @Test func aChangedTextInABatchBecomesANewRevision() throws {
        let fixture = try StoreFixture()
        let department = try fixture.department("环县", "agriculture")
        var all = reports([department], months: 2)
        _ = try BatchSubmitter(fixture.db, catalog: fixture.catalog).submit(all)
        all[1].sourceText += "补充说明。"
        // The same department and period twice in one call: the second waits for a later batch.
        let result = try BatchSubmitter(fixture.db, catalog: fixture.catalog).submit(all + [all[1]])
        #expect(result.stored == 1)
        #expect(result.unchanged == 2)
        #expect(try fixture.count("SELECT count(*) FROM huibao.report WHERE period = '2026-02'") == 2)
        #expect(try fixture.count("SELECT max(revision) FROM huibao.report WHERE period = '2026-02'") == 2)
        #expect(try fixture.count("SELECT count(*) FROM huibao.figure") == 2)
    }
}

@Suite(.enabled(if: TestDatabase.isConfigured)) struct BatchSubmitterCrashTests {
    @Test func aBackendDyingMidBatchLeavesWholeReportsAndARerunCompletes() throws {
        let fixture = try StoreFixture()
        let department = try fixture.department("环县", "market_regulation")
        var all = BatchSubmitterTests().reports([department], months: 6)
        all[3].title = "crash"
        // The server process ends itself while inserting the fourth report, as a crash would.
        try fixture.db.execute(
            """
            CREATE FUNCTION huibao.crash_on_title() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.title = 'crash' THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER crash BEFORE INSERT ON huibao.report FOR EACH ROW EXECUTE FUNCTION huibao.crash_on_title();
            """
        )
        let doomed = try Connection(fixture.conninfo)
        do {
            _ = try BatchSubmitter(doomed, catalog: fixture.catalog, batchSize: 2).submit(all)
            Issue.record("a lost connection went unnoticed")
        } catch let error as StoreError {
            #expect(error.code == .unavailable)
            #expect(error.message.contains("2 of 6"))
        }
        #expect(try fixture.count("SELECT count(*) FROM huibao.report") == 2)
        #expect(try fixture.count("SELECT count(*) FROM huibao.metric") == 60)
        #expect(try fixture.count("SELECT count(*) FROM huibao.figure") == 2)
        try fixture.db.execute("DROP TRIGGER crash ON huibao.report")
        let rerun = try BatchSubmitter(try Connection(fixture.conninfo), catalog: fixture.catalog, batchSize: 2).submit(
            all
        )
        #expect(rerun.stored == 4)
        #expect(rerun.unchanged == 2)
        #expect(try fixture.count("SELECT count(*) FROM huibao.metric") == 180)
    }
}
