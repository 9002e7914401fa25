import ArgumentParser
import HuibaoCore
import HuibaoStore
import LibPQ

extension AppCommand {
    struct DB: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "db",
            abstract: "Set up and inspect the database.",
            subcommands: [Migrate.self, Status.self, ServerCommand.self]
        )
    }
}

extension AppCommand.DB {
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or upgrade the schema and load the reference data.",
            discussion: """
                Applies the numbered migrations this huibao ships (sql/0001_….sql …) that the database has not \
                applied yet, each in its own transaction, then loads the national divisions (3,222 regions), the \
                department kinds and the indicator catalog. Safe to rerun: it applies nothing new and the \
                reference data is upserted. Two `migrate` at once take turns.

                A migration that was edited after it was applied is refused by name: changes go in a new file.

                Examples:
                  huibao db migrate
                  huibao db migrate --database "host=db.example.org dbname=huibao user=huibao_owner"
                  huibao db migrate --catalog our-indicators.json
                """
        )

        @OptionGroup var db: DatabaseOptions
        @OptionGroup var catalog: CatalogOptions

        func run() throws {
            let connection = try db.connect()
            let applied = try Migrator.bundled().migrate(connection) { Console.note("huibao: \($0)") }
            var reference = try ReferenceData.bundled()
            reference.catalog = try catalog.load()
            try reference.load(into: connection)
            let summary = applied.isEmpty ? "schema up to date" : "applied \(applied.joined(separator: ", "))"
            print(
                "\(summary); reference data: \(reference.regions.count) regions, "
                    + "\(reference.catalog.indicators.count) indicators"
            )
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show which migrations are applied and what the database holds."
        )

        @OptionGroup var db: DatabaseOptions

        func run() throws {
            let connection = try db.connect()
            let migrator = try Migrator.bundled()
            let applied = try migrator.applied(connection)
            var table = TextTable(["migration", "state", "applied at"])
            for migration in migrator.migrations {
                let record = applied.first { $0.version == migration.version }
                table.append([migration.name, record == nil ? "pending" : "applied", record?.appliedAt ?? ""])
            }
            print("server \(connection.serverVersion), database \(connection.database), user \(connection.user)")
            print(table.render())
            try migrator.verify(applied, connection)
            guard !applied.isEmpty else { return }
            let counts = try connection.query(
                """
                SELECT (SELECT count(*) FROM huibao.region), (SELECT count(*) FROM huibao.department),
                    (SELECT count(*) FROM huibao.report WHERE is_current), (SELECT count(*) FROM huibao.metric)
                """
            )
            print(
                "regions \(try counts.decode(Int.self, row: 0, column: 0)), "
                    + "departments \(try counts.decode(Int.self, row: 0, column: 1)), "
                    + "current reports \(try counts.decode(Int.self, row: 0, column: 2)), "
                    + "metrics \(try counts.decode(Int.self, row: 0, column: 3))"
            )
        }
    }
}
