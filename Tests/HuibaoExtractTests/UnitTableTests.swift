import Foundation
import HuibaoCore
import Testing

@testable import HuibaoExtract

@Suite struct UnitTableTests {
    let units = try! UnitTable.bundled()
    private func scalars(_ s: String) -> [UInt32] { s.unicodeScalars.map(\.value) }

    @Test(arguments: [
        ("家", "家", "家", 1.0), ("批次样品", "批次", "批次", 1), ("万元", "万元", "元", 1e4), ("亿元以上", "亿元", "元", 1e8),
        ("个百分点", "个百分点", "百分点", 1), ("%", "%", "%", 1), ("人次", "人次", "人次", 1), ("平方米", "平方米", "平方米", 1),
        ("倍", "倍", "倍", 1),
    ])
    func findsTheLongestUnit(text: String, written: String, base: String, factor: Double) throws {
        let t = scalars(text)
        let unit = try #require(units.unit(in: t, at: 0, end: t.count))
        #expect(unit.written == written)
        #expect(unit.base == base)
        #expect(unit.factor == factor)
    }

    @Test(arguments: ["个月", "人民", "台账", "项目", "天然气", "次日"])
    func wordsThatStartLikeAUnitAreNotUnits(text: String) {
        let t = scalars(text)
        #expect(units.unit(in: t, at: 0, end: t.count) == nil)
    }

    @Test func prefixesMultiplyTheUnitAfterThem() throws {
        let extractor = try Extractor.bundled()
        let metrics = extractor.extract("新增耕地1.2万亩，培训2万余人次。").flatMap(\.metrics)
        #expect(metrics.map(\.unit) == ["万亩", "万人次"])
        #expect(metrics.map(\.baseValue) == [12000, 20000])
        #expect(metrics.map(\.baseUnit) == ["亩", "人次"])
        #expect(metrics[1].qualifier == .plus)
    }

    @Test func aUserTableAddsMeasureWords() throws {
        let json = Data(#"{"prefixes": {"万": 10000}, "units": [{"unit": "羽", "class": "count"}]}"#.utf8)
        let table = try UnitTable(json: json)
        let extractor = Extractor(catalog: try Extractor.bundled().catalog, units: table)
        let metrics = extractor.extract("家禽出栏3.5万羽。").flatMap(\.metrics)
        #expect(metrics.count == 1)
        #expect(metrics.first?.baseValue == 35000)
    }

    @Test func rejectsAMalformedTable() {
        #expect(throws: (any Error).self) { try UnitTable(json: Data("{\"units\": 3}".utf8)) }
    }
}
