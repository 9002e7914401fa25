import Foundation

/// An error from libpq, the PostgreSQL server, or decoding a result.
///
/// ``description`` is one line that is safe to log: it carries the kind, the SQLSTATE and the primary message,
/// never a password and never ``detail`` (which may quote row values). ``debugDescription`` carries every field.
public struct PostgresError: Error, Sendable {
    /// What went wrong, broadly. New kinds can be added without breaking a `switch` in client code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Sendable { case connection, server, client, decoding }
        let base: Base

        /// Connecting failed, or the connection was lost.
        public static let connection = Code(base: .connection)
        /// The server rejected a statement; ``PostgresError/sqlState`` says why.
        public static let server = Code(base: .server)
        /// This library or libpq refused a request (misuse, an unsupported feature, an aborted COPY).
        public static let client = Code(base: .client)
        /// A result value could not be decoded into the Swift type asked for.
        public static let decoding = Code(base: .decoding)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// The server's SQLSTATE, when the server reported the error.
    public var sqlState: SQLState?
    /// The primary, one-line message.
    public var message: String
    /// Secondary message; may quote row values, so it stays out of ``description``.
    public var detail: String?
    public var hint: String?
    public var schema: String?
    public var table: String?
    public var column: String?
    public var constraint: String?
    /// The row of a result that failed to decode, counting from 0.
    public var row: Int?
    /// The 1-based character offset into the statement that the server pointed at.
    public var position: Int?
    var connectionLost: Bool

    public init(
        code: Code,
        sqlState: SQLState? = nil,
        message: String,
        detail: String? = nil,
        hint: String? = nil,
        table: String? = nil,
        column: String? = nil,
        constraint: String? = nil
    ) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.table = table
        self.column = column
        self.constraint = constraint
        self.connectionLost = false
    }

    /// Whether the same work may succeed if retried, on a new connection where this one was lost.
    ///
    /// True for connection exceptions (`08xxx`), serialization failures (`40001`), deadlocks (`40P01`), server
    /// shutdowns (`57P01`, `57P02`, `57P03`), and a connection lost in the middle of a session. A failure to
    /// connect at all (wrong password, unknown host) is not transient.
    public var isTransient: Bool {
        connectionLost || (sqlState?.isTransient ?? false)
    }
}

// MARK: - Descriptions

extension PostgresError: CustomStringConvertible {
    public var description: String {
        var text = "PostgresError.\(code)"
        if let sqlState { text += " \(sqlState.rawValue)" }
        text += ": " + message
        return text
    }
}

extension PostgresError: CustomDebugStringConvertible {
    public var debugDescription: String {
        var parts = [description]
        let fields: [(String, String?)] = [
            ("detail", detail), ("hint", hint), ("schema", schema), ("table", table), ("column", column),
            ("constraint", constraint), ("row", row.map(String.init)), ("position", position.map(String.init)),
        ]
        for case (let name, let value?) in fields { parts.append("\(name): \(value)") }
        if connectionLost { parts.append("connection lost") }
        return parts.joined(separator: "; ")
    }
}

// MARK: - Internal constructors

extension PostgresError {
    static func client(_ message: String) -> PostgresError {
        PostgresError(code: .client, message: message)
    }

    static func decoding(_ message: String, detail: String? = nil) -> PostgresError {
        PostgresError(code: .decoding, message: message, detail: detail)
    }

    static func lostConnection(_ message: String) -> PostgresError {
        var error = PostgresError(code: .connection, message: message)
        error.connectionLost = true
        return error
    }

    /// Turns libpq's possibly multi-line message into one trimmed line.
    static func oneLine(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }
}
