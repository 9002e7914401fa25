import Foundation
import HuibaoCore
import Testing

@testable import HuibaoExtract

@Suite struct TableReaderTests {
    let extractor = try! Extractor.bundled()

    @Test func readsATableUnderAUnitLine() {
        let text = "（单位：亿元）\n指标\t本期\t同比增长%\n地区生产总值\t156.8\t6.3\n固定资产投资\t42.1\t-2.5\n"
        let metrics = extractor.extract(text).flatMap(\.metrics)
        #expect(metrics.map(\.value) == [156.8, 6.3, 42.1, 2.5])
        #expect(metrics.map(\.unit) == ["亿元", "%", "亿元", "%"])
        #expect(metrics.map(\.kind) == [.actual, .change, .actual, .change])
        #expect(metrics.map(\.subject) == ["地区生产总值", "地区生产总值", "固定资产投资", "固定资产投资"])
        #expect(metrics[0].baseValue == 15_680_000_000)
    }

    @Test func readsTheUnitColumnOfEachRow() {
        let text = "序号  项目名称  单位  计划数  完成数\n1  检查企业  家  120  98\n2  专项资金  万元  500  320\n\n"
        let metrics = extractor.extract(text).flatMap(\.metrics)
        #expect(metrics.map(\.value) == [120, 98, 500, 320])
        #expect(metrics.map(\.unit) == ["家", "家", "万元", "万元"])
        #expect(metrics.map(\.kind) == [.target, .actual, .target, .actual])
        #expect(metrics[1].indicator == "inspection.entities_checked")
        let scalars = Array(text.unicodeScalars)
        for m in metrics {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: scalars[m.start..<m.end])
            #expect(String(v) == m.text)
        }
    }

    @Test func aSentenceEndsTheTable() {
        let text = "（单位：万元）\n项目\t金额\n补助资金\t300\n共检查企业 120 家。\n"
        let metrics = extractor.extract(text).flatMap(\.metrics)
        #expect(metrics.map(\.unit) == ["万元", "家"])
        #expect(metrics.last?.text == "120 家")
    }

    @Test func aHeaderNamesWhatRowsOfFieldsCount() {
        let text = "领域　项目数（个）　完成投资（亿元）\n产业发展　38　16.2\n社会民生　21　5.4\n"
        let metrics = extractor.extract(text).flatMap(\.metrics)
        #expect(metrics.map(\.value) == [38, 16.2, 21, 5.4])
        #expect(metrics.map(\.category) == [.projects, .investment, .projects, .investment])
    }

    @Test func aRateColumnThatNamesNothingIsTheRateOfItsRow() {
        let text = "县区 一般公共预算收入（亿元） 同比增长（%）\n城关区 28.4 5.1\n河西县 12.6 3.8\n"
        let metrics = extractor.extract(text).flatMap(\.metrics)
        #expect(metrics.map(\.value) == [28.4, 5.1, 12.6, 3.8])
        #expect(metrics.allSatisfy { $0.category == .economicIndicator })
    }
}
