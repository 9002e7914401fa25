import Foundation
import HuibaoCore
public import LibPQ

/// Rolls a region's figures up for one period, by each indicator's rules, and compares them: with targets, the
/// previous period, the same period last year, the siblings and the parent, and with who has not reported.
///
/// Reads `figure` (one row per current report and indicator, so superseded revisions and a report's parts are
/// already out) or the running totals the triggers keep beside it; never the raw metrics, except to explain.
public struct Rollup {
    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    public func run(_ query: RollupQuery) throws -> RollupResult {
        do {
            return try compute(query)
        } catch let error as PostgresError {
            throw StoreFailure.map(error)
        }
    }

    /// One aggregated value as the database returns it, before averages are divided out.
    struct Aggregate {
        var value: Double
        var valueCount: Double
        var lowerCount: Int
        var figures: Int
        var aggregation: RegionAggregation

        var finalValue: Double? {
            guard figures > 0 else { return nil }
            if aggregation == .avg { return valueCount > 0 ? value / valueCount : nil }
            return value
        }
    }

    struct AggregateKey: Hashable {
        var period: String
        /// nil for the region's total.
        var child: String?
        var indicator: String
    }

    /// Departments that reported and were expected, per child (nil key: the whole region).
    struct Completeness {
        var reported: [String?: Int] = [:]
        var expected: [String?: Int] = [:]
        /// nil when names were not read.
        var missing: [String?: [String]]?
        /// Children that have departments, with a department's name and kind when the child is a department.
        var departments: [String: (name: String, kind: String)] = [:]
    }

    private func compute(_ query: RollupQuery) throws -> RollupResult {
        let directory = Directory(db)
        let place: (code: String, name: String, level: RollupPlan.Level)
        if query.region == RollupQuery.nation || query.region == "全国" {
            place = (RollupQuery.nation, "全国", .nation)
        } else {
            // A code is looked up directly; a name goes through the directory's search (which can be ambiguous).
            let isCode = query.region.count == 6 && query.region.allSatisfy { $0.isASCII && $0.isNumber }
            let byCode = try db.query(
                "SELECT code::text, name, level FROM huibao.region WHERE $2 AND code = $1::char(6)",
                [.text(isCode ? query.region : "000000"), .bool(isCode)]
            )
            let entry: (code: String, name: String, level: String)
            if byCode.rowCount == 1 {
                entry = (
                    try byCode.decode(String.self, row: 0, column: 0),
                    try byCode.decode(String.self, row: 0, column: 1),
                    try byCode.decode(String.self, row: 0, column: 2)
                )
            } else {
                let found = try Self.region(named: query.region, directory)
                entry = (found.code, found.name, found.level.rawValue)
            }
            let level: RollupPlan.Level
            switch entry.level {
            case "province": level = .province
            case "prefecture": level = .prefecture
            default: level = .county
            }
            place = (entry.code, entry.name, level)
        }
        if let kind = query.departmentKind, DepartmentKind.named(kind) == nil {
            let known = DepartmentKind.all.map(\.code).joined(separator: ", ")
            throw StoreError(.invalid, "unknown department kind '\(kind)'; known kinds: \(known)")
        }

        let current = query.period
        let asked = [current, current.previous, current.sameLastYear].reduce(into: [Period]()) { list, period in
            if !list.contains(period) { list.append(period) }
        }
        let composed = try needsComposition(asked)
        var parameters = SQLParameters()
        let plan = RollupPlan(
            level: place.level,
            grouping: query.grouping,
            root: parameters.add(.text(place.code), "char(6)")
        )
        let useTotals =
            query.source == .automatic && !composed
            && plan.totalsAnswer(kindFilter: query.departmentKind != nil)

        let aggregates = try readAggregates(
            plan,
            parameters,
            asked: asked,
            composed: composed,
            useTotals: useTotals,
            query: query
        )
        let completeness: Completeness
        if useTotals && (place.level == .nation || place.level == .province) {
            completeness = try completenessFromTotals(plan, root: place.code, query: query)
        } else {
            completeness = try completenessFromDepartments(plan, root: place.code, query: query)
        }
        let sources = query.explain ? try readSources(plan, root: place.code, query: query) : [:]

        // The rows: every child with departments or figures, every indicator with a figure or a target.
        var childCodes = Set(completeness.expected.keys.compactMap { $0 })
        childCodes.formUnion(aggregates.keys.compactMap(\.child))
        let childNames = try names(of: childCodes, plan: plan, place: (place.code, place.name), completeness)
        let targets = try readTargets(
            regions: [place.code] + (plan.split == .region ? Array(childCodes) : []),
            period: current
        )
        var indicatorCodes = Set(aggregates.keys.map(\.indicator))
        indicatorCodes.formUnion(
            targets.keys.filter { target in
                (target.region == place.code || childCodes.contains(target.region))
                    && (query.departmentKind == nil || target.kind == query.departmentKind)
            }.map(\.indicator)
        )
        if let only = query.indicators { indicatorCodes = Set(only) }
        let indicators = try readIndicators(indicatorCodes)

        var rows: [RollupRow] = []
        let orderedChildren = childCodes.sorted { lhs, rhs in
            let l = childNames[lhs]?.sortKey ?? lhs
            let r = childNames[rhs]?.sortKey ?? rhs
            return l == r ? lhs < rhs : l < r
        }
        for indicator in indicators {
            var group: [RollupRow] = []
            for child in orderedChildren + [nil] {
                group.append(
                    row(
                        child: child,
                        indicator: indicator,
                        place: (place.code, place.name),
                        plan: plan,
                        query: query,
                        names: childNames,
                        aggregates: aggregates,
                        completeness: completeness,
                        targets: targets,
                        sources: sources
                    )
                )
            }
            Self.compare(&group, indicator: indicator)
            rows += group
        }
        return RollupResult(
            regionCode: place.code,
            regionName: place.name,
            period: current.description,
            previousPeriod: current.previous.description,
            lastYearPeriod: current.sameLastYear.description,
            grouping: plan.split == .region ? .child : .department,
            departmentKind: query.departmentKind,
            readFrom: useTotals ? "totals" : "figures",
            rows: rows
        )
    }

