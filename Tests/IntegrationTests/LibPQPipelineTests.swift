import Foundation
import LibPQ
import Testing

@Suite(.enabled(if: TestDatabase.isConfigured))
struct LibPQPipelineTests {
    @Test func pipelinedInsertsInOneTransaction() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE metric_row (name text, note text, quantity int, price numeric(12,2))")
        try connection.prepare("insert_metric", "INSERT INTO metric_row VALUES ($1, $2, $3, $4)")
        var synced = 0
        try connection.transaction { db in
            try db.pipeline { pipe in
                for i in 0..<2_500 {
                    try pipe.send(prepared: "insert_metric", ["item-\(i)", "检查\(i)家", .int(i), .numeric("\(i).05")])
                    if pipe.pending >= 1_000 { synced += try pipe.sync().count }
                }
                #expect(pipe.pending == 500)
            }
        }
        #expect(synced == 2_000)
        let sums = try connection.query("SELECT count(*), sum(price) FROM metric_row")
        #expect(try sums.decode(Int.self, row: 0, column: 0) == 2_500)
        #expect(try sums.decode(Decimal.self, row: 0, column: 1) == Decimal(string: "3123875")!)
    }

    @Test func syncReturnsResultsInOrder() throws {
        let connection = try TestDatabase.connect()
        let results = try connection.pipeline { pipe in
            for i in 0..<10 { try pipe.send("SELECT $1::int8 * 2", [.int(i)]) }
            return try pipe.sync()
        }
        #expect(try results.map { try $0.decode(Int.self, row: 0, column: 0) } == (0..<10).map { $0 * 2 })
    }

    @Test func firstFailingStatementIsThrownAndTheRestSkipped() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE code (c text PRIMARY KEY)")
        let error = try #require(throws: PostgresError.self) {
            try connection.pipeline { pipe in
                try pipe.send("INSERT INTO code VALUES ($1)", ["a"])
                try pipe.send("INSERT INTO code VALUES ($1)", ["a"])
                try pipe.send("INSERT INTO code VALUES ($1)", ["b"])
                try pipe.sync()
            }
        }
        #expect(error.sqlState == .uniqueViolation)
        // The batch was one implicit transaction: nothing of it is stored, and the connection works afterwards.
        #expect(try connection.query("SELECT count(*) FROM code").decode(Int.self, row: 0, column: 0) == 0)
        try connection.pipeline { pipe in try pipe.send("INSERT INTO code VALUES ($1)", ["c"]) }
        #expect(try connection.query("SELECT count(*) FROM code").decode(Int.self, row: 0, column: 0) == 1)
    }

    @Test func pipelineObjectIsUselessOutsideItsClosure() throws {
        let connection = try TestDatabase.connect()
        let escaped = try connection.pipeline { $0 }
        let error = try #require(throws: PostgresError.self) { try escaped.send("SELECT 1", []) }
        #expect(error.code == .client)
    }

    @Test func backendKilledBetweenSyncsThrowsTransientErrorWithoutHanging() throws {
        let connection = try TestDatabase.connect()
        let pid = try TestDatabase.backendPID(of: connection)
        let started = Date()
        let error = try #require(throws: PostgresError.self) {
            try connection.pipeline { pipe in
                for i in 0..<100 { try pipe.send("SELECT $1::int8", [.int(i)]) }
                try pipe.sync()
                try TestDatabase.terminateBackend(pid)
                for i in 0..<100 { try pipe.send("SELECT $1::int8", [.int(i)]) }
                try pipe.sync()
            }
        }
        #expect(error.isTransient)
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(throws: PostgresError.self) { try connection.query("SELECT 1") }
    }

    @Test func backendKilledDuringSyncThrowsTransientErrorWithoutHanging() throws {
        let connection = try TestDatabase.connect()
        let pid = try TestDatabase.backendPID(of: connection)
        let started = Date()
        let error = try #require(throws: PostgresError.self) {
            try connection.pipeline { pipe in
                try pipe.send("SELECT 1", [])
                try pipe.send("SELECT pg_sleep(10)", [])
                for i in 0..<50 { try pipe.send("SELECT $1::int8", [.int(i)]) }
                Thread.detachNewThread { try? LibPQTransactionTests.terminate(pid, after: 0.3) }
                try pipe.sync()
            }
        }
        #expect(error.isTransient)
        #expect(error.code == .connection)
        #expect(Date().timeIntervalSince(started) < 8)
        #expect(!connection.isOpen)
    }
}
