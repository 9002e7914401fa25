import HuibaoCore

/// 共检查653家，其中学校食堂186家: the figure before 其中 is a total, the figures after it in the same
/// sentence and unit are its parts, so a rollup adds one or the other, never both. Rates and changes are never
/// parts.
enum TotalsAndParts {
    static func mark(
        _ metrics: inout [Metric],
        from first: Int,
        figures: [Figure],
        hits: [Lexicon.Hit],
        text p: [UInt32]
    ) {
        for hit in hits where hit.has(.W) {
            var sentenceEnd = hit.end
            while sentenceEnd < p.count, sentenceEnd - hit.end < 160,
                !TextTables.isSentenceBreak(p[sentenceEnd])
            {
                sentenceEnd += 1
            }
            // The total is in the sentence of 其中, or in the one before when 其中 opens its sentence.
            var searchStart = sentenceStart(p, before: hit.start)
            if figures.allSatisfy({ !($0.start >= searchStart && $0.end <= hit.start) }), searchStart > 0 {
                searchStart = sentenceStart(p, before: searchStart - 1)
            }
            for (offset, figure) in figures.enumerated() where figure.start >= hit.end && figure.start < sentenceEnd {
                guard isAdditive(figure.unitClass) else { continue }
                let index = first + offset
                // 其中农村发展党员165名，较上年增加23名: a change against a baseline is not a part of the total.
                guard metrics[index].role == nil, metrics[index].kind != .change else { continue }
                // 达到263家，比上年末净增21家，其中…98家: the change is no total; the figure it changes is.
                guard
                    let totalOffset = figures.indices.last(where: {
                        figures[$0].end <= hit.start && figures[$0].start >= searchStart
                            && figures[$0].baseID == figure.baseID && metrics[first + $0].kind != .change
                    })
                else { continue }
                let totalIndex = first + totalOffset
                guard metrics[totalIndex].role != .part else { continue }
                metrics[index].role = .part
                metrics[index].totalIndex = totalIndex
                // A part counts what its total counts (培训2950人，其中脱贫劳动力1120人), unless its own verb
                // says otherwise (对其中3家给予警告).
                if Self.subjectOnly.contains(metrics[index].category) {
                    metrics[index].category = metrics[totalIndex].category
                    metrics[index].kind = metrics[totalIndex].kind
                }
                metrics[totalIndex].role = .total
            }
        }
    }

    /// 检查夜市摊点515家、学校食堂342家、冷饮店171家，合计1028家: a clause that opens with 合计 (共计, 总计, 共) right
    /// before its figure totals the figures of the same unit listed before it in the sentence.
    static func markTrailingTotals(
        _ metrics: inout [Metric],
        from first: Int,
        figures: [Figure],
        hits: [Lexicon.Hit],
        text p: [UInt32]
    ) {
        for hit in hits
        where hit.has(.S) && !hit.has(.A) && !hit.has(.m) && hit.start > 0 && TextTables.isClauseBreak(p[hit.start - 1])
        {
            guard let totalOffset = figures.firstIndex(where: { $0.start == hit.end || $0.numberStart == hit.end })
            else {
                continue
            }
            let total = figures[totalOffset]
            guard isAdditive(total.unitClass), metrics[first + totalOffset].role == nil else { continue }
            let start = sentenceStart(p, before: hit.start)
            var parts: [Int] = []
            for offset in (0..<totalOffset).reversed() {
                let figure = figures[offset]
                guard figure.start >= start else { break }
                guard figure.baseID == total.baseID else { continue }
                guard metrics[first + offset].role == nil else { break }
                parts.append(offset)
            }
            // A total of one figure is a restatement, not a sum.
            guard parts.count >= 2 else { continue }
            for offset in parts {
                metrics[first + offset].role = .part
                metrics[first + offset].totalIndex = first + totalOffset
            }
            metrics[first + totalOffset].role = .total
        }
    }

    /// 共完成交易项目526个……工程建设、政府采购、土地矿业权和国有产权交易分别完成212个、268个、31个和15个: figures
    /// listed one after another in a sentence, in one unit, that add up exactly to a figure of that unit before them
    /// (in their sentence or the one before) are its parts, though no 其中 says so.
    static func markSummedParts(
        _ metrics: inout [Metric],
        from first: Int,
        figures: [Figure],
        breaks: ParagraphBreaks,
        text p: [UInt32]
    ) {
        var runStart = 0
        while runStart < figures.count {
            // Most figures are followed by one of another unit: no run, and no sentence to find.
            guard runStart + 1 < figures.count, figures[runStart + 1].baseID == figures[runStart].baseID,
                runStart > 0, isAdditive(figures[runStart].unitClass)
            else {
                runStart += 1
                continue
            }
            var runEnd = runStart + 1
            let sentence = breaks.sentenceStart(before: figures[runStart].start)
            while runEnd < figures.count, figures[runEnd].baseID == figures[runStart].baseID,
                breaks.sentenceStart(before: figures[runEnd].start) == sentence
            {
                runEnd += 1
            }
            defer { runStart = runEnd }
            let run = runStart..<runEnd
            guard run.count >= 2,
                run.allSatisfy({ metrics[first + $0].role == nil && metrics[first + $0].kind != .change })
            else { continue }
            let sum = run.reduce(0.0) { $0 + metrics[first + $1].baseValue }
            let searchStart = sentence > 0 ? breaks.sentenceStart(before: sentence - 1) : sentence
            guard
                let totalOffset = figures[..<runStart].lastIndex(where: {
                    $0.start >= searchStart && $0.baseID == figures[runStart].baseID
                }),
                metrics[first + totalOffset].role != .part,
                abs(metrics[first + totalOffset].baseValue - sum) <= 1e-9 * max(1, abs(sum))
            else { continue }
            let totalIndex = first + totalOffset
            for offset in run {
                metrics[first + offset].role = .part
                metrics[first + offset].totalIndex = totalIndex
                if Self.subjectOnly.contains(metrics[first + offset].category) {
                    metrics[first + offset].category = metrics[totalIndex].category
                }
            }
            metrics[totalIndex].role = .total
        }
    }

    /// Categories that come from the noun counted, not from what was done.
    private static let subjectOnly: Set<MetricCategory> = [.other, .enterprise, .population, .personnel]

    private static func sentenceStart(_ p: [UInt32], before i: Int) -> Int {
        var k = i
        // A sentence is read at most this far back: a "sentence" of thousands of clauses is a list.
        while k > 0, i - k < 160, !TextTables.isSentenceBreak(p[k - 1]) { k -= 1 }
        return k
    }

    private static func isAdditive(_ unitClass: UnitClass) -> Bool {
        unitClass == .count || unitClass == .money || unitClass == .measure
    }
}
