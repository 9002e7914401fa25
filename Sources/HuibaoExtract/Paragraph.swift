/// A stretch of text extraction reads as a whole: one line, or lines a PDF copy broke apart.
///
/// `text` is normalized (full-width and traditional forms folded, noise markers and invisible marks left out,
/// a line break inside a sentence removed); `origin[i]` is the scalar offset in the decoded file of `text[i]`,
/// so every span maps back to the text as given.
struct Paragraph {
    var text: [UInt32] = []
    var origin: [Int] = []
    /// The original scalars from `rawStart` on, to quote spans exactly as written.
    var raw: [UInt32] = []
    var rawStart = 0
    /// The section heading in force, and whether it announces plans (下一步工作打算).
    var section: String?
    var sectionIsPlan = false

    var isEmpty: Bool { text.isEmpty }

    mutating func removeAll() {
        text.removeAll(keepingCapacity: true)
        origin.removeAll(keepingCapacity: true)
        raw.removeAll(keepingCapacity: true)
    }

    /// The original text between two scalar offsets of the file.
    func quote(from start: Int, to end: Int) -> String {
        scalarString(raw, max(0, start - rawStart), min(raw.count, end - rawStart))
    }

    /// Original offsets of the normalized range `start..<end`.
    func span(_ start: Int, _ end: Int) -> (start: Int, end: Int) {
        (origin[start], origin[end - 1] + 1)
    }
}

/// One line of the file, normalized, with its offsets.
struct NormalizedLine {
    var text: [UInt32] = []
    var origin: [Int] = []

    init() {}

    init(raw: [UInt32], start: Int) {
        fill(raw: raw, start: start)
    }

    /// Folds a raw line: drops invisible marks, carriage returns and template markers such as `##paidbegin##`.
    mutating func fill(raw: [UInt32], start: Int) {
        text.removeAll(keepingCapacity: true)
        origin.removeAll(keepingCapacity: true)
        text.reserveCapacity(raw.count)
        origin.reserveCapacity(raw.count)
        var i = 0
        let n = raw.count
        // Local copies: a static table read in the loop would cost a lazy-initialization check per scalar.
        let classes = TextTables.classes
        let fold = TextTables.fold
        while i < n {
            let s = raw[i]
            if s == 35, i + 1 < n, raw[i + 1] == 35, let close = NormalizedLine.markerEnd(raw, from: i + 2) {
                i = close
                continue
            }
            if s < 0x10000 {
                if s == 13 || classes[Int(s)] & TextTables.invisible != 0 {
                    i += 1
                    continue
                }
                text.append(fold[Int(s)])
            } else {
                text.append(s)
            }
            origin.append(start + i)
            i += 1
        }
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
        var lower = 0
        var upper = text.count
        while lower < upper, TextTables.classOf(text[lower]) & TextTables.space != 0 { lower += 1 }
        while upper > lower, TextTables.classOf(text[upper - 1]) & TextTables.space != 0 { upper -= 1 }
        return lower..<upper
    }
}