    /// The region a name means. A municipality and its pseudo-prefecture share a name (重庆市 500000 and 重庆市
    /// 500100) and hold the same departments, so that tie goes to the municipality instead of being an error.
    static func region(named name: String, _ directory: Directory) throws -> RegionEntry {
        do {
            return try directory.region(name)
        } catch let error as StoreError where error.code == .ambiguous {
            let exact = try directory.findRegions(name).filter { $0.name == name }
            if exact.count == 2,
                let parent = exact.first(where: { $0.code == exact[1].parentCode || $0.code == exact[0].parentCode })
            {
                return parent
            }
            throw error
        }
    }

    // MARK: - Reading values

    /// Whether any asked period has figures only for its shorter periods somewhere (a quarter from months).
    func needsComposition(_ periods: [Period]) throws -> Bool {
        let shorter = periods.flatMap(\.shorterPeriods).map(\.description)
        guard !shorter.isEmpty else { return false }
        var parameters = SQLParameters()
        let list = parameters.add(texts: shorter)
        let found = try db.query(
            "SELECT EXISTS (SELECT 1 FROM huibao.figure f WHERE f.period = ANY(\(list)))",
            parameters.values
        )
        return try found.decode(Bool.self, row: 0, column: 0)
    }

    private func readAggregates(
        _ plan: RollupPlan,
        _ base: SQLParameters,
        asked: [Period],
        composed: Bool,
        useTotals: Bool,
        query: RollupQuery
    ) throws -> [AggregateKey: Aggregate] {
        var parameters = base
        let units: String
        if useTotals {
            let periods = parameters.add(texts: asked.map(\.description))
            let indicators = parameters.add(texts: query.indicators)
            let kind = query.departmentKind.map { parameters.add(.text($0), "text") }
            units = """
                SELECT t.period::text AS asked, \(plan.totalsChild) AS child, t.indicator_code,
                    i.region_aggregation AS ragg, t.value, t.value_count, t.lower_count, t.figure_count
                FROM huibao.region_total t JOIN huibao.indicator i ON i.code = t.indicator_code
                WHERE t.period = ANY(\(periods)) AND t.parent_code = \(plan.root) AND t.figure_count > 0
                  AND \(plan.totalsKind(kind))
                  AND (\(indicators) IS NULL OR t.indicator_code = ANY(\(indicators)))
                """
        } else {
            units = Self.figureUnits(plan, &parameters, asked: asked, composed: composed, query: query)
        }
        let sql = """
            WITH units AS (\(units))
            SELECT asked, child, indicator_code, ragg,
                (CASE ragg WHEN 'max' THEN max(value) WHEN 'min' THEN min(value) ELSE sum(value) END)::float8,
                sum(value_count)::float8, sum(lower_count)::bigint, sum(figure_count)::bigint
            FROM units
            GROUP BY GROUPING SETS ((asked, indicator_code, ragg, child), (asked, indicator_code, ragg))
            """
        let result = try db.query(sql, parameters.values)
        var aggregates: [AggregateKey: Aggregate] = [:]
        for row in 0..<result.rowCount {
            let key = AggregateKey(
                period: try result.decode(String.self, row: row, column: 0),
                child: try result.decode(String?.self, row: row, column: 1),
                indicator: try result.decode(String.self, row: row, column: 2)
            )
            aggregates[key] = Aggregate(
                value: try result.decode(Double.self, row: row, column: 4),
                valueCount: try result.decode(Double.self, row: row, column: 5),
                lowerCount: try result.decode(Int.self, row: row, column: 6),
                figures: try result.decode(Int.self, row: row, column: 7),
                aggregation: RegionAggregation(rawValue: try result.decode(String.self, row: row, column: 3)) ?? .sum
            )
        }
        return aggregates
    }

