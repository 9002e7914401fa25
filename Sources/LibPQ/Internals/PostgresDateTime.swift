import Foundation

/// Formats and parses PostgreSQL's ISO text forms of `date`, `timestamp` and `timestamptz` without `DateFormatter`,
/// which is slow, locale-bound, and cannot read offsets like `+05:30:15` or years past 9999.
enum PostgresDateTime {
    static let microsPerSecond: Int64 = 1_000_000
    static let secondsPerDay: Int64 = 86_400

    // MARK: - Formatting

    /// `2023-03-01 04:05:06.123456+00`, to the microsecond, in UTC.
    static func timestampText(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let (seconds, fraction) = floorDivide(micros, microsPerSecond)
        let (days, secondOfDay) = floorDivide(seconds, secondsPerDay)
        var text = dayText(days)
        text += " " + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if fraction != 0 { text += "." + pad(fraction, 6) }
        text += "+00"
        return text + era(days)
    }

    /// `2023-03-01`: the day `date` falls on in UTC.
    static func dateText(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = floorDivide(seconds, secondsPerDay).quotient
        return dayText(days) + era(days)
    }

    private static func dayText(_ days: Int64) -> String {
        let (year, month, day) = civil(fromDays: days)
        let shownYear = year > 0 ? year : 1 - year  // there is no year 0: 1 BC precedes 1 AD
        return pad(shownYear, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    private static func era(_ days: Int64) -> String {
        civil(fromDays: days).year > 0 ? "" : " BC"
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    // MARK: - Parsing

    /// Reads a `date`, `timestamp` or `timestamptz` in `DateStyle` ISO; a timestamp without an offset is UTC.
    ///
    /// Returns nil for text that is not one of these, including `infinity` and `-infinity`.
    static func parse(_ text: String) -> Date? {
        var scanner = ByteScanner(Array(text.utf8))
        guard let yearDigits = scanner.digits(), yearDigits.count >= 4, scanner.skip("-"),
            let month = scanner.number(exactly: 2), scanner.skip("-"),
            let day = scanner.number(exactly: 2),
            (1...12).contains(month), (1...31).contains(day),
            var year = Int64(String(decoding: yearDigits, as: UTF8.self))
        else { return nil }
        var micros: Int64 = 0
        var offsetSeconds: Int64 = 0
        let dateOnlyBC = scanner.skip(" BC")
        if !dateOnlyBC, scanner.skip(" ") || scanner.skip("T") {
            guard let hour = scanner.number(exactly: 2), scanner.skip(":"),
                let minute = scanner.number(exactly: 2), scanner.skip(":"),
                let second = scanner.number(exactly: 2),
                hour <= 24, minute < 60, second <= 60
            else { return nil }
            micros = ((hour * 60 + minute) * 60 + second) * microsPerSecond
            if scanner.skip(".") {
                guard let fraction = scanner.digits(), !fraction.isEmpty, fraction.count <= 9 else { return nil }
                var scaled: Int64 = 0
                for (index, digit) in fraction.prefix(6).enumerated() {
                    scaled += Int64(digit - UInt8(ascii: "0")) * [100_000, 10_000, 1_000, 100, 10, 1][index]
                }
                micros += scaled
            }
            if let sign = scanner.sign() {
                guard let hours = scanner.number(exactly: 2) else { return nil }
                var offset = hours * 3600
                if scanner.skip(":") {
                    guard let minutes = scanner.number(exactly: 2) else { return nil }
                    offset += minutes * 60
                    if scanner.skip(":") {
                        guard let seconds = scanner.number(exactly: 2) else { return nil }
                        offset += seconds
                    }
                }
                offsetSeconds = sign * offset
            }
        }
        if dateOnlyBC || scanner.skip(" BC") { year = 1 - year }
        guard scanner.isAtEnd else { return nil }
        let days = days(fromCivil: year, month, day)
        let total = days * secondsPerDay * microsPerSecond + micros - offsetSeconds * microsPerSecond
        return Date(timeIntervalSince1970: Double(total) / 1_000_000)
    }

    // MARK: - Calendar arithmetic (proleptic Gregorian, Howard Hinnant's algorithms)

    static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400).quotient
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097).quotient
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> (quotient: Int64, remainder: Int64) {
        let q = a / b
        let r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }
}

/// A cursor over ASCII bytes for the small parsers above.
struct ByteScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { index == bytes.count }

    mutating func skip(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let matches = literal.withUTF8Buffer { expected in
            expected.elementsEqual(bytes[index..<index + count])
        }
        if matches { index += count }
        return matches
    }

    mutating func digits() -> ArraySlice<UInt8>? {
        let start = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return index > start ? bytes[start..<index] : nil
    }

    mutating func number(exactly count: Int) -> Int64? {
        let start = index
        guard let run = digits(), run.count == count else {
            index = start
            return nil
        }
        return run.reduce(0) { $0 * 10 + Int64($1 - UInt8(ascii: "0")) }
    }

    mutating func sign() -> Int64? {
        if skip("+") { return 1 }
        if skip("-") { return -1 }
        return nil
    }
}
