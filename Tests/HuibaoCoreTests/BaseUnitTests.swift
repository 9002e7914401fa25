import Testing

@testable import HuibaoCore

@Suite struct BaseUnitTests {
    @Test(arguments: [
        (700.0, "亿元", 70_000_000_000.0, "元"),
        (3.5, "万元", 35_000.0, "元"),
        (2.0, "万亿元", 2e12, "元"),
        (60.0, "万亩", 600_000.0, "亩"),
        (1.2, "万人次", 12_000.0, "人次"),
        (7.0, "家", 7.0, "家"),
        (0.8, "个百分点", 0.8, "个百分点"),
        (95.5, "％", 95.5, "%"),
        (12.0, "元", 12.0, "元"),
    ])
    func convertsToTheBaseUnit(value: Double, unit: String, base: Double, baseUnit: String) {
        let converted = BaseUnit.convert(value: value, unit: unit)
        #expect(abs(converted.value - base) < 1e-6 * max(1, base))
        #expect(converted.unit == baseUnit)
    }

    @Test func plainTextHasNoExponentOrTrailingZero() {
        #expect(70_000_000_000.0.plainText == "70000000000")
        #expect(1.25.plainText == "1.25")
        #expect(0.0.plainText == "0")
    }
}
