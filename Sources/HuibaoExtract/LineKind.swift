import HuibaoCore

/// What a line of a report is, which decides how it is read.
enum LineKind: Equatable {
    case blank
    /// A report's title (…情况汇报, …工作总结, 范文2): starts a new report when one is under way.
    case title
    /// Collection metadata (（2篇）, 第1页共4页): carries no figures.
    case meta
    /// A section heading: level 1 一、, level 2 （一）, level 3 1. 1、 （1）; `markerEnd` is where its text begins.
    case heading(level: Int, markerEnd: Int)
    case body

    static func of(_ line: [UInt32], in range: Range<Int>) -> LineKind {
        guard !range.isEmpty else { return .blank }
        let text = line[range]
        if let heading = heading(text) {
            return .heading(level: heading.level, markerEnd: range.lowerBound + heading.markerEnd)
        }
        if isMeta(text) { return .meta }
        if isTitle(text) { return .title }
        return .body
    }

    private static let chineseOrdinal: ScalarSet = ScalarSet("一二三四五六七八九十")
    private static func isDigit(_ s: UInt32) -> Bool { s >= 48 && s <= 57 }

    static func heading(_ line: ArraySlice<UInt32>) -> (level: Int, markerEnd: Int)? {
        // A buffer over the line, not a copy: this runs for every line of a file.
        line.prefix(8).withUnsafeBufferPointer { heading(in: $0) }
    }

    private static func heading(in t: UnsafeBufferPointer<UInt32>) -> (level: Int, markerEnd: Int)? {
        var i = 0
        if t.first.map(chineseOrdinal.contains) == true {
            while i < t.count, chineseOrdinal.contains(t[i]) { i += 1 }
            if i < t.count, t[i] == 0x3001 || t[i] == 0xFF0E || t[i] == 46 { return (1, i + 1) }  // 、 ．
            return nil
        }
        if let open = t.first, open == 0xFF08 || open == 40 {  // （ (
            i = 1
            let digits = i < t.count && isDigit(t[i])
            while i < t.count, digits ? isDigit(t[i]) : chineseOrdinal.contains(t[i]) { i += 1 }
            if i > 1, i < t.count, t[i] == 0xFF09 || t[i] == 41 {
                var end = i + 1
                if end < t.count, t[end] == 0x3001 { end += 1 }
                return (digits ? 3 : 2, end)
            }
            return nil
        }
        if let first = t.first, isDigit(first) {
            while i < t.count, isDigit(t[i]), i < 2 { i += 1 }
            guard i < t.count, t[i] == 46 || t[i] == 0x3001 || t[i] == 0xFF0E else { return nil }
            // 1.2万 is a number, not a heading.
            if i + 1 < t.count, isDigit(t[i + 1]) { return nil }
            return (3, i + 1)
        }
        if t.count > 2, t[0] == 0x7B2C, chineseOrdinal.contains(t[1]) {  // 第一，第二、
            i = 1
            while i < t.count, chineseOrdinal.contains(t[i]) { i += 1 }
            if i < t.count, t[i] == 0xFF0C || t[i] == 0x3001 || t[i] == 0xFF1A { return (2, i + 1) }
        }
        return nil
    }

    private static let titleEndings: [[UInt32]] = [
        "汇报", "报告", "总结", "小结", "情况", "范文", "简报", "要点", "打算", "材料", "汇编", "选编", "合集",
    ]
    .map { $0.unicodeScalars.map(\.value) }
    private static let sentencePunctuation: ScalarSet = ScalarSet("。；！？!?;，,")

    static func isTitle(_ line: ArraySlice<UInt32>) -> Bool {
        guard line.count >= 4, line.count <= 60 else { return false }
        let punctuation = sentencePunctuation
        guard !line.contains(where: punctuation.contains) else { return false }
        return line.withUnsafeBufferPointer { t in
            // Ignore a trailing number (小结1, 范文2) when looking for the title word.
            var end = t.count
            while end > 0, isDigit(t[end - 1]) || chineseOrdinal.contains(t[end - 1]) { end -= 1 }
            for ending in titleEndings where end >= ending.count {
                if t[(end - ending.count)..<end].elementsEqual(ending) { return true }
            }
            // 篇一 / 范文二 standing alone.
            return t.count <= 6 && t[0] == 0x7BC7  // 篇
        }
    }

