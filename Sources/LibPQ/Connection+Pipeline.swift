import CLibPQ

extension Connection {
    /// Whether the libpq in use has pipeline mode (libpq 14 or later).
    public static var supportsPipelining: Bool { libraryVersion >= 140_000 }

    /// Runs `body` in pipeline mode: statements are sent without waiting for each answer, and answers are read at
    /// each ``Pipeline/sync()``.
    ///
    /// Each sync ends an implicit transaction unless the pipeline runs inside ``transaction(_:)``. Leaving `body`
    /// syncs what is still pending and leaves pipeline mode; if `body` throws, pending statements are synced and
    /// their results discarded before the error is rethrown. COPY and multi-statement SQL are not allowed in a
    /// pipeline.
    ///
    /// - Throws: What `body` throws, the first failing statement's ``PostgresError`` from the final sync, or a
    ///   transient ``PostgresError`` when the connection is lost (never a hang).
    ///
    /// The corresponding libpq functions are `PQenterPipelineMode` and `PQexitPipelineMode`.
    public func pipeline<T>(_ body: (Pipeline) throws -> T) throws -> T {
        guard Self.supportsPipelining else {
            throw PostgresError.client("pipeline mode needs libpq 14 or later; this is \(Self.libraryVersion)")
        }
        let handle = try openHandle()
        guard PQenterPipelineMode(handle) == 1 else { throw lastError("could not enter pipeline mode") }
        let pipeline = Pipeline(connection: self)
        defer {
            pipeline.isOpen = false
            exitPipelineMode()
        }
        let value: T
        do {
            value = try body(pipeline)
        } catch {
            if pipeline.pending > 0, !isBroken { _ = try? pipeline.sync() }
            throw error
        }
        if pipeline.pending > 0 { try pipeline.sync() }
        return value
    }

    /// The corresponding libpq function is `PQexitPipelineMode`.
    private func exitPipelineMode() {
        guard let handle, !isBroken else { return }
        _ = PQexitPipelineMode(handle)
    }
}

/// Statements queued on a connection in pipeline mode; valid only inside ``Connection/pipeline(_:)``.
///
/// libpq keeps every answer in memory until ``sync()`` reads it: sync every 1,000 statements or so.
public final class Pipeline {
    private let connection: Connection
    fileprivate(set) var isOpen = true
    /// Statements sent since the last ``sync()``.
    public private(set) var pending = 0

    fileprivate init(connection: Connection) { self.connection = connection }

    /// Queues one statement with `parameters` bound to `$1`, `$2`, ….
    ///
    /// The corresponding libpq function is `PQsendQueryParams`.
    public func send(_ sql: String, _ parameters: [PostgresValue] = []) throws(PostgresError) {
        let handle = try openHandle()
        let encoded = try EncodedParameters(parameters)
        let sent = encoded.withUnsafePointers { count, types, values in
            PQsendQueryParams(handle, sql, count, types, values, nil, nil, 0)
        }
        guard sent == 1 else { throw connection.lastError("could not queue the statement") }
        pending += 1
    }

    /// Queues the statement prepared as `name` with `parameters` bound to `$1`, `$2`, ….
    ///
    /// The corresponding libpq function is `PQsendQueryPrepared`.
    public func send(prepared name: String, _ parameters: [PostgresValue] = []) throws(PostgresError) {
        let handle = try openHandle()
        let encoded = try EncodedParameters(parameters)
        let sent = encoded.withUnsafePointers { count, _, values in
            PQsendQueryPrepared(handle, name, count, values, nil, nil, 0)
        }
        guard sent == 1 else { throw connection.lastError("could not queue the statement") }
        pending += 1
    }

    /// Marks the end of a batch, then reads the answer to every pending statement.
    ///
    /// After a failing statement the server skips the rest of the batch.
    ///
    /// - Returns: The results of the statements since the last sync, in order.
    /// - Throws: The first failing statement's ``PostgresError``, or a transient one when the connection is lost.
    ///
    /// The corresponding libpq functions are `PQpipelineSync` and `PQgetResult`.
    @discardableResult
    public func sync() throws(PostgresError) -> [QueryResult] {
        let handle = try openHandle()
        guard PQpipelineSync(handle) == 1 else { throw lostOr(connection.lastError("could not sync the pipeline")) }
        let expected = pending
        pending = 0
        var results: [QueryResult] = []
        results.reserveCapacity(expected)
        var firstError: PostgresError?
        for _ in 0..<expected {
            // Each statement yields its result(s) and then NULL. A statement that yields nothing but NULL means
            // libpq has lost the connection; waiting for more would spin forever.
            var answered = false
            while let result = PQgetResult(handle) {
                answered = true
                do {
                    results.append(try connection.checked(result))
                } catch {
                    firstError = firstError ?? error
                }
            }
            guard answered, !connection.isBroken else {
                throw lostOr(firstError ?? connection.lastError("the connection was lost during the pipeline"))
            }
        }
        guard let syncResult = PQgetResult(handle) else {
            throw lostOr(firstError ?? connection.lastError("the pipeline ended without its sync"))
        }
        let syncStatus = PQresultStatus(syncResult)
        PQclear(syncResult)
        guard syncStatus == PGRES_PIPELINE_SYNC else {
            throw lostOr(
                firstError ?? .client("expected the pipeline's sync, got result status \(syncStatus.rawValue)")
            )
        }
        if let firstError { throw firstError }
        return results
    }

    private func openHandle() throws(PostgresError) -> OpaquePointer {
        guard isOpen else { throw .client("the pipeline is used outside Connection.pipeline") }
        return try connection.openHandle()
    }

    /// Marks `error` as a lost connection when libpq has given up on it, so that callers see it as transient.
    private func lostOr(_ error: PostgresError) -> PostgresError {
        guard connection.isBroken else { return error }
        var lost = error
        lost.code = .connection
        lost.connectionLost = true
        return lost
    }
}