    /// One row per department and indicator (and asked period): its figure for the period itself, or, where it
    /// has none, composed from its figures for shorter periods by the indicator's time rule — flows add up,
    /// stocks take the last, averages divide summed values by summed counts.
    /// The figures under the rolled-up region, of the asked indicators and department kind; binds its values.
    static func figureFilters(_ plan: RollupPlan, _ parameters: inout SQLParameters, query: RollupQuery) -> String {
        let indicators = parameters.add(texts: query.indicators)
        let kind = parameters.add(.optional(query.departmentKind), "text")
        return """
            \(plan.figureScope)
              AND (\(indicators) IS NULL OR f.indicator_code = ANY(\(indicators)))
              AND (\(kind) IS NULL OR f.department_kind = \(kind))
            """
    }

    static func figureUnits(
        _ plan: RollupPlan,
        _ parameters: inout SQLParameters,
        asked: [Period],
        composed: Bool,
        query: RollupQuery
    ) -> String {
        let filters = figureFilters(plan, &parameters, query: query)
        if !composed {
            let periods = parameters.add(texts: asked.map(\.description))
            return """
                SELECT f.period::text AS asked, \(plan.figureChild) AS child, f.indicator_code,
                    i.region_aggregation AS ragg, f.value, f.value_count, f.lower_bound::int AS lower_count,
                    1 AS figure_count
                FROM huibao.figure f JOIN huibao.indicator i ON i.code = f.indicator_code
                WHERE f.period = ANY(\(periods)) AND \(filters)
                """
        }
        let picked = pickedFigures(plan, &parameters, asked: asked, filters: filters)
        return """
            WITH picked AS (\(picked))
            SELECT asked, child, indicator_code, ragg,
                CASE WHEN tagg = 'avg' AND ragg <> 'avg' THEN avg(value) ELSE sum(value) END AS value,
                sum(value_count) AS value_count, max(lower_bound::int) AS lower_count, 1 AS figure_count
            FROM picked WHERE tagg IN ('sum', 'avg')
            GROUP BY asked, child, department_id, indicator_code, ragg, tagg
            UNION ALL
            SELECT * FROM (
                SELECT DISTINCT ON (asked, department_id, indicator_code)
                    asked, child, indicator_code, ragg, value, value_count, lower_bound::int, 1
                FROM picked WHERE tagg IN ('last', 'max', 'min')
                ORDER BY asked, department_id, indicator_code,
                    CASE WHEN tagg = 'last' THEN period END DESC,
                    CASE WHEN tagg = 'max' THEN key END DESC,
                    CASE WHEN tagg = 'min' THEN key END ASC
            ) single
            """
    }

    /// The figures that count for each asked period: per department and indicator, those of the coarsest period
    /// it has inside the asked one (the period itself first).
    static func pickedFigures(
        _ plan: RollupPlan,
        _ parameters: inout SQLParameters,
        asked: [Period],
        filters: String
    ) -> String {
        var periods: [String] = []
        var owners: [String] = []
        var fineness: [String] = []
        for period in asked {
            for inner in [period] + period.shorterPeriods {
                periods.append(inner.description)
                owners.append(period.description)
                fineness.append(String(inner.granularity.fineness))
            }
        }
        let periodList = parameters.add(texts: periods)
        let ownerList = parameters.add(texts: owners)
        let finenessList = parameters.add(.text(SQLParameters.arrayLiteral(fineness)), "int[]")
        return """
            SELECT * FROM (
                SELECT s.asked, f.period, \(plan.figureChild) AS child, f.department_id, f.report_id,
                    f.indicator_code, f.value, f.value_count, f.lower_bound,
                    i.region_aggregation AS ragg, i.time_aggregation AS tagg,
                    CASE WHEN i.region_aggregation = 'avg' THEN f.value / f.value_count ELSE f.value END AS key,
                    rank() OVER (PARTITION BY s.asked, f.department_id, f.indicator_code ORDER BY s.fineness) AS pick
                FROM huibao.figure f
                JOIN unnest(\(periodList), \(ownerList), \(finenessList)) AS s(period, asked, fineness)
                    ON s.period = f.period
                JOIN huibao.indicator i ON i.code = f.indicator_code
                WHERE f.period = ANY(\(periodList)) AND \(filters)
            ) ranked WHERE pick = 1
            """
    }

