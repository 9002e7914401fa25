import HuibaoCore
import HuibaoStore
import LibPQ
import Testing

/// Every expected number below is worked out by hand from the reports in ``RollupFixture``.
@Suite(.enabled(if: TestDatabase.isConfigured))
struct RollupTests {
    typealias F = RollupFixture

    private func rollup(
        _ fixture: F,
        _ region: String,
        _ period: String = "2023-03",
        by grouping: RollupQuery.Grouping = .child,
        kind: String? = nil,
        explain: Bool = false,
        source: RollupQuery.Source = .automatic
    ) throws -> RollupResult {
        try Rollup(fixture.db).run(
            RollupQuery(
                region: region,
                period: Period(period)!,
                grouping: grouping,
                departmentKind: kind,
                explain: explain,
                source: source
            )
        )
    }

    @Test func prefectureSumsItsCountiesWithComparisons() throws {
        let fixture = try F()
        let result = try rollup(fixture, "庆阳市")
        #expect(result.regionCode == "621000")
        #expect(result.readFrom == "totals")

        // 环县: revision 2's 653 (not revision 1's 1000, not 653 + its part 186).
        let huan = try #require(result.row(F.checked, "621022"))
        #expect(huan.regionName == "环县")
        #expect(close(huan.value, 653))
        #expect(!huan.isLowerBound)
        #expect(close(huan.previousValue, 500))
        #expect(close(huan.previousChange, 30.6))
        #expect(close(huan.lastYearValue, 400))
        #expect(close(huan.lastYearChange, 63.25))
        #expect(close(huan.target, 1306))
        #expect(close(huan.completionPercent, 50))
        #expect(huan.rank == 1)
        #expect(close(huan.sharePercent, 653.0 / 1173 * 100))
        #expect(huan.reported == 2 && huan.expected == 3)
        #expect(huan.missing == ["环县教育局"])

        let xifeng = try #require(result.row(F.checked, "621002"))
        #expect(close(xifeng.value, 300) && close(xifeng.previousChange, 0) && xifeng.rank == 2)
        #expect(xifeng.lastYearValue == nil && xifeng.lastYearChange == nil)
        let huachi = try #require(result.row(F.checked, "621023"))
        #expect(close(huachi.value, 200) && close(huachi.previousChange, 100) && huachi.rank == 3)
        #expect(huachi.reported == 2 && huachi.expected == 2 && huachi.missing == [])
        // The prefecture's own bureau is a row of its own (本级), inside the total.
        let own = try #require(result.row(F.checked, "621000"))
        #expect(own.regionName == "庆阳市本级")
        #expect(close(own.value, 20) && own.rank == 4 && own.previousValue == nil)
        // 庆阳市's target is for the whole prefecture, not for its own bureau.
        #expect(own.target == nil && own.completionPercent == nil)

        let total = try #require(result.row(F.checked))
        #expect(total.regionName == "庆阳市")
        #expect(close(total.value, 1173))
        #expect(close(total.previousValue, 900))
        #expect(close(total.previousChange, 273.0 / 900 * 100))
        #expect(close(total.lastYearValue, 400))
        #expect(close(total.lastYearChange, 193.25))
        #expect(close(total.target, 2346) && close(total.completionPercent, 50))
        #expect(total.reported == 6 && total.expected == 7 && total.missing == ["环县教育局"])
        #expect(total.rank == nil && total.sharePercent == nil)
        // 4 children + total, per indicator.
        #expect(result.rows.filter { $0.indicatorCode == F.checked }.count == 5)
    }

    @Test func averagesDivideSummedValuesNeverAverageAverages() throws {
        let fixture = try F()
        let result = try rollup(fixture, "621000")
        #expect(close(result.row(F.passRate, "621022")?.value, 97))  // (98 + 96) / 2
        #expect(close(result.row(F.passRate, "621023")?.value, 90))
        #expect(close(result.row(F.passRate, "621002")?.value, 100))
        #expect(result.row(F.passRate, "621000")?.value == nil)
        // (98 + 96 + 90 + 100) / 4 = 96, not (97 + 90 + 100) / 3 = 95.67.
        let total = try #require(result.row(F.passRate))
        #expect(close(total.value, 96))
        #expect(total.changeUnit == "pp")
        // Ranked, but a share of an average means nothing.
        #expect(result.row(F.passRate, "621002")?.rank == 1)
        #expect(result.row(F.passRate, "621022")?.rank == 2)
        #expect(result.row(F.passRate, "621022")?.sharePercent == nil)
        // A stock adds up over regions too: 12 + 35.
        #expect(close(result.row(F.enterprises)?.value, 47))
    }

