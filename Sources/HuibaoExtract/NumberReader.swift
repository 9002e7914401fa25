/// Reads numbers as reports write them: 1,234.5 and 两 十五 一百二十 三千五百 二〇二三 壹佰.
///
/// Works on normalized scalars (full-width digits already folded); positions are indices into that array.
enum NumberReader {
    struct Reading: Equatable {
        var value: Double
        /// One past the last scalar of the number.
        var end: Int
    }

    /// Arabic digits with optional thousands separators (a comma followed by exactly three digits) and decimals.
    static func arabic(_ text: [UInt32], at start: Int, end limit: Int) -> Reading? {
        var i = start
        var integer: Double = 0
        var digits = 0
        while i < limit {
            let c = text[i]
            if c >= 48 && c <= 57 {
                integer = integer * 10 + Double(c - 48)
                digits += 1
                i += 1
            } else if c == 44, digits > 0, i + 3 < limit + 1, isThousandsGroup(text, at: i + 1, end: limit) {
                i += 1
            } else {
                break
            }
        }
        guard digits > 0 else { return nil }
        var value = integer
        if i + 1 < limit, text[i] == 46, text[i + 1] >= 48, text[i + 1] <= 57 {
            i += 1
            var scale = 0.1
            while i < limit, text[i] >= 48, text[i] <= 57 {
                value += Double(text[i] - 48) * scale
                scale /= 10
                i += 1
            }
            value = (value * 1e9).rounded() / 1e9
        }
        return Reading(value: value, end: i)
    }

    private static func isThousandsGroup(_ text: [UInt32], at i: Int, end: Int) -> Bool {
        guard i + 3 <= end else { return false }
        for k in i..<(i + 3) where !(text[k] >= 48 && text[k] <= 57) { return false }
        return i + 3 == end || !(text[i + 3] >= 48 && text[i + 3] <= 57)
    }

    // MARK: - Chinese numerals

    @inline(__always)
    static func chineseDigit(_ c: UInt32) -> Int? {
        switch c {
        case 0x96F6, 0x3007: return 0  // 零 〇
        case 0x4E00, 0x58F9: return 1  // 一 壹
        case 0x4E8C, 0x4E24, 0x8D30: return 2  // 二 两 贰
        case 0x4E09, 0x53C1: return 3  // 三 叁
        case 0x56DB, 0x8086: return 4  // 四 肆
        case 0x4E94, 0x4F0D: return 5  // 五 伍
        case 0x516D, 0x9646: return 6  // 六 陆
        case 0x4E03, 0x67D2: return 7  // 七 柒
        case 0x516B, 0x634C: return 8  // 八 捌
        case 0x4E5D, 0x7396: return 9  // 九 玖
        default: return nil
        }
    }

    @inline(__always)
    static func chineseMultiplier(_ c: UInt32) -> Double? {
        switch c {
        case 0x5341, 0x62FE: return 10  // 十 拾
        case 0x767E, 0x4F70: return 100  // 百 佰
        case 0x5343, 0x4EDF: return 1000  // 千 仟
        case 0x4E07: return 10_000  // 万
        case 0x4EBF: return 100_000_000  // 亿
        default: return nil
        }
    }

    /// The end of the run of Chinese numeral characters starting at `start`.
    static func chineseRunEnd(_ text: [UInt32], at start: Int, end limit: Int) -> Int {
        var i = start
        while i < limit, chineseDigit(text[i]) != nil || chineseMultiplier(text[i]) != nil { i += 1 }
        return i
    }

    /// The value of `text[start..<end]` read as one Chinese numeral, or nil when it is not one (三四, 十十).
    static func chineseValue(_ text: [UInt32], from start: Int, to end: Int) -> Double? {
        guard start < end else { return nil }
        var hasMultiplier = false
        for i in start..<end where chineseMultiplier(text[i]) != nil { hasMultiplier = true }
        if !hasMultiplier {
            // 二〇二三 reads digit by digit; 三四 (three or four) is not one number.
            if end - start == 1 { return Double(chineseDigit(text[start])!) }
            let zeros = (start..<end).contains { text[$0] == 0x96F6 || text[$0] == 0x3007 }
            guard zeros, text[start] != 0x96F6, text[start] != 0x3007 else { return nil }
            var value: Double = 0
            for i in start..<end { value = value * 10 + Double(chineseDigit(text[i])!) }
            return value
        }
        return grouped(text, from: start, to: end)
    }

    private static func grouped(_ text: [UInt32], from start: Int, to end: Int) -> Double? {
        // Split at the largest group marker: 亿, then 万.
        for (marker, size) in [(UInt32(0x4EBF), 100_000_000.0), (0x4E07, 10_000.0)] {
            if let at = (start..<end).last(where: { text[$0] == marker }) {
                // 近万人: 万 alone is ten thousand.
                let high: Double
                if at == start {
                    high = 1
                } else {
                    guard let h = grouped(text, from: start, to: at) else { return nil }
                    high = h
                }
                if at + 1 == end { return high * size }
                guard let low = grouped(text, from: at + 1, to: end) else { return nil }
                return high * size + low
            }
        }
        return small(text, from: start, to: end)
    }

    /// Below ten thousand: 三千五百, 十五, 一百零八, 一百二 (shorthand for 120).
    private static func small(_ text: [UInt32], from start: Int, to end: Int) -> Double? {
        var total: Double = 0
        var pending: Double? = nil
        var lastMultiplier: Double = 10_000
        var sawZero = false
        for i in start..<end {
            let c = text[i]
            if let d = chineseDigit(c) {
                if d == 0 {
                    sawZero = true
                    if pending != nil { return nil }
                    continue
                }
                if pending != nil { return nil }
                pending = Double(d)
            } else if let m = chineseMultiplier(c), m < 10_000 {
                guard m < lastMultiplier else { return nil }
                // 十五, and 百/千 alone at the start (近千家: a thousand).
                total += (pending ?? (i == start ? 1 : -1)) * m
                if pending == nil && i != start { return nil }
                pending = nil
                lastMultiplier = m
                sawZero = false
            } else {
                return nil
            }
        }
        if let p = pending {
            // 一百二 means 120; after a zero (一百零八) the digit is units.
            total += (!sawZero && lastMultiplier >= 100 && lastMultiplier < 10_000) ? p * lastMultiplier / 10 : p
        }
        return total
    }
}
