import HuibaoCore

/// What a figure means in its clause: kind, category, action and subject.
struct FigureMeaning {
    var kind: MetricKind
    var category: MetricCategory
    /// Ranges of the paragraph's normalized text; strings are made only for the metric.
    var action: Range<Int>?
    var subject: Range<Int>?
    /// The lexicon entry when the action is one word, whose string is made once (`Lexicon.spelled`).
    var actionEntry: Int?
}

/// Reads the words around a figure. The clause is the unit of meaning: the words since the previous figure
/// of the clause say what was done (检查, 出动); the words after it, what was counted (学校食堂).
struct FigureClassifier {
    /// A run of the paragraph's hits; a slice of a buffer pointer, so taking one costs no reference counting.
    typealias Hits = Slice<UnsafeBufferPointer<Lexicon.Hit>>

    let text: [UInt32]
    /// Valid while the classifier is: it is made inside `withUnsafeBufferPointer` of the paragraph's hits.
    let allHits: UnsafeBufferPointer<Lexicon.Hit>
    let sectionIsPlan: Bool
    /// The heading the paragraph stands under is about attracting investment (招商, 引资).
    let sectionAttractsInvestment: Bool
    let breaks: ParagraphBreaks

    private static let possessive: UInt32 = 0x7684  // 的

    /// 招商引资…到位资金21.3亿元: money in place in a paragraph or section on attracting investment is investment; 国债项目
    /// 到位资金277万元 elsewhere is funding received.
    private func investmentInPlace(_ figure: Figure, from start: Int) -> Bool {
        // Scalars compared in place (到位): this runs for most sums of money, and a static word list is a lazy
        // global.
        guard figure.unitClass == .money,
            (start..<max(start, figure.start - 1)).contains(where: { text[$0] == 0x5230 && text[$0 + 1] == 0x4F4D })
        else { return false }
        return sectionAttractsInvestment || ExtractionRun.mentions(text[...], ExtractionRun.attractingWords)
    }

