import Testing

@testable import HuibaoExtract

@Suite struct NumberReaderTests {
    private func scalars(_ s: String) -> [UInt32] { s.unicodeScalars.map(\.value) }

    @Test(arguments: [
        ("7", 7.0, 1), ("653家", 653, 3), ("1,234.5万元", 1234.5, 7), ("95.6%", 95.6, 4), ("0.25", 0.25, 4),
        ("12,34", 12, 2), ("3.家", 3, 1), ("2023年", 2023, 4),
    ])
    func readsArabicNumbers(text: String, value: Double, end: Int) throws {
        let reading = try #require(NumberReader.arabic(scalars(text), at: 0, end: text.unicodeScalars.count))
        #expect(reading.value == value)
        #expect(reading.end == end)
    }

    @Test(arguments: [
        ("两", 2.0), ("十", 10), ("十五", 15), ("二十", 20), ("一百二十", 120), ("三千五百", 3500), ("一百零八", 108),
        ("一万二千", 12000), ("三亿五千万", 350_000_000), ("壹佰贰拾", 120), ("一百二", 120), ("二〇二三", 2023),
        ("两千零二十三", 2023), ("十二万", 120_000),
    ])
    func readsChineseNumerals(text: String, value: Double) {
        let t = scalars(text)
        #expect(NumberReader.chineseValue(t, from: 0, to: t.count) == value)
    }

    @Test(arguments: ["三四", "十十", "百千", "零五"])
    func rejectsWhatIsNotOneNumeral(text: String) {
        let t = scalars(text)
        #expect(NumberReader.chineseValue(t, from: 0, to: t.count) == nil)
    }

    @Test func chineseRunStopsAtTheFirstOtherCharacter() {
        let t = scalars("一百二十家企业")
        #expect(NumberReader.chineseRunEnd(t, at: 0, end: t.count) == 4)
    }
}
