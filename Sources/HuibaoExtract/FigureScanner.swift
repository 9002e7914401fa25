import HuibaoCore

/// A number bound to its unit in a paragraph, before it is classified.
struct Figure {
    /// Normalized positions: the number itself, and the whole figure with qualifiers and unit.
    var numberStart: Int
    var numberEnd: Int
    var start: Int
    var end: Int
    var value: Double
    /// The unit as ids, not strings, so a figure is plain data and costs nothing to copy: the strings are
    /// `UnitTable.written(of:)` and `UnitTable.baseNames[baseID]`.
    var baseID: Int
    var factor: Double
    var unitClass: UnitClass
    var capacity: Bool
    var qualifier: Qualifier?
    var unitKinds: UnitKinds = []
    /// `UnitTable.Unit.id`; -1 for a share written in words (百分之九十, 三分之一).
    var unitID = -1
    /// `UnitTable.Prefix.id` of 万/亿 written before the unit (2万人); -1 when there is none.
    var prefixID = -1
    /// A bound that is followed by a noun (80吨以下汽车衡): the figure is a spec, unless a later figure makes
    /// it a threshold of the subject.
    var boundBeforeNoun = false
}

/// Finds figures (number + unit) in a paragraph and drops what is not a metric: dates, ordinals, frequencies,
/// rankings, names and slogans, numbers inside quotes and titles, list markers, codes and phone numbers.
struct FigureScanner {
    let units: UnitTable
    let notMetrics: [[UInt32]]
    /// The first scalars of `notMetrics`: most figures start with none of them.
    let notMetricFirsts: ScalarSet

    init(units: UnitTable, notMetrics: [[UInt32]]) {
        self.units = units
        self.notMetrics = notMetrics
        self.notMetricFirsts = ScalarSet(notMetrics.compactMap(\.first))
        var byStart: [(first: UInt32, second: UInt32, phrases: [[UInt32]])] = []
        for phrase in notMetrics where phrase.count >= 2 {
            if let k = byStart.firstIndex(where: { $0.first == phrase[0] && $0.second == phrase[1] }) {
                byStart[k].phrases.append(phrase)
            } else {
                byStart.append((phrase[0], phrase[1], [phrase]))
            }
        }
        self.notMetricsByStart = byStart
        self.yuanID = units.unitID(in: [0x5143], at: 0, end: 1)  // 元
    }

    /// The unit 元, for sums written with the yuan sign (¥); -1 when a unit table has none.
    private let yuanID: Int

    /// The phrases of `notMetrics` by their first two scalars: 24小时值班 and the like begin with a digit, as most
    /// figures do, so each is tried only on a figure that begins the same way. A short list searched in order:
    /// hashing a dictionary key per figure cost more.
    private let notMetricsByStart: [(first: UInt32, second: UInt32, phrases: [[UInt32]])]

    private static func scalars(_ s: String) -> [UInt32] { s.unicodeScalars.map(\.value) }
    private static let beforeQualifiers: [([UInt32], Qualifier)] =
        ([
            ("超过", .over), ("突破", .breakthrough), ("约有", .about), ("不足", .under), ("不到", .under), ("大约", .about),
            ("将近", .nearly), ("接近", .nearly), ("近", .nearly), ("约", .about), ("逾", .over), ("超", .over),
        ] as [(String, Qualifier)]).map { (scalars($0.0), $0.1) }
    private static let afterQualifiers: [([UInt32], Qualifier)] =
        ([
            ("及以上", .above), ("及以下", .below), ("以上", .above), ("以下", .below), ("以内", .within),
            ("左右", .around), ("余", .plus), ("多", .more),
        ] as [(String, Qualifier)]).map { (scalars($0.0), $0.1) }
    private static let beforeQualifierLasts = ScalarSet(beforeQualifiers.map { $0.0[$0.0.count - 1] })
    private static let afterQualifierFirsts = ScalarSet(afterQualifiers.map { $0.0[0] })
    /// …and 约 ends 签约, 预约, 节约, 合约 … (签约23.7万人 signed up 23.7万 people, exactly).
    private static let notQualifierBefore: ScalarSet = ScalarSet("最附临靠签预制合节条公契履违特邀赴践")
    /// After a figure, these make it a span of time (3个多月, 2年余).
    private static let durationAfter: ScalarSet = ScalarSet("月年周")
    private static let rangeMarks: ScalarSet = ScalarSet("-~—–至到")
    private static let listMarks: ScalarSet = ScalarSet("、和及与或")
    private static let yu: UInt32 = 0x4F59, duo: UInt32 = 0x591A
    private static let convert: UInt32 = 0x6298, combine: UInt32 = 0x5408  // 折 合
    private static let percentWord = scalars("百分之")
    private static let fractionWord = scalars("分之")
    private static let chineseOne: ScalarSet = [0x4E00, 0x58F9]