    @Test func aLowerBoundMakesEverySumItEntersALowerBound() throws {
        let fixture = try F()
        let result = try rollup(fixture, "621000")
        let huan = try #require(result.row(F.started, "621022"))
        #expect(close(huan.value, 12) && huan.isLowerBound)
        let huachi = try #require(result.row(F.started, "621023"))
        #expect(close(huachi.value, 5) && !huachi.isLowerBound)
        let total = try #require(result.row(F.started))
        #expect(close(total.value, 17) && total.isLowerBound)
        // A child that reported nothing for the indicator has no value, not a zero.
        let xifeng = try #require(result.row(F.started, "621002"))
        #expect(xifeng.value == nil && !xifeng.isLowerBound && xifeng.rank == nil)
    }

    @Test func countyRollupListsEachDepartmentAndWhoIsMissing() throws {
        let fixture = try F()
        let result = try rollup(fixture, "环县")
        #expect(result.grouping == .department)
        let market = try #require(result.row(F.checked, "环县市场监督管理局"))
        #expect(close(market.value, 653))
        #expect(market.departmentKind == "market_regulation")
        #expect(market.departmentID == fixture.departments["环县M"])
        #expect(close(market.target, 1000) && close(market.completionPercent, 65.3))
        #expect(market.reported == 1 && market.expected == 1)
        let reform = try #require(result.row(F.started, "环县发展和改革局"))
        #expect(close(reform.value, 12) && reform.isLowerBound)
        let education = try #require(result.row(F.checked, "环县教育局"))
        #expect(education.value == nil)
        #expect(education.reported == 0 && education.expected == 1 && education.missing == ["环县教育局"])
        let total = try #require(result.row(F.checked))
        #expect(close(total.value, 653) && close(total.target, 1306) && close(total.completionPercent, 50))
        #expect(total.reported == 2 && total.expected == 3)
        #expect(close(result.row(F.passRate)?.value, 97))
    }

    @Test func provinceReadsTotalsThatAgreeWithTheFigures() throws {
        let fixture = try F()
        let fast = try rollup(fixture, "620000")
        let slow = try rollup(fixture, "620000", source: .figures)
        #expect(fast.readFrom == "totals" && slow.readFrom == "figures")
        let qingyang = try #require(fast.row(F.checked, "621000"))
        #expect(close(qingyang.value, 1173) && qingyang.rank == 1)
        #expect(close(qingyang.sharePercent, 1173.0 / 1373 * 100))
        #expect(qingyang.reported == 6 && qingyang.expected == 7)
        let pingliang = try #require(fast.row(F.checked, "620800"))
        #expect(close(pingliang.value, 200) && pingliang.reported == 2 && pingliang.expected == 3)
        let total = try #require(fast.row(F.checked))
        #expect(close(total.value, 1373) && close(total.completionPercent, 50) && !total.isLowerBound)
        #expect(total.reported == 8 && total.expected == 10)
        #expect(close(fast.row(F.passRate)?.value, 96))
        // Totals give counts; the figures also name the missing.
        #expect(total.missing == nil)
        #expect(slow.row(F.checked)?.missing?.sorted() == ["崆峒区发展和改革局", "环县教育局"])
        expectSameValues(fast, slow)
    }

    @Test func municipalityDistrictsRollUpThroughItsPseudoPrefecture() throws {
        let fixture = try F()
        let chongqing = try rollup(fixture, "500000")
        let city = try #require(chongqing.row(F.checked, "500100"))
        #expect(close(city.value, 500) && city.isLowerBound)
        #expect(chongqing.rows.filter { !$0.isTotal }.map(\.regionCode) == ["500100"])
        // 重庆市 names both the municipality and its pseudo-prefecture: the name means the municipality.
        #expect(try rollup(fixture, "重庆市").regionCode == "500000")
        let districts = try rollup(fixture, "500100")
        #expect(close(districts.row(F.checked, "500101")?.value, 400))
        #expect(districts.row(F.checked, "500101")?.isLowerBound == false)
        #expect(districts.row(F.checked, "500102")?.isLowerBound == true)
        #expect(close(districts.row(F.checked)?.value, 500) && districts.row(F.checked)?.isLowerBound == true)

        let nation = try rollup(fixture, RollupQuery.nation)
        #expect(close(nation.row(F.checked, "620000")?.value, 1373))
        #expect(close(nation.row(F.checked, "500000")?.value, 500))
        let total = try #require(nation.row(F.checked))
        #expect(close(total.value, 1873) && total.isLowerBound)
        #expect(total.reported == 10 && total.expected == 12)
        expectSameValues(nation, try rollup(fixture, RollupQuery.nation, source: .figures))
    }

