import Testing

@testable import LibPQ

@Suite struct CopyWriterTests {
    private func encoded(_ rows: [[String?]]) throws -> String {
        var sent: [UInt8] = []
        var writer = CopyWriter { bytes throws(PostgresError) in sent += bytes }
        for row in rows { try writer.row(row) }
        try writer.flush()
        return String(decoding: sent, as: UTF8.self)
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("tab\there", "tab\\there"),
        ("line\nbreak", "line\\nbreak"),
        ("carriage\rreturn", "carriage\\rreturn"),
        ("back\\slash", "back\\\\slash"),
        ("\\N", "\\\\N"),
        ("\\.", "\\\\."),
        ("汇报🧾", "汇报🧾"),
        ("", ""),
    ])
    func escapesOneField(field: String, expected: String) throws {
        #expect(try encoded([[field]]) == expected + "\n")
    }

    @Test func nilIsWrittenAsBackslashN() throws {
        #expect(try encoded([[nil, "\\N", nil]]) == "\\N\t\\\\N\t\\N\n")
    }

    @Test func fieldsAreTabSeparatedAndRowsNewlineTerminated() throws {
        #expect(try encoded([["a", "b"], ["c", nil]]) == "a\tb\nc\t\\N\n")
        var writer = CopyWriter { _ throws(PostgresError) in }
        try writer.row(["x"])
        try writer.row(["y"])
        #expect(writer.rowCount == 2)
    }

    @Test func sendsChunksOfAboutSixtyFourKilobytes() throws {
        var chunkSizes: [Int] = []
        var writer = CopyWriter { bytes throws(PostgresError) in chunkSizes.append(bytes.count) }
        let field = String(repeating: "汇", count: 1_000)  // 3,000 bytes
        for _ in 0..<100 { try writer.row([field]) }
        #expect(chunkSizes.count == 4)
        #expect(chunkSizes.allSatisfy { $0 >= CopyWriter.chunkSize && $0 < CopyWriter.chunkSize + 3_002 })
        try writer.flush()
        #expect(chunkSizes.reduce(0, +) == 100 * 3_001)
    }

    @Test func sinkFailureSurfacesFromRow() throws {
        var writer = CopyWriter { _ throws(PostgresError) in throw .client("no COPY in progress") }
        let field = String(repeating: "x", count: CopyWriter.chunkSize)
        let error = try #require(throws: PostgresError.self) { try writer.row([field]) }
        #expect(error.message == "no COPY in progress")
    }
}
