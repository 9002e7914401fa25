import HuibaoCore
import LibPQ

extension Rollup {
    struct SourceKey: Hashable {
        var child: String
        var indicator: String
    }

    /// Builds one row; ranks and shares need the whole group and are added by ``compare(_:indicator:)``.
    func row(
        child: String?,
        indicator: IndicatorInfo,
        place: (code: String, name: String),
        plan: RollupPlan,
        query: RollupQuery,
        names: [String: ChildName],
        aggregates: [AggregateKey: Aggregate],
        completeness: Completeness,
        targets: [TargetKey: Double],
        sources: [SourceKey: [RollupSource]]
    ) -> RollupRow {
        func aggregate(_ period: Period) -> Aggregate? {
            aggregates[AggregateKey(period: period.description, child: child, indicator: indicator.code)]
        }
        let now = aggregate(query.period)
        let value = now?.finalValue
        let previous = aggregate(query.period.previous)?.finalValue
        let lastYear = aggregate(query.period.sameLastYear)?.finalValue
        let name = child.flatMap { names[$0] }
        let isRegionRow = child != nil && plan.split == .region
        let isDepartmentRow = child != nil && plan.split != .region

        let target: Double?
        if isDepartmentRow {
            target = targets[TargetKey(region: place.code, kind: name?.kind ?? child, indicator: indicator.code)]
        } else if isRegionRow && child == place.code {
            // The region's own departments (本级): the region's target is for its whole territory, not for them.
            target = nil
        } else {
            let region = isRegionRow ? child! : place.code
            target = targets[TargetKey(region: region, kind: query.departmentKind, indicator: indicator.code)]
        }
        let inPoints = indicator.unit == "%"
        func change(from base: Double?) -> Double? {
            guard let value, let base else { return nil }
            if inPoints { return value - base }
            return base == 0 ? nil : (value - base) / base * 100
        }
        var rowSources: [RollupSource]?
        if query.explain {
            if let child {
                rowSources = sources[SourceKey(child: child, indicator: indicator.code)] ?? []
            } else {
                rowSources = sources.filter { $0.key.indicator == indicator.code }
                    .sorted { $0.key.child < $1.key.child }.flatMap(\.value)
            }
        }
        return RollupRow(
            isTotal: child == nil,
            regionCode: isRegionRow ? child! : place.code,
            regionName: isRegionRow ? (name?.name ?? child!) : place.name,
            departmentKind: isDepartmentRow ? (name?.kind ?? child) : query.departmentKind,
            departmentName: isDepartmentRow
                ? name?.name : query.departmentKind.flatMap { DepartmentKind.named($0)?.name },
            departmentID: isDepartmentRow ? name?.departmentID : nil,
            indicatorCode: indicator.code,
            indicatorName: indicator.name,
            unit: indicator.unit,
            aggregation: indicator.aggregation,
            value: value,
            isLowerBound: value != nil && (now?.lowerCount ?? 0) > 0,
            reported: completeness.reported[child] ?? 0,
            expected: completeness.expected[child] ?? 0,
            missing: completeness.missing.map { $0[child] ?? [] },
            target: target,
            completionPercent: value.flatMap { v in target.flatMap { $0 > 0 ? v / $0 * 100 : nil } },
            previousValue: previous,
            previousChange: change(from: previous),
            lastYearValue: lastYear,
            lastYearChange: change(from: lastYear),
            changeUnit: inPoints ? "pp" : "%",
            rank: nil,
            sharePercent: nil,
            sources: rowSources
        )
    }

    /// Ranks the child rows (1 = largest; equal values share a rank) for sums and averages, and gives each its
    /// share of the total for sums: a maximum's or an average's share of the parent means nothing.
    static func compare(_ group: inout [RollupRow], indicator: IndicatorInfo) {
        guard let total = group.last, total.isTotal else { return }
        if indicator.aggregation == .sum || indicator.aggregation == .avg {
            let values = group.filter { !$0.isTotal }.compactMap(\.value)
            for index in group.indices where !group[index].isTotal {
                guard let value = group[index].value else { continue }
                group[index].rank = values.filter { $0 > value }.count + 1
            }
        }
        if indicator.aggregation == .sum, let whole = total.value, whole > 0 {
            for index in group.indices where !group[index].isTotal {
                group[index].sharePercent = group[index].value.map { $0 / whole * 100 }
            }
        }
    }

    // MARK: - Explain

    /// The reports and text spans behind each value of the asked period: the metrics of the figures picked,
    /// less those a figure leaves out (plans, and parts whose total counts for the same indicator).
    func readSources(_ plan: RollupPlan, root: String, query: RollupQuery) throws -> [SourceKey: [RollupSource]] {
        var parameters = SQLParameters()
        _ = parameters.add(.text(root), "char(6)")
        let filters = Self.figureFilters(plan, &parameters, query: query)
        let picked = Self.pickedFigures(plan, &parameters, asked: [query.period], filters: filters)
        let result = try db.query(
            """
            WITH picked AS (\(picked))
            SELECT p.child, p.indicator_code, r.id, r.revision, r.period::text, d.name,
                m.ordinal, m.span_start, m.span_end, m.quote, m.base_value::float8, m.qualifier
            FROM picked p
            JOIN huibao.report r ON r.id = p.report_id
            JOIN huibao.department d ON d.id = p.department_id
            JOIN huibao.metric m ON m.report_id = p.report_id AND m.indicator_code = p.indicator_code
            WHERE m.kind IN ('actual', 'ratio', 'change')
              AND NOT (m.role = 'part' AND EXISTS (
                  SELECT 1 FROM huibao.metric t
                  WHERE t.report_id = m.report_id AND t.ordinal = m.total_ordinal
                    AND t.indicator_code = m.indicator_code))
            ORDER BY p.child, p.indicator_code, r.period, r.id, m.ordinal
            """,
            parameters.values
        )
        var sources: [SourceKey: [RollupSource]] = [:]
        for row in 0..<result.rowCount {
            let key = SourceKey(
                child: try result.decode(String.self, row: row, column: 0),
                indicator: try result.decode(String.self, row: row, column: 1)
            )
            let reportID = try result.decode(Int64.self, row: row, column: 2)
            let span = RollupSource.Span(
                ordinal: try result.decode(Int.self, row: row, column: 6),
                start: try result.decode(Int.self, row: row, column: 7),
                end: try result.decode(Int.self, row: row, column: 8),
                text: try result.decode(String.self, row: row, column: 9),
                value: try result.decode(Double.self, row: row, column: 10),
                qualifier: try result.decode(String?.self, row: row, column: 11)
            )
            var list = sources[key, default: []]
            if let last = list.indices.last, list[last].reportID == reportID {
                list[last].spans.append(span)
            } else {
                list.append(
                    RollupSource(
                        reportID: reportID,
                        revision: try result.decode(Int.self, row: row, column: 3),
                        period: try result.decode(String.self, row: row, column: 4),
                        department: try result.decode(String.self, row: row, column: 5),
                        spans: [span]
                    )
                )
            }
            sources[key] = list
        }
        return sources
    }
}
