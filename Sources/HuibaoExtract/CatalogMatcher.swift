import HuibaoCore

/// `Catalog.indicator(for:)` compiled for speed: the same rules in the same order, with units, kinds and
/// categories as bit masks and words as scalar arrays matched against the scalars extraction already holds.
struct CatalogMatcher: Sendable {
    private struct Rule: Sendable {
        var code: Int
        var unitMask: UInt64
        var kindMask: UInt32
        var categoryMask: UInt32
        var actions: [[UInt32]]?
        var subjects: [[UInt32]]?
        var excludeSubjects: [[UInt32]]?
    }

    private let codes: [String]
    private let rules: [Rule]
    /// For each category (by precedence) and unit number (64: a unit no rule names), the rules that accept
    /// both, in catalog order: most rules fail on one or the other, so they are never looked at.
    private let rulesByCategory: [[[Int]]]
    /// Units the rules name, numbered for the masks (at most 64; further units fall back to "any unit").
    private let unitNumbers: [String: Int]

    init(_ catalog: Catalog) {
        var numbers: [String: Int] = [:]
        for indicator in catalog.indicators {
            for rule in indicator.rules {
                for unit in rule.units ?? [] where numbers[unit] == nil && numbers.count < 64 {
                    numbers[unit] = numbers.count
                }
            }
        }
        func words(_ list: [String]?) -> [[UInt32]]? { list?.map { $0.unicodeScalars.map(\.value) } }
        func mask<T: CaseIterable & Equatable>(_ list: [T]?) -> UInt32 {
            guard let list else { return .max }
            var m: UInt32 = 0
            for (i, value) in T.allCases.enumerated() where list.contains(value) { m |= 1 << UInt32(i) }
            return m
        }
        var compiled: [Rule] = []
        for (index, indicator) in catalog.indicators.enumerated() {
            for rule in indicator.rules {
                var unitMask = UInt64.max
                if let units = rule.units, units.allSatisfy({ numbers[$0] != nil }) {
                    unitMask = units.reduce(0) { $0 | (1 << UInt64(numbers[$1]!)) }
                }
                compiled.append(
                    Rule(
                        code: index,
                        unitMask: unitMask,
                        kindMask: mask(rule.kinds),
                        categoryMask: mask(rule.categories),
                        actions: words(rule.actions),
                        subjects: words(rule.subjects),
                        excludeSubjects: words(rule.excludeSubjects)
                    )
                )
            }
        }
        codes = catalog.indicators.map(\.code)
        rules = compiled
        rulesByCategory = (0..<CategorySet.ordered.count).map { position in
            (0...64).map { unit in
                compiled.indices.filter { index in
                    let rule = compiled[index]
                    guard rule.categoryMask & (1 << UInt32(position)) != 0 else { return false }
                    return rule.unitMask == .max || (unit < 64 && rule.unitMask & (1 << UInt64(unit)) != 0)
                }
            }
        }
        unitNumbers = numbers
    }

    /// The code of the first indicator with a rule the figure satisfies, as `Catalog.indicator(for:)` decides.
    /// The bit of each unit of a unit table (by `UnitTable.Unit.id`), so that matching hashes no strings.
    func unitBits(for units: UnitTable) -> [UInt64] {
        units.all.map { unit in unitNumbers[unit.base].map { 1 << UInt64($0) } ?? 0 }
    }

    func code(
        in text: [UInt32],
        unitBit: UInt64,
        kind: MetricKind,
        category: MetricCategory,
        action: Range<Int>?,
        subject: Range<Int>
    ) -> String? {
        let kindBit: UInt32 = 1 << UInt32(Self.position(of: kind))
        // Fields are read in place: copying a rule would retain its word lists.
        let unit = unitBit == 0 ? 64 : unitBit.trailingZeroBitCount
        for index in rulesByCategory[CategorySet.position(of: category)][unit] {
            guard rules[index].kindMask & kindBit != 0 else { continue }
            if let actions = rules[index].actions {
                guard let action, actions.contains(where: { Self.contains(text, action, $0) }) else { continue }
            }
            if let subjects = rules[index].subjects, !subjects.contains(where: { Self.contains(text, subject, $0) }) {
                continue
            }
            if let excluded = rules[index].excludeSubjects,
                excluded.contains(where: { Self.contains(text, subject, $0) })
            {
                continue
            }
            return codes[rules[index].code]
        }
        return nil
    }

    /// The kind's place in `MetricKind.allCases`, without building that array.
    private static func position(of kind: MetricKind) -> Int {
        switch kind {
        case .actual: return 0
        case .target: return 1
        case .change: return 2
        case .ratio: return 3
        case .other: return 4
        }
    }

    private static func contains(_ text: [UInt32], _ range: Range<Int>, _ word: [UInt32]) -> Bool {
        guard !word.isEmpty else { return true }
        guard word.count <= range.count else { return false }
        for i in range.lowerBound...(range.upperBound - word.count)
        where text.hasPrefix(word, at: i, end: range.upperBound) {
            return true
        }
        return false
    }
}
