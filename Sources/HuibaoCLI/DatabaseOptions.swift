import ArgumentParser
import Foundation
import LibPQ

/// How a command finds its database; every command that talks to PostgreSQL takes these options.
struct DatabaseOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "libpq connection string or URI: 'host=db.example.org dbname=huibao user=huibao_owner', postgresql://….",
            discussion: """
                Without it huibao uses DATABASE_URL; else libpq's own PGHOST, PGPORT, PGDATABASE, PGUSER, PGSERVICE; \
                else its local server (started on first use; see `huibao db server --help`).
                """,
            valueName: "conninfo"
        )
    )
    var database: String?

    /// Where the connection settings came from, in the order huibao looks for them.
    enum Source: Equatable {
        /// `--database`, or `DATABASE_URL`.
        case conninfo(String)
        /// An empty conninfo: libpq reads PGHOST, PGPORT, … itself (and ~/.pgpass, PGPASSWORD).
        case libpqEnvironment
        /// Nothing was given: the embedded default.
        case localServer
    }

    /// Any of these means the user set up libpq's environment and wants it used.
    static let libpqVariables = ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGSERVICE", "PGUSER"]

    func source(environment: [String: String]) -> Source {
        if let database, !database.isEmpty { return .conninfo(database) }
        if let url = environment["DATABASE_URL"], !url.isEmpty { return .conninfo(url) }
        if Self.libpqVariables.contains(where: { !(environment[$0] ?? "").isEmpty }) { return .libpqEnvironment }
        return .localServer
    }

    /// Opens a connection, starting the local server first when no setting names another one.
    func connect(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Connection {
        let source = self.source(environment: environment)
        do {
            switch source {
            case .conninfo(let conninfo):
                return try Connection(conninfo)
            case .libpqEnvironment:
                return try Connection("")
            case .localServer:
                let server = LocalServer(environment: environment)
                if try server.start() {
                    let notice =
                        "huibao: started the local PostgreSQL in \(server.directory.path) "
                        + "(stop it with `huibao db server stop`)\n"
                    FileHandle.standardError.write(Data(notice.utf8))
                }
                return try Connection(server.conninfo)
            }
        } catch let error as PostgresError {
            // The message is libpq's, with any password already masked; say where the settings came from.
            let origin: String
            switch source {
            case .conninfo: origin = database?.isEmpty == false ? "--database" : "DATABASE_URL"
            case .libpqEnvironment: origin = "the PG* variables"
            case .localServer: origin = "the local server"
            }
            throw CommandFailure("cannot connect to PostgreSQL (settings from \(origin)): \(error.message)")
        }
    }
}
