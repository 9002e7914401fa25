import Foundation
import HuibaoCore
import HuibaoStore
import LibPQ
import Testing

@Suite(.enabled(if: TestDatabase.isConfigured)) struct SubmitterTests {
    func submission(_ department: Department, _ period: String, text: String, metrics: [Metric]) -> ReportSubmission {
        ReportSubmission(
            departmentID: department.id,
            period: Period(period)!,
            title: "测试报告",
            sourceText: text,
            metrics: metrics
        )
    }

    @Test func identicalTextIsStoredOnceAndSaysWhichReportItIs() throws {
        let fixture = try StoreFixture()
        let department = try fixture.department("环县", "market_regulation")
        let metrics = [StoreFixture.metric(7, "家", indicator: "inspection.entities_checked")]
        let submitter = Submitter(fixture.db, catalog: fixture.catalog)
        let first = try submitter.submit(submission(department, "2026-Q1", text: "共检查化肥门店7家。", metrics: metrics))
        guard case .stored(let id, 1, nil) = first else {
            Issue.record("expected a first revision: \(first)")
            return
        }
        let again = try submitter.submit(submission(department, "2026-Q1", text: "共检查化肥门店7家。", metrics: metrics))
        #expect(again == .unchanged(reportID: id, revision: 1))
        #expect(try fixture.count("SELECT count(*) FROM huibao.report") == 1)
        #expect(try fixture.count("SELECT count(*) FROM huibao.metric") == 1)
    }

    @Test func aNewRevisionSupersedesAndHistoryKeepsTheOld() throws {
        let fixture = try StoreFixture()
        let department = try fixture.department("621022", "market_regulation")
        let submitter = Submitter(fixture.db, catalog: fixture.catalog)
        let first = try submitter.submit(
            submission(
                department,
                "2026-Q1",
                text: "检查9家。",
                metrics: [StoreFixture.metric(9, "家", indicator: "inspection.entities_checked")]
            )
        )
        let second = try submitter.submit(
            submission(
                department,
                "2026-Q1",
                text: "检查12家。",
                metrics: [StoreFixture.metric(12, "家", indicator: "inspection.entities_checked")]
            )
        )
        guard case .stored(let firstID, _, _) = first, case .stored(let secondID, 2, let superseded) = second else {
            Issue.record("unexpected outcomes \(first) \(second)")
            return
        }
        #expect(superseded == firstID)
        let history = try Review(fixture.db, catalog: fixture.catalog).history(departmentID: department.id, period: nil)
        #expect(history.map(\.id) == [secondID, firstID])
        #expect(history.map(\.isCurrent) == [true, false])
        // Only the current revision feeds rollups.
        let figure = try fixture.db.query("SELECT value::float8, report_id FROM huibao.figure")
        #expect(figure.rowCount == 1)
        #expect(try figure.decode(Double.self, row: 0, column: 0) == 12)
        #expect(try figure.decode(Int64.self, row: 0, column: 1) == secondID)
    }

    @Test func aMetricTheDatabaseRefusesInTheMiddleLeavesNothingStored() throws {
        let fixture = try StoreFixture()
        let department = try fixture.department("环县", "housing")
        // The client's catalog knows an indicator the database was never given: the sixth metric row breaks
        // the foreign key after five rows went in.
        let extended = fixture.catalog.extended(
            by: Catalog(indicators: [
                Indicator(code: "housing.unknown", name: "未入库指标", unit: "个", category: .projects)
            ])
        )
        var metrics = (0..<10).map { StoreFixture.metric(Double($0 + 1), "个", indicator: "projects.count", at: $0 * 5) }
        metrics.insert(StoreFixture.metric(3, "个", indicator: "housing.unknown", at: 60), at: 5)
        let submitter = Submitter(fixture.db, catalog: extended)
        #expect(throws: StoreError.self) {
            try submitter.submit(submission(department, "2026-Q1", text: "项目若干。", metrics: metrics))
        }
        #expect(try fixture.count("SELECT count(*) FROM huibao.report") == 0)
        #expect(try fixture.count("SELECT count(*) FROM huibao.metric") == 0)
        #expect(try fixture.count("SELECT count(*) FROM huibao.figure") == 0)
        #expect(try fixture.count("SELECT count(*) FROM huibao.audit") == 0)
        // The connection is still usable afterwards.
        let fine = try submitter.submit(
            submission(department, "2026-Q1", text: "项目若干。", metrics: Array(metrics.prefix(5)))
        )
        if case .unchanged = fine { Issue.record("the failed report must not count as stored") }
    }

    @Test func invalidInputIsRefusedBeforeTheDatabase() throws {
        let fixture = try StoreFixture()
        let department = try fixture.department("环县", "housing")
        let unknown = StoreFixture.metric(3, "个", indicator: "no.such_indicator")
        #expect(throws: StoreError.self) {
            try Submitter(fixture.db, catalog: fixture.catalog).submit(
                submission(department, "2026-Q1", text: "x", metrics: [unknown])
            )
        }
        #expect(try fixture.count("SELECT count(*) FROM huibao.report") == 0)
    }

    @Test func aFiveMegabyteReportRoundTrips() throws {
        let fixture = try StoreFixture()
        let department = try fixture.department("环县", "agriculture")
        let line = "全县完成小麦播种面积12.5万亩，培训农民1200人次。\n"
        let text = String(repeating: line, count: 5_000_000 / line.utf8.count + 1)
        #expect(text.utf8.count >= 5_000_000)
        let metrics = (0..<300).map {
            StoreFixture.metric(Double($0), "人次", indicator: "training.participants", at: $0 * 25)
        }
        let outcome = try Submitter(fixture.db, catalog: fixture.catalog).submit(
            submission(department, "2026-Q1", text: text, metrics: metrics)
        )
        guard case .stored(let id, _, _) = outcome else {
            Issue.record("not stored")
            return
        }
        let stored = try fixture.db.query("SELECT source_text FROM huibao.report WHERE id = $1", [.int(Int(id))])
        #expect(try stored.decode(String.self, row: 0, column: 0) == text)
        #expect(try fixture.count("SELECT count(*) FROM huibao.metric") == 300)
    }

    @Test func twentyConcurrentSubmittersStoreExactlyAThousandReports() throws {
        let fixture = try StoreFixture()
        let kinds = ["market_regulation", "development_reform", "housing", "agriculture"]
        let counties = ["621002", "621021", "621022", "621023", "621024"]
        var departments: [Department] = []
        for county in counties { for kind in kinds { departments.append(try fixture.department(county, kind)) } }
        let periods = (0..<50).map {
            Period(year: 2020 + $0 / 12, granularity: .month, index: $0 % 12 + 1)!.description
        }
        let conninfo = fixture.conninfo
        let catalog = fixture.catalog
        let failures = ThreadResults<String>()
        let outcomes = ThreadResults<SubmitOutcome>()
        let ids = departments.map(\.id)
        onThreads(20) { worker in
            do {
                let db = try Connection(conninfo)
                let submitter = Submitter(db, catalog: catalog)
                for (n, period) in periods.enumerated() {
                    let metric = StoreFixture.metric(
                        Double(worker * 100 + n),
                        "家",
                        indicator: "inspection.entities_checked"
                    )
                    let report = ReportSubmission(
                        departmentID: ids[worker],
                        period: Period(period)!,
                        sourceText: "第\(worker)组报告\(n)：检查\(worker * 100 + n)家。",
                        metrics: [metric]
                    )
                    outcomes.append(try submitter.submit(report))
                    // Everyone also resubmits a neighbour's report at the same moment: the same text must not
                    // become a second report, and the race must not reach the user as an error.
                    let neighbour = (worker + 1) % 20
                    let echo = ReportSubmission(
                        departmentID: ids[neighbour],
                        period: Period(period)!,
                        sourceText: "第\(neighbour)组报告\(n)：检查\(neighbour * 100 + n)家。",
                        metrics: [
                            StoreFixture.metric(
                                Double(neighbour * 100 + n),
                                "家",
                                indicator: "inspection.entities_checked"
                            )
                        ]
                    )
                    outcomes.append(try submitter.submit(echo))
                }
            } catch {
                failures.append("worker \(worker): \(error)")
            }
        }
        #expect(failures.values.isEmpty, "\(failures.values)")
        #expect(try fixture.count("SELECT count(*) FROM huibao.report") == 1000)
        #expect(try fixture.count("SELECT count(*) FROM huibao.report WHERE is_current") == 1000)
        #expect(
            try fixture.count("SELECT count(*) FROM (SELECT DISTINCT department_id, period FROM huibao.report) k")
                == 1000
        )
        #expect(try fixture.count("SELECT count(*) FROM huibao.figure") == 1000)
        let stored = outcomes.values.filter { if case .stored = $0 { return true } else { return false } }.count
        #expect(stored == 1000)
        #expect(outcomes.values.count == 2000)
    }
}

