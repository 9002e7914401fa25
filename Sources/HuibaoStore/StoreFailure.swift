import LibPQ

/// Turns server errors into what a user can act on; the SQLSTATE stays inside the store.
enum StoreFailure {
    static func map(_ error: PostgresError) -> any Error {
        guard let state = error.sqlState, !error.isConnectionLoss else {
            return StoreError(.unavailable, "the database is unreachable: \(error.message)")
        }
        switch state.rawValue {
        case "42501":
            return StoreError(.forbidden, "permission denied: this login may not do that (\(error.message))")
        case "23505":
            return StoreError(.conflict, "already stored: \(error.message)")
        case "23503", "23514", "23502", "22P02", "22003", "23P01":
            return StoreError(.invalid, "refused by the database, nothing was stored: \(error.message)")
        default:
            if state.rawValue.hasPrefix("42P01") || state.rawValue == "3F000" {
                return StoreError(.migration, "the database has no Huibao schema yet: run `huibao db migrate`")
            }
            return error
        }
    }
}

extension PostgresError {
    /// A lost connection is transient for the caller (retry later) but not for this connection.
    var isConnectionLoss: Bool {
        sqlState == nil || sqlState!.rawValue.hasPrefix("08") || sqlState!.rawValue == "57P01"
    }
}
