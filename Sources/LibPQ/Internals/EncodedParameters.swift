/// Parameters laid out the way `PQexecParams`, `PQexecPrepared` and their `PQsend…` variants read them: one type OID
/// and one NUL-terminated text (or a null pointer for SQL NULL) per parameter.
///
/// All texts share one buffer, so a statement costs three allocations whatever its parameter count.
struct EncodedParameters {
    private var types: [UInt32] = []
    private var storage: [CChar] = []
    private var offsets: [Int?] = []

    /// - Throws: ``PostgresError`` when a text contains a NUL character, which libpq would silently cut off.
    init(_ values: [PostgresValue]) throws(PostgresError) {
        types.reserveCapacity(values.count)
        offsets.reserveCapacity(values.count)
        for (index, value) in values.enumerated() {
            let (type, text) = value.encoded
            types.append(type)
            guard let text else {
                offsets.append(nil)
                continue
            }
            offsets.append(storage.count)
            for byte in text.utf8 {
                guard byte != 0 else { throw .client("parameter $\(index + 1) contains a NUL character") }
                storage.append(CChar(bitPattern: byte))
            }
            storage.append(0)
        }
    }

    var count: Int { types.count }

    /// Calls `body` with the count, the type OIDs and the value pointers, valid only during the call.
    func withUnsafePointers<Result>(
        _ body: (Int32, UnsafePointer<UInt32>?, UnsafePointer<UnsafePointer<CChar>?>?) -> Result
    ) -> Result {
        types.withUnsafeBufferPointer { types in
            storage.withUnsafeBufferPointer { storage in
                let values: [UnsafePointer<CChar>?] = offsets.map { offset in
                    offset.map { storage.baseAddress! + $0 }
                }
                return values.withUnsafeBufferPointer { values in
                    body(Int32(types.count), types.baseAddress, values.baseAddress)
                }
            }
        }
    }
}
