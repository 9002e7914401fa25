import HuibaoCore

/// The state of one pass over a file: the report being read, its section, and the paragraph being gathered.
struct ExtractionRun {
    let extractor: Extractor
    /// Where metrics go when streaming; nil keeps them in the reports.
    var sink: ((Metric) -> Void)?
    /// When set, each finished report goes here instead of the list `finish` returns: a file of 240,000 reports
    /// kept 120 MB of titles otherwise.
    var reportSink: ((ExtractedReport) -> Void)?
    /// Metrics of the current document already handed to the sink.
    var emitted = 0
    var reports: [ExtractedReport] = []
    var current = ExtractionRun.report(document: 1, start: 0)
    var hasBody = false
    var sections: [String?] = [nil, nil, nil]
    /// Whether the heading at each level announces plans (下一步), or reports results (完成情况).
    var headingPlans = [false, false, false]
    var headingResults = [false, false, false]
    /// The deepest heading in force, and whether any heading in force announces plans; kept as headings come.
    var section: String?
    var sectionIsPlan = false
    /// A document titled as a plan (工作要点, 工作计划): its figures are targets unless a heading says they report
    /// results (完成情况).
    var documentIsPlan = false
    var sectionIsResults = false
    /// The latest heading is about attracting investment (招商, 引资).
    var sectionAttractsInvestment = false
    var paragraph = Paragraph()
    /// Reused for every line: allocating two arrays a line showed in profiles.
    var line = NormalizedLine()
    var table: TableReader
    var scratch = Scratch()

    /// Per-paragraph arrays, reused so that their storage is allocated once per file rather than once per paragraph.
    struct Scratch {
        var figures: [Figure] = []
        var hits: [Lexicon.Hit] = []
        var meanings: [FigureMeaning] = []
        var breaks = ParagraphBreaks()
    }
    var lastLineLength = 0
    /// The paragraph so far is a heading line and nothing else (一、抓学习促提升，增强履职能力): the next line
    /// starts the text under it, however long the heading.
    var headingFillsLine = false

    init(extractor: Extractor) {
        self.extractor = extractor
        self.table = TableReader(units: extractor.units)
    }

    /// A report with room for a few metrics: most reports a title starts hold about ten, and growing from
    /// nothing moved them four times. Room for 256 (51 KB each) cost more in fresh pages than it saved.
    static func report(document: Int, start: Int) -> ExtractedReport {
        var report = ExtractedReport(document: document, start: start, end: start)
        report.metrics.reserveCapacity(16)
        return report
    }

    private static let terminal: ScalarSet = ScalarSet("。！？；!?;：:”’」』）)")

    /// Scalars read by earlier calls of `consume(_:final:)`, when a file is fed in blocks.
    private var scalarsRead = 0

