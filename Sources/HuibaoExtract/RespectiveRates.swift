import HuibaoCore

/// 事故7起、死亡5人，同比分别下降22.2%和28.6%: a list of rates after 分别 pairs with the figures before it, one
/// to one, so each rate counts what its own figure counts (accidents, then deaths). When the clause names what
/// the rates are of (事故起数、死亡人数分别下降14%和9.5%), those names pair with them instead.
extension FigureClassifier {
    private static let nameSeparators = ScalarSet("、和及与")
    private static let person: UInt32 = 0x4EBA  // 人
    private static let moneyEnds = ScalarSet("额金元款")

    func pairRespectiveRates(_ figures: [Figure], _ meanings: inout [FigureMeaning]) {
        var i = 0
        while i < figures.count {
            guard isRate(figures[i]), let marker = respectivelyMarker(figures, i) else {
                i += 1
                continue
            }
            let clauseStart = breaks.clauseStart(before: figures[i].numberStart)
            var end = i + 1
            while end < figures.count, isRate(figures[end]),
                breaks.clauseStart(before: figures[end].numberStart) == clauseStart
            {
                end += 1
            }
            let count = end - i
            guard count > 1 else {
                i = end
                continue
            }
            let namesStart = i > 0 ? max(clauseStart, figures[i - 1].end) : clauseStart
            if let names = namedCategories(from: namesStart, to: marker), names.count == count {
                for k in 0..<count { meanings[i + k].category = names[k] }
            } else {
                let first = i - count
                let sentenceStart = breaks.sentenceStart(before: figures[i].numberStart)
                if first >= 0, figures[first].start >= sentenceStart, (first..<i).allSatisfy({ !isRate(figures[$0]) }) {
                    for k in 0..<count {
                        meanings[i + k].category = rateCategory(meanings[first + k].category, figures[i + k])
                    }
                }
            }
            i = end
        }
    }

    /// A rate of people or enterprises counts them too, though its unit names neither.
    private func rateCategory(_ named: MetricCategory, _ rate: Figure) -> MetricCategory {
        let follows =
            named == .population || named == .enterprise
            || Self.allows(named, unitClass: rate.unitClass, unitKinds: rate.unitKinds)
        return follows ? named : .other
    }

    /// 事故起数、死亡人数: the categories of a list of names, or nil when the words hold no list.
    private func namedCategories(from start: Int, to end: Int) -> [MetricCategory]? {
        guard start < end else { return nil }
        var bounds = [start]
        for k in start..<end where Self.nameSeparators.contains(text[k]) { bounds.append(k + 1) }
        guard bounds.count > 1 else { return nil }
        bounds.append(end + 1)
        var names: [MetricCategory] = []
        for n in 0..<(bounds.count - 1) {
            let from = bounds[n]
            let to = bounds[n + 1] - 1
            guard to - from >= 2 else { return nil }
            let words = allHits.filter { $0.start >= from && $0.end <= to && $0.category != nil }
            // 人次, 受伤人数: a count of people, named or not; 群众损失金额 is money, whoever lost it.
            let ofMoney = to > from && Self.moneyEnds.contains(text[to - 1])
            let ofPeople =
                !ofMoney
                && (words.first?.category == .population
                    || (words.isEmpty && (from..<to).contains { text[$0] == Self.person }))
            names.append(ofPeople ? .population : .other)
        }
        return names
    }

    private func isRate(_ figure: Figure) -> Bool {
        figure.unitClass == .percent || figure.unitClass == .points || figure.unitClass == .percentTenths
    }

    /// Where 分别 stands in the figure's clause before it, after the previous figure.
    private func respectivelyMarker(_ figures: [Figure], _ i: Int) -> Int? {
        let clauseStart = breaks.clauseStart(before: figures[i].numberStart)
        let from = i > 0 ? max(clauseStart, figures[i - 1].end) : clauseStart
        let to = figures[i].start
        guard to - from >= 2 else { return nil }
        // Compared in place: this runs for every rate, and a static word is a lazy global.
        return (from...(to - 2)).first { text[$0] == 0x5206 && text[$0 + 1] == 0x522B }  // 分别
    }
}
