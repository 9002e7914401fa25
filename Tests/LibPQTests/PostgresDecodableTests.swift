import Foundation
import Testing

@testable import LibPQ

@Suite struct PostgresDecodableTests {
    /// 2023-03-01T04:05:06Z
    static let instant: Double = 1_677_643_506

    @Test(
        arguments: [
            ("2023-03-01 04:05:06+00", instant),
            ("2023-03-01 12:05:06+08", instant),
            ("2023-03-01 09:35:06+05:30", instant),
            ("2023-03-01 00:35:06-03:30", instant),
            ("2023-03-01 12:10:49+08:05:43", instant),
            ("2023-03-01 04:05:06", instant),
            ("2023-03-01T04:05:06Z", nil),
            ("2023-03-01 12:05:06.25+08", instant + 0.25),
            ("2023-03-01 12:05:06.123456+08", instant + 0.123456),
            ("2023-03-01", instant - 4 * 3600 - 5 * 60 - 6),
            ("1969-12-31 23:59:59.5+00", -0.5),
            ("10000-01-01 00:00:00+00", 253_402_300_800),
            ("0001-12-31 00:00:00+00 BC", -62_135_596_800 - 86_400),
            ("0001-12-31 BC", -62_135_596_800 - 86_400),
            ("infinity", nil),
            ("-infinity", nil),
            ("2023-13-01", nil),
            ("2023-03-01 04:05", nil),
            ("01/03/2023", nil),
            ("2023-03-01 04:05:06+0800", nil),
        ] as [(String, Double?)]
    )
    func datesParseAtAnyOffset(text: String, expected: Double?) throws {
        if let expected {
            let date = try Date(postgresText: text)
            #expect(abs(date.timeIntervalSince1970 - expected) < 0.000_001)
        } else {
            let error = try #require(throws: PostgresError.self) { try Date(postgresText: text) }
            #expect(error.code == .decoding)
        }
    }

    @Test func timestampFormattingAndParsingAgree() throws {
        // Within ±2^31 s of 2001, where Date's Double still resolves a microsecond.
        for seconds in stride(from: -1_000_000_000.0, to: 3_000_000_000, by: 77_777_777.123456) {
            let date = Date(timeIntervalSince1970: seconds)
            let text = try #require(PostgresValue.timestamp(date).encoded.text)
            let back = try Date(postgresText: text)
            #expect(abs(back.timeIntervalSince1970 - seconds) < 0.000_002, "\(text)")
        }
    }

    @Test(arguments: ["0", "1234.05", "-0.000001", "70000000000", "1e5", "-1.5E-3", "123456789012345678901234567.5"])
    func numericsParseAsDecimal(text: String) throws {
        #expect(try Decimal(postgresText: text) == Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
    }

    @Test(arguments: ["12abc", "", "1.2.3", "Infinity", "-Infinity", "1,5", "--1", "e5", "1e"])
    func malformedNumericsAreRejected(text: String) throws {
        #expect(throws: PostgresError.self) { try Decimal(postgresText: text) }
    }

    @Test func numericsBeyondThirtyEightDigitsDoNotFitDecimal() throws {
        let widest = "12345678901234567890.123456789012345678"
        #expect(try Decimal(postgresText: widest) == Decimal(string: widest))
        #expect(try Decimal(postgresText: "1" + String(repeating: "0", count: 60)) == Decimal(string: "1e60"))
        #expect(try Decimal(postgresText: "0.000000000000000000000000000000000000000000000001") > 0)
        let tooWide = "123456789012345678901234567890123456789.5"
        let error = try #require(throws: PostgresError.self) { try Decimal(postgresText: tooWide) }
        #expect(error.code == .decoding)
        #expect(throws: PostgresError.self) { try Decimal(postgresText: "1e200") }
    }

    @Test func numericNaNIsDecimalNaN() throws {
        #expect(try Decimal(postgresText: "NaN").isNaN)
    }

    @Test func boolsReadTAndF() throws {
        #expect(try Bool(postgresText: "t") == true)
        #expect(try Bool(postgresText: "f") == false)
        #expect(throws: PostgresError.self) { try Bool(postgresText: "yes") }
    }

    @Test func integersRejectWhatDoesNotFit() throws {
        #expect(try Int(postgresText: "-9223372036854775808") == Int.min)
        #expect(try Int32(postgresText: "-2147483648") == Int32.min)
        #expect(throws: PostgresError.self) { try Int32(postgresText: "2147483648") }
        #expect(throws: PostgresError.self) { try Int(postgresText: "12.5") }
        #expect(try Int64(postgresText: "42") == 42)
    }

    @Test func doublesReadSpecialValues() throws {
        #expect(try Double(postgresText: "Infinity") == .infinity)
        #expect(try Double(postgresText: "-Infinity") == -.infinity)
        #expect(try Double(postgresText: "NaN").isNaN)
        #expect(try Double(postgresText: "1234.05") == 1234.05)
        #expect(throws: PostgresError.self) { try Double(postgresText: "abc") }
    }

    @Test func nullBecomesNilOnlyForOptionals() throws {
        #expect(try String?(postgresText: nil) == nil)
        #expect(try Int?(postgresText: "3") == 3)
        let error = try #require(throws: PostgresError.self) { try String(postgresText: nil) }
        #expect(error.code == .decoding)
        #expect(error.message.contains("NULL"))
    }

    @Test func byteaReadsHex() throws {
        #expect(try [UInt8](postgresText: "\\x00abFF") == [0, 0xab, 0xff])
        #expect(try [UInt8](postgresText: "\\x") == [])
        #expect(throws: PostgresError.self) { try [UInt8](postgresText: "\\x0") }
        #expect(throws: PostgresError.self) { try [UInt8](postgresText: "abc") }
    }

    @Test func mismatchKeepsTheValueOutOfTheDescription() throws {
        let error = try #require(throws: PostgresError.self) { try Int(postgresText: "secret-value") }
        #expect(!error.description.contains("secret-value"))
        #expect(error.debugDescription.contains("secret-value"))
    }
}
