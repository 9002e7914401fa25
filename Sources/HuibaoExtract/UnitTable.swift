public import Foundation
import HuibaoData

/// What a unit measures; it decides which rules of kind and category apply to its figures.
enum UnitClass: String, Sendable, Codable {
    case count, money, percent, points, times, time, measure
    /// 成: tenths, a share (近三成).
    case percentTenths = "percent_tenths"

    /// Whether 万/亿/千 may stand before the unit as a multiplier (2万人, 5.6亿元 is a unit of its own).
    var takesPrefix: Bool { self == .count || self == .money || self == .measure }
}

/// One unit or measure word as the data file lists it.
struct UnitEntry: Sendable, Codable, Hashable {
    var unit: String
    var base: String?
    var factor: Double?
    var `class`: UnitClass
    var capacity: Bool?
}

/// Units and measure words (家 批次 万元 个百分点 …) with their multipliers, from `data/units.json`.
///
/// Kept as data so a user can add a measure word without recompiling. Lookups are longest match on
/// normalized scalars.
public struct UnitTable: Sendable {
    struct Unit: Sendable, Hashable {
        var text: [UInt32]
        var written: String
        var base: String
        var factor: Double
        var unitClass: UnitClass
        var capacity: Bool
        var kinds: UnitKinds
        /// The unit's position in the table, for per-unit lookups without hashing strings.
        var id: Int
    }

    /// Every unit, indexed by `Unit.id`.
    private(set) var all: [Unit] = []

    struct Prefix: Sendable, Hashable {
        var text: [UInt32]
        var written: String
        var factor: Double
        /// The prefix's position in `prefixes`.
        var id = 0
    }

    /// `written(unitID:prefixID:)` for every pair, by `Prefix.id * all.count + Unit.id`.
    private var combined: [String] = []
    /// The distinct base units, and each unit's place among them (by `Unit.id`): figures compare and carry
    /// base units as these numbers.
    private(set) var baseNames: [String] = []
    private(set) var baseIDs: [Int] = []
    /// The base of a share written in words.
    private(set) var percentBaseID = 0

    private struct File: Codable {
        var prefixes: [String: Double]
        var units: [UnitEntry]
        var notUnits: [String]?
        var notMetrics: [String]?

        enum CodingKeys: String, CodingKey {
            case prefixes, units
            case notUnits = "not_units"
            case notMetrics = "not_metrics"
        }
    }

    /// Units by first scalar, longest first.
    private var unitsByFirst = ScalarIndex<Unit>()
    private var prefixes: [Prefix] = []
    private var notUnitsByFirst = ScalarIndex<[UInt32]>()
    /// Names and slogans that begin with a figure (四个意识, 八项规定): never metrics.
    private(set) var notMetricPhrases: [[UInt32]] = []

    public static func bundled() throws -> UnitTable {
        try UnitTable(json: BundledData.contents("units.json"))
    }

    public init(json: Data) throws {
        let file = try JSONDecoder().decode(File.self, from: json)
        for entry in file.units {
            let text = entry.unit.unicodeScalars.map { TextTables.normalize($0.value) }
            guard let first = text.first else { continue }
            let unit = Unit(
                text: text,
                written: entry.unit,
                base: entry.base ?? entry.unit,
                factor: entry.factor ?? 1,
                unitClass: entry.class,
                capacity: entry.capacity ?? false,
                kinds: UnitKinds(base: entry.base ?? entry.unit),
                id: all.count
            )
            all.append(unit)
            unitsByFirst.append(unit, for: first)
        }
        unitsByFirst.sortEach { $0.text.count > $1.text.count }
        prefixes = file.prefixes.map {
            Prefix(text: $0.key.unicodeScalars.map(\.value), written: $0.key, factor: $0.value)
        }
        .sorted { $0.text.count > $1.text.count }
        for i in prefixes.indices { prefixes[i].id = i }
        combined = prefixes.flatMap { prefix in all.map { prefix.written + $0.written } }
        var baseNumbers: [String: Int] = [:]
        for unit in all + [
            Unit(text: [], written: "%", base: "%", factor: 1, unitClass: .percent, capacity: false, kinds: [], id: -1)
        ] {
            if baseNumbers[unit.base] == nil {
                baseNumbers[unit.base] = baseNames.count
                baseNames.append(unit.base)
            }
            if unit.id >= 0 { baseIDs.append(baseNumbers[unit.base]!) }
        }
        percentBaseID = baseNumbers["%"]!
        notMetricPhrases = (file.notMetrics ?? []).map { $0.unicodeScalars.map { TextTables.normalize($0.value) } }
        for word in file.notUnits ?? [] {
            let text = word.unicodeScalars.map { TextTables.normalize($0.value) }
            if let first = text.first { notUnitsByFirst.append(text, for: first) }
        }
        notUnitsByFirst.seal()
    }

