/// Writes rows for `COPY … FROM STDIN` in PostgreSQL's text format, in chunks of about 64 KB.
///
/// Fields are separated by tabs and rows end with a newline. Backslash, tab, newline and carriage return inside a
/// field are escaped, so any text arrives as written, including the literal two characters `\N`; `nil` is sent
/// as `\N`, which is SQL NULL.
public struct CopyWriter {
    static let chunkSize = 64 * 1024

    private var buffer: [UInt8] = []
    private let sink: (UnsafeRawBufferPointer) throws(PostgresError) -> Void
    /// Rows written so far.
    public private(set) var rowCount = 0

    /// `sink` receives each full chunk; the COPY's libpq connection in production, a buffer in tests.
    init(sink: @escaping (UnsafeRawBufferPointer) throws(PostgresError) -> Void) {
        self.sink = sink
        buffer.reserveCapacity(Self.chunkSize + 4096)
    }

    /// Appends one row; `nil` fields are NULL.
    ///
    /// - Throws: ``PostgresError`` when sending a full chunk fails, for instance because the server already
    ///   rejected the COPY.
    public mutating func row(_ fields: [String?]) throws(PostgresError) {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: "\t")) }
            Self.appendField(field, to: &buffer)
        }
        buffer.append(UInt8(ascii: "\n"))
        rowCount += 1
        if buffer.count >= Self.chunkSize { try flush() }
    }

    /// Sends what is buffered.
    mutating func flush() throws(PostgresError) {
        guard !buffer.isEmpty else { return }
        let sink = self.sink
        // withUnsafeBytes rethrows untyped errors, so the typed one is carried out by hand.
        let failure: PostgresError? = buffer.withUnsafeBytes { bytes in
            do throws(PostgresError) {
                try sink(bytes)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Appends one field in COPY text format.
    static func appendField(_ field: String?, to buffer: inout [UInt8]) {
        guard var field else {
            buffer.append(UInt8(ascii: "\\"))
            buffer.append(UInt8(ascii: "N"))
            return
        }
        field.withUTF8 { bytes in
            // Most fields need no escape: copy their bytes in one go.
            guard bytes.contains(where: needsEscape) else {
                buffer.append(contentsOf: bytes)
                return
            }
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\\"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case UInt8(ascii: "\t"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case UInt8(ascii: "\n"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                default: buffer.append(byte)
                }
            }
        }
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
            || byte == UInt8(ascii: "\r")
    }
}
