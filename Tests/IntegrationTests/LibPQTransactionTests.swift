import Foundation
import LibPQ
import Testing

@Suite(.enabled(if: TestDatabase.isConfigured))
struct LibPQTransactionTests {
    struct BodyFailed: Error {}

    private func connectionWithTable() throws -> Connection {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE entry (id int PRIMARY KEY, note text)")
        return connection
    }

    private func count(_ connection: Connection) throws -> Int {
        try connection.query("SELECT count(*) FROM entry").decode(Int.self, row: 0, column: 0)
    }

    @Test func commitsWhenTheBodyReturns() throws {
        let connection = try connectionWithTable()
        let value = try connection.transaction { db in
            _ = try db.query("INSERT INTO entry VALUES ($1, $2)", [1, "一"])
            _ = try db.query("INSERT INTO entry VALUES ($1, $2)", [2, "二"])
            return 42
        }
        #expect(value == 42)
        #expect(try count(connection) == 2)
    }

    @Test func rollsBackAndRethrowsWhenTheBodyThrows() throws {
        let connection = try connectionWithTable()
        #expect(throws: BodyFailed.self) {
            try connection.transaction { db in
                _ = try db.query("INSERT INTO entry VALUES ($1, $2)", [1, "一"])
                throw BodyFailed()
            }
        }
        #expect(try count(connection) == 0)
        #expect(try connection.query("SELECT 1").rowCount == 1)
    }

    @Test func commitTurnedRollbackIsAnError() throws {
        let connection = try connectionWithTable()
        let error = try #require(throws: PostgresError.self) {
            try connection.transaction { db in
                _ = try db.query("INSERT INTO entry VALUES ($1, $2)", [1, "一"])
                // A failing statement whose error the body swallows: the server will answer COMMIT with ROLLBACK.
                _ = try? db.query("INSERT INTO entry VALUES ($1, $2)", [1, "duplicate"])
            }
        }
        #expect(error.sqlState == .inFailedSQLTransaction)
        #expect(error.message.contains("ROLLBACK"))
        #expect(try count(connection) == 0)
    }

    @Test func nestedTransactionRollsBackOnlyItsSavepoint() throws {
        let connection = try connectionWithTable()
        try connection.transaction { db in
            _ = try db.query("INSERT INTO entry VALUES ($1, $2)", [1, "kept"])
            try? db.transaction { inner in
                _ = try inner.query("INSERT INTO entry VALUES ($1, $2)", [2, "undone"])
                throw BodyFailed()
            }
        }
        #expect(try count(connection) == 1)
    }

    @Test func serverErrorInTheBodyRollsBackAndSurfaces() throws {
        let connection = try connectionWithTable()
        let error = try #require(throws: PostgresError.self) {
            try connection.transaction { db in
                _ = try db.query("INSERT INTO entry VALUES ($1, $2)", [1, "一"])
                _ = try db.query("INSERT INTO entry VALUES ($1, $2)", [1, "again"])
            }
        }
        #expect(error.sqlState == .uniqueViolation)
        #expect(try count(connection) == 0)
    }

    @Test func backendKilledMidTransactionGivesATransientError() throws {
        let connection = try connectionWithTable()
        let pid = try TestDatabase.backendPID(of: connection)
        let started = Date()
        let error = try #require(throws: PostgresError.self) {
            try connection.transaction { db in
                _ = try db.query("INSERT INTO entry VALUES ($1, $2)", [1, "一"])
                Thread.detachNewThread { try? Self.terminate(pid, after: 0.3) }
                _ = try db.query("SELECT pg_sleep(10)")
            }
        }
        #expect(error.isTransient)
        #expect(error.code == .connection)
        #expect(Date().timeIntervalSince(started) < 8)
        #expect(!connection.isOpen)
        let after = try #require(throws: PostgresError.self) { try connection.query("SELECT 1") }
        #expect(after.code == .connection || after.code == .client)
    }

    static func terminate(_ pid: Int, after delay: TimeInterval) throws {
        Thread.sleep(forTimeInterval: delay)
        try TestDatabase.terminateBackend(pid)
    }
}