    // MARK: - Names, targets, indicators

    struct ChildName {
        var name: String
        var sortKey: String
        var kind: String?
        var departmentID: Int64?
    }

    func names(
        of children: Set<String>,
        plan: RollupPlan,
        place: (code: String, name: String),
        _ completeness: Completeness
    ) throws -> [String: ChildName] {
        var names: [String: ChildName] = [:]
        switch plan.split {
        case .department:
            var parameters = SQLParameters()
            let ids = parameters.add(.text(SQLParameters.arrayLiteral(Array(children))), "bigint[]")
            let result = try db.query(
                "SELECT d.id, d.name, d.kind FROM huibao.department d WHERE d.id = ANY(\(ids))",
                parameters.values
            )
            for row in 0..<result.rowCount {
                let id = try result.decode(Int64.self, row: row, column: 0)
                let kind = try result.decode(String.self, row: row, column: 2)
                names[String(id)] = ChildName(
                    name: try result.decode(String.self, row: row, column: 1),
                    sortKey: kind,
                    kind: kind,
                    departmentID: id
                )
            }
        case .kind:
            for child in children {
                names[child] = ChildName(
                    name: DepartmentKind.named(child)?.name ?? child,
                    sortKey: child,
                    kind: child
                )
            }
        case .region:
            var parameters = SQLParameters()
            let codes = parameters.add(texts: Array(children), "char(6)[]")
            let result = try db.query(
                "SELECT code::text, name FROM huibao.region WHERE code = ANY(\(codes))",
                parameters.values
            )
            for row in 0..<result.rowCount {
                let code = try result.decode(String.self, row: row, column: 0)
                // The region's own departments come first, as 本级.
                let own = code == place.code
                names[code] = ChildName(
                    name: try result.decode(String.self, row: row, column: 1) + (own ? "本级" : ""),
                    sortKey: own ? "" : code
                )
            }
        }
        return names
    }

    struct TargetKey: Hashable {
        var region: String
        var kind: String?
        var indicator: String
    }

    func readTargets(regions: [String], period: Period) throws -> [TargetKey: Double] {
        var parameters = SQLParameters()
        let codes = parameters.add(texts: regions, "char(6)[]")
        let periodText = parameters.add(.text(period.description), "text")
        let result = try db.query(
            """
            SELECT region_code::text, department_kind, indicator_code, value::float8 FROM huibao.target
            WHERE period = \(periodText) AND region_code = ANY(\(codes))
            """,
            parameters.values
        )
        var targets: [TargetKey: Double] = [:]
        for row in 0..<result.rowCount {
            let key = TargetKey(
                region: try result.decode(String.self, row: row, column: 0),
                kind: try result.decode(String?.self, row: row, column: 1),
                indicator: try result.decode(String.self, row: row, column: 2)
            )
            targets[key] = try result.decode(Double.self, row: row, column: 3)
        }
        return targets
    }

    struct IndicatorInfo {
        var code: String
        var name: String
        var unit: String
        var aggregation: RegionAggregation
    }

    func readIndicators(_ codes: Set<String>) throws -> [IndicatorInfo] {
        var parameters = SQLParameters()
        let list = parameters.add(texts: Array(codes))
        let result = try db.query(
            """
            SELECT code, name, unit, region_aggregation FROM huibao.indicator
            WHERE code = ANY(\(list)) ORDER BY code
            """,
            parameters.values
        )
        let found = try (0..<result.rowCount).map { row in
            IndicatorInfo(
                code: try result.decode(String.self, row: row, column: 0),
                name: try result.decode(String.self, row: row, column: 1),
                unit: try result.decode(String.self, row: row, column: 2),
                aggregation: RegionAggregation(rawValue: try result.decode(String.self, row: row, column: 3)) ?? .sum
            )
        }
        if let unknown = codes.subtracting(found.map(\.code)).sorted().first {
            throw StoreError(.notFound, "indicator '\(unknown)' is not in the catalog; see `huibao catalog`")
        }
        return found
    }
}