    func figures(in p: [UInt32]) -> [Figure] {
        var found: [Figure] = []
        figures(in: p, into: &found)
        return found
    }

    /// The same, into an array the caller keeps from paragraph to paragraph (emptied first).
    /// `mayHaveQuotes: false` says the caller knows there is no quote mark in `p`.
    func figures(in p: [UInt32], into found: inout [Figure], mayHaveQuotes: Bool = true) {
        found.removeAllKeepingCapacity()
        let n = p.count
        let quoted = mayHaveQuotes ? FigureScanner.quotedMask(p) : []
        let classes = TextTables.classes
        var i = 0
        while i < n {
            let c = p[i]
            let cls = c < 0x10000 ? classes[Int(c)] : 0
            if cls & (TextTables.digit | TextTables.chineseNumeral) == 0 {
                i += 1
                continue
            }
            var percentOf = false
            var start = i
            var number: NumberReader.Reading?
            var chinese = false
            var runEnd = i
            if cls & TextTables.digit != 0 {
                number = NumberReader.arabic(p, at: i, end: n)
                runEnd = number?.end ?? i + 1
                // Part of a code, a model or a road (G312, 5G, PM2.5): not a count.
                if i > 0, TextTables.classOf(p[i - 1]) & (TextTables.letter | TextTables.digit) != 0 { number = nil }
                if p[i] == 48, runEnd - i > 1, p[i + 1] != 46 { number = nil }  // 0934…: a phone or code
            } else {
                if p.hasPrefix(FigureScanner.percentWord, at: i, end: n) {
                    percentOf = true
                    let at = i + 3
                    if at < n, TextTables.classOf(p[at]) & TextTables.digit != 0 {
                        number = NumberReader.arabic(p, at: at, end: n)
                        runEnd = number?.end ?? at
                    } else {
                        runEnd = NumberReader.chineseRunEnd(p, at: at, end: n)
                        number = NumberReader.chineseValue(p, from: at, to: runEnd).map {
                            .init(value: $0, end: runEnd)
                        }
                        runEnd = max(runEnd, at)
                    }
                    runEnd = FigureScanner.chineseDecimal(p, reading: &number, end: runEnd, limit: n)
                } else {
                    chinese = true
                    runEnd = NumberReader.chineseRunEnd(p, at: i, end: n)
                    // Numerals do not start with 百 千 万 亿 (百姓, 千方百计, 万家灯火), except after a qualifier
                    // (近千家, 逾百人).
                    if NumberReader.chineseMultiplier(c) != nil, c != 0x5341, qualifierBefore(p, i) == nil {
                        i = runEnd
                        continue
                    }
                    number = chineseReading(p, from: i, runEnd: runEnd, limit: n)
                    if let r = number { runEnd = r.end }
                    runEnd = FigureScanner.chineseDecimal(p, reading: &number, end: runEnd, limit: n)
                }
            }
            guard var reading = number, quoted.isEmpty || !quoted[i] else {
                i = max(runEnd, i + 1)
                continue
            }
            reading.end = runEnd
            if percentOf {
                // 不足百分之五十, 百分之六十以上: the same qualifiers as around 50%.
                var start = i
                var end = runEnd
                var qualifier: Qualifier?
                if let (at, before) = qualifierBefore(p, i) {
                    start = at
                    qualifier = before
                } else if let (length, after) = FigureScanner.qualifierAfter(p, at: end, limit: n) {
                    qualifier = after
                    end += length
                }
                found.append(
                    Figure(
                        numberStart: i,
                        numberEnd: runEnd,
                        start: start,
                        end: end,
                        value: reading.value,
                        baseID: units.percentBaseID,
                        factor: 1,
                        unitClass: .percent,
                        capacity: false,
                        qualifier: qualifier
                    )
                )
                i = end
                continue
            }
            // The list's first item is `reading` at `i`; an empty array allocates nothing, and most figures stand alone.
            var list: [(start: Int, reading: NumberReader.Reading)] = []
            var j = runEnd
            // 三分之一: a share.
            if p.hasPrefix(FigureScanner.fractionWord, at: j, end: n), let denominator = Optional(reading.value),
                denominator > 0
            {
                let numStart = j + 2
                let numEnd = NumberReader.chineseRunEnd(p, at: numStart, end: n)
                if let numerator = NumberReader.chineseValue(p, from: numStart, to: numEnd)
                    ?? NumberReader.arabic(p, at: numStart, end: n).map(\.value)
                {
                    let end = max(numEnd, NumberReader.arabic(p, at: numStart, end: n)?.end ?? numEnd)
                    let value = (numerator / denominator * 10000).rounded() / 100
                    var figure = Figure(
                        numberStart: i,
                        numberEnd: end,
                        start: i,
                        end: end,
                        value: value,
                        baseID: units.percentBaseID,
                        factor: 1,
                        unitClass: .percent,
                        capacity: false,
                        qualifier: nil
                    )
                    if let (at, qualifier) = qualifierBefore(p, i) {
                        figure.start = at
                        figure.qualifier = qualifier
                    }
                    found.append(figure)
                    i = end
                    continue
                }
            }
            // 5-8家, 5至8家: one figure, the lower bound.
            var rangeEnd: Int?
            if j + 1 < n, FigureScanner.rangeMarks.contains(p[j]),
                let second = self.number(p, at: j + 1, limit: n, chinese: chinese)
            {
                rangeEnd = second.end
            }
            // 3、5、7家: a list that shares its unit.
            if rangeEnd == nil {
                var k = j
                while k + 1 < n, FigureScanner.listMarks.contains(p[k]), units.unitID(in: p, at: k, end: n) < 0,
                    let next = self.number(p, at: k + 1, limit: n, chinese: chinese)
                {
                    if list.isEmpty { list.append((i, reading)) }
                    list.append((k + 1, next))
                    k = next.end
                }
                if list.count > 1, bind(p, at: k, limit: n) != nil { j = k } else { list.removeAll() }
            }
            if let rangeEnd { j = rangeEnd }
            guard var bound = bind(p, at: j, limit: n) ?? yuanSign(p, before: i, end: j) else {
                i = j > i ? j : i + 1
                continue
            }
            // Chinese 一 alone is an article (一批, 一张图, 一次), not a count.
            if list.isEmpty, chinese, runEnd - i == 1, FigureScanner.chineseOne.contains(c) {
                i = bound.end
                continue
            }
            // Qualifier before the number (近500家); 最近, 附近 are not one.
            start = i
            if list.isEmpty, let (at, qualifier) = qualifierBefore(p, i) {
                if bound.qualifier == nil { bound.qualifier = qualifier }
                start = at
            }
            // 超过3%的企业有27家: a bound before the number, then 的 and a noun, can be part of the subject too.
            if bound.qualifier == .over || bound.qualifier == .under, bound.end + 1 < n, p[bound.end] == 0x7684,
                TextTables.isCJK(p[bound.end + 1])
            {
                bound.boundBeforeNoun = true
            }
            // The unit's fields are read in place: a copy of the unit retained and released its strings and words.
            let unitClass = units.all[bound.unitID].unitClass
            let excluded =
                excluded(p, numberStart: i, end: bound.end, unitClass: unitClass, quoted: quoted)
                || FigureScanner.isVague(p, numberStart: i)
                || FigureScanner.isPieceCount(p, start: start, end: bound.end)
                || (units.all[bound.unitID].kinds.contains(.age) && bound.end < n && TextTables.isCJK(p[bound.end]))
            if !excluded {
                let count = max(1, list.count)
                for index in 0..<count {
                    let item = list.isEmpty ? (start: i, reading: reading) : list[index]
                    let last = index == count - 1
                    found.append(
                        Figure(
                            numberStart: item.start,
                            numberEnd: item.reading.end,
                            start: count == 1 ? start : item.start,
                            end: last ? bound.end : item.reading.end,
                            value: item.reading.value,
                            baseID: units.baseIDs[bound.unitID],
                            factor: bound.prefixFactor * units.all[bound.unitID].factor,
                            unitClass: unitClass,
                            capacity: units.all[bound.unitID].capacity,
                            qualifier: bound.qualifier,
                            unitKinds: units.all[bound.unitID].kinds,
                            unitID: bound.unitID,
                            prefixID: bound.prefixID,
                            boundBeforeNoun: bound.boundBeforeNoun
                        )
                    )
                }
            }
            i = bound.end
        }
        dropThresholds(&found, in: p)
    }

