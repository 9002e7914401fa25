import CLibPQ
import Foundation

/// One session with a PostgreSQL server, through libpq.
///
/// Every call blocks until the server answers. A libpq connection must not be shared between threads, so this class
/// is not `Sendable`: keep each connection on one thread or inside one actor. The connection closes (`PQfinish`)
/// when the object is released or ``close()`` is called.
public final class Connection {
    /// The `PGconn`, nil once closed.
    private(set) var handle: OpaquePointer?
    /// Texts that must never appear in an error: the password, as given and percent-encoded.
    private let secrets: [String]

    /// Receives each notice or warning the server sends, such as `NOTICE: table "x" does not exist, skipping`
    /// or a `RAISE NOTICE`, as `SEVERITY: message`. When nil (the default) they are dropped, instead of libpq's
    /// habit of printing them to standard error.
    public var noticeHandler: ((String) -> Void)?

    /// Connects, and sets `client_encoding` to UTF8 and `DateStyle` to ISO, which decoding relies on.
    ///
    /// - Parameters:
    ///   - conninfo: A libpq connection string (`host=… dbname=…`) or URI (`postgresql://…`). When empty, uses
    ///     `DATABASE_URL` if set, and otherwise libpq's own environment: `PGHOST`, `PGPORT`, `PGDATABASE`,
    ///     `PGUSER`, `PGPASSWORD`, `PGSERVICE`, `~/.pgpass`.
    ///   - connectTimeout: Seconds to wait for the server, unless `conninfo` or `PGCONNECT_TIMEOUT` gives one.
    /// - Throws: ``PostgresError`` with code ``PostgresError/Code/connection``; its message never contains the password.
    ///
    /// The corresponding libpq function is `PQconnectdbParams`.
    public init(_ conninfo: String = "", connectTimeout: Int = 5) throws(PostgresError) {
        let environment = ProcessInfo.processInfo.environment
        let target = conninfo.isEmpty ? environment["DATABASE_URL"] ?? "" : conninfo
        secrets = Self.secrets(in: target, environment: environment)

        // Later keywords win, and `dbname` expands to every setting `target` holds: so a timeout in `target`
        // overrides ours, and our client_encoding overrides theirs.
        var settings: [(String, String)] = []
        if environment["PGCONNECT_TIMEOUT"] == nil {
            settings.append(("connect_timeout", String(connectTimeout)))
        }
        settings.append(("dbname", target))
        settings.append(("client_encoding", "UTF8"))

        let handle = Self.connect(settings)
        guard let handle, PQstatus(handle) == CONNECTION_OK else {
            let message = handle.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            PQfinish(handle)
            throw PostgresError(code: .connection, message: redacting(PostgresError.oneLine(message)))
        }
        self.handle = handle
        installNoticeReceiver(handle)
        try execute("SET DateStyle TO ISO")
    }

