import Foundation
import Testing

@testable import HuibaoCore

@Suite struct CatalogTests {
    @Test func decodesRulesAndMatchesInFileOrder() throws {
        let json = """
            {"indicators": [
              {"code": "sampling.failed_batches", "name": "不合格", "unit": "批次", "category": "sampling",
               "region_aggregation": "sum", "time_aggregation": "sum", "rules": [{"subjects": ["不合格"], "units": ["批次"]}]},
              {"code": "sampling.batches", "name": "抽检", "unit": "批次", "category": "sampling",
               "region_aggregation": "sum", "time_aggregation": "sum", "rules": [{"actions": ["抽检"], "units": ["批次"]}]}
            ]}
            """
        let catalog = try Catalog(json: Data(json.utf8))
        var metric = Metric(start: 0, end: 1, text: "抽检15批次", value: 15, unit: "批次", action: "抽检")
        #expect(catalog.indicator(for: metric)?.code == "sampling.batches")
        metric.subject = "不合格样品"
        #expect(catalog.indicator(for: metric)?.code == "sampling.failed_batches")
        metric.baseUnit = "家"
        #expect(catalog.indicator(for: metric) == nil)
    }

    @Test func namesTheProblemInABadFile() {
        #expect(throws: InputError.self) {
            try Catalog(json: Data("{\"indicators\": [{\"code\": 1}]}".utf8), source: "mine.json")
        }
        do {
            _ = try Catalog(json: Data("{}".utf8), source: "mine.json")
            Issue.record("an empty object is not a catalog")
        } catch {
            #expect(error.description.hasPrefix("mine.json:"))
        }
    }

    @Test func aUserCatalogReplacesAndExtends() {
        let shipped = Catalog(indicators: [Indicator(code: "a.b", name: "旧", unit: "家", category: .other)])
        let mine = Catalog(indicators: [
            Indicator(code: "a.b", name: "新", unit: "家", category: .other),
            Indicator(code: "c.d", name: "加", unit: "个", category: .other),
        ])
        let merged = shipped.extended(by: mine)
        #expect(merged.indicators.map(\.code) == ["a.b", "c.d"])
        #expect(merged["a.b"]?.name == "新")
    }

    @Test func departmentKindsMatchTheLongestName() {
        #expect(DepartmentKind.matching(name: "环县市场监督管理局")?.code == "market_regulation")
        #expect(DepartmentKind.matching(name: "市发展改革委")?.code == "development_reform")
        #expect(DepartmentKind.matching(name: "庆城县住房和城乡建设局")?.code == "housing")
        #expect(DepartmentKind.matching(name: "县委办公室") == nil)
    }

    @Test func shippedCatalogIsValid() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../data/catalog.json"
        )
        let catalog = try Catalog(json: try Data(contentsOf: url), source: "catalog.json")
        #expect(catalog.indicators.count >= 20)
        #expect(catalog["inspection.entities_checked"]?.regionAggregation == .sum)
        #expect(catalog["sampling.pass_rate"]?.regionAggregation == .avg)
    }
}