    func meaning(
        of figure: Figure,
        previous: Figure?,
        previousMeaning: FigureMeaning?,
        next: Figure?,
        sameUnitCategory: MetricCategory? = nil
    ) -> FigureMeaning {
        let p = text
        let clauseStart = breaks.clauseStart(before: figure.numberStart)
        let clauseEnd = breaks.clauseEnd(from: figure.end)
        let sentenceStart = breaks.sentenceStart(before: clauseStart)
        let sentenceEnd = breaks.sentenceEnd(from: clauseEnd)
        let previousInClause = previous.map { $0.end > clauseStart && $0.end <= figure.start } ?? false
        let beforeStart = previousInClause ? previous!.end : clauseStart
        let nextInClause = next.map { $0.start >= figure.end && $0.start < clauseEnd } ?? false
        let afterEnd = nextInClause ? next!.start : clauseEnd
        let samePreviousSentence = previous.map { $0.end > sentenceStart && $0.end <= figure.start } ?? false

        // 3家、5家和7家; 28.6%和25%: a list shares the meaning of its first item.
        var listHead = false
        if previousInClause, let previousMeaning, Self.isListGap(p, previous!.end, figure.numberStart) {
            var meaning = previousMeaning
            meaning.subject = subject(of: figure, before: allHits[0..<0], beforeStart: beforeStart, afterEnd: afterEnd)
            // 17种1263例: a neighbour in another unit that the first item names nothing for reads its own words.
            // (A rate of people or enterprises, though its unit names neither, is shared like any other.)
            let shared =
                allowed(meaning.category, for: figure)
                || (previous!.baseID == figure.baseID
                    && (meaning.category == .population || meaning.category == .enterprise))
            if shared, meaning.category != .other || previous!.baseID == figure.baseID {
                return meaning
            }
            // 补助8460人次、486.5万元: a neighbour in another unit is read from the words of the whole item.
            listHead = true
        }

        let percentLike =
            figure.unitClass == .percent || figure.unitClass == .points || figure.unitClass == .times
            || figure.unitClass == .percentTenths
        let before = hits(from: listHead ? clauseStart : beforeStart, to: figure.start)
        // An enumeration's verb comes after all of its items: 对187家公共场所、45所学校开展检查.
        let isListItem = nextInClause && Self.isListGap(p, figure.end, next!.numberStart, allowNouns: true)
        let after = WordsAfter(
            own: hits(from: figure.end, to: Self.itemEnd(p, figure.end, afterEnd)),
            afterList: isListItem ? hits(from: afterEnd, to: clauseEnd) : allHits[0..<0]
        )

        // MARK: Category
        var candidates = CategorySet()
        let beforeHasCategorizedAction = before.contains { $0.has(.A) && $0.category != nil }
        // Of the nouns before the figure only the nearest names what is counted (家庭医生签约服务覆盖人口156万人).
        // …and only within the figure's own list item (商超、15个农贸市场: 商超 is the item before).
        // A list head reads the whole item, whose words stand before the neighbour it follows.
        let itemStart =
            listHead
            ? clauseStart
            : (beforeStart..<figure.start).last { p[$0] == Self.enumerationMark }.map { $0 + 1 } ?? beforeStart
        let nearestNoun = before.lastIndex {
            $0.start >= itemStart && $0.has(.N) && !$0.has(.A) && $0.category.map { allowed($0, for: figure) } == true
        }
        for index in before.startIndex..<before.endIndex {
            let hit = before[index]
            guard let c = hit.category else { continue }
            if hit.has(.N), !hit.has(.A), index != nearestNoun { continue }
            // 家庭医生累计签约23.7万人: staff named before a verb are who acted; the people counted are its object.
            if c == .personnel, hit.has(.N), !hit.has(.A),
                before[(index + 1)...].contains(where: { $0.has(.A) && !$0.has(.C) && $0.category == nil }),
                !Self.sendsStaff(p, from: beforeStart, to: figure.start)
            {
                candidates.append(.population)
                continue
            }
            candidates.append(c)
        }
        for hit in after {
            guard let c = hit.category else { continue }
            if !beforeHasCategorizedAction || hit.has(.N) { candidates.append(c) }
        }
        // 对检查中发现的5家商户，依法立案查处: the case is decided in the clause right after, when that clause
        // has no figure of its own.
        if !percentLike, clauseEnd < sentenceEnd, !nextInClause,
            next.map({ $0.start > Self.clauseEndAfter(p, clauseEnd) }) ?? true
        {
            for hit in hits(from: clauseEnd + 1, to: min(sentenceEnd, clauseEnd + 10))
            where hit.has(.A) && hit.start <= clauseEnd + 5 {
                // Handing a matter on (移交, 移送) decides no case by itself.
                if hit.category == .enforcementCase || hit.category == .penalty, !Self.handsOn(p, hit) {
                    candidates.append(hit.category!)
                }
                break
            }
        }
        // 批次 are sampled batches, except batches of visitors (来访223批次).
        if figure.unitKinds.contains(.batches), !(sentenceStart..<sentenceEnd).contains(where: { p[$0] == Self.visit })
        {
            candidates.append(.sampling)
        }
        // 优抚金1862万元, 慰问金: money named …金 is funding.
        if figure.unitClass == .money, figure.start > 0,
            Self.fundNames.contains(p[figure.start - 1])
                || (figure.end < p.count && Self.fundNames.contains(p[figure.end]))
        {
            candidates.append(.funding)
        }
        // 抽检2860批次，问题发现率3.2%: a rate named after the figure before it counts what that figure counts.
        if percentLike, samePreviousSentence, let inherited = previousMeaning?.category, inherited != .other,
            Self.namesARate(p, beforeStart, figure.start)
        {
            candidates = CategorySet()
            candidates.append(inherited)
        }
        // 人民调解员8632名, 配备网格员: people whose name ends in 员 are staff.
        if figure.unitKinds.contains(.people), !figure.unitKinds.contains(.households),
            Self.namesStaff(p, before: figure.start, after: figure.end)
        {
            candidates.append(.personnel)
        }
        // 发放住房租赁补贴560户: people or households counted right after a word of money are who received it.
        if figure.unitKinds.contains(.people), before.last(where: { $0.has(.N) })?.category == .funding {
            candidates.append(.population)
        }
        let allowedOwn = candidates.filter { allowed($0, for: figure) }
        // 参保率96%, 签约率达到82.5%: a rate named after people counts people; so does the rate or change of a
        // figure of people before it (签约23.7万人，增长6.2%). Units bar people from rates, so this is said apart.
        // 死亡人数同比下降9.4%: so does a change of people the clause names; a satisfaction rate (群众满意率) measures
        // a service, not people.
        // 住院患者次均费用下降5.3%, 低保标准提高6.5%: what comes after the people (费用, 标准) is what is measured.
        var rateOfPeople =
            percentLike
            && (before.last { $0.category == .population }.map { !Self.namesMoney(p, from: $0.end, to: figure.start) }
                ?? false)
            && (Self.namesARate(p, beforeStart, figure.start) || before.contains { $0.has(.C) })
            && !(beforeStart..<figure.start).contains { p.hasPrefix(Self.satisfaction, at: $0, end: figure.start) }
        // 有研发活动的企业占比达到38.5%: a share of enterprises the clause names.
        var rateOfEnterprises = percentLike && before.contains { $0.category == .enterprise }
        // A verb of change (净增3个) says how the figure moved, not what it counts.
        let ownAction =
            before.contains { $0.has(.A) && !$0.has(.C) && !$0.has(.g) }
            || after.contains { $0.has(.A) && $0.category != nil }
        if samePreviousSentence, let inherited = previousMeaning?.category, inherited != .other, let previous {
            if percentLike {
                if allowedOwn.isEmpty, inherited != .personnel {
                    candidates.append(inherited)
                    // …unless it names a rate of its own that is not of those people (合作社规范化率 after 农户; but
                    // 上线1432人，上线率62.7%).
                    rateOfPeople =
                        rateOfPeople
                        || (inherited == .population
                            && Self.rateStem(p, beforeStart, figure.start).map {
                                Self.mentions(p, $0, from: sentenceStart, to: previous.end)
                            } ?? true)
                    rateOfEnterprises = rateOfEnterprises || inherited == .enterprise
                }
            } else if !ownAction, allowedOwn.isSubset(of: [.enterprise]),
                previous.baseID == figure.baseID || (allowedOwn.isEmpty && Self.activities.contains(inherited))
            {
                // 演练96场，参演人员1.2万人次: the people of an activity belong to the activity; 查处车辆1136辆，
                // 卸载货物1.9万吨: so do its goods. A penalty owns only what it imposes: 罚没款10.36万元，发放提示书
                // 132份 hands out guidance, not a sanction.
                candidates.append(inherited)
            }
        }
        // 固定资产投资完成38.6亿元……完成年度目标52亿元的74.2%: a sum of money that names nothing counts what the last
        // sum of its sentence in the same unit counts, across figures of other units between them.
        if !percentLike, !ownAction, allowedOwn.isEmpty, figure.unitClass == .money, let sameUnitCategory,
            sameUnitCategory == .investment || sameUnitCategory == .funding || sameUnitCategory == .economicIndicator
        {
            candidates.append(sameUnitCategory)
        }
        var category = candidates.filter { allowed($0, for: figure) }.first ?? .other
        if category == .funding || category == .other, investmentInPlace(figure, from: beforeStart) {
            category = .investment
        }
        // 为612名农民工追回工资: people a thing was done for are who it served, whatever the verb.
        if figure.unitKinds.contains(.people), figure.start > 0, p[figure.start - 1] == Self.forWhom,
            figure.end < p.count, TextTables.isCJK(p[figure.end]), !beforeHasCategorizedAction
        {
            category = .population
        }
        if category == .other, rateOfPeople || rateOfEnterprises { category = rateOfPeople ? .population : .enterprise }
        if figure.unitClass == .time { category = .other }

        // MARK: Kind
        let capacityCue = before.contains { $0.has(.Y) } || after.contains { $0.has(.Y) }
        let isCapacity =
            capacityCue
            || (figure.capacity
                && (figure.boundBeforeNoun
                    || (figure.end < p.count && TextTables.isCJK(p[figure.end]) && figure.qualifier == nil)))
        let change = before.contains { hit in
            guard hit.has(.C) else { return false }
            if Self.leadsToLevel(p, after: hit.end, figureStart: figure.numberStart) { return false }
            // A verb of change (增长, 下降) governs the figure right after it; an anchor (同比, 比上年) the clause.
            return !hit.has(.A) || Self.isChangeGap(p, hit.end, figure.start)
        }
        let ownTarget = before.contains { $0.has(.T) && !Self.isPossessive(p, $0.end) }
        let strongActual = before.contains { $0.has(.M) }
        let weakActual = before.contains { $0.has(.m) }
        let sentenceTarget =
            !samePreviousSentence
            && hits(from: sentenceStart, to: clauseStart).contains {
                $0.has(.T) && !Self.isPossessive(p, $0.end) && !Self.followsAccordingTo(p, $0.start)
            }
        let inheritedTarget = samePreviousSentence && previousMeaning?.kind == .target
        // 主要目标是：完成投资8亿元: a plan announced with a colon governs the list after it.
        let announcedPlan = hits(from: sentenceStart, to: clauseStart).contains {
            $0.has(.T) && $0.end < p.count && (p[$0.end] == 0xFF1A || p[$0.end] == 58)
        }
        let planned =
            !strongActual
            && (ownTarget || announcedPlan || sectionIsPlan || ((sentenceTarget || inheritedTarget) && !weakActual))
        let ofSomething = figure.start > 0 && p[figure.start - 1] == Self.possessive
        let kind: MetricKind
        switch figure.unitClass {
        case .time:
            let promise = hits(from: sentenceStart, to: sentenceEnd).contains { $0.has(.P) }
            // 停电时间同比减少1.4小时: a time can move against a baseline too.
            kind = promise ? .other : (planned ? .target : (change ? .change : .actual))
        case .points:
            kind = ownTarget ? .target : .change
        case .percent, .percentTenths, .times:
            if ofSomething {
                kind = .ratio
            } else if planned {
                kind = .target
            } else {
                kind = change ? .change : .ratio
            }
        case .count, .money, .measure:
            if isCapacity {
                kind = .other
            } else if planned {
                // 力争增长7%左右, 力争净增50家: a change planned is a goal.
                kind = .target
            } else if change {
                kind = .change
            } else {
                kind = .actual
            }
        }
        if isCapacity && figure.unitClass == .measure { category = .other }

        // MARK: Action and subject
        var action: Range<Int>?
        var actionEntry: Int?
        if let last = before.lastIndex(where: { $0.has(.A) }) {
            var first = last
            while first > before.startIndex, before[first - 1].has(.A), before[first - 1].end == before[first].start {
                first -= 1
            }
            action = before[first].start..<before[last].end
            if first == last { actionEntry = before[last].entry }
        } else if let hit = after.first(where: { $0.has(.A) }) {
            action = hit.start..<hit.end
            actionEntry = hit.entry
        } else if samePreviousSentence {
            action = previousMeaning?.action
            actionEntry = previousMeaning?.actionEntry
        }
        return FigureMeaning(
            kind: kind,
            category: category,
            action: action,
            subject: subject(of: figure, before: before, beforeStart: beforeStart, afterEnd: afterEnd),
            actionEntry: actionEntry
        )
    }

