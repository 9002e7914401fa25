import Foundation
import LibPQ
import Testing

/// Every supported parameter type goes to the server and comes back decoded as it was sent.
@Suite(.enabled(if: TestDatabase.isConfigured))
struct LibPQValueTests {
    @Test func textRoundTripsChineseAndEmoji() throws {
        let connection = try TestDatabase.connect()
        let text = "城关区市场监管局共检查化肥经营单位7家 🧾✅ \t tab \\ backslash \n newline"
        let result = try connection.query("SELECT $1::text AS body, length($1::text) AS n", [.text(text)])
        #expect(try result.decode(String.self, row: 0, column: "body") == text)
        #expect(try result.decode(Int.self, row: 0, column: "n") == text.unicodeScalars.count)
    }

    @Test func untypedTextFillsAnyColumnType() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE period_row (day date, code char(6), doc jsonb)")
        _ = try connection.query("INSERT INTO period_row VALUES ($1, $2, $3)", ["2023-03-01", "620102", #"{"a": 1}"#])
        let result = try connection.query("SELECT day::text, code, doc->>'a' FROM period_row")
        #expect(try result.decode(String.self, row: 0, column: 0) == "2023-03-01")
        #expect(try result.decode(String.self, row: 0, column: 2) == "1")
    }

    @Test(arguments: [0, 1, -1, Int.max, Int.min, 1_234_567_890_123])
    func integersRoundTrip(value: Int) throws {
        let connection = try TestDatabase.connect()
        let result = try connection.query("SELECT $1::int8", [.int(value)])
        #expect(try result.decode(Int.self, row: 0, column: 0) == value)
        #expect(try result.decode(Int64.self, row: 0, column: 0) == Int64(value))
    }

    @Test func int32DecodesAndRejectsWhatDoesNotFit() throws {
        let connection = try TestDatabase.connect()
        let result = try connection.query("SELECT 2147483647::int4 AS small, 3000000000::int8 AS big")
        #expect(try result.decode(Int32.self, row: 0, column: "small") == Int32.max)
        let error = try #require(throws: PostgresError.self) { try result.decode(Int32.self, row: 0, column: "big") }
        #expect(error.code == .decoding)
        #expect(error.column == "big")
    }

    @Test(arguments: [0.0, -1.5, 0.1, 1e-300, 6.02214076e23, .infinity, -.infinity])
    func doublesRoundTripExactly(value: Double) throws {
        let connection = try TestDatabase.connect()
        let result = try connection.query("SELECT $1::float8", [.double(value)])
        #expect(try result.decode(Double.self, row: 0, column: 0) == value)
    }

    @Test func doubleNaNRoundTrips() throws {
        let connection = try TestDatabase.connect()
        #expect(try connection.query("SELECT $1::float8", [.double(.nan)]).decode(Double.self, row: 0, column: 0).isNaN)
    }

    @Test(arguments: ["0", "1234.05", "-0.000001", "70000000000", "123456789012345678901234567.123456789"])
    func numericRoundTripsAsDecimal(text: String) throws {
        let connection = try TestDatabase.connect()
        let result = try connection.query(
            "SELECT $1::numeric, $2::numeric",
            [.numeric(text), .decimal(Decimal(string: text)!)]
        )
        let decoded = try result.decode(Decimal.self, row: 0, column: 0)
        #expect(decoded == Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
        #expect(try result.decode(Decimal.self, row: 0, column: 1) == decoded)
        #expect(try result.decode(String.self, row: 0, column: 0) == text)
    }

    @Test func boolsRoundTrip() throws {
        let connection = try TestDatabase.connect()
        let result = try connection.query("SELECT $1::bool, $2::bool", [.bool(true), .bool(false)])
        #expect(try result.decode(Bool.self, row: 0, column: 0) == true)
        #expect(try result.decode(Bool.self, row: 0, column: 1) == false)
    }

    @Test func timestampRoundTripsToTheMicrosecond() throws {
        let connection = try TestDatabase.connect()
        let instant = Date(timeIntervalSince1970: 1_677_628_800.123456)
        for zone in ["UTC", "Asia/Shanghai", "Asia/Kolkata", "America/St_Johns"] {
            try connection.execute("SET TimeZone TO '\(zone)'")
            let result = try connection.query("SELECT $1::timestamptz", [.timestamp(instant)])
            let decoded = try result.decode(Date.self, row: 0, column: 0)
            #expect(abs(decoded.timeIntervalSince1970 - instant.timeIntervalSince1970) < 0.000_001, "\(zone)")
        }
    }

    @Test func timestampWithHistoricalSecondsOffsetDecodes() throws {
        let connection = try TestDatabase.connect()
        // Before 1901 Shanghai kept local mean time, +08:05:43, which PostgreSQL prints to the second.
        try connection.execute("SET TimeZone TO 'Asia/Shanghai'")
        let result = try connection.query(
            "SELECT '1900-01-01 00:00:00+00'::timestamptz AS t, ('1900-01-01 00:00:00+00'::timestamptz)::text AS shown"
        )
        #expect(try result.decode(String.self, row: 0, column: "shown").hasSuffix("+08:05:43"))
        let decoded = try result.decode(Date.self, row: 0, column: "t")
        #expect(decoded.timeIntervalSince1970 == -2_208_988_800)
    }

    @Test func dateRoundTripsAsMidnightUTC() throws {
        let connection = try TestDatabase.connect()
        let day = Date(timeIntervalSince1970: 1_688_169_600)  // 2023-07-01T00:00:00Z
        let result = try connection.query("SELECT $1::date, $1::date::text", [.date(day.addingTimeInterval(3_600))])
        #expect(try result.decode(Date.self, row: 0, column: 0) == day)
        #expect(try result.decode(String.self, row: 0, column: 1) == "2023-07-01")
    }

    @Test func byteaRoundTrips() throws {
        let connection = try TestDatabase.connect()
        let bytes: [UInt8] = Array(0...255) + [0, 0, 92, 78]
        let result = try connection.query("SELECT $1::bytea, length($1::bytea)", [.bytea(bytes)])
        #expect(try result.decode([UInt8].self, row: 0, column: 0) == bytes)
        #expect(try result.decode(Int.self, row: 0, column: 1) == bytes.count)
    }

    @Test func nullDecodesAsNilAndOptionalHelpersSendNull() throws {
        let connection = try TestDatabase.connect()
        let result = try connection.query(
            "SELECT $1::text AS a, $2::int8 AS b, $3::float8 AS c, $4::numeric AS d, $5::text AS e",
            [.null, .optional(nil as Int?), .optional(nil as Double?), nil, .optional("有" as String?)]
        )
        #expect(result.isNull(row: 0, column: 0))
        #expect(try result.decode(String?.self, row: 0, column: "a") == nil)
        #expect(try result.decode(Int?.self, row: 0, column: "b") == nil)
        #expect(try result.decode(Double?.self, row: 0, column: "c") == nil)
        #expect(try result.decode(Decimal?.self, row: 0, column: "d") == nil)
        #expect(try result.decode(String?.self, row: 0, column: "e") == "有")
    }

    @Test func tenMegabyteTextRoundTrips() throws {
        let connection = try TestDatabase.connect()
        let line = "第一季度共检查食品经营单位653家，其中学校食堂186家；emoji 🍜\n"
        let text = String(repeating: line, count: 10_000_000 / line.utf8.count + 1)
        #expect(text.utf8.count >= 10_000_000)
        try connection.execute("CREATE TEMP TABLE big_report (body text)")
        _ = try connection.query("INSERT INTO big_report VALUES ($1)", [.text(text)])
        let back = try connection.query("SELECT body FROM big_report").decode(String.self, row: 0, column: 0)
        #expect(back.utf8.count == text.utf8.count)
        #expect(back == text)
    }

    @Test func decodingErrorsNameTheColumnAndRow() throws {
        let connection = try TestDatabase.connect()
        let result = try connection.query("SELECT * FROM (VALUES (1, 'a'), (NULL, 'b')) AS v(amount, label)")
        let null = try #require(throws: PostgresError.self) { try result.decode(Int.self, row: 1, column: "amount") }
        #expect(null.code == .decoding)
        #expect(null.column == "amount")
        #expect(null.row == 1)
        #expect(null.description.contains("amount"))
        let mismatch = try #require(throws: PostgresError.self) { try result.decode(Int.self, row: 0, column: 1) }
        #expect(mismatch.column == "label")
        #expect(mismatch.message.contains("label"))
        let missing = try #require(throws: PostgresError.self) { try result.decode(Int.self, row: 0, column: "nope") }
        #expect(missing.message.contains("nope"))
    }

    @Test func nulCharacterInTextIsRefusedNotTruncated() throws {
        let connection = try TestDatabase.connect()
        let error = try #require(throws: PostgresError.self) { try connection.query("SELECT $1::text", ["a\u{0}b"]) }
        #expect(error.code == .client)
        #expect(error.message.contains("$1"))
    }
}
