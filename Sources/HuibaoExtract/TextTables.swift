/// Per-scalar tables: what a scalar reads as (full-width and traditional forms folded) and what class it is in.
///
/// Flat arrays over the Basic Multilingual Plane: one array read per scalar, which is what keeps extraction fast.
enum TextTables {

    static let fold: [UInt32] = {
        var table = [UInt32](0..<0x10000)
        // Full-width ASCII (１２３ ％ ．) → ASCII; Chinese punctuation (，；：（）！？) keeps its own form.
        for scalar in UInt32(0xFF01)...0xFF5E {
            switch scalar {
            case 0xFF0C, 0xFF1B, 0xFF1A, 0xFF08, 0xFF09, 0xFF01, 0xFF1F: continue
            default: table[Int(scalar)] = scalar - 0xFEE0
            }
        }
        table[0x3000] = 0x20  // ideographic space
        table[0xFE6A] = 0x25  // ﹪
        table[0x2236] = 0x3A  // ∶
        let pairs = TraditionalForms.pairs
        var i = 0
        while i + 1 < pairs.count {
            table[Int(pairs[i].value)] = pairs[i + 1].value
            i += 2
        }
        return table
    }()

    @inline(__always)
    static func normalize(_ scalar: UInt32) -> UInt32 {
        scalar < 0x10000 ? fold[Int(scalar)] : scalar
    }

    // MARK: - Classes

    static let digit: UInt8 = 1
    static let chineseNumeral: UInt8 = 2
    static let clauseBreak: UInt8 = 4
    static let sentenceBreak: UInt8 = 8
    static let letter: UInt8 = 16
    static let space: UInt8 = 32
    /// Scalars that carry nothing: BOM, zero-width marks, soft hyphen.
    static let invisible: UInt8 = 64

    static let classes: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 0x10000)
        for s in UInt32(48)...57 { table[Int(s)] |= digit }
        for s in UInt32(65)...90 { table[Int(s)] |= letter }
        for s in UInt32(97)...122 { table[Int(s)] |= letter }
        for s in "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟".unicodeScalars { table[Int(s.value)] |= chineseNumeral }
        for s in "，,；;。！？!?：:\n".unicodeScalars { table[Int(s.value)] |= clauseBreak }
        for s in "。；;！？!?\n".unicodeScalars { table[Int(s.value)] |= sentenceBreak }
        for s in " \t\r\u{A0}\u{3000}".unicodeScalars { table[Int(s.value)] |= space }
        for s in "\u{FEFF}\u{200B}\u{200C}\u{200D}\u{2060}\u{AD}".unicodeScalars { table[Int(s.value)] |= invisible }
        return table
    }()

    /// What reading a line must do about a raw scalar besides folding it (`NormalizedLine.fill`): drop it
    /// (a carriage return, an invisible mark), look for a `##marker##` (#), or note a table's separator
    /// (space, tab, bar) or the 单 of 单位. Zero for nearly every scalar.
    static let dropped: UInt8 = 1
    static let hash: UInt8 = 2
    static let separator: UInt8 = 4
    static let unitWord: UInt8 = 8
    static let quoteOpener: UInt8 = 16

    static let lineMarks: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 0x10000)
        for s in 0..<0x10000 {
            if s == 13 || classes[s] & invisible != 0 { table[s] |= dropped }
            if s == 35 { table[s] |= hash }
            let folded = fold[s]
            if folded == 32 || folded == 9 || folded == 124 || folded == 0xFF5C { table[s] |= separator }
            if folded == 0x5355 { table[s] |= unitWord }
            if [0x201C, 0x300A, 0x3014, 0x3010, 0x2018].contains(folded) { table[s] |= quoteOpener }
        }
        return table
    }()

    @inline(__always)
    static func classOf(_ scalar: UInt32) -> UInt8 {
        scalar < 0x10000 ? classes[Int(scalar)] : 0
    }

    /// The clause breaks of `classes` as a switch: loops that walk to a clause's end read no table.
    @inline(__always)
    static func isClauseBreak(_ c: UInt32) -> Bool {
        // Chinese characters, the bulk of any text, sit between the breaks' code points.
        if c > 0x3002 && c < 0xFF01 { return false }
        switch c {
        case 0xFF0C, 44, 0xFF1B, 59, 0x3002, 0xFF01, 0xFF1F, 33, 63, 0xFF1A, 58, 10: return true
        default: return false
        }
    }

    @inline(__always)
    static func isSentenceBreak(_ c: UInt32) -> Bool {
        if c > 0x3002 && c < 0xFF01 { return false }
        switch c {
        case 0x3002, 0xFF1B, 59, 0xFF01, 0xFF1F, 33, 63, 10: return true
        default: return false
        }
    }

    @inline(__always)
    static func isCJK(_ scalar: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(scalar) || (0x3400...0x4DBF).contains(scalar)
    }
}

/// Where a paragraph's clauses and sentences break, found in one pass, so the bounds of the clause and the
/// sentence around each figure are a binary search rather than a walk of up to 160 scalars each way.
/// The answers are those of `FigureScanner.clauseStart`/`clauseEnd` and the sentence walks, limits included.
struct ParagraphBreaks {
    /// Positions of clause breaks, and of sentence breaks (a subset), in text order.
    private(set) var clauses: [Int] = []
    private(set) var sentences: [Int] = []
    private(set) var count = 0

    mutating func fill(_ p: [UInt32]) {
        clauses.removeAllKeepingCapacity()
        sentences.removeAllKeepingCapacity()
        count = p.count
        for i in p.indices where TextTables.isClauseBreak(p[i]) {
            clauses.append(i)
            if TextTables.isSentenceBreak(p[i]) { sentences.append(i) }
        }
    }

    func clauseStart(before i: Int) -> Int { Self.start(clauses, before: i, limit: 120) }
    func clauseEnd(from i: Int) -> Int { Self.end(clauses, from: i, limit: 120, count: count) }
    func sentenceStart(before i: Int) -> Int { Self.start(sentences, before: i, limit: 160) }
    func sentenceEnd(from i: Int) -> Int { Self.end(sentences, from: i, limit: 160, count: count) }

    /// One past the last break before `i`, but at most `limit` back.
    private static func start(_ breaks: [Int], before i: Int, limit: Int) -> Int {
        let k = firstIndex(breaks, atOrAfter: i)
        let after = k > 0 ? breaks[k - 1] + 1 : 0
        return max(after, i - limit, 0)
    }

    /// The first break at or after `i`, but at most `limit` on, and at most the end.
    private static func end(_ breaks: [Int], from i: Int, limit: Int, count: Int) -> Int {
        guard i < count else { return i }
        let k = firstIndex(breaks, atOrAfter: i)
        let at = k < breaks.count ? breaks[k] : count
        return min(at, i + limit)
    }

    private static func firstIndex(_ breaks: [Int], atOrAfter i: Int) -> Int {
        var low = 0
        var high = breaks.count
        while low < high {
            let mid = (low + high) / 2
            if breaks[mid] < i { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