    /// The hits inside `start..<end`: a slice, since hits are in text order and never overlap.
    private func hits(from start: Int, to end: Int) -> Hits {
        guard start < end else { return allHits[0..<0] }
        // Hits are in text order: binary search the first one at or after `start`.
        var low = 0
        var high = allHits.count
        while low < high {
            let mid = (low + high) / 2
            if allHits[mid].start < start { low = mid + 1 } else { high = mid }
        }
        var i = low
        while i < allHits.count, allHits[i].end <= end { i += 1 }
        return allHits[low..<i]
    }

    private static let listMarks: ScalarSet = ScalarSet("、和及与或 ")

    /// Whether only list marks stand between two figures (3家、5家和7家); with `allowNouns`, a list of
    /// noun-and-figure items (187家公共场所、45所学校).
    private static let rate: UInt32 = 0x7387  // 率
    private static let handOnWords: [[UInt32]] = ["移交", "移送", "暂停"].map { $0.unicodeScalars.map(\.value) }

    private static func handsOn(_ p: [UInt32], _ hit: Lexicon.Hit) -> Bool {
        handOnWords.contains { $0.count == hit.end - hit.start && p.hasPrefix($0, at: hit.start, end: hit.end) }
    }
    private static let visit: UInt32 = 0x8BBF  // 访
    private static let forWhom: UInt32 = 0x4E3A  // 为
    private static let satisfaction: [UInt32] = "满意".unicodeScalars.map(\.value)
    private static let moneyMarks = ScalarSet("费标额金价收支款")

