import Foundation
import HuibaoCore
import Testing

@testable import HuibaoStore

/// The briefing's cell rules, without a database.
@Suite struct BriefingTests {
    @Test(arguments: [
        (1173.0, 4, "1173"), (96.0, 4, "96"), (95.66666666, 2, "95.67"), (-50.0, 2, "-50"),
        (70_000_000_000, 4, "70000000000"),
        (0.000012, 4, "0"), (1.5e-3, 4, "0.0015"), (-0.0001, 2, "0"), (12.10, 2, "12.1"),
    ])
    func numbersArePlain(value: Double, decimals: Int, expected: String) {
        let text = Briefing.number(value, decimals: decimals)
        #expect(text == expected)
        #expect(!text.contains("e") && !text.contains(","))
    }

    @Test func missingNumbersAreEmptyNotZero() {
        #expect(Briefing.number(nil, decimals: 2) == "")
        #expect(Briefing.number(.nan, decimals: 2) == "")
    }

    @Test(arguments: [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"), ("+1", "'+1"), ("-1+2", "'-1+2"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"), ("\rx", "'\rx"), ("环县", "环县"), ("a=b", "a=b"), ("", ""),
    ])
    func formulaLikeTextIsNeutralized(text: String, expected: String) {
        #expect(Briefing.neutralized(text) == expected)
    }

    @Test func fieldsAreQuotedOnlyWhenNeeded() {
        #expect(Briefing.quoted("环县") == "环县")
        #expect(Briefing.quoted("a,b") == "\"a,b\"")
        #expect(Briefing.quoted("他说\"好\"") == "\"他说\"\"好\"\"\"")
        #expect(Briefing.quoted("一\r\n二") == "\"一\r\n二\"")
    }

    @Test func gb18030EncodesChineseAndTheLowerBoundSign() throws {
        #expect(Array(try GB18030.encode("地区≥")) == [0xB5, 0xD8, 0xC7, 0xF8, 0xA1, 0xDD])
        #expect(Array(try GB18030.encode("a,1\r\n")) == Array("a,1\r\n".utf8))
    }

    @Test func shorterPeriodsAreTheHalvesQuartersAndMonthsInside() {
        #expect(Period("2023")!.shorterPeriods.map(\.description).count == 2 + 4 + 12)
        #expect(
            Period("2023-H2")!.shorterPeriods.map(\.description)
                == ["2023-Q3", "2023-Q4", "2023-07", "2023-08", "2023-09", "2023-10", "2023-11", "2023-12"]
        )
        #expect(Period("2023-Q1")!.shorterPeriods.map(\.description) == ["2023-01", "2023-02", "2023-03"])
        #expect(Period("2023-03")!.shorterPeriods.isEmpty)
    }
}