    /// 以上, 左右, 余 … written at `i`, after a unit or a share in words: its length and the qualifier.
    private static func qualifierAfter(_ p: [UInt32], at i: Int, limit n: Int) -> (Int, Qualifier)? {
        guard i < n, afterQualifierFirsts.contains(p[i]) else { return nil }
        for (word, qualifier) in afterQualifiers where p.hasPrefix(word, at: i, end: n) {
            return (word.count, qualifier)
        }
        return nil
    }

    private func qualifierBefore(_ p: [UInt32], _ i: Int) -> (Int, Qualifier)? {
        // Every qualifier ends with one of a few scalars: most numbers have none of them before.
        guard i > 0, FigureScanner.beforeQualifierLasts.contains(p[i - 1]) else { return nil }
        for (word, qualifier) in FigureScanner.beforeQualifiers where i >= word.count {
            let at = i - word.count
            guard p.hasPrefix(word, at: at, end: i) else { continue }
            // 签约 is a word; 折合约 is 折合 then 约.
            if word.count == 1, at > 0, FigureScanner.notQualifierBefore.contains(p[at - 1]),
                !(at > 1 && p[at - 2] == FigureScanner.convert && p[at - 1] == FigureScanner.combine)
            {
                return nil
            }
            return (at, qualifier)
        }
        return nil
    }

