/// A reporting period: a year (`2023`), a half (`2023-H1`), a quarter (`2023-Q1`) or a month (`2023-03`).
///
/// The string form is what the database stores and what users type; `init?(_:)` accepts exactly those four shapes.
public struct Period: Hashable, Sendable, Comparable, CustomStringConvertible {
    public enum Granularity: String, Sendable, CaseIterable {
        case year, half, quarter, month
    }

    public let year: Int
    public let granularity: Granularity
    /// 1 for a year; 1–2 for a half; 1–4 for a quarter; 1–12 for a month.
    public let index: Int

    public init?(year: Int, granularity: Granularity, index: Int) {
        guard (1900...2999).contains(year) else { return nil }
        let limit: Int
        switch granularity {
        case .year: limit = 1
        case .half: limit = 2
        case .quarter: limit = 4
        case .month: limit = 12
        }
        guard (1...limit).contains(index) else { return nil }
        self.year = year
        self.granularity = granularity
        self.index = index
    }

    public init?(_ text: String) {
        let s = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= s.count else { return nil }
            var n = 0
            for i in range {
                guard (48...57).contains(s[i]) else { return nil }
                n = n * 10 + Int(s[i] - 48)
            }
            return n
        }
        guard let y = digits(0..<4) else { return nil }
        switch s.count {
        case 4:
            self.init(year: y, granularity: .year, index: 1)
        case 7 where s[4] == UInt8(ascii: "-") && s[5] == UInt8(ascii: "H"):
            guard let h = digits(6..<7) else { return nil }
            self.init(year: y, granularity: .half, index: h)
        case 7 where s[4] == UInt8(ascii: "-") && s[5] == UInt8(ascii: "Q"):
            guard let q = digits(6..<7) else { return nil }
            self.init(year: y, granularity: .quarter, index: q)
        case 7 where s[4] == UInt8(ascii: "-"):
            guard let m = digits(5..<7) else { return nil }
            self.init(year: y, granularity: .month, index: m)
        default:
            return nil
        }
    }

    public var description: String {
        switch granularity {
        case .year: return String(year)
        case .half: return "\(year)-H\(index)"
        case .quarter: return "\(year)-Q\(index)"
        case .month: return index < 10 ? "\(year)-0\(index)" : "\(year)-\(index)"
        }
    }

    /// The period just before this one, of the same granularity (2023-Q1 → 2022-Q4).
    public var previous: Period {
        if index > 1 { return Period(year: year, granularity: granularity, index: index - 1)! }
        let last: Int
        switch granularity {
        case .year: last = 1
        case .half: last = 2
        case .quarter: last = 4
        case .month: last = 12
        }
        return Period(year: year - 1, granularity: granularity, index: last)!
    }

    /// The same period one year earlier (同比).
    public var sameLastYear: Period {
        Period(year: year - 1, granularity: granularity, index: index)!
    }

    /// The months this period spans, in order.
    public var months: [Period] {
        let first: Int
        let count: Int
        switch granularity {
        case .year: (first, count) = (1, 12)
        case .half: (first, count) = ((index - 1) * 6 + 1, 6)
        case .quarter: (first, count) = ((index - 1) * 3 + 1, 3)
        case .month: (first, count) = (index, 1)
        }
        return (first..<(first + count)).map { Period(year: year, granularity: .month, index: $0)! }
    }

    /// First and last month as numbers (1…12), for range checks in SQL.
    public var monthRange: ClosedRange<Int> {
        let m = months
        return m.first!.index...m.last!.index
    }

    public static func < (lhs: Period, rhs: Period) -> Bool {
        (lhs.year, lhs.monthRange.lowerBound, lhs.monthRange.count) < (
            rhs.year, rhs.monthRange.lowerBound, rhs.monthRange.count
        )
    }
}
