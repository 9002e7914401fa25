import HuibaoCore

/// What a figure means in its clause: kind, category, action and subject.
struct FigureMeaning {
    var kind: MetricKind
    var category: MetricCategory
    var action: String?
    var subject: String?
}

/// Reads the words around a figure. The clause is the unit of meaning: the words since the previous figure
/// of the clause say what was done (检查, 出动); the words after it, what was counted (学校食堂).
struct FigureClassifier {
    let text: [UInt32]
    let hits: [Lexicon.Hit]
    let sectionIsPlan: Bool

    private static let peopleUnits: Set<String> = ["人", "人次", "名", "位", "户", "户次", "例"]
    private static let entityUnits: Set<String> = ["家", "户", "个", "所"]
    private static let possessive: UInt32 = 0x7684  // 的

    func meaning(of figure: Figure, previous: Figure?, previousMeaning: FigureMeaning?, next: Figure?) -> FigureMeaning {
        let p = text
        let clauseStart = FigureScanner.clauseStart(p, before: figure.numberStart)
        let clauseEnd = FigureScanner.clauseEnd(p, from: figure.end)
        let sentenceStart = Self.sentenceStart(p, before: clauseStart)
        let beforeStart = max(clauseStart, previous.map { $0.end <= figure.start ? $0.end : clauseStart } ?? clauseStart)
        let afterEnd = min(clauseEnd, next.map { $0.start >= figure.end ? $0.start : clauseEnd } ?? clauseEnd)
        let before = hits.filter { $0.start >= beforeStart && $0.end <= figure.start }
        let after = hits.filter { $0.start >= figure.end && $0.end <= afterEnd }
        let sentence = hits.filter { $0.start >= sentenceStart && $0.end <= clauseStart }
        let samePreviousSentence = previous.map { $0.end > sentenceStart } ?? false

        // MARK: Category
        var candidates: [MetricCategory] = []
        let beforeHasCategorizedAction = before.contains { $0.has("A") && $0.category != nil }
        for hit in before { if let c = hit.category { candidates.append(c) } }
        for hit in after {
            guard let c = hit.category else { continue }
            if !beforeHasCategorizedAction || hit.has("N") { candidates.append(c) }
        }
        let hasOwnAction = before.contains { $0.has("A") } || after.contains { $0.has("A") && $0.category != nil }
        if !hasOwnAction, samePreviousSentence, let inherited = previousMeaning?.category, inherited != .other {
            candidates.append(inherited)
        }
        var category = MetricCategory.allCases.first { c in candidates.contains(c) && allowed(c, for: figure) } ?? .other
        if candidates.isEmpty, figure.baseUnit == "批次" { category = .sampling }
        if figure.unitClass == .time { category = .other }

        // MARK: Kind
        let isCapacity =
            figure.capacity
            && (figure.boundBeforeNoun
                || (figure.end < p.count && TextTables.isCJK(p[figure.end]) && figure.qualifier == nil))
        let change = before.contains { $0.has("C") && !Self.leadsToLevel(p, after: $0.end, figureStart: figure.numberStart) }
        let ownTarget = before.contains { $0.has("T") && !(($0.end < p.count) && p[$0.end] == Self.possessive) }
        let ownActual = before.contains { $0.has("M") && !$0.has("S") }
        let sentenceTarget = sentence.contains { $0.has("T") && !(($0.end < p.count) && p[$0.end] == Self.possessive) }
        let kind: MetricKind
        switch figure.unitClass {
        case .time:
            kind = .other
        case .points:
            kind = .change
        case .percent, .percentTenths, .times:
            kind = change ? .change : (ownTarget && !ownActual ? .target : .ratio)
        case .count, .money, .measure:
            if isCapacity {
                kind = .other
            } else if change {
                kind = .change
            } else if ownActual {
                kind = .actual
            } else if ownTarget || sentenceTarget || sectionIsPlan {
                kind = .target
            } else if !hasOwnAction, samePreviousSentence, previousMeaning?.kind == .target {
                kind = .target
            } else {
                kind = .actual
            }
        }
        if isCapacity { category = .other }

        // MARK: Action and subject
        var action: String?
        if let last = before.lastIndex(where: { $0.has("A") }) {
            var first = last
            while first > 0, before[first - 1].has("A"), before[first - 1].end == before[first].start { first -= 1 }
            action = Self.string(p, before[first].start, before[last].end)
        } else if let hit = after.first(where: { $0.has("A") }) {
            action = Lexicon.entries[hit.entry].text
        } else if !hasOwnAction, samePreviousSentence {
            action = previousMeaning?.action
        }
        return FigureMeaning(kind: kind, category: category, action: action, subject: subject(of: figure, before: before, beforeStart: beforeStart, afterEnd: afterEnd))
    }

    private func allowed(_ category: MetricCategory, for figure: Figure) -> Bool {
        switch category {
        case .investment, .funding:
            return figure.unitClass == .money || figure.unitClass == .percent || figure.unitClass == .points
        case .projects:
            return figure.unitClass == .count || figure.unitClass == .percent
        case .personnel:
            return FigureClassifier.peopleUnits.contains(figure.baseUnit) && figure.baseUnit != "户"
        case .population:
            return FigureClassifier.peopleUnits.contains(figure.baseUnit) || figure.unitClass == .percent
        case .enterprise:
            return FigureClassifier.entityUnits.contains(figure.baseUnit)
        default:
            return true
        }
    }

    /// 增加到, 提高至: the level reached, not the difference.
    private static func leadsToLevel(_ p: [UInt32], after end: Int, figureStart: Int) -> Bool {
        guard end < figureStart else { return false }
        let next = p[end]
        return next == 0x5230 || next == 0x81F3  // 到 至
    }

    private static func sentenceStart(_ p: [UInt32], before i: Int) -> Int {
        var k = i
        while k > 0, TextTables.classOf(p[k - 1]) & TextTables.sentenceBreak == 0 { k -= 1 }
        return k
    }

    private static let subjectStops: Set<UInt32> = Set("，,；;。：:、的（(“".unicodeScalars.map(\.value))
    private static let leadingNoise: Set<UInt32> = Set("了共对将为在把累计达到已全县市区镇乡".unicodeScalars.map(\.value))

    /// What is counted: the noun after the unit (186家学校食堂), or between the verb and the number (检查化肥经营单位7家).
    private func subject(of figure: Figure, before: [Lexicon.Hit], beforeStart: Int, afterEnd: Int) -> String? {
        let p = text
        var k = figure.end
        var stop = afterEnd
        if let verb = hits.first(where: { $0.start >= figure.end && $0.start < afterEnd && $0.has("A") }) { stop = verb.start }
        while k < stop, !Self.subjectStops.contains(p[k]), k - figure.end < 16 { k += 1 }
        if k > figure.end, TextTables.isCJK(p[figure.end]) {
            return Self.string(p, figure.end, k)
        }
        var start = before.last(where: { $0.has("A") })?.end ?? beforeStart
        while start < figure.start, Self.leadingNoise.contains(p[start]) || Self.subjectStops.contains(p[start]) { start += 1 }
        var end = figure.start
        while end > start, Self.subjectStops.contains(p[end - 1]) { end -= 1 }
        guard end > start, end - start <= 20 else { return nil }
        return Self.string(p, start, end)
    }

    static func string(_ p: [UInt32], _ start: Int, _ end: Int) -> String {
        var view = String.UnicodeScalarView()
        for s in p[start..<end] { if let u = Unicode.Scalar(s) { view.append(u) } }
        return String(view)
    }
}
