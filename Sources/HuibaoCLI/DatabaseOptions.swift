import ArgumentParser
import Foundation
import LibPQ

// A stand-in until the `server` branch's DatabaseOptions lands (that one also starts the private server);
// when both meet, keep that one and delete this file.
/// Where the database is: `--database`, else DATABASE_URL, else libpq's PG* variables.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "libpq connection string or URI; default: DATABASE_URL, then PGHOST, PGPORT, PGDATABASE, PGUSER.")
    var database: String?

    func connect() throws -> Connection {
        try Connection(database ?? ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "")
    }
}