    private static let reportWords: [[UInt32]] = ["汇报", "报告", "总结", "小结", "范文", "关于", "简报", "汇编", "工作要点"]
        .map { $0.unicodeScalars.map(\.value) }

    /// Whether a title line names a whole report (…局2023年工作总结, 关于…的报告, 范文2), enough to start a new one.
    static func namesAReport(_ line: ArraySlice<UInt32>) -> Bool {
        if ExtractionRun.mentions(line, reportWords) { return true }
        let t = Array(line)
        if DepartmentFinder.find(in: t) != nil { return true }
        // A year: 2024年…情况.
        return (0..<max(0, t.count - 4)).contains { i in (0..<4).allSatisfy { t[i + $0] >= 48 && t[i + $0] <= 57 } }
    }

    private static let metaOpen: ScalarSet = [0xFF08, 40, 0x3010]
    private static let metaClose: ScalarSet = [0xFF09, 41, 0x3011]

    static func isMeta(_ t: ArraySlice<UInt32>) -> Bool {
        guard t.count <= 16 else { return false }
        if let f = t.first, let l = t.last, metaOpen.contains(f), metaClose.contains(l) { return true }
        // 第1页共4页, - 3 -
        if t.first == 0x7B2C, t.last == 0x9875 { return true }
        if t.allSatisfy({ isDigit($0) || $0 == 45 || $0 == 32 || $0 == 0x2014 }) { return true }
        return false
    }
}

/// The department a report names (市发展改革委, **县市场监管局) and its level (省 市 县 区).
enum DepartmentFinder {
    private static let aliases: [[UInt32]] = DepartmentKind.all.flatMap(\.names)
        .sorted { $0.count > $1.count }
        .map { $0.unicodeScalars.map(\.value) }
    private static let firsts = ScalarSet(aliases.map { $0[0] })
    /// The aliases by first scalar, each list in the order of `aliases` (longest first): a title is read at
    /// every position where an alias may start, and most aliases start elsewhere.
    private static let aliasesByFirst: [UInt32: [[UInt32]]] = Dictionary(grouping: aliases, by: { $0[0] })
    private static let levels: ScalarSet = ScalarSet("省市县区州旗")
    private static let officeEnds: ScalarSet = ScalarSet("局委厅")
    private static let officeNames: ScalarSet = ScalarSet("局委厅会")
    private static let stops: ScalarSet = ScalarSet("，。；：、“”（）()《》 后的了在由和与及对为是全各本我该")

    static func find(in t: [UInt32]) -> (name: String, level: String?)? {
        var i = 0
        let firsts = Self.firsts
        while i < t.count {
            if !firsts.contains(t[i]) {
                i += 1
                continue
            }
            for alias in Self.aliasesByFirst[t[i]] ?? [] where t.hasPrefix(alias, at: i, end: t.count) {
                // Extend the name over its place: the level character and up to five characters of the place name.
                var start = i
                var level: UInt32?
                if start > 0, levels.contains(t[start - 1]) {
                    level = t[start - 1]
                    start -= 1
                    var k = 0
                    while start > 0, k < 5, !stops.contains(t[start - 1]), !levels.contains(t[start - 1]) {
                        start -= 1
                        k += 1
                    }
                }
                var end = i + alias.count
                // 市场监管 → 市场监管局 when the text goes on with 局.
                while end < t.count, end - i < alias.count + 2, officeEnds.contains(t[end]) {
                    end += 1
                }
                // A department is an office (…局, …委); 市场监管干部 is not one.
                guard end > 0, officeNames.contains(t[end - 1]) else {
                    continue
                }
                return (scalarString(t, start, end), level.map { scalarString([$0], 0, 1) })
            }
            i += 1
        }
        return nil
    }
}