    /// The longest unit written at `position`, unless the text there is a word that merely starts like one.
    func unit(in text: [UInt32], at position: Int, end: Int) -> Unit? {
        let id = unitID(in: text, at: position, end: end)
        return id >= 0 ? all[id] : nil
    }

    /// `unit(in:at:end:)` as the unit's id, -1 for none: no unit is copied, which figure scanning, asking at
    /// every number, notices.
    func unitID(in text: [UInt32], at position: Int, end: Int) -> Int {
        guard position < end else { return -1 }
        let candidates = unitsByFirst.range(of: text[position])
        guard !candidates.isEmpty else { return -1 }
        let blocked = notUnitsByFirst.range(of: text[position])
        if !blocked.isEmpty {
            for k in blocked where text.hasPrefix(notUnitsByFirst.flat[k], at: position, end: end) { return -1 }
        }
        for k in candidates where text.hasPrefix(unitsByFirst.flat[k].text, at: position, end: end) {
            return unitsByFirst.flat[k].id
        }
        return -1
    }

    func prefix(in text: [UInt32], at position: Int, end: Int) -> Prefix? {
        prefixes.first { text.hasPrefix($0.text, at: position, end: end) }
    }

    /// A figure's unit as written, its prefix included (万 + 人 → 万人): strings made once per table, not once
    /// per figure; a share in words (百分之九十) is %.
    func written(unitID: Int, prefixID: Int) -> String {
        guard unitID >= 0 else { return "%" }
        return prefixID >= 0 ? combined[prefixID * all.count + unitID] : all[unitID].written
    }
}

extension Array where Element == UInt32 {
    @inline(__always)
    func hasPrefix(_ word: [UInt32], at position: Int, end: Int) -> Bool {
        guard position + word.count <= end else { return false }
        var k = 0
        while k < word.count {
            if self[position + k] != word[k] { return false }
            k += 1
        }
        return true
    }
}

/// What a unit counts, for the categories that only fit some units (people for personnel, 个/项 for projects).
struct UnitKinds: OptionSet, Sendable, Hashable {
    var rawValue: UInt8
    static let people = UnitKinds(rawValue: 1)
    static let households = UnitKinds(rawValue: 2)
    static let entities = UnitKinds(rawValue: 4)
    static let itemCount = UnitKinds(rawValue: 8)
    static let batches = UnitKinds(rawValue: 16)
    /// 处 套 座 所 栋: what construction builds, counted as the works it names (供水工程26处, 新开工住房360套).
    static let works = UnitKinds(rawValue: 32)
    /// 岁: before a noun, an age bounds who is meant (65岁以上老年人) and counts nothing.
    static let age = UnitKinds(rawValue: 64)
    /// 个: before 月 or 年, a span of time (3个月); 8名年轻干部 is eight cadres.
    static let span = UnitKinds(rawValue: 128)

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init(base: String) {
        var kinds: UnitKinds = []
        if ["人", "人次", "名", "位", "户", "户次", "例"].contains(base) { kinds.insert(.people) }
        if base == "户" || base == "户次" { kinds.insert(.households) }
        if ["家", "户", "个"].contains(base) { kinds.insert(.entities) }
        if base == "个" || base == "项" { kinds.insert(.itemCount) }
        if base == "批次" || base == "批" { kinds.insert(.batches) }
        if ["处", "套", "座", "所", "栋", "幢"].contains(base) { kinds.insert(.works) }
        if base == "岁" || base == "周岁" { kinds.insert(.age) }
        if base == "个" { kinds.insert(.span) }
        self = kinds
    }
}