    @Test func quarterComposesMonthsByEachIndicatorsTimeRule() throws {
        let fixture = try F()
        let result = try rollup(fixture, "621000", "2023-Q1")
        #expect(result.readFrom == "figures")
        #expect(close(result.row(F.checked, "621022")?.value, 1453))  // 300 + 500 + 653
        #expect(close(result.row(F.checked, "621023")?.value, 350))  // 50 + 100 + 200
        #expect(close(result.row(F.checked, "621002")?.value, 900))  // its quarter report, not 300 + 300
        #expect(close(result.row(F.checked, "621000")?.value, 20))
        #expect(close(result.row(F.checked)?.value, 2723))
        // Enterprises are a stock: the last month each department reported (环县 March 12, 华池 March 35).
        #expect(close(result.row(F.enterprises, "621022")?.value, 12))
        #expect(close(result.row(F.enterprises)?.value, 47))
        #expect(close(result.row(F.passRate)?.value, 96))
        // Reported for the quarter: a quarter report, or reports for all three months (环县M, 华池M, 西峰M).
        let total = try #require(result.row(F.checked))
        #expect(total.reported == 3 && total.expected == 7)
        #expect(close(total.lastYearValue, 400))  // 2022-Q1 from 环县's 2022-03
        #expect(total.previousValue == nil)  // nothing in 2022-Q4
    }

    @Test func departmentKindFilterAndSplitByKind() throws {
        let fixture = try F()
        let market = try rollup(fixture, "621000", kind: "market_regulation")
        #expect(market.readFrom == "figures")
        #expect(close(market.row(F.checked)?.value, 1173))
        #expect(market.row(F.started) == nil)
        #expect(market.row(F.checked)?.reported == 4 && market.row(F.checked)?.expected == 4)
        #expect(market.row(F.checked, "621022")?.departmentName == "市场监督管理局")

        let kinds = try rollup(fixture, "621000", by: .department)
        #expect(close(kinds.row(F.checked, "市场监督管理局")?.value, 1173))
        #expect(close(kinds.row(F.started, "发展和改革局")?.value, 17))
        #expect(kinds.row(F.started, "发展和改革局")?.isLowerBound == true)
        let education = try #require(kinds.row(F.checked, "教育局"))
        #expect(education.value == nil && education.reported == 0 && education.expected == 1)

        let provinceKinds = try rollup(fixture, "620000", by: .department)
        #expect(provinceKinds.readFrom == "totals")
        #expect(close(provinceKinds.row(F.checked, "市场监督管理局")?.value, 1373))
        #expect(provinceKinds.row(F.checked, "发展和改革局")?.expected == 3)
        expectSameValues(provinceKinds, try rollup(fixture, "620000", by: .department, source: .figures))
    }

    @Test func aSubmittedOrRevisedReportIsInTheNextRollup() throws {
        let fixture = try F()
        let submitter = fixture.submitter
        _ = try submitter.submit(
            ReportSubmission(
                departmentID: fixture.departments["崆峒D"]!,
                period: Period("2023-03")!,
                sourceText: "崆峒D 2023-03",
                metrics: [F.metric(F.started, 3)]
            )
        )
        _ = try submitter.submit(
            ReportSubmission(
                departmentID: fixture.departments["华池M"]!,
                period: Period("2023-03")!,
                sourceText: "华池M 2023-03 修订",
                metrics: [F.metric(F.checked, 210)]
            )
        )
        let fast = try rollup(fixture, "620000")
        #expect(close(fast.row(F.started, "620800")?.value, 3))
        #expect(close(fast.row(F.checked)?.value, 1383))
        #expect(fast.row(F.checked)?.reported == 9)
        // 华池's revision dropped its pass rate: (98 + 96 + 100) / 3.
        #expect(close(fast.row(F.passRate)?.value, 98))
        expectSameValues(fast, try rollup(fixture, "620000", source: .figures))
    }

    @Test func explainListsTheReportRevisionAndSpansBehindAValue() throws {
        let fixture = try F()
        let result = try rollup(fixture, "621022", explain: true)
        let market = try #require(result.row(F.checked, "环县市场监督管理局"))
        let sources = try #require(market.sources)
        #expect(sources.count == 1)
        #expect(sources.first?.revision == 2)
        // The total counts; its part (186) does not.
        #expect(sources.first?.spans.map(\.value) == [653])
        #expect(sources.first?.spans.first?.text == "数653")
        let pass = try #require(result.row(F.passRate)?.sources)
        #expect(pass.flatMap(\.spans).map(\.value) == [98, 96])
    }

