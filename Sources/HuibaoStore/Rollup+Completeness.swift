import HuibaoCore
import LibPQ

extension Rollup {
    /// Reads every department of the region with whether it reported: a current report for the period, or
    /// current reports for all the months of it. Reports are read through `huibao.reporting`, which tells a
    /// department writer (whose row-level security hides other departments' reports) who has reported.
    func completenessFromDepartments(_ plan: RollupPlan, root: String, query: RollupQuery) throws -> Completeness {
        var parameters = SQLParameters()
        _ = parameters.add(.text(root), "char(6)")
        let period = parameters.add(.text(query.period.description), "text")
        var shorter: [String] = []
        var months: [String] = []
        for inner in query.period.shorterPeriods {
            for month in inner.months {
                shorter.append(inner.description)
                months.append(month.description)
            }
        }
        let periods = parameters.add(texts: [query.period.description] + query.period.shorterPeriods.map(\.description))
        let shorterList = parameters.add(texts: shorter)
        let monthList = parameters.add(texts: months)
        let monthCount = parameters.add(.int(query.period.months.count), "int")
        let kind = parameters.add(.optional(query.departmentKind), "text")
        let result = try db.query(
            """
            WITH scope AS (
                SELECT \(plan.departmentChild) AS child, d.id, d.name, d.kind, d.region_code
                FROM huibao.region g
                -- OFFSET 0 keeps this a probe of the (region_code, kind) index per region: flattened into a
                -- join, the planner prefers scanning every department of the country.
                CROSS JOIN LATERAL (SELECT * FROM huibao.department x WHERE x.region_code = g.code OFFSET 0) d
                WHERE \(plan.departmentScope) AND (\(kind) IS NULL OR d.kind = \(kind))
            ),
            covered AS (
                SELECT r.department_id, bool_or(r.period = \(period)) AS exact, count(DISTINCT s.month) AS months
                FROM huibao.reporting((SELECT array_agg(id) FROM scope), \(periods)) r
                LEFT JOIN unnest(\(shorterList), \(monthList)) AS s(period, month) ON s.period = r.period
                GROUP BY r.department_id
            )
            SELECT s.child, s.name, s.kind, coalesce(c.exact OR c.months = \(monthCount), false)
            FROM scope s LEFT JOIN covered c ON c.department_id = s.id
            ORDER BY s.region_code, s.kind, s.name
            """,
            parameters.values
        )
        var completeness = Completeness(missing: [:])
        for row in 0..<result.rowCount {
            let child = try result.decode(String.self, row: row, column: 0)
            let name = try result.decode(String.self, row: row, column: 1)
            let kind = try result.decode(String.self, row: row, column: 2)
            let reported = try result.decode(Bool.self, row: row, column: 3)
            completeness.departments[child] = (name, kind)
            for key in [child, nil] as [String?] {
                completeness.expected[key, default: 0] += 1
                if reported {
                    completeness.reported[key, default: 0] += 1
                } else {
                    completeness.missing?[key, default: []].append(name)
                }
            }
        }
        return completeness
    }

    /// Counts from the running totals: fast for a province or the nation, without names.
    func completenessFromTotals(_ plan: RollupPlan, root: String, query: RollupQuery) throws -> Completeness {
        var parameters = SQLParameters()
        let code = parameters.add(.text(root), "char(6)")
        let kind = parameters.add(.optional(query.departmentKind), "text")
        let period = parameters.add(.text(query.period.description), "text")
        let child = plan.split == .kind ? "department_kind" : "region_code::text"
        let result = try db.query(
            """
            SELECT child, sum(departments)::bigint, sum(reports)::bigint FROM (
                SELECT \(child) AS child, departments, 0 AS reports FROM huibao.department_total
                WHERE parent_code = \(code) AND (\(kind) IS NULL OR department_kind = \(kind))
                UNION ALL
                SELECT \(child), 0, reports FROM huibao.report_total
                WHERE period = \(period) AND parent_code = \(code) AND (\(kind) IS NULL OR department_kind = \(kind))
            ) counts
            GROUP BY child
            """,
            parameters.values
        )
        var completeness = Completeness(missing: nil)
        for row in 0..<result.rowCount {
            let child = try result.decode(String.self, row: row, column: 0)
            let expected = try result.decode(Int.self, row: row, column: 1)
            let reported = try result.decode(Int.self, row: row, column: 2)
            guard expected > 0 || reported > 0 else { continue }
            for key in [child, nil] as [String?] {
                completeness.expected[key, default: 0] += expected
                completeness.reported[key, default: 0] += reported
            }
        }
        return completeness
    }
}
