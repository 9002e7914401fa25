/// What one report contributes to an indicator: the figure rollups add up.
///
/// Computed once, when the report is stored, from its metrics by the rules that keep rollups honest:
/// plans, capacities and unclassified figures do not count; a part whose total counts for the same indicator
/// is left out (共检查653家，其中学校食堂186家 contributes 653, not 839); a figure restated word for word counts
/// once; any lower bound (以上, 余 …) makes the sum a lower bound.
public struct Figure: Sendable, Hashable {
    public var indicator: String
    /// Sum (or max/min, by the indicator's region aggregation) of the counted values, in the base unit.
    public var value: Double
    /// How many values went in: averages divide the summed values by the summed counts, never average averages.
    public var count: Int
    public var lowerBound: Bool

    public init(indicator: String, value: Double, count: Int, lowerBound: Bool) {
        self.indicator = indicator
        self.value = value
        self.count = count
        self.lowerBound = lowerBound
    }

    /// The figures of one report's metrics, in catalog order.
    public static func compute(_ metrics: [Metric], catalog: Catalog) -> [Figure] {
        var byIndicator: [String: Figure] = [:]
        var seen = Set<String>()
        for (index, metric) in metrics.enumerated() {
            guard let code = metric.indicator, let indicator = catalog[code] else { continue }
            guard metric.kind == .actual || metric.kind == .ratio || metric.kind == .change else { continue }
            if metric.role == .part, let total = metric.totalIndex, total != index, metrics.indices.contains(total),
                metrics[total].indicator == code
            {
                continue
            }
            let restatement =
                "\(metric.document)|\(code)|\(metric.baseValue)|\(metric.subject ?? "")|\(metric.action ?? "")"
            guard seen.insert(restatement).inserted else { continue }
            let lower = metric.qualifier?.isLowerBound ?? false
            if var figure = byIndicator[code] {
                switch indicator.regionAggregation {
                case .sum, .avg: figure.value += metric.baseValue
                case .max: figure.value = Swift.max(figure.value, metric.baseValue)
                case .min: figure.value = Swift.min(figure.value, metric.baseValue)
                }
                figure.count += 1
                figure.lowerBound = figure.lowerBound || lower
                byIndicator[code] = figure
            } else {
                byIndicator[code] = Figure(indicator: code, value: metric.baseValue, count: 1, lowerBound: lower)
            }
        }
        return catalog.indicators.compactMap { byIndicator[$0.code] }
    }
}