    private static func namesMoney(_ p: [UInt32], from start: Int, to end: Int) -> Bool {
        start < end && (start..<end).contains { moneyMarks.contains(p[$0]) }
    }
    /// 选派医师下沉帮扶86名: verbs that send staff, who stay the ones counted.
    private static let sendingWords: [[UInt32]] = ["选派", "派出", "抽调", "下沉", "出动", "派驻", "组建"].map {
        $0.unicodeScalars.map(\.value)
    }

    private static func sendsStaff(_ p: [UInt32], from start: Int, to end: Int) -> Bool {
        (start..<end).contains { k in sendingWords.contains { p.hasPrefix($0, at: k, end: end) } }
    }
    private static let fundNames = ScalarSet("金")
    private static let enumerationMark: UInt32 = 0x3001  // 、

    private static func namesARate(_ p: [UInt32], _ start: Int, _ end: Int) -> Bool {
        (start..<end).contains { p[$0] == rate }
    }

    /// 签约率: the two characters before 率, when the words name a rate.
    private static func rateStem(_ p: [UInt32], _ start: Int, _ end: Int) -> Range<Int>? {
        guard let r = (start..<end).last(where: { p[$0] == rate }), r - 2 >= start else { return nil }
        return (r - 2)..<r
    }

    /// Whether `p[word]` occurs in `p[start..<end]`.
    private static func mentions(_ p: [UInt32], _ word: Range<Int>, from start: Int, to end: Int) -> Bool {
        guard end - start >= word.count else { return false }
        return (start...(end - word.count)).contains { k in
            word.indices.allSatisfy { p[k + $0 - word.lowerBound] == p[$0] }
        }
    }

