import Foundation
import HuibaoCore
import HuibaoStore
import LibPQ
import Testing

/// Row-level security, tested by connecting as the department writers' real logins.
@Suite(.enabled(if: TestDatabase.isConfigured)) struct RolesTests {
    struct Setup {
        let fixture: StoreFixture
        let countyA: Department
        let countyB: Department
        let writerA: Connection
        let loginA: String
    }

    func setUp() throws -> Setup {
        let fixture = try StoreFixture()
        let a = try fixture.department("环县", "market_regulation")
        let b = try fixture.department("华池县", "market_regulation")
        let loginA = TestDatabase.uniqueName("writer")
        let loginB = TestDatabase.uniqueName("writer")
        try Roles(fixture.db).grantDepartment(a, login: loginA, password: "secret-a-123")
        try Roles(fixture.db).grantDepartment(b, login: loginB, password: "secret-b-123")
        let database = try fixture.db.query("SELECT current_database()").decode(String.self, row: 0, column: 0)
        let writerA = try Connection(TestDatabase.conninfo(database: database, user: loginA, password: "secret-a-123"))
        return Setup(fixture: fixture, countyA: a, countyB: b, writerA: writerA, loginA: loginA)
    }

    func report(_ department: Department, _ text: String) -> ReportSubmission {
        ReportSubmission(
            departmentID: department.id,
            period: Period("2026-Q1")!,
            sourceText: text,
            metrics: [StoreFixture.metric(5, "家", indicator: "inspection.entities_checked")]
        )
    }

    @Test func aWriterSubmitsForItsOwnDepartment() throws {
        let s = try setUp()
        let outcome = try Submitter(s.writerA, catalog: s.fixture.catalog).submit(report(s.countyA, "环县检查5家。"))
        guard case .stored(let id, _, _) = outcome else {
            Issue.record("not stored")
            return
        }
        let by = try s.fixture.db.query("SELECT submitted_by FROM huibao.report WHERE id = $1", [.int(Int(id))])
        #expect(try by.decode(String.self, row: 0, column: 0) == s.loginA)
    }

    @Test func aWriterCannotInsertForAnotherCounty() throws {
        let s = try setUp()
        do {
            _ = try Submitter(s.writerA, catalog: s.fixture.catalog).submit(report(s.countyB, "华池县检查5家。"))
            Issue.record("county A's writer stored a report for county B")
        } catch let error as StoreError {
            #expect(error.code == .forbidden)
        }
        #expect(try s.fixture.count("SELECT count(*) FROM huibao.report") == 0)
    }

    @Test func aWriterCannotReadOrChangeAnotherCountysReports() throws {
        let s = try setUp()
        _ = try Submitter(s.fixture.db, catalog: s.fixture.catalog).submit(report(s.countyB, "华池县检查5家。"))
        _ = try Submitter(s.writerA, catalog: s.fixture.catalog).submit(report(s.countyA, "环县检查5家。"))
        let visible = try s.writerA.query("SELECT department_id FROM huibao.report")
        #expect(visible.rowCount == 1)
        #expect(try visible.decode(Int64.self, row: 0, column: 0) == s.countyA.id)
        #expect(try s.writerA.query("SELECT count(*) FROM huibao.metric").decode(Int.self, row: 0, column: 0) == 1)
        let update = try s.writerA.query(
            "UPDATE huibao.report SET is_current = false WHERE department_id = $1",
            [.int(Int(s.countyB.id))]
        )
        #expect(update.affectedRows == 0)
        #expect(throws: PostgresError.self) {
            _ = try s.writerA.query(
                "UPDATE huibao.report SET source_text = 'x' WHERE department_id = $1",
                [.int(Int(s.countyA.id))]
            )
        }
        #expect(throws: PostgresError.self) {
            _ = try s.writerA.query("DELETE FROM huibao.report")
        }
        // Published figures are everyone's to read.
        #expect(try s.writerA.query("SELECT count(*) FROM huibao.figure").decode(Int.self, row: 0, column: 0) == 2)
        #expect(try s.fixture.count("SELECT count(*) FROM huibao.report WHERE is_current") == 2)
    }

    @Test func aWrongPasswordIsAClearErrorWithoutThePassword() throws {
        let s = try setUp()
        let database = try s.fixture.db.query("SELECT current_database()").decode(String.self, row: 0, column: 0)
        do {
            _ = try Connection(TestDatabase.conninfo(database: database, user: s.loginA, password: "wrong-Pa55word"))
            Issue.record("connected with a wrong password")
        } catch {
            let text = "\(error) \(String(reflecting: error))"
            #expect(text.contains("password authentication failed"))
            #expect(!text.contains("wrong-Pa55word"))
        }
    }

    @Test func loginNamesAreCheckedBeforeTheServer() throws {
        let fixture = try StoreFixture()
        let a = try fixture.department("环县", "market_regulation")
        #expect(throws: StoreError.self) {
            try Roles(fixture.db).grantDepartment(a, login: "Robert'); DROP", password: "longenough")
        }
        #expect(throws: StoreError.self) {
            try Roles(fixture.db).grantDepartment(a, login: "postgres", password: "longenough")
        }
    }

    @Test func theCityOfficeReadsEverythingAndGrantsWriters() throws {
        let s = try setUp()
        _ = try Submitter(s.fixture.db, catalog: s.fixture.catalog).submit(report(s.countyB, "华池县检查5家。"))
        _ = try Submitter(s.writerA, catalog: s.fixture.catalog).submit(report(s.countyA, "环县检查5家。"))
        // Role names cannot be bound as parameters; this one is generated by the test itself.
        let login = TestDatabase.uniqueName("office")
        try s.fixture.db.execute("CREATE ROLE \(login) LOGIN PASSWORD 'office-pass-1' IN ROLE huibao_admin")
        let database = try s.fixture.db.query("SELECT current_database()").decode(String.self, row: 0, column: 0)
        let office = try Connection(TestDatabase.conninfo(database: database, user: login, password: "office-pass-1"))
        #expect(try office.query("SELECT count(*) FROM huibao.report").decode(Int.self, row: 0, column: 0) == 2)
        let third = try s.fixture.department("合水县", "market_regulation")
        try Roles(office).grantDepartment(third, login: TestDatabase.uniqueName("writer"), password: "secret-c-123")
        #expect(try s.fixture.count("SELECT count(*) FROM huibao.department_writer") == 3)
    }
}

extension RolesTests {
    /// COPY is refused under row-level security, so a writer's batch falls back to one report a transaction:
    /// slower, and still every report stored, and none for another county.
    @Test func aWritersBatchIsStoredOneByOneAndOnlyForItsDepartment() throws {
        let s = try setUp()
        let reports = (1...5).map { month in
            report(s.countyA, "环县市场监管局\(month)月检查经营户\(40 + month)家。")
        }
        let months = reports.enumerated().map { index, submission in
            var monthly = submission
            monthly.period = Period("2026-0\(index + 1)")!
            return monthly
        }
        let result = try BatchSubmitter(s.writerA, catalog: s.fixture.catalog, batchSize: 5).submit(
            months + [report(s.countyB, "华池县检查5家。")]
        )
        #expect(result.stored == 5)
        #expect(result.failures.map(\.index) == [5])
        #expect(try s.fixture.count("SELECT count(*) FROM huibao.report") == 5)
        #expect(
            try s.fixture.count(
                "SELECT count(*) FROM huibao.report WHERE department_id = $1",
                [.int(Int(s.countyB.id))]
            ) == 0
        )
    }
}
