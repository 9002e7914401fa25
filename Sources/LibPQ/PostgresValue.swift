public import Foundation

/// A parameter for `$1`, `$2`, … in a statement.
///
/// Every value travels in PostgreSQL's text format, separately from the SQL text: it is never interpolated into
/// the statement. ``text(_:)`` goes out untyped, so the server reads it as whatever the context needs (a `date`,
/// a `char(6)`, a `jsonb`); the other cases name their type.
public enum PostgresValue: Sendable, Hashable {
    case null
    case text(String)
    /// Sent as `int8`; the server narrows it where a column is `int4` or `int2`.
    case int(Int)
    /// Sent as `float8`.
    case double(Double)
    /// A decimal number in PostgreSQL's notation (`"1234.05"`, `"-7"`, `"NaN"`), sent as `numeric` without rounding.
    case numeric(String)
    case bool(Bool)
    /// An instant, sent as `timestamptz` in UTC with microseconds.
    case timestamp(Date)
    /// The calendar day of `Date` in UTC, sent as `date`.
    case date(Date)
    case bytea([UInt8])

    /// `.text(value)`, or `.null` when `value` is nil.
    public static func optional(_ value: String?) -> PostgresValue { value.map(PostgresValue.text) ?? .null }
    /// `.int(value)`, or `.null` when `value` is nil.
    public static func optional(_ value: Int?) -> PostgresValue { value.map(PostgresValue.int) ?? .null }
    /// `.double(value)`, or `.null` when `value` is nil.
    public static func optional(_ value: Double?) -> PostgresValue { value.map(PostgresValue.double) ?? .null }
    /// `.numeric(value.description)`, or `.null` when `value` is nil.
    public static func optional(_ value: Decimal?) -> PostgresValue { value.map(PostgresValue.decimal) ?? .null }
    /// `.bool(value)`, or `.null` when `value` is nil.
    public static func optional(_ value: Bool?) -> PostgresValue { value.map(PostgresValue.bool) ?? .null }

    /// A `Decimal` sent as `numeric`, written in the POSIX locale whatever the process locale.
    public static func decimal(_ value: Decimal) -> PostgresValue {
        .numeric(
            value.isNaN
                ? "NaN" : NSDecimalNumber(decimal: value).description(withLocale: Locale(identifier: "en_US_POSIX"))
        )
    }
}

extension PostgresValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
}

extension PostgresValue: ExpressibleByStringInterpolation {
    /// `"item-\(n)"` as a parameter is `.text`; the interpolation builds a value, never SQL.
    public init(stringInterpolation: DefaultStringInterpolation) {
        self = .text(String(stringInterpolation: stringInterpolation))
    }
}

extension PostgresValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self = .int(value) }
}

extension PostgresValue: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) { self = .null }
}

// MARK: - Encoding

extension PostgresValue {
    /// Type OIDs from `pg_type`; 0 lets the server infer the type from the statement.
    enum TypeOID {
        static let unknown: UInt32 = 0
        static let bool: UInt32 = 16
        static let bytea: UInt32 = 17
        static let int8: UInt32 = 20
        static let float8: UInt32 = 701
        static let date: UInt32 = 1082
        static let timestamptz: UInt32 = 1184
        static let numeric: UInt32 = 1700
    }

    /// The type OID and text-format representation libpq sends; `text` is nil for SQL NULL.
    var encoded: (type: UInt32, text: String?) {
        switch self {
        case .null: (TypeOID.unknown, nil)
        case .text(let value): (TypeOID.unknown, value)
        case .int(let value): (TypeOID.int8, String(value))
        case .double(let value): (TypeOID.float8, Self.float8Text(value))
        case .numeric(let value): (TypeOID.numeric, value)
        case .bool(let value): (TypeOID.bool, value ? "t" : "f")
        case .timestamp(let value): (TypeOID.timestamptz, PostgresDateTime.timestampText(value))
        case .date(let value): (TypeOID.date, PostgresDateTime.dateText(value))
        case .bytea(let value): (TypeOID.bytea, Self.byteaHex(value))
        }
    }

    /// Swift's shortest round-tripping form, except that infinities and NaN use PostgreSQL's spelling.
    static func float8Text(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return value.description
    }

    /// `bytea`'s hex format: `\x` followed by two lowercase hex digits per byte.
    static func byteaHex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(2 + bytes.count * 2)
        text.append(UInt8(ascii: "\\"))
        text.append(UInt8(ascii: "x"))
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