    /// The words after a figure up to the next list item (、): 法人单位3860个、产业活动单位4210个.
    private static func itemEnd(_ p: [UInt32], _ start: Int, _ end: Int) -> Int {
        (start..<end).first { p[$0] == enumerationMark } ?? end
    }

    /// Activities whose other figures in the sentence (people, goods, items) belong to them; a penalty is not one.
    private static let activities: CategorySet = [.enforcementCase, .sampling, .inspection, .trainingMeeting]

    private static func clauseEndAfter(_ p: [UInt32], _ clauseEnd: Int) -> Int {
        FigureScanner.clauseEnd(p, from: min(p.count, clauseEnd + 1))
    }

    private static func isListGap(_ p: [UInt32], _ start: Int, _ end: Int, allowNouns: Bool = false) -> Bool {
        guard start <= end else { return false }
        if start == end { return !allowNouns }
        if !allowNouns { return (start..<end).allSatisfy { listMarks.contains(p[$0]) } }
        return (start..<end).contains { listMarks.contains(p[$0]) && p[$0] != 32 }
            && !(start..<end).contains { TextTables.isClauseBreak(p[$0]) }
    }

    private static let staff: UInt32 = 0x5458  // 员

    /// 调解员8632名, 8632名调解员; not 人员 (参演人员 are any people).
    private static func namesStaff(_ p: [UInt32], before start: Int, after end: Int) -> Bool {
        func staffAt(_ i: Int) -> Bool { i > 0 && i < p.count && p[i] == staff && !notStaff.contains(p[i - 1]) }
        return staffAt(start - 1) || staffAt(end + 1) || staffAt(end + 2)
    }