    // MARK: - Numbers

    private func number(_ p: [UInt32], at i: Int, limit n: Int, chinese: Bool) -> NumberReader.Reading? {
        guard i < n else { return nil }
        if chinese {
            let end = NumberReader.chineseRunEnd(p, at: i, end: n)
            return chineseReading(p, from: i, runEnd: end, limit: n)
        }
        return NumberReader.arabic(p, at: i, end: n)
    }

    /// A Chinese numeral, leaving a trailing 万/亿/千 to the unit when one follows (一百二十万元 → 120 万元).
    private func chineseReading(_ p: [UInt32], from start: Int, runEnd: Int, limit n: Int) -> NumberReader.Reading? {
        var end = runEnd
        for trim in 1...2 where runEnd - trim > start {
            let at = runEnd - trim
            guard NumberReader.chineseMultiplier(p[at]) != nil else { break }
            // 一百二十万元: 万元 is the unit. 一百二十家: 十 belongs to the number.
            let large = p[at] == 0x4E07 || p[at] == 0x4EBF
            if units.unitID(in: p, at: at, end: n) >= 0 || (large && units.prefix(in: p, at: at, end: n) != nil) {
                end = at
                break
            }
        }
        guard let value = NumberReader.chineseValue(p, from: start, to: end) else { return nil }
        return NumberReader.Reading(value: value, end: end)
    }

    /// 九十五点五: the decimals of a Chinese numeral.
    private static func chineseDecimal(
        _ p: [UInt32],
        reading: inout NumberReader.Reading?,
        end: Int,
        limit n: Int
    ) -> Int {
        guard var r = reading, end + 1 < n, p[end] == 0x70B9, NumberReader.chineseDigit(p[end + 1]) != nil else {
            return end
        }
        var i = end + 1
        var scale = 0.1
        while i < n, let d = NumberReader.chineseDigit(p[i]) {
            r.value += Double(d) * scale
            scale /= 10
            i += 1
        }
        r.value = (r.value * 1e9).rounded() / 1e9
        r.end = i
        reading = r
        return i
    }

    // MARK: - Units

    struct Binding {
        /// `UnitTable.Unit.id` and `UnitTable.Prefix.id` (-1: none): ids, so a binding is plain data.
        var unitID: Int
        var prefixID = -1
        var prefixFactor = 1.0
        var qualifier: Qualifier?
        var end: Int
        var boundBeforeNoun = false
    }

    /// ¥32,000,000.00, ￥12.5万: a sum with the yuan sign before it and no unit after (a 万 or 亿 still counts).
    private func yuanSign(_ p: [UInt32], before i: Int, end: Int) -> Binding? {
        guard i > 0, p[i - 1] == 0xA5 || p[i - 1] == 0xFFE5, yuanID >= 0 else { return nil }
        if let prefix = units.prefix(in: p, at: end, end: p.count) {
            return Binding(
                unitID: yuanID,
                prefixID: prefix.id,
                prefixFactor: prefix.factor,
                end: end + prefix.text.count
            )
        }
        return Binding(unitID: yuanID, end: end)
    }