    /// Decodes UTF-8 and reads it line by line; returns the number of scalars read so far. A method, not a
    /// closure, so the line buffer is a plain local. A file may come in blocks: each but the last (`final`
    /// false) ends after a line break, or, inside a line longer than a block, after a whole scalar, where the
    /// line is read as pieces are (`Extractor.longLine`).
    mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool = true) -> Int {
        // Scalars are decoded into a plain buffer and copied to `line` once per line: appending to the array
        // scalar by scalar checked its uniqueness and capacity every time. A line is cut at `longLine * 4`.
        let decoded = UnsafeMutablePointer<UInt32>.allocate(capacity: Extractor.longLine * 4)
        defer { decoded.deallocate() }
        var count = 0
        var line: [UInt32] = []
        line.reserveCapacity(256)
        func fill(_ line: inout [UInt32]) {
            line.removeAllKeepingCapacity()
            line.append(contentsOf: UnsafeBufferPointer(start: decoded, count: count))
            count = 0
        }
        var offset = scalarsRead
        var lineStart = scalarsRead
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            var v: UInt32
            if b < 0x80 {
                v = UInt32(b)
                i += 1
            } else if b < 0xE0 {
                v = UInt32(b & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
                i += 2
            } else if b < 0xF0 {
                v = UInt32(b & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                i += 3
            } else {
                v =
                    UInt32(b & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                    | UInt32(bytes[i + 3] & 0x3F)
                i += 4
            }
            if v == 10 || v == 0x2028 || v == 0x2029 {
                fill(&line)
                take(line: line, start: lineStart)
                lineStart = offset + 1
            } else {
                decoded[count] = v
                count += 1
                // A file without line breaks is read in pieces, cut after a full stop where there is one,
                // so memory stays flat however long the line.
                if count >= Extractor.longLine, v == 0x3002 || v == 0xFF1B || count >= Extractor.longLine * 4 {
                    fill(&line)
                    take(line: line, start: lineStart, continues: true)
                    lineStart = offset + 1
                }
            }
            offset += 1
        }
        if final {
            fill(&line)
            take(line: line, start: lineStart)
        } else if count > 0 {
            fill(&line)
            take(line: line, start: lineStart, continues: true)
        }
        scalarsRead = offset
        return offset
    }

    /// Reads one line; `continues` says the line goes on (a piece of a very long line), so its paragraph ends here.
    mutating func take(line raw: [UInt32], start: Int, continues: Bool = false) {
        line.fill(raw: raw, start: start)
        let range = line.trimmed
        if line.mayBeTabular || table.active, let cells = table.read(line.text, range) {
            flush()
            hasBody = true
            if !cells.isEmpty { readRow(cells, raw: raw, start: start) }
            lastLineLength = 0
            return
        }
        var kind = LineKind.of(line.text, in: range)
        // Inside a report, a short unnumbered line such as 主要工作完成情况 is a heading, not a new report.
        if kind == .title, hasBody, !LineKind.namesAReport(line.text[range]) {
            kind = .heading(level: 1, markerEnd: range.lowerBound)
        }
        switch kind {
        case .blank:
            flush()
            table.end()
        case .meta:
            flush()
        case .title:
            flush()
            if hasBody {
                current.end = start
                closeReport()
                current = Self.report(document: current.document + 1, start: start)
                emitted = 0
                hasBody = false
                sections = [nil, nil, nil]
                headingPlans = [false, false, false]
                headingResults = [false, false, false]
                section = nil
                sectionIsPlan = false
                sectionIsResults = false
                sectionAttractsInvestment = false
            }
            current.title = FigureClassifier.string(line.text, range.lowerBound, range.upperBound)
            // …工作总结及第四季度工作打算: a summary with its plan appended is read as results until a heading
            // announces the plan.
            documentIsPlan =
                Self.mentions(line.text[range], Self.planTitles) && !Self.mentions(line.text[range], Self.summaryTitles)
            noteDepartment(line.text)
        case .heading(let level, _):
            flush()
            let headingEnd = Self.headingEnd(line.text, range)
            let heading = FigureClassifier.string(line.text, range.lowerBound, headingEnd)
            let words = line.text[range.lowerBound..<headingEnd]
            sections[level - 1] = heading
            headingPlans[level - 1] = Self.mentions(words, Self.planWords)
            headingResults[level - 1] = Self.mentions(words, Self.resultWords)
            for deeper in level..<sections.count {
                sections[deeper] = nil
                headingPlans[deeper] = false
                headingResults[deeper] = false
            }
            section = heading
            sectionAttractsInvestment = Self.mentions(words, Self.attractingWords)
            sectionIsPlan = headingPlans.contains(true)
            sectionIsResults = headingResults.contains(true)
            hasBody = true
            begin(line, raw: raw, start: start)
            headingFillsLine = headingEnd >= range.upperBound
        case .body:
            hasBody = true
            if !paragraph.isEmpty, joins(line, range) {
                append(line, raw: raw, start: start)
            } else {
                flush()
                begin(line, raw: raw, start: start)
            }
        }
        if current.department == nil,
            kind == .body || { if case .heading = kind { return true } else { return false } }()
        {
            noteDepartment(line.text)
        }
        lastLineLength = range.count
        if case .heading = kind {} else { headingFillsLine = false }
        if continues { flush() }
    }

    /// A line continues the paragraph when the previous one stopped mid-sentence at full length (PDF copies).
    private func joins(_ line: NormalizedLine, _ range: Range<Int>) -> Bool {
        // A paragraph stays a paragraph: text without full stops is not joined without end.
        guard !headingFillsLine, let last = paragraph.text.last, paragraph.text.count < 8192 else { return false }
        // 临时查封场所1 / 6家: a figure cut by the line break joins whatever the line's length.
        if Self.isDigitOrPoint(last), range.lowerBound < range.upperBound, Self.isDigit(line.text[range.lowerBound]) {
            return true
        }
        return lastLineLength >= 15 && !Self.terminal.contains(last)
    }

    private static func isDigit(_ c: UInt32) -> Bool { c >= 48 && c <= 57 }
    private static func isDigitOrPoint(_ c: UInt32) -> Bool { isDigit(c) || c == 46 }

    private mutating func begin(_ line: NormalizedLine, raw: [UInt32], start: Int) {
        paragraph.removeAll()
        paragraph.rawStart = start
        paragraph.section = section
        paragraph.sectionIsPlan = sectionIsPlan || (documentIsPlan && !sectionIsResults)
        paragraph.sectionAttractsInvestment = sectionAttractsInvestment
        append(line, raw: raw, start: start)
    }

    private mutating func append(_ line: NormalizedLine, raw: [UInt32], start: Int) {
        if !paragraph.raw.isEmpty { paragraph.raw.append(10) }
        paragraph.raw.append(contentsOf: raw)
        paragraph.text.append(contentsOf: line.text)
        if line.hasQuotes { paragraph.hasQuotes = true }
        paragraph.origins.append(line.origins, shiftedBy: paragraph.text.count - line.text.count)
    }

    private mutating func noteDepartment(_ text: [UInt32]) {
        guard current.department == nil, let found = DepartmentFinder.find(in: text) else { return }
        current.department = found.name
        current.level = found.level
    }

    private static let planTitles: [[UInt32]] = ["工作要点", "工作计划", "工作打算", "工作思路", "实施方案"]
        .map { $0.unicodeScalars.map(\.value) }
    /// Words of attracting investment (招商引资), in a heading or a paragraph.
    static let attractingWords: [[UInt32]] = ["招商", "引资"].map { $0.unicodeScalars.map(\.value) }
    private static let summaryTitles: [[UInt32]] = ["总结", "情况", "汇报", "报告", "进展"]
        .map { $0.unicodeScalars.map(\.value) }
    private static let resultWords: [[UInt32]] = ["完成情况", "工作情况", "开展情况", "主要成效", "工作成效", "进展情况", "工作总结"]
        .map { $0.unicodeScalars.map(\.value) }

    static func mentions(_ t: ArraySlice<UInt32>, _ words: [[UInt32]]) -> Bool {
        t.withUnsafeBufferPointer { a in
            for word in words where a.count >= word.count {
                for at in 0...(a.count - word.count) where a[at] == word[0] {
                    var k = 1
                    while k < word.count, a[at + k] == word[k] { k += 1 }
                    if k == word.count { return true }
                }
            }
            return false
        }
    }

    private static let planWords: [[UInt32]] = ["下一步", "打算", "工作计划", "工作思路", "明年", "下半年工作"]
        .map { $0.unicodeScalars.map(\.value) }

    private static let headingEnds = ScalarSet("。；：:;")

    /// Where a heading's text ends: at its first full stop, as short as a heading is.
    private static func headingEnd(_ t: [UInt32], _ range: Range<Int>) -> Int {
        var end = range.lowerBound
        while end < range.upperBound, !Self.headingEnds.contains(t[end]), end - range.lowerBound < 40 {
            end += 1
        }
        return end
    }

    // MARK: - Paragraph → metrics

    mutating func flush() {
        guard !paragraph.isEmpty else { return }
        defer { paragraph.removeAll() }
        let p = paragraph.text
        // Arrays kept from paragraph to paragraph: taken out of `self` while in use, handed back after.
        var figures = scratch.figures
        var hits = scratch.hits
        var meanings = scratch.meanings
        scratch.figures = []
        scratch.hits = []
        scratch.meanings = []
        defer {
            meanings.removeAllKeepingCapacity()
            scratch.figures = figures
            scratch.hits = hits
            scratch.meanings = meanings
        }
        extractor.scanner.figures(in: p, into: &figures, mayHaveQuotes: paragraph.hasQuotes)
        guard !figures.isEmpty else { return }
        var breaks = scratch.breaks
        // Left empty while in use: a second reference would make `fill` allocate its arrays anew.
        scratch.breaks = ParagraphBreaks()
        defer { scratch.breaks = breaks }
        breaks.fill(p)
        Lexicon.hits(in: p, from: 0, to: p.count, into: &hits)
        // The classifier reads the hits through a buffer pointer: as array slices, each word list it took cost a
        // retain and a release, several per figure.
        hits.withUnsafeBufferPointer { allHits in
            let classifier = FigureClassifier(
                text: p,
                allHits: allHits,
                sectionIsPlan: paragraph.sectionIsPlan,
                sectionAttractsInvestment: paragraph.sectionAttractsInvestment,
                breaks: breaks
            )
            var previousMeaning: FigureMeaning?
            for (i, figure) in figures.enumerated() {
                let meaning = classifier.meaning(
                    of: figure,
                    previous: i > 0 ? figures[i - 1] : nil,
                    previousMeaning: previousMeaning,
                    next: i + 1 < figures.count ? figures[i + 1] : nil,
                    sameUnitCategory: figure.unitClass == .money && i > 1
                        ? Self.sameUnitCategory(before: i, figures, meanings, breaks) : nil
                )
                meanings.append(meaning)
                previousMeaning = meaning
            }
            classifier.pairRespectiveRates(figures, &meanings)
        }
        let firstIndex = current.metrics.count
        let periods = PeriodFinder.periods(in: p, before: figures[figures.count - 1].numberStart)
        var periodMade: (range: Range<Int>, text: String)?
        for (i, figure) in figures.enumerated() {
            let meaning = meanings[i]
            // The span is the figure as written, qualifiers and unit included: the table view shows its clause.
            let span = paragraph.span(figure.start, figure.end)
            // Built in place: a Metric is large, and a local one would be copied into the array and destroyed.
            // (Its initializer still copies it once inside, retaining and releasing its strings: that is how the
            // optimizer treats a struct this large, with any body or arguments tried; about 4% of extraction.)
            current.metrics.append(
                Metric(
                    document: current.document,
                    section: paragraph.section,
                    start: span.start,
                    end: span.end,
                    text: paragraph.quote(from: span.start, to: span.end),
                    value: figure.value,
                    unit: extractor.units.written(unitID: figure.unitID, prefixID: figure.prefixID),
                    baseValue: Self.rounded(figure.value * figure.factor),
                    baseUnit: extractor.units.baseNames[figure.baseID],
                    qualifier: figure.qualifier,
                    kind: meaning.kind,
                    category: meaning.category,
                    indicator: indicator(
                        of: figure,
                        meaning: meaning,
                        category: meaning.category,
                        kind: meaning.kind,
                        in: p
                    ),
                    subject: meaning.subject.map { scalarString(p, $0.lowerBound, $0.upperBound) },
                    action: meaning.actionEntry.map { Lexicon.spelled[$0] }
                        ?? meaning.action.map { scalarString(p, $0.lowerBound, $0.upperBound) },
                    period: period(of: figure, among: periods, in: p, made: &periodMade)
                )
            )
        }
        TotalsAndParts.mark(&current.metrics, from: firstIndex, figures: figures, hits: hits, text: p)
        TotalsAndParts.markTrailingTotals(&current.metrics, from: firstIndex, figures: figures, hits: hits, text: p)
        TotalsAndParts.markSummedParts(&current.metrics, from: firstIndex, figures: figures, breaks: breaks, text: p)
        // A part takes its total's category and kind, and with them maybe another indicator.
        for (offset, figure) in figures.enumerated() where current.metrics[firstIndex + offset].role == .part {
            let category = current.metrics[firstIndex + offset].category
            let kind = current.metrics[firstIndex + offset].kind
            current.metrics[firstIndex + offset].indicator = indicator(
                of: figure,
                meaning: meanings[offset],
                category: category,
                kind: kind,
                in: p
            )
        }
        emitPending()
    }

    /// One row of a flattened table: every figure cell with a unit is a metric; the first text cell says what.
    private mutating func readRow(_ cells: [TableReader.Cell], raw: [UInt32], start: Int) {
        let t = line.text
        let subjectCell = cells.first {
            $0.number == nil
                && extractor.units.unit(in: t, at: $0.range.lowerBound, end: $0.range.upperBound)?.text.count
                    != $0.range.count
        }
        let words = subjectCell.map { Lexicon.hits(in: t, from: $0.range.lowerBound, to: $0.range.upperBound) } ?? []
        for (column, cell) in cells.enumerated() {
            guard let value = cell.number else { continue }
            if column == 0, table.isIndexColumn(0), value == value.rounded(), cells.count > 2 { continue }
            guard let unit = table.unit(of: cell, at: column, in: cells, text: t) else { continue }
            let isRate = unit.unitClass == .percent || unit.unitClass == .points
            var kind =
                table.kind(ofColumn: column)
                ?? (words.contains { $0.has(.C) } ? .change : (isRate ? .ratio : .actual))
            if isRate, kind == .actual { kind = .ratio }
            var categories = CategorySet()
            for word in words { if let c = word.category { categories.append(c) } }
            categories.formUnion(table.categories(ofColumn: column))
            // 一般公共预算收入（亿元） 同比增长（%）: a rate column that names nothing is the rate of the row's figures.
            if isRate, table.categories(ofColumn: column).isEmpty {
                for other in cells.indices where other != column {
                    categories.formUnion(table.categories(ofColumn: other))
                }
            }
            let category =
                categories.filter {
                    FigureClassifier.allows($0, unitClass: unit.unitClass, unitKinds: unit.kinds)
                }.first ?? .other
            let spanStart = line.origins[cell.range.lowerBound]
            let spanEnd = line.origins[cell.range.upperBound - 1] + 1
            let subject = subjectCell.map { scalarString(t, $0.range.lowerBound, $0.range.upperBound) }
            let verb = words.first { $0.has(.A) }.map { scalarString(t, $0.start, $0.end) }
            var metric = Metric(
                document: current.document,
                section: section,
                start: spanStart,
                end: spanEnd,
                text: scalarString(raw, spanStart - start, spanEnd - start),
                value: value,
                unit: unit.written,
                baseValue: Self.rounded(value * unit.factor),
                baseUnit: unit.base,
                kind: kind,
                category: category,
                subject: subject,
                action: verb
            )
            metric.indicator = extractor.catalog.indicator(for: metric)?.code
            current.metrics.append(metric)
        }
        emitPending()
    }

    /// The last period named before the figure in its sentence (1-6月完成投资97.3亿元 → 1-6月).
    private func period(
        of figure: Figure,
        among periods: [Range<Int>],
        in p: [UInt32],
        made cache: inout (range: Range<Int>, text: String)?
    ) -> String? {
        guard let last = periods.last(where: { $0.upperBound <= figure.numberStart }) else { return nil }
        // Read back from the figure: the nearest full stop is usually close, the period maybe far.
        var k = figure.numberStart
        while k > last.upperBound {
            k -= 1
            if TextTables.isSentenceBreak(p[k]) { return nil }
        }
        // The figures of a sentence share its period: its string is made once.
        if let cache, cache.range == last { return cache.text }
        let text = scalarString(p, last.lowerBound, last.upperBound)
        cache = (last, text)
        return text
    }

    /// Hands the metrics gathered so far to the sink, when streaming.
    private mutating func emitPending() {
        guard let sink else { return }
        if emitted > 0 {
            for i in current.metrics.indices where current.metrics[i].totalIndex != nil {
                current.metrics[i].totalIndex! += emitted
            }
        }
        // Lent from the array's storage: a copy of each metric retained and released every string in it.
        current.metrics.withUnsafeBufferPointer { metrics in
            for i in metrics.indices { sink(metrics[i]) }
        }
        emitted += current.metrics.count
        current.metrics.removeAllKeepingCapacity()
    }

    private func indicator(
        of figure: Figure,
        meaning: FigureMeaning,
        category: MetricCategory,
        kind: MetricKind,
        in p: [UInt32]
    ) -> String? {
        extractor.indicators.code(
            in: p,
            unitBit: figure.unitID >= 0 ? extractor.unitBits[figure.unitID] : extractor.percentBit,
            kind: kind,
            category: category,
            action: meaning.action,
            subject: meaning.subject ?? 0..<0
        )
    }

    /// 1.2 × 10⁴ is 12000, not 12000.000000000002: products of a written decimal and a multiplier are rounded
    /// to the precision the text could have.
    static func rounded(_ value: Double) -> Double {
        guard value.isFinite, value != 0 else { return value }
        if abs(value - value.rounded()) <= 1e-6 * max(1, abs(value) * 1e-9) { return value.rounded() }
        return (value * 1e6).rounded() / 1e6
    }

    mutating func finish(end: Int) -> [ExtractedReport] {
        flush()
        current.end = end
        closeReport()
        return reports
    }

    /// The category of the last figure before `index` in its sentence with the same unit, when one figure of
    /// another unit or more stands between them (the one right before is read as `previous` anyway).
    private static func sameUnitCategory(
        before index: Int,
        _ figures: [Figure],
        _ meanings: [FigureMeaning],
        _ breaks: ParagraphBreaks
    ) -> MetricCategory? {
        let sentenceStart = breaks.sentenceStart(before: figures[index].numberStart)
        var j = index - 2
        while j >= 0, figures[j].start >= sentenceStart {
            if figures[j].baseID == figures[index].baseID { return meanings[j].category }
            j -= 1
        }
        return nil
    }

    /// When streaming, a finished report keeps no room for metrics: an emptied array keeps its capacity, and a
    /// file of 80,000 reports held 500 MB of it.
    private mutating func closeReport() {
        if sink != nil { current.metrics = [] }
        if let reportSink { reportSink(current) } else { reports.append(current) }
    }
}