    /// 人员 is read from the lexicon; members (会员, 党员, 团员, 社员), trainees (学员) and the wounded (伤员) are
    /// people served, not staff.
    private static let notStaff = ScalarSet("人会党学团伤社")

    private static let changeGap = ScalarSet("了约近达为超逾 ")

    /// 增长了8%, 下降约2%: only these may stand between a verb of change and its figure.
    private static func isChangeGap(_ p: [UInt32], _ start: Int, _ end: Int) -> Bool {
        end - start <= 2 && (start..<end).allSatisfy { changeGap.contains(p[$0]) }
    }

    private static func isPossessive(_ p: [UInt32], _ end: Int) -> Bool {
        end < p.count && p[end] == possessive
    }

    /// 按照…计划 refers to a plan; 制定…计划 drafts one: in neither is the plan the figure's goal.
    private static let accordingTo: [[UInt32]] = ["按照", "根据", "对照", "依照", "按", "制定", "制订", "印发", "出台"]
        .map { $0.unicodeScalars.map(\.value) }

    /// 按照年度抽检计划: the plan is a reference, not the figure's kind.
    private static func followsAccordingTo(_ p: [UInt32], _ start: Int) -> Bool {
        let from = max(0, start - 8)
        return accordingTo.contains { word in (from..<start).contains { p.hasPrefix(word, at: $0, end: start) } }
    }

    private static func sentenceEnd(_ p: [UInt32], from i: Int) -> Int {
        var k = i
        while k < p.count, k - i < 160, !TextTables.isSentenceBreak(p[k]) { k += 1 }
        return k
    }

    private func allowed(_ category: MetricCategory, for figure: Figure) -> Bool {
        Self.allows(category, unitClass: figure.unitClass, unitKinds: figure.unitKinds)
    }

    /// Categories bound to units: money for investment and funding, people for personnel, 个/项 for projects.
    static func allows(_ category: MetricCategory, unitClass: UnitClass, unitKinds: UnitKinds) -> Bool {
        let figure = (unitClass: unitClass, unitKinds: unitKinds)
        switch category {
        case .investment, .funding:
            // 工业投资12.8亿元，同比增长1.5倍: a multiple of a sum counts what the sum counts.
            return figure.unitClass == .money || figure.unitClass == .percent || figure.unitClass == .points
                || figure.unitClass == .times
        case .projects:
            return figure.unitKinds.contains(.itemCount) || figure.unitKinds.contains(.works)
                || figure.unitClass == .percent
                || figure.unitClass == .percentTenths
        case .personnel:
            return figure.unitKinds.contains(.people) && !figure.unitKinds.contains(.households)
        case .population:
            return figure.unitKinds.contains(.people)
        case .enterprise:
            return figure.unitKinds.contains(.entities)
        case .trainingMeeting:
            // Money for a training (培训补贴资金) is funding: a training is counted in sessions and people.
            return figure.unitClass != .money
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
        // A sentence is read at most this far back: a "sentence" of thousands of clauses is a list.
        while k > 0, i - k < 160, !TextTables.isSentenceBreak(p[k - 1]) { k -= 1 }
        return k
    }

    private static let subjectStops: ScalarSet = ScalarSet("，,；;。：:、的（(“")
    private static let leadingNoise: ScalarSet = ScalarSet("了共对将为在把累计达到已全县市区镇乡")

    /// What is counted: the noun after the unit (186家学校食堂), or between the verb and the number (检查化肥经营单位7家).
    private func subject(
        of figure: Figure,
        before: Hits,
        beforeStart: Int,
        afterEnd: Int
    ) -> Range<Int>? {
        let p = text
        var k = figure.end
        var stop = afterEnd
        if let verb = hits(from: figure.end, to: afterEnd).first(where: { $0.has(.A) }) { stop = verb.start }
        while k < stop, !Self.subjectStops.contains(p[k]), k - figure.end < 16 { k += 1 }
        if k > figure.end, TextTables.isCJK(p[figure.end]) {
            return figure.end..<k
        }
        var start = before.last(where: { $0.has(.A) })?.end ?? beforeStart
        while start < figure.start, Self.leadingNoise.contains(p[start]) || Self.subjectStops.contains(p[start]) {
            start += 1
        }
        var end = figure.start
        while end > start, Self.subjectStops.contains(p[end - 1]) { end -= 1 }
        guard end > start, end - start <= 20 else { return nil }
        return start..<end
    }

    static func string(_ scalars: [UInt32]) -> String { string(scalars, 0, scalars.count) }

    static func string(_ p: [UInt32], _ start: Int, _ end: Int) -> String {
        scalarString(p, start, end)
    }
}

/// The words after a figure: those of its own list item, then, for an item of an enumeration, the verbs with a
/// category after the last item (对187家公共场所、45所学校开展检查: 检查 is read for both).
struct WordsAfter: Sequence {
    let own: FigureClassifier.Hits
    let afterList: FigureClassifier.Hits

