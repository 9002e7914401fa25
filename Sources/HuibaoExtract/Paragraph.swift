/// A stretch of text extraction reads as a whole: one line, or lines a PDF copy broke apart.
///
/// `text` is normalized (full-width and traditional forms folded, noise markers and invisible marks left out,
/// a line break inside a sentence removed); `origins` maps every position back to its scalar offset in the
/// decoded file, so every span maps back to the text as given.
struct Paragraph {
    var text: [UInt32] = []
    var origins = OffsetMap()
    /// The original scalars from `rawStart` on, to quote spans exactly as written.
    var raw: [UInt32] = []
    var rawStart = 0
    /// The section heading in force, and whether it announces plans (下一步工作打算).
    var section: String?
    var sectionIsPlan = false
    var sectionAttractsInvestment = false
    /// Whether any of its lines opens a quote: a paragraph without one needs no mask of quoted positions.
    var hasQuotes = false

    var isEmpty: Bool { text.isEmpty }

    mutating func removeAll() {
        hasQuotes = false
        text.removeAllKeepingCapacity()
        origins.removeAll()
        raw.removeAllKeepingCapacity()
    }

    /// The original text between two scalar offsets of the file.
    func quote(from start: Int, to end: Int) -> String {
        scalarString(raw, max(0, start - rawStart), min(raw.count, end - rawStart))
    }

    /// Original offsets of the normalized range `start..<end`.
    func span(_ start: Int, _ end: Int) -> (start: Int, end: Int) {
        (origins[start], origins[end - 1] + 1)
    }
}

/// Normalized positions → offsets in the decoded file, as runs: a new run starts only where normalization left
/// something out (a marker, a carriage return, a line break), so most lines cost one entry, not one per scalar.
struct OffsetMap {
    private var runStarts: [Int] = []
    private var runOrigins: [Int] = []

    mutating func removeAll() {
        runStarts.removeAllKeepingCapacity()
        runOrigins.removeAllKeepingCapacity()
    }

    /// Position `position` (and those after it, until the next run) comes from offset `origin`.
    mutating func startRun(at position: Int, origin: Int) {
        if let last = runStarts.last, last == position {
            runOrigins[runOrigins.count - 1] = origin
            return
        }
        runStarts.append(position)
        runOrigins.append(origin)
    }

    /// Appends another map whose positions start at `offset`.
    mutating func append(_ other: OffsetMap, shiftedBy offset: Int) {
        for (start, origin) in zip(other.runStarts, other.runOrigins) { startRun(at: start + offset, origin: origin) }
    }

    subscript(position: Int) -> Int {
        var low = 0
        var high = runStarts.count
        while high - low > 1 {
            let mid = (low + high) / 2
            if runStarts[mid] <= position { low = mid } else { high = mid }
        }
        return runOrigins[low] + (position - runStarts[low])
    }
}

/// One line of the file, normalized, with its offsets.
struct NormalizedLine {
    var text: [UInt32] = []
    var origins = OffsetMap()
    /// Whether the line has a space, tab or bar, or names a unit (单位): only such lines can belong to a table.
    var mayBeTabular = false
    /// Whether the line opens a quote or a title (“ 《 〔 【 ‘), which may hide numbers that are names.
    var hasQuotes = false

    init() {}

    init(raw: [UInt32], start: Int) {
        fill(raw: raw, start: start)
    }

    /// Folds a raw line: drops invisible marks, carriage returns and template markers such as `##paidbegin##`.
    mutating func fill(raw: [UInt32], start: Int) {
        var map = OffsetMap()
        swap(&map, &origins)
        map.removeAll()
        map.startRun(at: 0, origin: start)
        var tabular = false
        var quotes = false
        let n = raw.count
        // Local copies: a static table read in the loop would cost a lazy-initialization check per scalar.
        let fold = TextTables.fold
        let marks = TextTables.lineMarks
        // Written through a buffer: appending scalar by scalar checked capacity and uniqueness each time.
        // The previous line's storage is reused: a new array for every line was one allocation per line.
        var folded: [UInt32] = []
        swap(&folded, &text)
        folded.removeAllKeepingCapacity()
        folded.append(contentsOf: repeatElement(0, count: n))
        let count = folded.withUnsafeMutableBufferPointer { out in
            raw.withUnsafeBufferPointer { r in
                fold.withUnsafeBufferPointer { f in
                    marks.withUnsafeBufferPointer { m in
                        var c = 0
                        var i = 0
                        while i < n {
                            let s = r[i]
                            if s >= 0x10000 {
                                out[c] = s
                                c += 1
                                i += 1
                                continue
                            }
                            let mark = m[Int(s)]
                            if mark != 0 {
                                if s == 35, i + 1 < n, r[i + 1] == 35,
                                    let close = NormalizedLine.markerEnd(raw, from: i + 2)
                                {
                                    i = close
                                    map.startRun(at: c, origin: start + i)
                                    continue
                                }
                                if mark & TextTables.dropped != 0 {
                                    i += 1
                                    map.startRun(at: c, origin: start + i)
                                    continue
                                }
                                if mark & TextTables.separator != 0 { tabular = true }
                                if mark & TextTables.unitWord != 0, n <= 24 { tabular = true }  // 单位：万元 on a short line
                                if mark & TextTables.quoteOpener != 0 { quotes = true }
                            }
                            out[c] = f[Int(s)]
                            c += 1
                            i += 1
                        }
                        return c
                    }
                }
            }
        }
        folded.removeLast(n - count)
        text = folded
        origins = map
        mayBeTabular = tabular
        hasQuotes = quotes
    }

    /// `##word##` markers that templates leave in text: the index after the closing `##`.
    private static func markerEnd(_ raw: [UInt32], from start: Int) -> Int? {
        var i = start
        while i < raw.count, i - start <= 24 {
            let s = raw[i]
            if s == 35 { return i + 1 < raw.count && raw[i + 1] == 35 && i > start ? i + 2 : nil }
            guard (s >= 97 && s <= 122) || (s >= 65 && s <= 90) || (s >= 48 && s <= 57) || s == 95 || s == 45 else {
                return nil
            }
            i += 1
        }
        return nil
    }

    /// The index range without leading and trailing spaces.
    var trimmed: Range<Int> {
        // A local copy of the table: `TextTables.classOf` checks the static's lazy initialization at every call.
        let classes = TextTables.classes
        func isSpace(_ s: UInt32) -> Bool { s < 0x10000 && classes[Int(s)] & TextTables.space != 0 }
        var lower = 0
        var upper = text.count
        while lower < upper, isSpace(text[lower]) { lower += 1 }
        while upper > lower, isSpace(text[upper - 1]) { upper -= 1 }
        return lower..<upper
    }
}
