import Foundation
import HuibaoCore
import LibPQ
import Testing

@testable import HuibaoStore

/// The figure table after `0009`: its report checked once a statement, and one index that every rollup scope
/// uses.
@Suite(.enabled(if: TestDatabase.isConfigured)) struct FigureTableTests {
    func storedReport(_ fixture: StoreFixture) throws -> Int64 {
        let department = try fixture.department("环县", "market_regulation")
        let outcome = try Submitter(fixture.db, catalog: fixture.catalog).submit(
            ReportSubmission(
                departmentID: department.id,
                period: Period("2026-Q1")!,
                sourceText: "检查经营户15家。",
                metrics: [StoreFixture.metric(15, "家", indicator: "inspection.entities_checked")]
            )
        )
        guard case .stored(let id, _, _) = outcome else { throw StoreError(.conflict, "not stored: \(outcome)") }
        return id
    }

    @Test func aFigureOfAReportThatDoesNotExistIsRefusedAndChangesNoTotal() throws {
        let fixture = try StoreFixture()
        let report = try storedReport(fixture)
        let totals = try fixture.count("SELECT count(*) FROM huibao.region_total")
        let insert = """
            INSERT INTO huibao.figure (report_id, indicator_code, period, department_id, department_kind, region_code,
                prefecture_code, province_code, value, value_count)
            SELECT r.id, 'sampling.batches', '2026-Q1', d.id, d.kind, '621022', '621000', '620000', 3, 1
            FROM unnest($1::bigint[]) AS r (id), (SELECT id, kind FROM huibao.department LIMIT 1) d
            """
        // One good row and one bad one in the same statement: the statement is refused whole.
        let error = #expect(throws: PostgresError.self) {
            _ = try fixture.db.query(insert, [.text("{\(report),\(report + 1000)}")])
        }
        #expect(error?.sqlState == .foreignKeyViolation)
        #expect(error?.constraint == "figure_report_exists")
        #expect(error?.message.contains("report \(report + 1000) does not exist") == true)
        #expect(try fixture.count("SELECT count(*) FROM huibao.figure WHERE indicator_code = 'sampling.batches'") == 0)
        #expect(try fixture.count("SELECT count(*) FROM huibao.region_total") == totals)
    }

    @Test func aReportThatStillHasFiguresCannotBeDeleted() throws {
        let fixture = try StoreFixture()
        let report = try storedReport(fixture)
        // Without its metrics only the figure check stands in the way.
        _ = try fixture.db.query("DELETE FROM huibao.metric WHERE report_id = $1", [.int(Int(report))])
        let error = #expect(throws: PostgresError.self) {
            _ = try fixture.db.query("DELETE FROM huibao.report WHERE id = $1", [.int(Int(report))])
        }
        #expect(error?.sqlState == .foreignKeyViolation)
        #expect(error?.constraint == "figure_report_exists")
        #expect(try fixture.count("SELECT count(*) FROM huibao.report") == 1)
        // Once its figures are gone (and its totals with them), it can be.
        _ = try fixture.db.query("DELETE FROM huibao.figure WHERE report_id = $1", [.int(Int(report))])
        _ = try fixture.db.query("DELETE FROM huibao.audit WHERE report_id = $1", [.int(Int(report))])
        _ = try fixture.db.query("DELETE FROM huibao.report WHERE id = $1", [.int(Int(report))])
        #expect(try fixture.count("SELECT count(*) FROM huibao.report") == 0)
    }

    /// The region indexes of 0001 were silently never used (char(6) compared with text); this keeps the one
    /// index of 0009 in use for every scope a rollup reads figures for.
    @Test(arguments: [
        (RollupPlan.Level.nation, "000000", "period"),
        (.province, "620000", "province_code"),
        (.prefecture, "621000", "prefecture_code"),
        (.county, "621022", "region_code"),
    ])
    func everyRollupScopeReadsFiguresThroughTheirIndex(
        level: RollupPlan.Level,
        code: String,
        column: String
    )
        throws
    {
        let fixture = try StoreFixture()
        _ = try storedReport(fixture)
        let plan = RollupPlan(level: level, grouping: .child, root: "$1::text")
        try fixture.db.execute("SET enable_seqscan = off")
        let explained = try fixture.db.query(
            "EXPLAIN SELECT f.value FROM huibao.figure f WHERE f.period = $2 AND \(plan.figureScope)",
            [.text(code), .text("2026-Q1")]
        )
        let lines = try (0..<explained.rowCount).map { try explained.decode(String.self, row: $0, column: 0) }
        let conditions = lines.filter { $0.contains("Index Cond") }.joined()
        #expect(lines.contains { $0.contains("figure_place") }, "\(lines)")
        #expect(conditions.contains(column), "\(lines)")
        let matched = try fixture.db.query(
            "SELECT count(*) FROM huibao.figure f WHERE f.period = $2 AND \(plan.figureScope)",
            [.text(code), .text("2026-Q1")]
        )
        #expect(try matched.decode(Int.self, row: 0, column: 0) == 1)
    }
}
