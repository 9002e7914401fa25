import HuibaoMigrations
public import LibPQ

/// Applies the numbered migrations in `sql/` in order, each in its own transaction, and records them with a
/// checksum so that a rerun applies nothing and an edited, already-applied file is refused by name.
public struct Migrator {
    public struct Migration: Sendable, Hashable {
        public var version: Int
        public var name: String
        public var sql: String
    }

    public struct Applied: Sendable, Hashable {
        public var version: Int
        public var name: String
        public var checksum: String
        public var appliedAt: String
    }

    public let migrations: [Migration]

    public init(migrations: [Migration]) {
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// The migrations shipped with this binary.
    public static func bundled() throws -> Migrator {
        let files = try BundledMigrations.files()
        return try Migrator(files: files)
    }

    public init(files: [(name: String, sql: String)]) throws {
        var migrations: [Migration] = []
        for file in files {
            guard let version = Int(file.name.prefix { $0.isNumber }), version > 0 else {
                throw StoreError(.migration, "\(file.name): a migration's name must start with its number (0001_…)")
            }
            if let clash = migrations.first(where: { $0.version == version }) {
                throw StoreError(.migration, "\(file.name) and \(clash.name) share version \(version)")
            }
            migrations.append(Migration(version: version, name: file.name, sql: file.sql))
        }
        self.init(migrations: migrations)
    }

    // A fixed key for pg_advisory_lock: two `huibao db migrate` at once take turns instead of racing.
    static let lockKey = 0x6875_6962_616f

    /// Applies what is missing; returns the names applied (empty when the database is current).
    @discardableResult
    public func migrate(_ db: Connection, progress: (String) -> Void = { _ in }) throws -> [String] {
        try db.execute("SET client_min_messages = warning")
        _ = try db.query("SELECT pg_advisory_lock($1)", [.int(Self.lockKey)])
        defer { _ = try? db.query("SELECT pg_advisory_unlock($1)", [.int(Self.lockKey)]) }
        try db.execute(
            """
            CREATE SCHEMA IF NOT EXISTS huibao;
            CREATE TABLE IF NOT EXISTS huibao.schema_migration (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """
        )
        let applied = try self.applied(db)
        try verify(applied, db)
        var done: [String] = []
        for migration in migrations where !applied.contains(where: { $0.version == migration.version }) {
            progress("applying \(migration.name)")
            do {
                try db.transaction { db in
                    try db.execute(migration.sql)
                    _ = try db.query(
                        """
                        INSERT INTO huibao.schema_migration (version, name, checksum)
                        VALUES ($1, $2, encode(sha256(convert_to($3, 'UTF8')), 'hex'))
                        """,
                        [.int(migration.version), .text(migration.name), .text(migration.sql)]
                    )
                }
            } catch let error as PostgresError {
                throw StoreError(.migration, "\(migration.name) failed and was rolled back: \(error.message)")
            }
            done.append(migration.name)
        }
        return done
    }

    /// What the database has applied, in order; empty before the first migration.
    public func applied(_ db: Connection) throws -> [Applied] {
        let exists = try db.query("SELECT to_regclass('huibao.schema_migration') IS NOT NULL")
        guard try exists.decode(Bool.self, row: 0, column: 0) else { return [] }
        let rows = try db.query(
            "SELECT version, name, checksum, to_char(applied_at, 'YYYY-MM-DD HH24:MI:SS') FROM huibao.schema_migration ORDER BY version"
        )
        return try (0..<rows.rowCount).map { row in
            Applied(
                version: try rows.decode(Int.self, row: row, column: 0),
                name: try rows.decode(String.self, row: row, column: 1),
                checksum: try rows.decode(String.self, row: row, column: 2),
                appliedAt: try rows.decode(String.self, row: row, column: 3)
            )
        }
    }

    /// Refuses a database whose applied migrations differ from the files: an edited migration must become a new one.
    public func verify(_ applied: [Applied], _ db: Connection) throws {
        for record in applied {
            guard let migration = migrations.first(where: { $0.version == record.version }) else {
                throw StoreError(
                    .migration,
                    "the database has migration \(record.name), which this huibao does not know: upgrade huibao"
                )
            }
            // SHA-256 is computed by the server (sha256(), PostgreSQL 11+), so the client needs no crypto library.
            let sum = try db.query("SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex')", [.text(migration.sql)])
            guard try sum.decode(String.self, row: 0, column: 0) == record.checksum else {
                throw StoreError(
                    .migration,
                    "\(migration.name) was edited after it was applied (checksum differs); put the change in a new migration"
                )
            }
        }
    }

    /// Migrations not yet applied.
    public func pending(_ db: Connection) throws -> [Migration] {
        let applied = try self.applied(db)
        try verify(applied, db)
        return migrations.filter { m in !applied.contains { $0.version == m.version } }
    }
}