    struct Iterator: IteratorProtocol {
        var own: FigureClassifier.Hits.Iterator
        var afterList: FigureClassifier.Hits.Iterator

        mutating func next() -> Lexicon.Hit? {
            if let hit = own.next() { return hit }
            while let hit = afterList.next() {
                if hit.has(.A) && hit.category != nil { return hit }
            }
            return nil
        }
    }

    func makeIterator() -> Iterator { Iterator(own: own.makeIterator(), afterList: afterList.makeIterator()) }
}

/// Categories as bits, in precedence order: the first one set wins.
struct CategorySet: OptionSet, Sendable {
    var rawValue: UInt32

    init(rawValue: UInt32) { self.rawValue = rawValue }

    init(_ category: MetricCategory) {
        rawValue = 1 << UInt32(CategorySet.position(of: category))
    }

    /// The category's place in `MetricCategory.allCases` (its precedence), without hashing.
    static func position(of category: MetricCategory) -> Int {
        switch category {
        case .penalty: return 0
        case .enforcementCase: return 1
        case .sampling: return 2
        case .inspection: return 3
        case .trainingMeeting: return 4
        case .investment: return 5
        case .projects: return 6
        case .funding: return 7
        case .enterprise: return 8
        case .personnel: return 9
        case .population: return 10
        case .economicIndicator: return 11
        case .other: return 12
        }
    }

    /// `position(of:)` the other way round. A switch, like the sets below computed rather than stored: a static
    /// read in the classifier's loops cost a lazy-initialization check each time.
    static func category(at position: Int) -> MetricCategory {
        switch position {
        case 0: return .penalty
        case 1: return .enforcementCase
        case 2: return .sampling
        case 3: return .inspection
        case 4: return .trainingMeeting
        case 5: return .investment
        case 6: return .projects
        case 7: return .funding
        case 8: return .enterprise
        case 9: return .personnel
        case 10: return .population
        case 11: return .economicIndicator
        default: return .other
        }
    }

    static var penalty: CategorySet { CategorySet(.penalty) }
    static var enforcementCase: CategorySet { CategorySet(.enforcementCase) }
    static var sampling: CategorySet { CategorySet(.sampling) }
    static var inspection: CategorySet { CategorySet(.inspection) }
    static var trainingMeeting: CategorySet { CategorySet(.trainingMeeting) }
    static var enterprise: CategorySet { CategorySet(.enterprise) }

    mutating func append(_ category: MetricCategory) { formUnion(CategorySet(category)) }

    func contains(_ category: MetricCategory) -> Bool { contains(CategorySet(category)) }

    func filter(_ keep: (MetricCategory) -> Bool) -> CategorySet {
        var result = CategorySet()
        var bits = rawValue
        while bits != 0 {
            let i = bits.trailingZeroBitCount
            let category = CategorySet.category(at: i)
            if keep(category) { result.append(category) }
            bits &= bits - 1
        }
        return result
    }

    /// The category of highest precedence.
    var first: MetricCategory? { isEmpty ? nil : CategorySet.category(at: rawValue.trailingZeroBitCount) }

    /// `MetricCategory.allCases` builds a new array on every call; this one is built once.
    static let ordered: [MetricCategory] = MetricCategory.allCases
}
