public import Foundation

/// How an indicator's figures combine across regions (a prefecture from its counties).
public enum RegionAggregation: String, Sendable, Codable, CaseIterable {
    case sum, avg, max, min
}

/// How an indicator's figures combine across time (a quarter from its months):
/// flows add up, stocks take the last value.
public enum TimeAggregation: String, Sendable, Codable, CaseIterable {
    case sum, last, avg, max, min
}

/// A condition under which an extracted figure counts as an indicator. Every field that is set must hold.
public struct IndicatorRule: Sendable, Codable, Hashable {
    /// The figure's action contains one of these (检查, 抽检 …).
    public var actions: [String]?
    /// The figure's subject contains one of these (食堂, 项目 …).
    public var subjects: [String]?
    /// The subject contains none of these.
    public var excludeSubjects: [String]?
    /// The figure's base unit is one of these (家, 批次, 元 …).
    public var units: [String]?
    public var kinds: [MetricKind]?
    public var categories: [MetricCategory]?

    enum CodingKeys: String, CodingKey {
        case actions, subjects, units, kinds, categories
        case excludeSubjects = "exclude_subjects"
    }

    public init(
        actions: [String]? = nil,
        subjects: [String]? = nil,
        excludeSubjects: [String]? = nil,
        units: [String]? = nil,
        kinds: [MetricKind]? = nil,
        categories: [MetricCategory]? = nil
    ) {
        self.actions = actions
        self.subjects = subjects
        self.excludeSubjects = excludeSubjects
        self.units = units
        self.kinds = kinds
        self.categories = categories
    }

    public func matches(_ metric: Metric) -> Bool {
        if let units, !units.contains(metric.baseUnit) { return false }
        if let kinds, !kinds.contains(metric.kind) { return false }
        if let categories, !categories.contains(metric.category) { return false }
        if let actions {
            guard let action = metric.action, actions.contains(where: { action.contains($0) }) else { return false }
        }
        let subject = metric.subject ?? ""
        if let subjects, !subjects.contains(where: { subject.contains($0) }) { return false }
        if let excludeSubjects, excludeSubjects.contains(where: { subject.contains($0) }) { return false }
        return true
    }
}

/// A named, comparable figure: what rollups add up and briefings show (`inspection.entities_checked`).
public struct Indicator: Sendable, Codable, Hashable {
    public var code: String
    public var name: String
    /// The base unit figures are stored and summed in (家, 批次, 元, %).
    public var unit: String
    public var category: MetricCategory
    public var regionAggregation: RegionAggregation
    public var timeAggregation: TimeAggregation
    public var rules: [IndicatorRule]

    enum CodingKeys: String, CodingKey {
        case code, name, unit, category, rules
        case regionAggregation = "region_aggregation"
        case timeAggregation = "time_aggregation"
    }

    public init(
        code: String,
        name: String,
        unit: String,
        category: MetricCategory,
        regionAggregation: RegionAggregation = .sum,
        timeAggregation: TimeAggregation = .sum,
        rules: [IndicatorRule] = []
    ) {
        self.code = code
        self.name = name
        self.unit = unit
        self.category = category
        self.regionAggregation = regionAggregation
        self.timeAggregation = timeAggregation
        self.rules = rules
    }
}

/// The indicator catalog: kept as data (`data/catalog.json`) so that users extend it without recompiling,
/// and loaded both by extraction (to classify figures) and by the store (the `indicator` table).
public struct Catalog: Sendable, Hashable {
    public var indicators: [Indicator]

    public init(indicators: [Indicator]) {
        self.indicators = indicators
    }

    private struct File: Codable {
        var indicators: [Indicator]
    }

    /// Decodes a catalog file; the error names what is wrong in it.
    public init(json: Data, source: String = "catalog") throws(InputError) {
        do {
            let file = try JSONDecoder().decode(File.self, from: json)
            self.init(indicators: file.indicators)
        } catch let error as DecodingError {
            throw InputError(file: source, message: "not a valid catalog: \(error.readableDescription)")
        } catch {
            throw InputError(file: source, message: "not a valid catalog: \(error)")
        }
        var seen = Set<String>()
        for indicator in indicators {
            guard !indicator.code.isEmpty, !indicator.unit.isEmpty else {
                throw InputError(file: source, message: "indicator '\(indicator.code)' needs a code and a unit")
            }
            guard seen.insert(indicator.code).inserted else {
                throw InputError(file: source, message: "indicator '\(indicator.code)' is defined twice")
            }
        }
    }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(File(indicators: indicators))) ?? Data()
    }

    /// The first indicator with a rule that the metric satisfies, in file order.
    public func indicator(for metric: Metric) -> Indicator? {
        indicators.first { indicator in
            indicator.rules.contains { $0.matches(metric) }
        }
    }

    public subscript(code: String) -> Indicator? {
        indicators.first { $0.code == code }
    }

    /// A user's catalog extends this one: same codes replace, new codes are added in front so their rules win.
    public func extended(by other: Catalog) -> Catalog {
        let replaced = Set(other.indicators.map(\.code))
        return Catalog(indicators: other.indicators + indicators.filter { !replaced.contains($0.code) })
    }
}

extension DecodingError {
    var readableDescription: String {
        func path(_ context: Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch self {
        case .keyNotFound(let key, let context): return "missing '\(key.stringValue)' at \(path(context))"
        case .typeMismatch(_, let context): return "wrong type at \(path(context)): \(context.debugDescription)"
        case .valueNotFound(_, let context): return "missing value at \(path(context))"
        case .dataCorrupted(let context): return "\(context.debugDescription) at \(path(context))"
        @unknown default: return "\(self)"
        }
    }
}
