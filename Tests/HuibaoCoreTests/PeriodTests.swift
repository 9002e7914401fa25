import Testing

@testable import HuibaoCore

@Suite struct PeriodTests {
    @Test(arguments: ["2023", "2023-H1", "2023-H2", "2023-Q1", "2023-Q4", "2023-01", "2023-12"])
    func roundTripsEveryShape(_ text: String) throws {
        let period = try #require(Period(text))
        #expect(period.description == text)
    }

    @Test(arguments: ["", "23", "2023-Q5", "2023-H3", "2023-13", "2023-00", "2023-1", "2023Q1", "2023-Q1 ", "二〇二三"])
    func rejectsMalformed(_ text: String) {
        #expect(Period(text) == nil)
    }

    @Test func previousCrossesTheYear() throws {
        #expect(Period("2023-Q1")!.previous.description == "2022-Q4")
        #expect(Period("2023-01")!.previous.description == "2022-12")
        #expect(Period("2023-H2")!.previous.description == "2023-H1")
        #expect(Period("2023")!.previous.description == "2022")
        #expect(Period("2023-03")!.sameLastYear.description == "2022-03")
    }

    @Test func monthsOfAQuarterAndAHalf() {
        #expect(Period("2023-Q2")!.months.map(\.description) == ["2023-04", "2023-05", "2023-06"])
        #expect(Period("2023-H2")!.months.count == 6)
        #expect(Period("2023")!.months.last!.description == "2023-12")
    }

    @Test func ordersByTime() {
        #expect(Period("2022-12")! < Period("2023-01")!)
        #expect(Period("2023-Q1")! < Period("2023-Q2")!)
    }
}
