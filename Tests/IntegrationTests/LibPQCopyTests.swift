import Foundation
import LibPQ
import Testing

@Suite(.enabled(if: TestDatabase.isConfigured))
struct LibPQCopyTests {
    struct BodyFailed: Error {}

    /// Row `i` of a text full of the characters COPY must escape, and the literal two characters `\N`.
    static func awkwardRow(_ i: Int) -> [String?] {
        let pieces = ["\\N", "\t", "\n", "\r", "\\", "\\\\N", "汇报", "🧾", "plain", "\\t", "a\tb\nc\\d"]
        let note = pieces[i % pieces.count] + "-\(i)-" + pieces[(i * 7) % pieces.count]
        let maybe: String? = i % 13 == 0 ? nil : (i % 5 == 0 ? "\\N" : "x\(i)\t")
        return [String(i), note, maybe]
    }

    @Test func hundredThousandAwkwardRowsComeBackByteIdentical() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE awkward (id int PRIMARY KEY, note text NOT NULL, maybe text)")
        let rowCount = 100_000
        let copied = try connection.copyIn("COPY awkward (id, note, maybe) FROM STDIN") { writer in
            for i in 0..<rowCount { try writer.row(Self.awkwardRow(i)) }
        }
        #expect(copied == rowCount)

        // Read back through query: every value, NULL and literal `\N` alike, is what was written.
        let result = try connection.query("SELECT id, note, maybe FROM awkward ORDER BY id")
        #expect(result.rowCount == rowCount)
        var mismatches = 0
        for row in 0..<rowCount {
            let expected = Self.awkwardRow(row)
            if try result.decode(String.self, row: row, column: 1) != expected[1]
                || result.decode(String?.self, row: row, column: 2) != expected[2]
            {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
        #expect(
            try connection.query("SELECT count(*) FROM awkward WHERE maybe IS NULL").decode(Int.self, row: 0, column: 0)
                == (0..<rowCount).filter { $0 % 13 == 0 }.count
        )

        // Read back through COPY TO STDOUT: the server's escaping equals ours, so the bytes match exactly.
        var streamed: [UInt8] = []
        var chunks = 0
        try connection.copyOut("COPY (SELECT id, note, maybe FROM awkward ORDER BY id) TO STDOUT") { chunk in
            streamed += chunk
            chunks += 1
        }
        var expected: [UInt8] = []
        for i in 0..<rowCount {
            expected += Array(Self.awkwardRow(i).map { $0.map(Self.escaped) ?? "\\N" }.joined(separator: "\t").utf8)
            expected.append(UInt8(ascii: "\n"))
        }
        #expect(chunks == rowCount)
        #expect(streamed == expected)
    }

    static func escaped(_ field: String) -> String {
        field.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }

    @Test func badRowRejectsTheWholeCopyAfterTheEnd() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE counted (n int NOT NULL)")
        let error = try #require(throws: PostgresError.self) {
            try connection.copyIn("COPY counted FROM STDIN") { writer in
                for i in 0..<5_000 { try writer.row([i == 4_000 ? "not a number" : String(i)]) }
            }
        }
        #expect(error.sqlState == .invalidTextRepresentation)
        #expect(try connection.query("SELECT count(*) FROM counted").decode(Int.self, row: 0, column: 0) == 0)
    }

    @Test func badRowFarIntoALargeCopyStillSurfacesTheServerError() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE counted (n int NOT NULL)")
        let error = try #require(throws: PostgresError.self) {
            try connection.copyIn("COPY counted FROM STDIN") { writer in
                try writer.row([nil])
                for i in 0..<300_000 { try writer.row([String(i)]) }
            }
        }
        #expect(error.sqlState == .notNullViolation)
        #expect(try connection.query("SELECT 1").rowCount == 1)
    }

    @Test func thrownBodyAbortsTheCopyAndRethrows() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE counted (n int NOT NULL)")
        #expect(throws: BodyFailed.self) {
            try connection.copyIn("COPY counted FROM STDIN") { writer in
                for i in 0..<20_000 { try writer.row([String(i)]) }
                throw BodyFailed()
            }
        }
        #expect(try connection.query("SELECT count(*) FROM counted").decode(Int.self, row: 0, column: 0) == 0)
    }

    @Test func copyInsideATransactionCommitsWithIt() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE counted (n int NOT NULL)")
        let copied = try connection.transaction { db in
            try db.copyIn("COPY counted FROM STDIN") { writer in
                for i in 0..<10 { try writer.row([String(i)]) }
            }
        }
        #expect(copied == 10)
        #expect(try connection.query("SELECT sum(n) FROM counted").decode(Int.self, row: 0, column: 0) == 45)
    }

    @Test func copyOutHandlerErrorLeavesTheConnectionUsable() throws {
        let connection = try TestDatabase.connect()
        var seen = 0
        #expect(throws: BodyFailed.self) {
            try connection.copyOut("COPY (SELECT generate_series(1, 1000)) TO STDOUT") { _ in
                seen += 1
                if seen == 3 { throw BodyFailed() }
            }
        }
        #expect(seen == 3)
        #expect(try connection.query("SELECT 7").decode(Int.self, row: 0, column: 0) == 7)
    }

    @Test func copyThroughExecuteIsRefusedAndLeavesTheConnectionUsable() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE counted (n int)")
        #expect(throws: PostgresError.self) { try connection.execute("COPY counted FROM STDIN") }
        #expect(throws: PostgresError.self) { try connection.query("COPY counted TO STDOUT") }
        #expect(throws: PostgresError.self) { _ = try connection.copyIn("SELECT 1") { _ in } }
        #expect(try connection.query("SELECT 1").rowCount == 1)
    }
}
