/// A five-character SQLSTATE code reported by the server.
///
/// The first two characters name the class (`23` integrity constraint violation, `08` connection exception, …).
/// Codes the rest of Huibao reacts to have names here; any other code still arrives intact in ``rawValue``.
public struct SQLState: RawRepresentable, Hashable, Sendable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The two-character class, such as `"23"` or `"08"`.
    public var codeClass: Substring { rawValue.prefix(2) }

    /// Whether retrying the same work on a new or the same connection may succeed.
    ///
    /// True for connection exceptions (class `08`), serialization failures (`40001`), deadlocks (`40P01`) and
    /// server shutdowns or restarts (`57P01`, `57P02`, `57P03`).
    public var isTransient: Bool {
        codeClass == "08" || Self.transientCodes.contains(self)
    }

    private static let transientCodes: Set<SQLState> = [
        .serializationFailure, .deadlockDetected, .adminShutdown, .crashShutdown, .cannotConnectNow,
    ]
}

extension SQLState: CustomStringConvertible {
    public var description: String { rawValue }
}

// MARK: - Codes

extension SQLState {
    /// The corresponding SQLSTATE is `00000` (`successful_completion`).
    public static let successfulCompletion = SQLState(rawValue: "00000")

    /// The connection could not be used (class `08`, `connection_exception`).
    ///
    /// The corresponding SQLSTATE is `08000`.
    public static let connectionException = SQLState(rawValue: "08000")
    /// The corresponding SQLSTATE is `08006` (`connection_failure`).
    public static let connectionFailure = SQLState(rawValue: "08006")
    /// The corresponding SQLSTATE is `08001` (`sqlclient_unable_to_establish_sqlconnection`).
    public static let unableToEstablishConnection = SQLState(rawValue: "08001")

    /// A row would duplicate a unique key.
    ///
    /// The corresponding SQLSTATE is `23505` (`unique_violation`).
    public static let uniqueViolation = SQLState(rawValue: "23505")
    /// A row refers to a key that does not exist, or a referenced row is still in use.
    ///
    /// The corresponding SQLSTATE is `23503` (`foreign_key_violation`).
    public static let foreignKeyViolation = SQLState(rawValue: "23503")
    /// A row fails a `CHECK` constraint.
    ///
    /// The corresponding SQLSTATE is `23514` (`check_violation`).
    public static let checkViolation = SQLState(rawValue: "23514")
    /// A `NOT NULL` column was given NULL.
    ///
    /// The corresponding SQLSTATE is `23502` (`not_null_violation`).
    public static let notNullViolation = SQLState(rawValue: "23502")
    /// The corresponding SQLSTATE is `23P01` (`exclusion_violation`).
    public static let exclusionViolation = SQLState(rawValue: "23P01")

    /// A statement ran in a transaction that had already failed, or `COMMIT` turned into `ROLLBACK`.
    ///
    /// The corresponding SQLSTATE is `25P02` (`in_failed_sql_transaction`).
    public static let inFailedSQLTransaction = SQLState(rawValue: "25P02")

    /// The corresponding SQLSTATE is `28P01` (`invalid_password`).
    public static let invalidPassword = SQLState(rawValue: "28P01")
    /// The corresponding SQLSTATE is `28000` (`invalid_authorization_specification`).
    public static let invalidAuthorization = SQLState(rawValue: "28000")

    /// A serializable transaction lost against a concurrent one; retry it.
    ///
    /// The corresponding SQLSTATE is `40001` (`serialization_failure`).
    public static let serializationFailure = SQLState(rawValue: "40001")
    /// The server broke a deadlock by aborting this transaction; retry it.
    ///
    /// The corresponding SQLSTATE is `40P01` (`deadlock_detected`).
    public static let deadlockDetected = SQLState(rawValue: "40P01")

    /// The corresponding SQLSTATE is `42601` (`syntax_error`).
    public static let syntaxError = SQLState(rawValue: "42601")
    /// The role lacks a privilege, or row-level security refused the row.
    ///
    /// The corresponding SQLSTATE is `42501` (`insufficient_privilege`).
    public static let insufficientPrivilege = SQLState(rawValue: "42501")
    /// The corresponding SQLSTATE is `42P01` (`undefined_table`).
    public static let undefinedTable = SQLState(rawValue: "42P01")
    /// The corresponding SQLSTATE is `42703` (`undefined_column`).
    public static let undefinedColumn = SQLState(rawValue: "42703")
    /// The corresponding SQLSTATE is `42P07` (`duplicate_table`).
    public static let duplicateTable = SQLState(rawValue: "42P07")
    /// The corresponding SQLSTATE is `42710` (`duplicate_object`).
    public static let duplicateObject = SQLState(rawValue: "42710")

    /// A statement of that name is already prepared in this session.
    ///
    /// The corresponding SQLSTATE is `42P05` (`duplicate_prepared_statement`).
    public static let duplicatePreparedStatement = SQLState(rawValue: "42P05")

    /// The corresponding SQLSTATE is `22001` (`string_data_right_truncation`).
    public static let stringDataRightTruncation = SQLState(rawValue: "22001")
    /// The corresponding SQLSTATE is `22003` (`numeric_value_out_of_range`).
    public static let numericValueOutOfRange = SQLState(rawValue: "22003")
    /// The corresponding SQLSTATE is `22P02` (`invalid_text_representation`).
    public static let invalidTextRepresentation = SQLState(rawValue: "22P02")
    /// The corresponding SQLSTATE is `22007` (`invalid_datetime_format`).
    public static let invalidDatetimeFormat = SQLState(rawValue: "22007")

    /// The statement was cancelled, by a timeout or a client abort such as an aborted COPY.
    ///
    /// The corresponding SQLSTATE is `57014` (`query_canceled`).
    public static let queryCanceled = SQLState(rawValue: "57014")
    /// An administrator ended the session (`pg_terminate_backend`, a fast shutdown).
    ///
    /// The corresponding SQLSTATE is `57P01` (`admin_shutdown`).
    public static let adminShutdown = SQLState(rawValue: "57P01")
    /// The corresponding SQLSTATE is `57P02` (`crash_shutdown`).
    public static let crashShutdown = SQLState(rawValue: "57P02")
    /// The server is starting up or shutting down.
    ///
    /// The corresponding SQLSTATE is `57P03` (`cannot_connect_now`).
    public static let cannotConnectNow = SQLState(rawValue: "57P03")
    /// The corresponding SQLSTATE is `53300` (`too_many_connections`).
    public static let tooManyConnections = SQLState(rawValue: "53300")
}
