import Foundation
import Testing

@testable import LibPQ

@Suite struct PostgresValueTests {
    @Test func eachCaseNamesItsTypeAndText() {
        let cases: [(PostgresValue, UInt32, String?)] = [
            (.null, 0, nil),
            (.text("城关区"), 0, "城关区"),
            (.int(-42), 20, "-42"),
            (.double(0.1), 701, "0.1"),
            (.numeric("1234.05"), 1700, "1234.05"),
            (.bool(true), 16, "t"),
            (.bool(false), 16, "f"),
            (.bytea([0, 0xab, 0xff]), 17, "\\x00abff"),
            (.timestamp(Date(timeIntervalSince1970: 0)), 1184, "1970-01-01 00:00:00+00"),
            (.date(Date(timeIntervalSince1970: 86_399)), 1082, "1970-01-01"),
        ]
        for (value, type, text) in cases {
            #expect(value.encoded.type == type, "\(value)")
            #expect(value.encoded.text == text, "\(value)")
        }
    }

    @Test(arguments: [
        (Double.infinity, "Infinity"), (-Double.infinity, "-Infinity"), (Double.nan, "NaN"), (1e-300, "1e-300"),
        (-0.5, "-0.5"), (12345678.9, "12345678.9"),
    ])
    func doublesUsePostgresSpelling(value: Double, text: String) {
        #expect(PostgresValue.double(value).encoded.text == text)
    }

    @Test(arguments: [
        (1_677_628_800.123456, "2023-03-01 00:00:00.123456+00"),
        (1_677_628_800.5, "2023-03-01 00:00:00.500000+00"),
        (-1.0, "1969-12-31 23:59:59+00"),
        (253_402_300_800.0, "10000-01-01 00:00:00+00"),
        (-62_135_596_800.0, "0001-01-01 00:00:00+00"),
        (-62_135_596_800.0 - 86_400, "0001-12-31 00:00:00+00 BC"),
    ])
    func timestampsAreWrittenInUTCWithMicroseconds(seconds: Double, text: String) {
        #expect(PostgresValue.timestamp(Date(timeIntervalSince1970: seconds)).encoded.text == text)
    }

    @Test func dateIsTheUTCDay() {
        #expect(PostgresValue.date(Date(timeIntervalSince1970: 1_688_169_600 + 86_399)).encoded.text == "2023-07-01")
        #expect(PostgresValue.date(Date(timeIntervalSince1970: -1)).encoded.text == "1969-12-31")
    }

    @Test func literalsAndOptionalHelpers() {
        let values: [PostgresValue] = ["text", 7, nil, "item-\(3)"]
        #expect(values == [.text("text"), .int(7), .null, .text("item-3")])
        #expect(PostgresValue.optional(nil as String?) == .null)
        #expect(PostgresValue.optional(nil as Int?) == .null)
        #expect(PostgresValue.optional(nil as Double?) == .null)
        #expect(PostgresValue.optional(5 as Int?) == .int(5))
        #expect(PostgresValue.optional(2.5 as Double?) == .double(2.5))
        #expect(PostgresValue.optional("a" as String?) == .text("a"))
    }

    @Test func decimalIsWrittenWithAPointWhateverTheLocale() {
        #expect(PostgresValue.decimal(Decimal(string: "1234.05")!) == .numeric("1234.05"))
        #expect(PostgresValue.decimal(Decimal(string: "-0.001")!) == .numeric("-0.001"))
        #expect(PostgresValue.decimal(.nan) == .numeric("NaN"))
    }

    @Test func encodedParametersRefuseNULCharacters() throws {
        let error = try #require(throws: PostgresError.self) { try EncodedParameters(["ok", "bad\u{0}text"]) }
        #expect(error.code == .client)
        #expect(error.message.contains("$2"))
        #expect(try EncodedParameters(["a", nil, 3]).count == 3)
    }

    @Test func encodedParametersPointAtNULTerminatedTexts() throws {
        let parameters = try EncodedParameters(["城", nil, .int(12)])
        let seen: [String?] = parameters.withUnsafePointers { count, types, values in
            #expect(count == 3)
            #expect(types?[2] == 20)
            return (0..<Int(count)).map { index in values?[index].map { String(cString: $0) } }
        }
        #expect(seen == ["城", nil, "12"])
    }
}
