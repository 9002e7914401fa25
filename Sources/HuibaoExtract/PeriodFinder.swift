/// The periods a report names (2024年一季度, 上半年, 1-6月, 截至9月底, 前三季度): not metrics themselves, but the
/// period of the figures they govern in their sentence.
enum PeriodFinder {
    private static let year: UInt32 = 0x5E74  // 年
    private static let month: UInt32 = 0x6708  // 月
    private static let season: UInt32 = 0x5B63  // 季
    private static let quarterWord: [UInt32] = "季度".unicodeScalars.map(\.value)
    private static let halves: [[UInt32]] = ["上半年", "下半年", "全年", "今年以来", "本年度"].map { $0.unicodeScalars.map(\.value) }
    private static let ordinals = ScalarSet("一二三四1234")
    private static let rangeMarks = ScalarSet("-~—–至到")
    private static let monthEnds = ScalarSet("份底末")
    private static let starters = ScalarSet("0123456789第前一二三四上下全今本")
    private static let quarterStarts = ScalarSet("第前一二三四")
    private static let halfStarts = ScalarSet("上下全今本")

    /// Period expressions in `p`, in text order, as ranges of the normalized text.
    static func periods(in p: [UInt32]) -> [Range<Int>] {
        periods(in: p, before: p.count)
    }

    /// The periods that begin before `limit`: a paragraph's last figure needs none after it. Every period
    /// names a year, a month or a quarter (年 月 季), so a stretch without one has none.
    static func periods(in p: [UInt32], before limit: Int) -> [Range<Int>] {
        var found: [Range<Int>] = []
        let stop = min(limit, p.count)
        guard p[0..<stop].contains(where: { $0 == year || $0 == month || $0 == season }) else { return found }
        var i = 0
        let n = p.count
        let starters = Self.starters
        while i < stop {
            // Most characters cannot begin a period: one bit test skips them.
            if !starters.contains(p[i]) {
                i += 1
                continue
            }
            var start = i
            var k = i
            // An optional year: 2024年.
            if k + 4 < n, isDigit(p[k]), isDigit(p[k + 1]), isDigit(p[k + 2]), isDigit(p[k + 3]), p[k + 4] == year,
                k == 0 || !isDigit(p[k - 1])
            {
                k += 5
            }
            let afterYear = k
            // Each form is tried only where its first scalar stands.
            let first = k < n ? p[k] : 0
            let end =
                isDigit(first)
                ? (quarter(p, k) ?? months(p, k))
                : quarterStarts.contains(first)
                    ? (quarter(p, k) ?? half(p, k))
                    : halfStarts.contains(first) ? half(p, k) : nil
            if let end {
                if start > 0, p[start - 1] == 0x524D || p[start - 1] == 0x7B2C { start -= 1 }  // 前 第
                // 较一季度, 比上半年: a baseline of comparison, not the figure's period.
                if start > 0, p[start - 1] == 0x8F83 || p[start - 1] == 0x6BD4 {
                    i = end
                    continue
                }
                found.append(start..<end)
                i = end
                continue
            }
            if afterYear > i {
                found.append(i..<afterYear)
                i = afterYear
                continue
            }
            i += 1
        }
        return found
    }

    /// 一季度, 第三季度, 前三季度, Q1 is not written in these reports.
    private static func quarter(_ p: [UInt32], _ k: Int) -> Int? {
        var i = k
        if i < p.count, p[i] == 0x7B2C || p[i] == 0x524D { i += 1 }
        guard i < p.count, ordinals.contains(p[i]) else { return nil }
        guard p.hasPrefix(quarterWord, at: i + 1, end: p.count) else { return nil }
        var end = i + 3
        if end < p.count, p[end] == 0x672B || p[end] == 0x5EA6 { end += 1 }  // 末
        return end
    }

    /// 3月, 1-6月, 1至9月份, 6月底.
    private static func months(_ p: [UInt32], _ k: Int) -> Int? {
        var i = k
        guard let first = digits(p, i), first.value >= 1, first.value <= 12 else { return nil }
        i = first.end
        if i + 1 < p.count, rangeMarks.contains(p[i]), let second = digits(p, i + 1), second.value <= 12 {
            i = second.end
        }
        guard i < p.count, p[i] == month else { return nil }
        i += 1
        // 3月15日 is a date, not a period.
        if i < p.count, isDigit(p[i]) { return nil }
        if i < p.count, monthEnds.contains(p[i]) { i += 1 }
        return i
    }

    private static func half(_ p: [UInt32], _ k: Int) -> Int? {
        for word in halves where p.hasPrefix(word, at: k, end: p.count) { return k + word.count }
        return nil
    }

    private static func digits(_ p: [UInt32], _ start: Int) -> (value: Int, end: Int)? {
        var i = start
        var value = 0
        while i < p.count, i - start < 2, isDigit(p[i]) {
            value = value * 10 + Int(p[i] - 48)
            i += 1
        }
        if i < p.count, isDigit(p[i]) { return nil }
        return i > start ? (value, i) : nil
    }

    @inline(__always)
    private static func isDigit(_ s: UInt32) -> Bool { s >= 48 && s <= 57 }
}
