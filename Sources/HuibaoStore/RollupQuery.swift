public import HuibaoCore

/// What to roll up: a region's figures for one period, split by child region or by department.
public struct RollupQuery: Sendable, Hashable {
    /// How the rows of a rollup are split below the region's own total.
    public enum Grouping: String, Sendable, Hashable, CaseIterable, Codable {
        /// One row per child region (a province's prefectures, a prefecture's counties). A county has no child
        /// regions, so a county is always split by department.
        case child
        /// One row per department in a county; per department kind (all 市场监管局 together) above a county.
        case department
    }

    /// Where the figures come from. `automatic` reads the running totals where they answer the question (province
    /// and nation, a prefecture split by county) and the per-report figures otherwise; `figures` always reads the
    /// per-report figures, which is slower but is what the totals must agree with.
    public enum Source: String, Sendable, Hashable, Codable {
        case automatic, figures
    }

    /// The code of the nation as a rollup region: its children are the provinces.
    public static let nation = "000000"

    /// A six-digit region code, or ``nation``.
    public var region: String
    public var period: Period
    public var grouping: Grouping
    /// Only these indicators; nil for every indicator that has a figure or a target.
    public var indicators: [String]?
    /// Only departments of this kind (`market_regulation`); nil for all.
    public var departmentKind: String?
    /// Fill ``RollupRow/sources`` with the reports and text spans behind each value.
    public var explain: Bool
    public var source: Source

    public init(
        region: String,
        period: Period,
        grouping: Grouping = .child,
        indicators: [String]? = nil,
        departmentKind: String? = nil,
        explain: Bool = false,
        source: Source = .automatic
    ) {
        self.region = region
        self.period = period
        self.grouping = grouping
        self.indicators = indicators
        self.departmentKind = departmentKind
        self.explain = explain
        self.source = source
    }
}

/// One line of a rollup: a child region's (or a department's) figure for one indicator, or the region's total,
/// with everything a briefing compares it with.
public struct RollupRow: Sendable, Hashable, Codable {
    /// True for the rolled-up region's own total; its `regionCode` is the region's.
    public var isTotal: Bool
    public var regionCode: String
    public var regionName: String
    /// Set on department rows (a county's departments, or a kind above a county), and on every row when the
    /// rollup is limited to one kind.
    public var departmentKind: String?
    /// The department's name in a county; the kind's name (市场监督管理局) above a county.
    public var departmentName: String?
    public var departmentID: Int64?
    public var indicatorCode: String
    public var indicatorName: String
    public var unit: String
    public var aggregation: RegionAggregation

    /// Nil when no department in the row reported a figure for the indicator (a missing report is not a zero).
    public var value: Double?
    /// Some figure behind the value was a lower bound (以上, 超过 …): the true value is at least this (≥).
    public var isLowerBound: Bool
    /// Departments that reported for the period (a report, whatever its figures) and departments expected to.
    public var reported: Int
    public var expected: Int
    /// Names of the departments that have not reported; nil where the rollup did not list them (province and
    /// nation read counts only: drill down to a prefecture to see names).
    public var missing: [String]?

    public var target: Double?
    public var completionPercent: Double?
    public var previousValue: Double?
    /// Change against the previous period: percent, or percentage points when the unit is itself `%`.
    public var previousChange: Double?
    public var lastYearValue: Double?
    public var lastYearChange: Double?
    /// `%` when the changes are percentages, `pp` when they are percentage points (for indicators in %).
    public var changeUnit: String
    /// Position among the sibling rows for this indicator, 1 = largest; only for sums and averages.
    public var rank: Int?
    /// Percent of the region's total; only for sums, where parts of a whole make sense.
    public var sharePercent: Double?
    /// The reports, revisions and text spans behind the value, when the rollup was asked to explain.
    public var sources: [RollupSource]?
}

/// A report behind a rollup value, and the figures in its text that went in.
public struct RollupSource: Sendable, Hashable, Codable {
    public struct Span: Sendable, Hashable, Codable {
        public var ordinal: Int
        public var start: Int
        public var end: Int
        public var text: String
        public var value: Double
        public var qualifier: String?
    }

    public var reportID: Int64
    public var revision: Int
    public var period: String
    public var department: String
    public var spans: [Span]
}

/// A rollup's rows and what they are about.
public struct RollupResult: Sendable, Hashable, Codable {
    public var regionCode: String
    public var regionName: String
    public var period: String
    public var previousPeriod: String
    public var lastYearPeriod: String
    public var grouping: RollupQuery.Grouping
    public var departmentKind: String?
    /// `totals` when the values came from the running totals, `figures` when from the per-report figures.
    public var readFrom: String
    /// Per indicator: the child rows in order, then the region's total.
    public var rows: [RollupRow]
}
