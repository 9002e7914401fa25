import Foundation
import LibPQ
import Testing

@Suite(.enabled(if: TestDatabase.isConfigured))
struct LibPQConnectionTests {
    @Test func connectsThroughTheEnvironment() throws {
        let connection = try TestDatabase.connect()
        #expect(connection.serverVersion >= 140_000)
        #expect(!connection.database.isEmpty)
        #expect(!connection.user.isEmpty)
        let encoding = try connection.query("SHOW client_encoding").decode(String.self, row: 0, column: 0)
        #expect(encoding == "UTF8")
        #expect(connection.description.contains(connection.database))
    }

    @Test func closedConnectionThrowsInsteadOfCrashing() throws {
        let connection = try TestDatabase.connect()
        connection.close()
        connection.close()
        #expect(!connection.isOpen)
        let error = try #require(throws: PostgresError.self) { try connection.execute("SELECT 1") }
        #expect(error.code == .client)
    }

    @Test func wrongPasswordFailsWithoutRevealingIt() throws {
        let admin = try TestDatabase.connect()
        let role = TestDatabase.uniqueName("reporter")
        let rightPassword = "Right-\(UUID().uuidString)"
        try admin.execute("CREATE ROLE \(role) WITH LOGIN PASSWORD '\(rightPassword)'")
        defer { try? admin.execute("DROP ROLE \(role)") }

        let wrongPassword = "Wrong-\(UUID().uuidString)"
        let conninfo = TestDatabase.conninfo(database: admin.database, user: role, password: wrongPassword)
        let error = try #require(throws: PostgresError.self) { try Connection(conninfo) }
        #expect(error.code == .connection)
        #expect(error.message.contains("password authentication failed"))
        #expect(!error.isTransient)
        for text in [error.message, error.description, error.debugDescription, "\(error)"] {
            #expect(!text.contains(wrongPassword))
            #expect(!text.contains(rightPassword))
        }

        let connection = try Connection(
            TestDatabase.conninfo(database: admin.database, user: role, password: rightPassword)
        )
        #expect(connection.user == role)
        #expect(!connection.description.contains(rightPassword))
    }

    @Test func wrongHostFailsClearlyWithoutRevealingThePassword() throws {
        let password = "Secret-\(UUID().uuidString)"
        let error = try #require(throws: PostgresError.self) {
            try Connection("postgresql://someone:\(password)@no-such-host.invalid:5432/db", connectTimeout: 2)
        }
        #expect(error.code == .connection)
        #expect(error.message.contains("no-such-host.invalid"))
        #expect(!error.description.contains(password))
        #expect(!error.debugDescription.contains(password))
    }

    @Test func unparsableConninfoDoesNotEchoThePassword() throws {
        let error = try #require(throws: PostgresError.self) {
            try Connection("host=localhost password SuperSecret-5150")
        }
        #expect(error.code == .connection)
        #expect(!error.description.contains("SuperSecret-5150"))
    }

    @Test func executeRunsSeveralStatements() throws {
        let connection = try TestDatabase.connect()
        try connection.execute(
            """
            CREATE TEMP TABLE migration_step (id int PRIMARY KEY);
            INSERT INTO migration_step VALUES (1), (2);
            INSERT INTO migration_step VALUES (3);
            """
        )
        #expect(try connection.query("SELECT count(*) FROM migration_step").decode(Int.self, row: 0, column: 0) == 3)
    }

    @Test func preparedStatementsRunRepeatedly() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE tally (name text PRIMARY KEY, n int NOT NULL)")
        try connection.prepare("add_tally", "INSERT INTO tally (name, n) VALUES ($1, $2)")
        for n in 1...5 {
            let result = try connection.queryPrepared("add_tally", ["item-\(n)", .int(n)])
            #expect(result.affectedRows == 1)
            #expect(result.commandTag == "INSERT 0 1")
        }
        try connection.prepare("sum_tally", "SELECT sum(n) AS total, count(*) AS rows FROM tally WHERE n >= $1")
        let result = try connection.queryPrepared("sum_tally", [2])
        #expect(result.columnNames == ["total", "rows"])
        #expect(try result.decode(Int.self, row: 0, column: "total") == 14)
        #expect(try result.decode(Int.self, row: 0, column: "rows") == 4)

        let duplicate = try #require(throws: PostgresError.self) { try connection.prepare("add_tally", "SELECT 1") }
        #expect(duplicate.sqlState?.rawValue == "42P05")
    }

    @Test func syntaxErrorCarriesSQLStateAndPosition() throws {
        let connection = try TestDatabase.connect()
        let error = try #require(throws: PostgresError.self) { try connection.query("SELEC 1") }
        #expect(error.code == .server)
        #expect(error.sqlState == .syntaxError)
        #expect(error.position == 1)
        #expect(error.description.hasPrefix("PostgresError.server 42601: syntax error"))
        #expect(try connection.query("SELECT 1").rowCount == 1)
    }

    @Test func uniqueViolationNamesTheConstraint() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE region (code char(6) CONSTRAINT region_code_key UNIQUE, name text)")
        _ = try connection.query("INSERT INTO region VALUES ($1, $2)", ["620102", "城关区"])
        let error = try #require(throws: PostgresError.self) {
            try connection.query("INSERT INTO region VALUES ($1, $2)", ["620102", "城关区"])
        }
        #expect(error.sqlState == .uniqueViolation)
        #expect(error.constraint == "region_code_key")
        #expect(error.table == "region")
        #expect(error.detail?.contains("620102") == true)
        #expect(!error.description.contains("620102"))
        #expect(!error.isTransient)
    }
}

extension LibPQConnectionTests {
    @Test func noticesReachTheHandler() throws {
        let connection = try TestDatabase.connect()
        var notices: [String] = []
        connection.noticeHandler = { notices.append($0) }
        try connection.execute("DROP TABLE IF EXISTS no_such_table_here")
        try connection.execute("DO $$ BEGIN RAISE NOTICE '汇报 %', 42; END $$")
        #expect(notices == ["NOTICE: table \"no_such_table_here\" does not exist, skipping", "NOTICE: 汇报 42"])
    }
}

extension LibPQConnectionTests {
    @Test func freshDatabaseIsEmptyAndOurs() throws {
        let conninfo = try TestDatabase.freshDatabase()
        let connection = try TestDatabase.connect(conninfo)
        #expect(connection.database.hasPrefix("t_"))
        let tables = try connection.query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        #expect(try tables.decode(Int.self, row: 0, column: 0) == 0)
    }

    @Test func connectTimeoutIsAddedUnlessTheConninfoGivesOne() throws {
        let database = try TestDatabase.connect().database
        #expect(try TestDatabase.connect().setting("connect_timeout") == "5")
        #expect(
            try Connection(TestDatabase.conninfo(database: database), connectTimeout: 9).setting("connect_timeout")
                == "9"
        )
        let explicit = TestDatabase.conninfo(database: database) + " connect_timeout=17 client_encoding=LATIN1"
        let connection = try Connection(explicit, connectTimeout: 9)
        #expect(connection.setting("connect_timeout") == "17")
        #expect(connection.setting("client_encoding") == "UTF8")
        #expect(connection.setting("password") == nil)
    }
}