    /// The unit written after a number at `j`, with 余/多 and 万/亿 around it and a qualifier after it.
    func bind(_ p: [UInt32], at start: Int, limit n: Int) -> Binding? {
        var j = start
        // PDF copies put spaces around figures: 共检查企业 120 家.
        while j < n, j - start < 2, p[j] == 32 { j += 1 }
        var qualifier: Qualifier?
        if j < n, p[j] == FigureScanner.yu || p[j] == FigureScanner.duo, units.unitID(in: p, at: j, end: n) < 0 {
            qualifier = p[j] == FigureScanner.yu ? .plus : .more
            j += 1
        }
        var prefix: UnitTable.Prefix?
        var unit = units.unitID(in: p, at: j, end: n)
        if unit < 0, let pre = units.prefix(in: p, at: j, end: n) {
            var k = j + pre.text.count
            if qualifier == nil, k < n, p[k] == FigureScanner.yu || p[k] == FigureScanner.duo {
                qualifier = p[k] == FigureScanner.yu ? .plus : .more
                k += 1
            }
            let u = units.unitID(in: p, at: k, end: n)
            if u >= 0, units.all[u].unitClass.takesPrefix, units.all[u].factor == 1 || units.all[u].unitClass != .money
            {
                prefix = pre
                unit = u
                j = k
            }
        }
        guard unit >= 0 else { return nil }
        j += units.all[unit].text.count
        // 3个月 is a span of time; 3.5万亩年底前 is an area with a deadline after it.
        if j < n, FigureScanner.durationAfter.contains(p[j]), units.all[unit].kinds.contains(.span) { return nil }
        var boundBeforeNoun = false
        if qualifier == nil, let (length, q) = FigureScanner.qualifierAfter(p, at: j, limit: n) {
            if q == .plus || q == .more, j + 1 < n, FigureScanner.durationAfter.contains(p[j + 1]) { return nil }
            qualifier = q
            j += length
            if q == .above || q == .below, j < n, TextTables.isCJK(p[j]), p[j] != 0x7684 || j + 1 < n {
                boundBeforeNoun = true
            }
        }
        return Binding(
            unitID: unit,
            prefixID: prefix?.id ?? -1,
            prefixFactor: prefix?.factor ?? 1,
            qualifier: qualifier,
            end: j,
            boundBeforeNoun: boundBeforeNoun
        )
    }

    // MARK: - Not metrics

    private static let ordinal: UInt32 = 0x7B2C  // 第
    private static let front: UInt32 = 0x524D  // 前
    private static let rankUnits: Set<String> = ["名", "位"]

    private func excluded(_ p: [UInt32], numberStart i: Int, end: Int, unitClass: UnitClass, quoted: [Bool]) -> Bool {
        if i > 0, p[i - 1] == FigureScanner.ordinal { return true }
        // Names and slogans with numerals (四个意识, 两个维护).
        if notMetricFirsts.contains(p[i]), i + 1 < p.count,
            let group = notMetricsByStart.first(where: { $0.first == p[i] && $0.second == p[i + 1] })
        {
            for phrase in group.phrases where p.hasPrefix(phrase, at: i, end: p.count) { return true }
        }
        // 每月一次, 每季度开展一次: a frequency; 为期45天, 连续3天: a campaign's length. Only a count or time in a
        // unit of occasions can be one, so the clause is read back for 每 only then.
        if unitClass == .count || unitClass == .time, FigureScanner.isFrequencyUnit(p, end: end),
            p[FigureScanner.clauseStart(p, before: i)..<i].contains(0x6BCF)
        {
            return true
        }
        let clauseEnd = FigureScanner.clauseEnd(p, from: end)
        if unitClass == .time {
            for word in FigureScanner.durationCues
            where i >= word.count && p.hasPrefix(word, at: i - word.count, end: i) {
                return true
            }
        }
        // 九个县区中排名第一: the pool of a ranking.
        let rankingFirsts = FigureScanner.rankingFirsts
        var m = end
        while m + 2 <= clauseEnd {
            if rankingFirsts.contains(p[m]) {
                for word in FigureScanner.rankingCues where p.hasPrefix(word, at: m, end: clauseEnd) { return true }
            }
            m += 1
        }
        if i > 0, p[i - 1] == FigureScanner.front, FigureScanner.isRankUnit(p, end: end) { return true }
        return false
    }