extension SubmitterTests {
    @Test func twoSubmittersShareAConnection() throws {
        let fixture = try StoreFixture()
        let department = try fixture.department("环县", "market_regulation")
        let metrics = [StoreFixture.metric(7, "家", indicator: "inspection.entities_checked")]
        _ = try Submitter(fixture.db, catalog: fixture.catalog).submit(
            submission(department, "2026-01", text: "一月检查7家。", metrics: metrics)
        )
        _ = try Submitter(fixture.db, catalog: fixture.catalog).submit(
            submission(department, "2026-02", text: "二月检查7家。", metrics: metrics)
        )
        #expect(try fixture.count("SELECT count(*) FROM huibao.report") == 2)
    }
}

extension SubmitterTests {
    @Test func aReportWithdrawnByAnAdminIsFollowedByANewRevision() throws {
        let fixture = try StoreFixture()
        let department = try fixture.department("环县", "education")
        let metrics = [StoreFixture.metric(3, "所", indicator: "inspection.entities_checked")]
        let report = submission(department, "2026-Q1", text: "检查学校3所。", metrics: metrics)
        let submitter = Submitter(fixture.db, catalog: fixture.catalog)
        guard case .stored(let first, 1, nil) = try submitter.submit(report) else {
            Issue.record("not stored")
            return
        }
        _ = try fixture.db.query("UPDATE huibao.report SET is_current = false WHERE id = $1", [.int(Int(first))])
        let again = try submitter.submit(report)
        guard case .stored(_, 2, first?) = again else {
            Issue.record("expected revision 2 superseding \(first), got \(again)")
            return
        }
        #expect(try fixture.count("SELECT count(*) FROM huibao.report WHERE is_current") == 1)
        #expect(try fixture.count("SELECT count(*) FROM huibao.figure") == 1)
    }
}
