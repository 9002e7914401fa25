import Foundation
import HuibaoCore
import Testing

@testable import HuibaoExtract

@Suite struct PeriodFinderTests {
    let extractor = try! Extractor.bundled()

    @Test(arguments: [
        ("1-6月完成投资97.3亿元。", "1-6月"), ("2024年一季度检查企业120家。", "2024年一季度"),
        ("上半年新增市场主体300户。", "上半年"), ("截至9月底，发放资金580万元。", "9月底"),
        ("前三季度实现零售额186亿元。", "前三季度"),
    ])
    func aPeriodGovernsTheFiguresOfItsSentence(text: String, period: String) throws {
        let m = try #require(extractor.extract(text).flatMap(\.metrics).first)
        #expect(m.period == period)
    }

    @Test func aComparisonBaseIsNotThePeriod() throws {
        let m = try #require(extractor.extract("增速较一季度回落1.2个百分点。").flatMap(\.metrics).first)
        #expect(m.period == nil)
    }

    @Test func aPeriodStopsAtTheEndOfItsSentence() {
        let metrics = extractor.extract("一季度检查企业12家。抽检30批次。").flatMap(\.metrics)
        #expect(metrics.map(\.period) == ["一季度", nil])
    }
}