    @Test func aMaximumIsRecomputedWhenItsRevisionLowersIt() throws {
        let fixture = try F()
        let deepest = Indicator(
            code: "inspection.deepest_backlog",
            name: "最大积压",
            unit: "件",
            category: .inspection,
            regionAggregation: .max,
            timeAggregation: .max
        )
        var reference = try ReferenceData.bundled()
        reference.catalog = reference.catalog.extended(by: Catalog(indicators: [deepest]))
        try reference.loadCatalog(reference.catalog, into: fixture.db)
        // A connection of its own: a Submitter prepares its statements once per connection.
        let db = try Connection(fixture.conninfo)
        let submitter = Submitter(db, catalog: reference.catalog)
        for (key, values) in [("环县M", [5.0, 9]), ("华池M", [7.0]), ("崆峒M", [3.0])] {
            _ = try submitter.submit(
                ReportSubmission(
                    departmentID: fixture.departments[key]!,
                    period: Period("2023-04")!,
                    sourceText: "\(key) 积压",
                    metrics: values.map { F.metric(deepest.code, $0) }
                )
            )
        }
        func maximum(_ region: String, _ source: RollupQuery.Source = .automatic) throws -> Double? {
            try Rollup(fixture.db).run(
                RollupQuery(region: region, period: Period("2023-04")!, indicators: [deepest.code], source: source)
            ).row(deepest.code)?.value
        }
        #expect(close(try maximum("621000"), 9))
        #expect(close(try maximum("620000"), 9))
        let province = try rollup(fixture, "620000", "2023-04")
        #expect(province.row(deepest.code, "621000")?.rank == nil)  // no rank or share for a maximum
        #expect(province.row(deepest.code, "621000")?.sharePercent == nil)
        // 环县 revises its report: its maximum drops from 9 to 4, so 庆阳's is 华池's 7.
        _ = try submitter.submit(
            ReportSubmission(
                departmentID: fixture.departments["环县M"]!,
                period: Period("2023-04")!,
                sourceText: "环县M 积压 修订",
                metrics: [F.metric(deepest.code, 4)]
            )
        )
        #expect(close(try maximum("621000"), 7))
        #expect(close(try maximum("620000"), 7))
        #expect(close(try maximum("620000", .figures), 7))
        #expect(close(try maximum("000000"), 7))
    }

    @Test func aDepartmentWriterSeesTheRollupAndWhoElseReported() throws {
        let fixture = try F()
        let login = TestDatabase.uniqueName("w")
        _ = try fixture.db.query(
            "SELECT huibao.grant_department($1, $2, $3)",
            [.text(login), .text("pw-\(login)"), .int(Int(fixture.departments["环县M"]!))]
        )
        let writer = try Connection(
            TestDatabase.conninfo(database: fixture.db.database, user: login, password: "pw-\(login)")
        )
        // Row-level security keeps the other departments' reports from the writer …
        #expect(try writer.query("SELECT count(*) FROM huibao.report").decode(Int.self, row: 0, column: 0) == 5)
        // … but its rollup still counts who has reported, and reads everyone's published figures.
        let seen = try Rollup(writer).run(RollupQuery(region: "621000", period: Period("2023-03")!))
        let total = try #require(seen.row(F.checked))
        #expect(close(total.value, 1173) && total.reported == 6 && total.expected == 7)
        #expect(total.missing == ["环县教育局"])
        let province = try Rollup(writer).run(RollupQuery(region: "620000", period: Period("2023-03")!))
        #expect(close(province.row(F.checked)?.value, 1373) && province.row(F.checked)?.reported == 8)
    }

    @Test func unknownKindOrIndicatorIsAnError() throws {
        let fixture = try F()
        #expect(throws: StoreError.self) { try rollup(fixture, "621000", kind: "police_dogs") }
        #expect(throws: StoreError.self) {
            try Rollup(fixture.db).run(
                RollupQuery(region: "621000", period: Period("2023-03")!, indicators: ["no.such"])
            )
        }
    }

    private func expectSameValues(_ a: RollupResult, _ b: RollupResult) {
        #expect(a.rows.count == b.rows.count)
        for (x, y) in zip(a.rows, b.rows) {
            #expect(x.regionCode == y.regionCode && x.indicatorCode == y.indicatorCode && x.isTotal == y.isTotal)
            #expect(close(x.value, y.value) && x.isLowerBound == y.isLowerBound)
            #expect(close(x.previousValue, y.previousValue) && close(x.lastYearValue, y.lastYearValue))
            #expect(x.reported == y.reported && x.expected == y.expected)
            #expect(x.rank == y.rank && close(x.sharePercent, y.sharePercent))
        }
    }
}
