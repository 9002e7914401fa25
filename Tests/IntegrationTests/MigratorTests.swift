import Foundation
import HuibaoStore
import LibPQ
import Testing

@Suite(.enabled(if: TestDatabase.isConfigured)) struct MigratorTests {
    @Test func freshDatabaseGetsEveryMigrationAndARerunAppliesNothing() throws {
        let conninfo = try TestDatabase.freshDatabase()
        let db = try Connection(conninfo)
        let migrator = try Migrator.bundled()
        let first = try migrator.migrate(db)
        #expect(first == migrator.migrations.map(\.name))
        #expect(first.count >= 2)
        let second = try migrator.migrate(db)
        #expect(second.isEmpty)
        #expect(try migrator.pending(db).isEmpty)
        let tables = try db.query("SELECT count(*) FROM pg_tables WHERE schemaname = 'huibao'")
        #expect(try tables.decode(Int.self, row: 0, column: 0) >= 9)
    }

    @Test func anEditedAppliedMigrationIsRefusedByName() throws {
        let db = try Connection(try TestDatabase.freshDatabase())
        let files = [
            ("0001_a.sql", "CREATE TABLE huibao.a (x int);"), ("0002_b.sql", "CREATE TABLE huibao.b (y int);"),
        ]
        try Migrator(files: files).migrate(db)
        let edited = [files[0], ("0002_b.sql", "CREATE TABLE huibao.b (y bigint);")]
        do {
            try Migrator(files: edited).migrate(db)
            Issue.record("an edited migration was accepted")
        } catch let error as StoreError {
            #expect(error.code == .migration)
            #expect(error.message.contains("0002_b.sql"))
            #expect(error.message.contains("edited"))
        }
    }

    @Test func aFailingMigrationLeavesNoTraceAndNamesItself() throws {
        let db = try Connection(try TestDatabase.freshDatabase())
        let files = [
            ("0001_ok.sql", "CREATE TABLE huibao.ok (x int);"),
            ("0002_bad.sql", "CREATE TABLE huibao.half (x int); SELEC 1;"),
        ]
        #expect(throws: StoreError.self) { try Migrator(files: files).migrate(db) }
        let half = try db.query("SELECT to_regclass('huibao.half') IS NULL")
        #expect(try half.decode(Bool.self, row: 0, column: 0))
        #expect(try Migrator(files: files).applied(db).map(\.name) == ["0001_ok.sql"])
    }

    @Test func twoConcurrentRunnersApplyEachMigrationOnce() throws {
        let conninfo = try TestDatabase.freshDatabase()
        let outcomes = ThreadResults<Result<[String], any Error>>()
        onThreads(2) { _ in
            outcomes.append(
                Result {
                    let db = try Connection(conninfo)
                    return try Migrator.bundled().migrate(db)
                }
            )
        }
        let applied = try outcomes.values.map { try $0.get() }
        let all = try Migrator.bundled().migrations.map(\.name)
        #expect(applied.flatMap { $0 }.sorted() == all.sorted())
        let db = try Connection(conninfo)
        #expect(try Migrator.bundled().applied(db).count == all.count)
    }

    @Test func referenceDataLoadsTheWholeCountryWithPaths() throws {
        let fixture = try StoreFixture()
        #expect(try fixture.count("SELECT count(*) FROM huibao.region") == 3222)
        let path = try fixture.db.query("SELECT path::text FROM huibao.region WHERE code = '621022'")
        #expect(try path.decode(String.self, row: 0, column: 0) == "620000.621000.621022")
        // A municipality's districts hang under its pseudo-prefecture, so subtree queries need no code prefixes.
        #expect(
            try fixture.count(
                """
                SELECT count(*) FROM huibao.region
                WHERE path <@ (SELECT path FROM huibao.region WHERE code = '500000') AND level = 'county'
                """
            ) > 30
        )
        try ReferenceData.bundled().load(into: fixture.db)
        #expect(try fixture.count("SELECT count(*) FROM huibao.region") == 3222)
    }
}