    private static let durationCues: [[UInt32]] = ["为期", "连续", "历时", "持续", "用时", "长达", "近"].map(scalars)
    private static let rankingCues: [[UInt32]] = ["排名", "位列", "位居", "名列", "排第"].map(scalars)
    private static let rankingFirsts = ScalarSet(rankingCues.map { $0[0] })

    /// 次 轮 场 期 alone (每月一次): 批次 and 人次 under 每 are rates (每千人4批次), not schedules.
    private static func isFrequencyUnit(_ p: [UInt32], end: Int) -> Bool {
        guard end > 0 else { return false }
        let last = p[end - 1]
        guard last == 0x6B21 || last == 0x8F6E || last == 0x573A || last == 0x671F else { return false }
        guard end > 1 else { return true }
        let before = p[end - 2]
        return TextTables.classOf(before) & (TextTables.digit | TextTables.chineseNumeral) != 0 || before == 0x4F59
            || before == 0x591A
    }

    private static func isRankUnit(_ p: [UInt32], end: Int) -> Bool {
        guard end > 0 else { return false }
        return p[end - 1] == 0x540D || p[end - 1] == 0x4F4D  // 名 位
    }

    static func clauseStart(_ p: [UInt32], before i: Int) -> Int {
        var k = i
        // Bounded, so text without punctuation costs no more than text with it.
        while k > 0, i - k < 120, !TextTables.isClauseBreak(p[k - 1]) { k -= 1 }
        return k
    }

    static func clauseEnd(_ p: [UInt32], from i: Int) -> Int {
        var k = i
        while k < p.count, k - i < 120, !TextTables.isClauseBreak(p[k]) { k += 1 }
        return k
    }

    /// 亿元以上项目12个, 5000万元以上的企业23家: a bound before a noun is part of the subject when the clause
    /// goes on to a figure of its own.
    private func dropThresholds(_ figures: inout [Figure], in p: [UInt32]) {
        guard figures.contains(where: \.boundBeforeNoun) else { return }
        var keep: [Figure] = []
        for (index, figure) in figures.enumerated() {
            if figure.boundBeforeNoun, index + 1 < figures.count {
                let clauseEnd = FigureScanner.clauseEnd(p, from: figure.end)
                if figures[index + 1].numberStart < clauseEnd { continue }
            }
            keep.append(figure)
        }
        figures = keep
    }

    /// 数十家, 数百人: dozens, hundreds — no figure.
    private static func isVague(_ p: [UInt32], numberStart i: Int) -> Bool {
        i > 0 && p[i - 1] == 0x6570 && i < p.count
            && (p[i] == 0x5341 || p[i] == 0x767E || p[i] == 0x5343 || p[i] == 0x4E07)  // 数 十百千万
    }

    /// …工作总结（2篇）: a count of the pieces in a collection, in brackets after its title, is metadata.
    private static func isPieceCount(_ p: [UInt32], start: Int, end: Int) -> Bool {
        start > 0 && end < p.count && (p[start - 1] == 0xFF08 || p[start - 1] == 40)
            && (p[end] == 0xFF09 || p[end] == 41)
            && p[end - 1] == 0x7BC7  // 篇
    }

    /// Positions inside “…”, 《…》, 〔…〕 and 【…】 (names, titles, document numbers), when the quote closes
    /// within a short distance.
    private static let quoteOpeners: ScalarSet = [0x201C, 0x300A, 0x3014, 0x3010, 0x2018]

    /// Empty when the paragraph has no quote at all, as most have not.
    static func quotedMask(_ p: [UInt32]) -> [Bool] {
        var mask: [Bool] = []
        var i = 0
        while i < p.count {
            guard quoteOpeners.contains(p[i]) else {
                i += 1
                continue
            }
            let close: UInt32
            switch p[i] {
            case 0x201C: close = 0x201D
            case 0x300A: close = 0x300B
            case 0x3014: close = 0x3015
            case 0x3010: close = 0x3011
            case 0x2018: close = 0x2019
            default:
                i += 1
                continue
            }
            var k = i + 1
            while k < p.count, k - i <= 40, p[k] != close { k += 1 }
            if k < p.count, p[k] == close {
                if mask.isEmpty { mask = [Bool](repeating: false, count: p.count) }
                for m in i...k { mask[m] = true }
                i = k + 1
            } else {
                i += 1
            }
        }
        return mask
    }
}
