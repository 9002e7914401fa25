import HuibaoCore

/// 共检查653家，其中学校食堂186家: the figure before 其中 is a total, the figures after it in the same
/// sentence and unit are its parts, so a rollup adds one or the other, never both.
enum TotalsAndParts {
    static func mark(_ metrics: inout [Metric], from first: Int, figures: [Figure], hits: [Lexicon.Hit], text p: [UInt32]) {
        for hit in hits where hit.has("W") {
            guard let totalOffset = figures.lastIndex(where: { $0.end <= hit.start }) else { continue }
            let totalIndex = first + totalOffset
            let total = metrics[totalIndex]
            var sentenceEnd = hit.end
            while sentenceEnd < p.count, TextTables.classOf(p[sentenceEnd]) & TextTables.sentenceBreak == 0 { sentenceEnd += 1 }
            var partCount = 0
            for (offset, figure) in figures.enumerated() where figure.start >= hit.end && figure.start < sentenceEnd {
                let index = first + offset
                guard metrics[index].baseUnit == total.baseUnit, metrics[index].role == nil else { continue }
                metrics[index].role = .part
                metrics[index].totalIndex = totalIndex
                partCount += 1
            }
            if partCount > 0 { metrics[totalIndex].role = .total }
        }
    }
}
