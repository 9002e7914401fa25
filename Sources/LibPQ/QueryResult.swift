import CLibPQ

/// The rows and command tag of one successful statement, in text format.
///
/// Owns libpq's `PGresult` and frees it (`PQclear`) when released. Values are read with
/// ``decode(_:row:column:)-(_,_,Int)``; rows and columns count from 0.
public final class QueryResult {
    private let handle: OpaquePointer
    /// The column names in order, as the server reports them (not case-folded).
    public let columnNames: [String]

    /// Takes ownership of a result whose status the caller has checked.
    init(taking handle: OpaquePointer) {
        self.handle = handle
        // COPY results count columns but name none: PQfname returns NULL for them.
        self.columnNames = (0..<PQnfields(handle)).map { column in
            let name: UnsafeMutablePointer<CChar>? = PQfname(handle, column)
            return name.map { String(cString: $0) } ?? ""
        }
    }

    deinit { PQclear(handle) }

    /// The corresponding libpq function is `PQresultStatus`.
    var status: ExecStatusType { PQresultStatus(handle) }

    /// The corresponding libpq function is `PQntuples`.
    public var rowCount: Int { Int(PQntuples(handle)) }

    /// The corresponding libpq function is `PQnfields`.
    public var columnCount: Int { columnNames.count }

    /// Rows inserted, updated, deleted, copied, or fetched by the command; 0 when it reports none.
    ///
    /// The corresponding libpq function is `PQcmdTuples`.
    public var affectedRows: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }

    /// The command tag, such as `INSERT 0 1`, `COMMIT` or `ROLLBACK`.
    ///
    /// The corresponding libpq function is `PQcmdStatus`.
    public var commandTag: String { String(cString: PQcmdStatus(handle)) }

    /// The index of the first column called exactly `name`, if any.
    public func columnIndex(_ name: String) -> Int? { columnNames.firstIndex(of: name) }

    /// Whether the value is SQL NULL. Out-of-range positions count as NULL.
    ///
    /// The corresponding libpq function is `PQgetisnull`.
    public func isNull(row: Int, column: Int) -> Bool {
        PQgetisnull(handle, Int32(clamping: row), Int32(clamping: column)) != 0
    }

    /// The value as the server printed it, or nil for NULL.
    ///
    /// The corresponding libpq functions are `PQgetvalue` and `PQgetlength`.
    public func text(row: Int, column: Int) -> String? {
        let (row, column) = (Int32(clamping: row), Int32(clamping: column))
        guard PQgetisnull(handle, row, column) == 0 else { return nil }
        let length = Int(PQgetlength(handle, row, column))
        return PQgetvalue(handle, row, column).withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    /// Decodes one value.
    ///
    /// - Throws: ``PostgresError`` with code ``PostgresError/Code/decoding`` naming the column and row when the value
    ///   is NULL and `T` is not optional, or does not fit `T`; code ``PostgresError/Code/client`` when the position
    ///   is out of range.
    public func decode<T: PostgresDecodable>(
        _ type: T.Type = T.self,
        row: Int,
        column: Int
    ) throws(PostgresError) -> T {
        guard columnNames.indices.contains(column) else {
            throw .client("column index \(column) out of range: the result has \(columnCount) columns")
        }
        guard (0..<rowCount).contains(row) else {
            throw .client("row \(row) out of range: the result has \(rowCount) rows")
        }
        do {
            return try T(postgresText: text(row: row, column: column))
        } catch {
            var named = error
            named.column = columnNames[column]
            named.row = row
            named.message = "column \"\(columnNames[column])\", row \(row): \(error.message)"
            throw named
        }
    }

    /// Decodes one value from the first column called exactly `column`.
    ///
    /// - Throws: ``PostgresError`` as ``decode(_:row:column:)-(_,_,Int)`` does, and when no column has that name.
    public func decode<T: PostgresDecodable>(
        _ type: T.Type = T.self,
        row: Int,
        column: String
    ) throws(PostgresError) -> T {
        guard let index = columnIndex(column) else {
            var error = PostgresError.client(
                "no column \"\(column)\" in the result (\(columnNames.joined(separator: ", ")))"
            )
            error.column = column
            throw error
        }
        return try decode(type, row: row, column: index)
    }
}