    /// Routes notices to ``noticeHandler``. libpq calls the receiver only from calls made on this connection, so
    /// an unretained reference to `self` is alive whenever it runs.
    ///
    /// The corresponding libpq function is `PQsetNoticeReceiver`.
    private func installNoticeReceiver(_ handle: OpaquePointer) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = PQsetNoticeReceiver(
            handle,
            { context, result in
                guard let context, let result else { return }
                let connection = Unmanaged<Connection>.fromOpaque(context).takeUnretainedValue()
                guard let handler = connection.noticeHandler else { return }
                func field(_ field: DiagnosticField) -> String {
                    PQresultErrorField(result, field.rawValue).map { String(cString: $0) } ?? ""
                }
                handler("\(field(.severity)): \(field(.messagePrimary))")
            },
            context
        )
    }

    deinit { PQfinish(handle) }

    /// The corresponding libpq function is `PQconnectdbParams`.
    private static func connect(_ settings: [(String, String)]) -> OpaquePointer? {
        let keywords = settings.map { strdup($0.0) }
        let values = settings.map { strdup($0.1) }
        defer {
            for text in keywords + values { free(text) }
        }
        let keywordPointers = keywords.map { UnsafePointer($0) } + [nil]
        let valuePointers = values.map { UnsafePointer($0) } + [nil]
        return PQconnectdbParams(keywordPointers, valuePointers, 1)
    }

    /// Closes the connection now; any later call throws. Closing twice does nothing.
    ///
    /// The corresponding libpq function is `PQfinish`.
    public func close() {
        PQfinish(handle)
        handle = nil
    }

    /// Whether the connection is open and usable.
    ///
    /// The corresponding libpq function is `PQstatus`.
    public var isOpen: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// The server's version as one number, such as 150018 for 15.18; 0 once closed.
    ///
    /// The corresponding libpq function is `PQserverVersion`.
    public var serverVersion: Int { handle.map { Int(PQserverVersion($0)) } ?? 0 }

    /// The version of the libpq library in use, such as 150018.
    ///
    /// The corresponding libpq function is `PQlibVersion`.
    public static var libraryVersion: Int { Int(PQlibVersion()) }

    /// The database name; empty once closed.
    ///
    /// The corresponding libpq function is `PQdb`.
    public var database: String { handle.flatMap { PQdb($0) }.map { String(cString: $0) } ?? "" }

    /// The role name; empty once closed.
    ///
    /// The corresponding libpq function is `PQuser`.
    public var user: String { handle.flatMap { PQuser($0) }.map { String(cString: $0) } ?? "" }

    /// The host or socket directory; empty once closed.
    ///
    /// The corresponding libpq function is `PQhost`.
    public var host: String { handle.flatMap { PQhost($0) }.map { String(cString: $0) } ?? "" }

    /// The port; empty once closed.
    ///
    /// The corresponding libpq function is `PQport`.
    public var port: String { handle.flatMap { PQport($0) }.map { String(cString: $0) } ?? "" }

    /// The value libpq uses for a connection keyword such as `"connect_timeout"`, `"application_name"` or `"sslmode"`;
    /// nil when unset, once closed, and always for `"password"`.
    ///
    /// The corresponding libpq function is `PQconninfo`.
    public func setting(_ keyword: String) -> String? {
        guard keyword != "password", let handle, let options = PQconninfo(handle) else { return nil }
        defer { PQconninfoFree(options) }
        var option = options
        while let name = option.pointee.keyword {
            if String(cString: name) == keyword { return option.pointee.val.map { String(cString: $0) } }
            option += 1
        }
        return nil
    }

    // MARK: - Statements

    /// Runs SQL through the simple-query protocol: it may hold several statements separated by `;`, as a migration
    /// file does, and takes no parameters. Without an explicit `BEGIN`, the statements run as one transaction.
    ///
    /// - Throws: ``PostgresError`` for the first statement the server rejects.
    ///
    /// The corresponding libpq function is `PQexec`.
    public func execute(_ sql: String) throws(PostgresError) {
        _ = try exec(sql)
    }

    /// `PQexec` and its status check; COPY results are ended here, since `copyIn` and `copyOut` exist for them.
    func exec(_ sql: String, allowingCopy: Bool = false) throws(PostgresError) -> QueryResult {
        let handle = try openHandle()
        let result = PQexec(handle, sql)
        if !allowingCopy, let status = result.map(PQresultStatus), status == PGRES_COPY_IN || status == PGRES_COPY_OUT {
            PQclear(result)
            abandonCopy()
            throw .client("COPY runs through copyIn or copyOut, not execute or query")
        }
        return try checked(result, accepting: allowingCopy ? [PGRES_COPY_IN, PGRES_COPY_OUT] : [])
    }

    /// Runs one statement, binding `parameters` to `$1`, `$2`, ….
    ///
    /// Parameters travel separately from the SQL text and are never interpolated into it.
    ///
    /// - Parameters:
    ///   - sql: A single SQL statement.
    ///   - parameters: The values for `$1`, `$2`, … in order.
    /// - Returns: The statement's result; read rows with ``QueryResult/decode(_:row:column:)-(_,_,Int)``.
    /// - Throws: ``PostgresError``; ``PostgresError/sqlState`` is set when the server rejects the statement.
    ///
    /// The corresponding libpq function is `PQexecParams`.
    public func query(_ sql: String, _ parameters: [PostgresValue] = []) throws(PostgresError) -> QueryResult {
        let handle = try openHandle()
        let encoded = try EncodedParameters(parameters)
        let result = encoded.withUnsafePointers { count, types, values in
            PQexecParams(handle, sql, count, types, values, nil, nil, 0)
        }
        return try checked(result)
    }

    /// Parses and plans `sql` once under `name`, for ``queryPrepared(_:_:)`` and ``Pipeline/send(prepared:_:)``.
    ///
    /// The statement lives as long as the session; preparing the same name twice throws `42P05`.
    ///
    /// The corresponding libpq function is `PQprepare`.
    public func prepare(_ name: String, _ sql: String) throws(PostgresError) {
        let handle = try openHandle()
        _ = try checked(PQprepare(handle, name, sql, 0, nil))
    }

    /// Runs the statement prepared as `name`, binding `parameters` to `$1`, `$2`, ….
    ///
    /// - Throws: ``PostgresError``; ``PostgresError/sqlState`` is set when the server rejects the statement.
    ///
    /// The corresponding libpq function is `PQexecPrepared`.
    public func queryPrepared(_ name: String, _ parameters: [PostgresValue] = []) throws(PostgresError) -> QueryResult {
        let handle = try openHandle()
        let encoded = try EncodedParameters(parameters)
        let result = encoded.withUnsafePointers { count, _, values in
            PQexecPrepared(handle, name, count, values, nil, nil, 0)
        }
        return try checked(result)
    }

    // MARK: - Transactions

    /// Where the session stands with respect to transactions.
    enum TransactionState { case idle, active, inTransaction, failed, unknown }

    /// The corresponding libpq function is `PQtransactionStatus`.
    var transactionState: TransactionState {
        guard let handle else { return .unknown }
        switch PQtransactionStatus(handle) {
        case PQTRANS_IDLE: return .idle
        case PQTRANS_ACTIVE: return .active
        case PQTRANS_INTRANS: return .inTransaction
        case PQTRANS_INERROR: return .failed
        default: return .unknown
        }
    }

    /// Runs `body` in a transaction: `BEGIN`, then `COMMIT` if `body` returns, `ROLLBACK` if it throws.
    ///
    /// Inside another transaction, runs `body` under a savepoint instead, released or rolled back the same way.
    ///
    /// - Throws: Whatever `body` throws, after rolling back. ``PostgresError`` with SQLSTATE `25P02` when the server
    ///   answered `COMMIT` with `ROLLBACK`, which it does when a statement failed and `body` caught the error.
    public func transaction<T>(_ body: (Connection) throws -> T) throws -> T {
        let state = transactionState
        if state == .inTransaction || state == .failed {
            return try savepoint(body)
        }
        try execute("BEGIN")
        let value: T
        do {
            value = try body(self)
        } catch {
            rollbackIfOpen("ROLLBACK")
            throw error
        }
        let tag: String
        do {
            tag = try exec("COMMIT").commandTag
        } catch {
            rollbackIfOpen("ROLLBACK")
            throw error
        }
        guard tag == "COMMIT" else {
            var error = PostgresError(
                code: .server,
                sqlState: .inFailedSQLTransaction,
                message: "the transaction was rolled back: a statement in it failed (COMMIT answered \(tag))"
            )
            error.hint = "a statement error was caught inside the transaction body"
            throw error
        }
        return value
    }

    private var savepointDepth = 0

    private func savepoint<T>(_ body: (Connection) throws -> T) throws -> T {
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "libpq_savepoint_\(savepointDepth)"
        try execute("SAVEPOINT \(name)")
        let value: T
        do {
            value = try body(self)
        } catch {
            rollbackIfOpen("ROLLBACK TO SAVEPOINT \(name)")
            throw error
        }
        try execute("RELEASE SAVEPOINT \(name)")
        return value
    }

    /// Rolls back when a transaction is still open on a live connection; its own failure is not worth reporting
    /// over the error that caused it.
    private func rollbackIfOpen(_ sql: String) {
        let state = transactionState
        guard state == .inTransaction || state == .failed else { return }
        _ = try? exec(sql)
    }

    // MARK: - Results and errors

    /// The `PGconn` for a new command, or an error when it is closed or already lost.
    ///
    /// The corresponding libpq function is `PQstatus`.
    func openHandle() throws(PostgresError) -> OpaquePointer {
        guard let handle else { throw .client("the connection is closed") }
        guard PQstatus(handle) != CONNECTION_BAD else {
            throw .lostConnection("the connection to the server was lost; open a new one")
        }
        return handle
    }

    /// Whether libpq has given up on the connection.
    ///
    /// The corresponding libpq function is `PQstatus`.
    var isBroken: Bool {
        guard let handle else { return true }
        return PQstatus(handle) == CONNECTION_BAD
    }

    /// Wraps a result whose status is a success, or frees it and throws the error it carries.
    ///
    /// The corresponding libpq function is `PQresultStatus`.
    func checked(_ result: OpaquePointer?, accepting extra: [ExecStatusType] = []) throws(PostgresError) -> QueryResult
    {
        guard let result else { throw lastError() }
        let status = PQresultStatus(result)
        guard
            status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY
                || extra.contains(status)
        else {
            let error = self.error(from: result)
            PQclear(result)
            throw error
        }
        return QueryResult(taking: result)
    }

    /// The error an error result carries, marked as a lost connection when libpq has closed the connection.
    ///
    /// The corresponding libpq functions are `PQresultErrorField` and `PQresultErrorMessage`.
    func error(from result: OpaquePointer) -> PostgresError {
        func field(_ field: DiagnosticField) -> String? {
            PQresultErrorField(result, field.rawValue).map { String(cString: $0) }
        }
        let status = PQresultStatus(result)
        if status == PGRES_PIPELINE_ABORTED {
            return .client("not run: an earlier statement in the pipeline failed")
        }
        let message = field(.messagePrimary) ?? PostgresError.oneLine(String(cString: PQresultErrorMessage(result)))
        var error = PostgresError(
            code: .server,
            sqlState: field(.sqlState).map(SQLState.init(rawValue:)),
            message: redacting(message.isEmpty ? "unexpected result status \(status.rawValue)" : message),
            detail: field(.messageDetail),
            hint: field(.messageHint),
            table: field(.tableName),
            column: field(.columnName),
            constraint: field(.constraintName)
        )
        error.schema = field(.schemaName)
        error.position = field(.statementPosition).flatMap { Int($0) }
        if error.sqlState == nil { error.code = .client }
        if isBroken {
            error.code = .connection
            error.connectionLost = true
        }
        return error
    }

    /// The connection's last error message, for calls that fail without a result.
    ///
    /// The corresponding libpq function is `PQerrorMessage`.
    func lastError(_ fallback: String = "libpq returned no result") -> PostgresError {
        let text = handle.map { PostgresError.oneLine(String(cString: PQerrorMessage($0))) } ?? ""
        let message = redacting(text.isEmpty ? fallback : text)
        return isBroken ? .lostConnection(message) : .client(message)
    }

    // MARK: - Keeping the password out of messages

    private func redacting(_ message: String) -> String { Self.redact(message, secrets: secrets) }

    static func redact(_ message: String, secrets: [String]) -> String {
        secrets.reduce(message) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    /// The password in `conninfo` or `PGPASSWORD`, in the forms a message could quote it. When `conninfo` does not
    /// parse, its every word counts as secret, since libpq quotes the part it could not read.
    ///
    /// The corresponding libpq function is `PQconninfoParse`.
    static func secrets(in conninfo: String, environment: [String: String]) -> [String] {
        var passwords: [String] = []
        if let password = environment["PGPASSWORD"] { passwords.append(password) }
        var failure: UnsafeMutablePointer<CChar>?
        if let options = PQconninfoParse(conninfo, &failure) {
            var option = options
            while let keyword = option.pointee.keyword {
                if String(cString: keyword) == "password", let value = option.pointee.val {
                    passwords.append(String(cString: value))
                }
                option += 1
            }
            PQconninfoFree(options)
        } else {
            PQfreemem(failure)
            passwords += conninfo.split(whereSeparator: { " =:/@?&'".contains($0) }).map(String.init)
        }
        let encoded = passwords.compactMap { $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) }
        // Longest first, so that a password containing another secret is hidden whole.
        return Set(passwords + encoded).filter { $0.count >= 3 }.sorted { $0.count > $1.count }
    }
}

extension Connection: CustomStringConvertible {
    /// `Connection(user@host:port/database)`, or `Connection(closed)`; never the password.
    public var description: String {
        guard handle != nil else { return "Connection(closed)" }
        return "Connection(\(user)@\(host):\(port)/\(database))"
    }
}
