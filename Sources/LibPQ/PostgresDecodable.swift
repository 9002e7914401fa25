public import Foundation

/// A Swift type that can be read from a result column in PostgreSQL's text format.
///
/// ``QueryResult/decode(_:row:column:)`` calls ``init(postgresText:)`` and, when it throws, adds the column name and
/// row to the error. Conform your own types by parsing the text the server prints for the column's type.
public protocol PostgresDecodable {
    /// Creates a value from a column's text; `text` is nil for SQL NULL.
    ///
    /// - Throws: ``PostgresError`` with code ``PostgresError/Code/decoding`` when the text does not fit `Self`.
    init(postgresText text: String?) throws(PostgresError)
}

extension PostgresDecodable {
    /// The non-NULL text, or the error for NULL in a column read as a non-optional type.
    static func required(_ text: String?) throws(PostgresError) -> String {
        guard let text else { throw .decoding("NULL cannot be decoded as \(Self.self)") }
        return text
    }

    static func mismatch(_ text: String) -> PostgresError {
        .decoding("value does not fit \(Self.self)", detail: "text: \(text.prefix(100))")
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    /// NULL becomes nil; anything else decodes as `Wrapped`.
    public init(postgresText text: String?) throws(PostgresError) {
        guard let text else {
            self = .none
            return
        }
        self = .some(try Wrapped(postgresText: text))
    }
}

extension String: PostgresDecodable {
    /// Any column as the server prints it.
    public init(postgresText text: String?) throws(PostgresError) {
        self = try Self.required(text)
    }
}

extension Int: PostgresDecodable {
    /// `int2`, `int4`, `int8`, or an `oid`.
    public init(postgresText text: String?) throws(PostgresError) {
        let text = try Self.required(text)
        guard let value = Int(text) else { throw Self.mismatch(text) }
        self = value
    }
}

extension Int64: PostgresDecodable {
    public init(postgresText text: String?) throws(PostgresError) {
        let text = try Self.required(text)
        guard let value = Int64(text) else { throw Self.mismatch(text) }
        self = value
    }
}

extension Int32: PostgresDecodable {
    /// `int2` or `int4`; a larger `int8` does not fit and throws.
    public init(postgresText text: String?) throws(PostgresError) {
        let text = try Self.required(text)
        guard let value = Int32(text) else { throw Self.mismatch(text) }
        self = value
    }
}

extension Double: PostgresDecodable {
    /// `float4`, `float8`, or a `numeric` (rounded to the nearest `Double`), including `NaN` and `±Infinity`.
    public init(postgresText text: String?) throws(PostgresError) {
        let text = try Self.required(text)
        switch text {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default:
            guard let value = Double(text) else { throw Self.mismatch(text) }
            self = value
        }
    }
}

extension Decimal: PostgresDecodable {
    /// `numeric` (and integers) without going through binary floating point. `NaN` becomes `Decimal.nan`;
    /// `Infinity` has no `Decimal` form and throws.
    public init(postgresText text: String?) throws(PostgresError) {
        let text = try Self.required(text)
        if text == "NaN" {
            self = .nan
            return
        }
        guard Self.isPlainDecimal(text), Self.significantDigits(text) <= 38,
            let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
        else { throw Self.mismatch(text) }
        self = value
    }

    /// Digits from the first to the last non-zero one in the mantissa. `Decimal` holds 38; past that,
    /// `Decimal(string:)` silently drops the rest, so such a `numeric` does not fit.
    static func significantDigits(_ text: String) -> Int {
        let mantissa = text.utf8.prefix { $0 | 0x20 != UInt8(ascii: "e") }
        let digits = mantissa.filter { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        guard let first = digits.firstIndex(where: { $0 != UInt8(ascii: "0") }),
            let last = digits.lastIndex(where: { $0 != UInt8(ascii: "0") })
        else { return 0 }
        return last - first + 1
    }

    /// `Decimal(string:)` accepts a leading number and ignores the rest (`"12abc"` → 12); check the whole text.
    static func isPlainDecimal(_ text: String) -> Bool {
        var sawDigit = false
        var sawPoint = false
        var sawExponent = false
        var previous: UInt8 = 0
        for (index, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "-"), UInt8(ascii: "+"):
                guard index == 0 || previous | 0x20 == UInt8(ascii: "e") else { return false }
            case UInt8(ascii: "."):
                guard !sawPoint, !sawExponent else { return false }
                sawPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard sawDigit, !sawExponent else { return false }
                sawExponent = true
                sawDigit = false
            default: return false
            }
            previous = byte
        }
        return sawDigit
    }
}

extension Bool: PostgresDecodable {
    /// `bool`, printed `t` or `f`.
    public init(postgresText text: String?) throws(PostgresError) {
        let text = try Self.required(text)
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw Self.mismatch(text)
        }
    }
}

extension Date: PostgresDecodable {
    /// `timestamptz` at any offset, `timestamp` (read as UTC), or `date` (midnight UTC).
    ///
    /// Needs `DateStyle` ISO, which ``Connection`` sets. `infinity` and `-infinity` throw.
    public init(postgresText text: String?) throws(PostgresError) {
        let text = try Self.required(text)
        guard let value = PostgresDateTime.parse(text) else { throw Self.mismatch(text) }
        self = value
    }
}

extension Array: PostgresDecodable where Element == UInt8 {
    /// `bytea` in the hex format (`\x0aff…`), PostgreSQL's default output.
    public init(postgresText text: String?) throws(PostgresError) {
        let text = try Self.required(text)
        let hex = Array(text.utf8)
        guard hex.count >= 2, hex[0] == UInt8(ascii: "\\"), hex[1] == UInt8(ascii: "x"), hex.count % 2 == 0 else {
            throw Self.mismatch(text)
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(hex.count / 2 - 1)
        var index = 2
        while index < hex.count {
            guard let high = Self.nibble(hex[index]), let low = Self.nibble(hex[index + 1]) else {
                throw Self.mismatch(text)
            }
            bytes.append(high << 4 | low)
            index += 2
        }
        self = bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
