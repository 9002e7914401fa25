import Foundation
import LibPQ

/// The PostgreSQL server that integration tests use: the one `deploy/with-postgres` starts and describes through
/// `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE` and `DATABASE_URL`.
enum TestDatabase {
    private static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// Whether database suites should run. True under CI even without a server, so that CI fails instead of
    /// quietly skipping them (Swift Testing counts skips as passes).
    static var isConfigured: Bool {
        environment["PGHOST"] != nil || environment["DATABASE_URL"] != nil || environment["CI"] == "true"
    }

    /// A connection to the test database, or to `conninfo`.
    static func connect(_ conninfo: String = "") throws -> Connection {
        try Connection(conninfo)
    }

    /// Creates an empty database of its own for one test and returns its conninfo.
    static func freshDatabase() throws -> String {
        let name = uniqueName("t")
        let admin = try connect()
        try admin.execute("CREATE DATABASE \(name)")
        return conninfo(database: name)
    }

    /// A lowercase identifier no other test uses, such as `t_3f9a0c2b7d41`.
    static func uniqueName(_ prefix: String) -> String {
        prefix + "_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
    }

    /// A conninfo for `database` on the test server, as `user` with `password` when given.
    ///
    /// With `PGHOST` set, libpq's environment supplies the host and port; otherwise `DATABASE_URL` does.
    static func conninfo(database: String, user: String? = nil, password: String? = nil) -> String {
        var settings = [("dbname", database)]
        if let user { settings.append(("user", user)) }
        if let password { settings.append(("password", password)) }
        if environment["PGHOST"] == nil, let url = environment["DATABASE_URL"],
            let components = URLComponents(string: url)
        {
            if let host = components.host, !host.isEmpty { settings.insert(("host", host), at: 0) }
            if let port = components.port { settings.insert(("port", String(port)), at: 0) }
            for item in components.queryItems ?? [] where item.name == "host" || item.name == "port" {
                settings.insert((item.name, item.value ?? ""), at: 0)
            }
            if user == nil, let urlUser = components.user { settings.append(("user", urlUser)) }
            if password == nil, user == nil, let urlPassword = components.password {
                settings.append(("password", urlPassword))
            }
        }
        return settings.map { "\($0.0)=\(quoted($0.1))" }.joined(separator: " ")
    }

    /// A conninfo value in single quotes, with `\` and `'` escaped as libpq expects.
    private static func quoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    /// The backend process id of `connection`, for `pg_terminate_backend`.
    static func backendPID(of connection: Connection) throws -> Int {
        try connection.query("SELECT pg_backend_pid()").decode(Int.self, row: 0, column: 0)
    }

    /// Ends the backend `pid` from a connection of its own, waiting up to 5 s until it has gone.
    static func terminateBackend(_ pid: Int) throws {
        let admin = try connect()
        _ = try admin.query("SELECT pg_terminate_backend($1::int, 5000)", [.int(pid)])
    }
}
