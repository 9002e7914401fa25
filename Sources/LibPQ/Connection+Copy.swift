import CLibPQ

extension Connection {
    /// Runs `COPY … FROM STDIN` (text format) and feeds it the rows `body` writes.
    ///
    /// COPY is all or nothing: a bad row makes the server reject the whole COPY, and that error arrives only once
    /// every row is sent. If `body` throws, the COPY is aborted, so no row is stored, and the error is rethrown.
    ///
    /// - Parameters:
    ///   - sql: A `COPY table (columns…) FROM STDIN` statement in text format (the default).
    ///   - body: Writes rows with ``CopyWriter/row(_:)``.
    /// - Returns: The number of rows copied, from the command tag.
    /// - Throws: ``PostgresError`` from the server or libpq, or what `body` threw.
    ///
    /// The corresponding libpq functions are `PQputCopyData`, `PQputCopyEnd` and `PQgetResult`.
    public func copyIn(_ sql: String, _ body: (inout CopyWriter) throws -> Void) throws -> Int {
        let started = try exec(sql, allowingCopy: true)
        guard started.status == PGRES_COPY_IN else {
            if started.status == PGRES_COPY_OUT { abandonCopy() }
            throw PostgresError.client("copyIn needs COPY … FROM STDIN")
        }
        var writer = CopyWriter { bytes throws(PostgresError) in try self.putCopyData(bytes) }
        do {
            try body(&writer)
            try writer.flush()
        } catch {
            if copyState == .copyIn {
                // The server ends the COPY with `57014 COPY from stdin failed: …`; the caller's error matters more.
                _ = try? endCopy(failure: "aborted by the client: \(type(of: error))")
            }
            throw error
        }
        return try endCopy(failure: nil).affectedRows
    }

    /// Runs `COPY … TO STDOUT` and hands `handler` each chunk as it arrives: in text format, one row per chunk.
    ///
    /// Rows are streamed, never collected whole. If `handler` throws, the rest of the output is read and discarded
    /// so that the connection stays usable, and the error is rethrown.
    ///
    /// The corresponding libpq functions are `PQgetCopyData` and `PQgetResult`.
    public func copyOut(_ sql: String, _ handler: ([UInt8]) throws -> Void) throws {
        let started = try exec(sql, allowingCopy: true)
        guard started.status == PGRES_COPY_OUT else {
            if started.status == PGRES_COPY_IN { _ = try? endCopy(failure: "copyOut needs COPY … TO STDOUT") }
            throw PostgresError.client("copyOut needs COPY … TO STDOUT")
        }
        var handlerError: (any Error)?
        while let chunk = try getCopyData() {
            guard handlerError == nil else { continue }
            do { try handler(chunk) } catch { handlerError = error }
        }
        _ = try finalResult()
        if let handlerError { throw handlerError }
    }

    // MARK: - libpq calls

    enum CopyState { case none, copyIn, copyOut }

    /// Whether the connection is in the middle of a COPY. Only for when no other result is pending: it consumes one.
    ///
    /// The corresponding libpq function is `PQgetResult`.
    var copyState: CopyState {
        guard let handle else { return .none }
        // During a COPY, PQgetResult hands out a fresh COPY_IN/COPY_OUT result each time and stays in the COPY.
        guard let result = PQgetResult(handle) else { return .none }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COPY_IN: return .copyIn
        case PGRES_COPY_OUT: return .copyOut
        default: return .none
        }
    }

    /// The corresponding libpq function is `PQputCopyData`.
    func putCopyData(_ bytes: UnsafeRawBufferPointer) throws(PostgresError) {
        let handle = try openHandle()
        let sent = bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
        guard sent == 1 else {
            // The server may have rejected the COPY already; its error is more useful than libpq's "no COPY".
            throw serverErrorOrLast()
        }
    }

    /// Ends COPY FROM STDIN, successfully or with `failure` as the reason, and returns its final result.
    ///
    /// The corresponding libpq function is `PQputCopyEnd`.
    func endCopy(failure: String?) throws(PostgresError) -> QueryResult {
        let handle = try openHandle()
        guard PQputCopyEnd(handle, failure) == 1 else { throw serverErrorOrLast() }
        return try finalResult()
    }

    /// One chunk of COPY TO STDOUT, or nil when the COPY is done.
    ///
    /// The corresponding libpq functions are `PQgetCopyData` and `PQfreemem`.
    func getCopyData() throws(PostgresError) -> [UInt8]? {
        let handle = try openHandle()
        var buffer: UnsafeMutablePointer<CChar>?
        let length = PQgetCopyData(handle, &buffer, 0)
        if length > 0, let buffer {
            defer { PQfreemem(buffer) }
            return buffer.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
                Array(UnsafeBufferPointer(start: $0, count: Int(length)))
            }
        }
        if length == -1 { return nil }
        throw lastError("COPY TO STDOUT failed")
    }

    /// Reads every remaining result of the current command and returns the last one, or throws the first error.
    ///
    /// Stops on a repeated COPY state instead of looping, and on a lost connection.
    ///
    /// The corresponding libpq function is `PQgetResult`.
    func finalResult() throws(PostgresError) -> QueryResult {
        // Read even from a lost connection: libpq may still hold the server's last error, such as 57P01.
        guard let handle else { throw .client("the connection is closed") }
        var last: QueryResult?
        var firstError: PostgresError?
        while let result = PQgetResult(handle) {
            let status = PQresultStatus(result)
            if status == PGRES_COPY_IN || status == PGRES_COPY_OUT {
                PQclear(result)
                firstError = firstError ?? .client("the COPY is still in progress")
                break
            }
            do { last = try checked(result) } catch { firstError = firstError ?? error }
        }
        if let firstError { throw firstError }
        guard let last else { throw lastError() }
        return last
    }

    private func serverErrorOrLast() -> PostgresError {
        do {
            _ = try finalResult()
            return lastError()
        } catch {
            return error
        }
    }

    /// Ends a COPY that `execute` or `query` started by mistake, leaving the connection usable.
    func abandonCopy() {
        switch copyState {
        case .copyIn: _ = try? endCopy(failure: "COPY must run through copyIn")
        case .copyOut:
            while (try? getCopyData()).flatMap({ $0 }) != nil {}
            _ = try? finalResult()
        case .none: break
        }
    }
}
