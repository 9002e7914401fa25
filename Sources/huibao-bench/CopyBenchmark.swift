import ArgumentParser
import Foundation
import LibPQ

/// Loads the same metric-shaped rows four ways and prints rows per second for each, with COPY compared to
/// `psql \copy` of the same rows on the same server in the same run.
struct CopyBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Bulk-load rows by prepared INSERTs, a pipeline, COPY, and psql \\copy; print rows/s."
    )

    @Option(help: "Rows to load per method.")
    var rows = 200_000

    @Option(help: "Statements per pipeline sync.")
    var syncEvery = 1_000

    @Option(help: "libpq connection string; empty uses DATABASE_URL or PGHOST, PGPORT, PGUSER, PGDATABASE.")
    var database = ""

    @Option(help: "The psql program for the \\copy baseline.")
    var psql = "psql"

    func validate() throws {
        guard rows > 0 else { throw ValidationError("--rows must be positive.") }
        guard syncEvery > 0 else { throw ValidationError("--sync-every must be positive.") }
    }

    func run() throws {
        let connection = try Connection(database)
        connection.noticeHandler = nil  // "table does not exist, skipping" is expected on the first run
        let data = MetricRows(count: rows)
        print("huibao-bench copy: \(rows) rows (text, text, int, numeric(14,2)) into a logged table")
        print(
            "server \(connection.serverVersion), libpq \(Connection.libraryVersion), \(ProcessInfo.processInfo.activeProcessorCount) CPUs"
        )

        var measurements: [(String, Double)] = []
        measurements.append(
            (
                "(a) prepared INSERT, one round trip each, 1 transaction",
                try measure(connection) { try insertOneByOne(connection, data) }
            )
        )
        measurements.append(
            (
                "(b) pipelined prepared INSERT, sync every \(syncEvery), 1 transaction",
                try measure(connection) { try insertPipelined(connection, data) }
            )
        )
        let copySeconds = try measure(connection) { try copyIn(connection, data) }
        measurements.append(("(c) COPY FROM STDIN, rows escaped by CopyWriter", copySeconds))

        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "huibao-bench-\(UUID().uuidString).tsv"
        )
        try data.tsv().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let psqlSeconds = try measure(connection) { try runPsql(command: copyCommand(from: file)) }
        measurements.append(("(d) psql -c \"\\copy … FROM file\" (process start included)", psqlSeconds))
        let clock = ContinuousClock()
        let startup = try (0..<3).map { _ in try clock.measure { try runPsql(command: "SELECT 1") }.seconds }.sorted()[
            1
        ]

        printTable(measurements, psqlSeconds: psqlSeconds)
        print("")
        print(String(format: "psql start-up alone (psql -c 'SELECT 1', median of 3): %.3f s", startup))
        print(String(format: "COPY against psql without its start-up: %.2f×", (psqlSeconds - startup) / copySeconds))
    }

    // MARK: - Methods

    private func insertOneByOne(_ connection: Connection, _ data: MetricRows) throws {
        try connection.prepare("bench_insert_one", MetricRows.insert)
        try connection.transaction { db in
            for row in 0..<data.count {
                _ = try db.queryPrepared("bench_insert_one", data.parameters(row))
            }
        }
    }

    private func insertPipelined(_ connection: Connection, _ data: MetricRows) throws {
        try connection.prepare("bench_insert_pipelined", MetricRows.insert)
        try connection.transaction { db in
            try db.pipeline { pipe in
                for row in 0..<data.count {
                    try pipe.send(prepared: "bench_insert_pipelined", data.parameters(row))
                    if pipe.pending >= syncEvery { try pipe.sync() }
                }
            }
        }
    }

    private func copyIn(_ connection: Connection, _ data: MetricRows) throws {
        let copied = try connection.copyIn("COPY bench_metric (region, indicator, quantity, value) FROM STDIN") {
            writer in
            for row in 0..<data.count { try writer.row(data.fields(row)) }
        }
        guard copied == data.count else { throw ValidationError("COPY reported \(copied) rows, not \(data.count)") }
    }

    private func copyCommand(from file: URL) -> String {
        "\\copy bench_metric (region, indicator, quantity, value) FROM '\(file.path)'"
    }

    private func runPsql(command: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1"]
        let target = database.isEmpty ? ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "" : database
        if !target.isEmpty { arguments += ["-d", target] }
        arguments += ["-c", command]
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("psql exited with status \(process.terminationStatus)")
        }
    }

    // MARK: - Timing

    /// Recreates the table, checkpoints so no method pays for another's dirty pages, then times `load` and checks
    /// that every row arrived.
    private func measure(_ connection: Connection, _ load: () throws -> Void) throws -> Double {
        try connection.execute(
            """
            DROP TABLE IF EXISTS bench_metric;
            CREATE TABLE bench_metric (region text NOT NULL, indicator text NOT NULL, quantity int NOT NULL,
                value numeric(14,2));
            """
        )
        try connection.execute("CHECKPOINT")
        let clock = ContinuousClock()
        let elapsed = try clock.measure(load)
        let stored = try connection.query("SELECT count(*) FROM bench_metric").decode(Int.self, row: 0, column: 0)
        guard stored == rows else { throw ValidationError("expected \(rows) rows in bench_metric, found \(stored)") }
        try connection.execute("DROP TABLE bench_metric")
        return elapsed.seconds
    }

    private func printTable(_ measurements: [(String, Double)], psqlSeconds: Double) {
        let width = measurements.map(\.0.count).max() ?? 0
        func pad(_ text: String, _ count: Int, left: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, count - text.count))
            return left ? fill + text : text + fill
        }
        print("")
        print(
            pad("method", width) + " | " + pad("seconds", 8, left: true) + " | " + pad("rows/s", 10, left: true)
                + " | " + pad("× psql", 7, left: true)
        )
        print(
            String(repeating: "-", count: width) + "-|-" + String(repeating: "-", count: 8) + "-|-"
                + String(repeating: "-", count: 10) + "-|-" + String(repeating: "-", count: 7)
        )
        for (name, seconds) in measurements {
            let rate = Double(rows) / seconds
            print(
                pad(name, width) + " | " + pad(String(format: "%.3f", seconds), 8, left: true) + " | "
                    + pad(String(format: "%.0f", rate), 10, left: true) + " | "
                    + pad(String(format: "%.2f", psqlSeconds / seconds), 7, left: true)
            )
        }
    }
}

/// Deterministic rows shaped like stored metrics: a county code, an indicator code, a count, and an amount.
struct MetricRows {
    static let insert = "INSERT INTO bench_metric (region, indicator, quantity, value) VALUES ($1, $2, $3, $4)"
    private static let indicators = [
        "inspection.entities_checked", "inspection.batches_sampled", "enforcement.cases_filed",
        "investment.amount_completed", "staff.person_times_dispatched",
    ]

    let regions: [String]
    let indicatorCodes: [String]
    let quantities: [Int]
    let values: [String]

    /// Generated before any timing starts, so every method measures loading, not making up data.
    init(count: Int) {
        regions = (0..<count).map { String(620_102 + $0 % 1_000) }
        indicatorCodes = (0..<count).map { Self.indicators[$0 % Self.indicators.count] }
        quantities = (0..<count).map { ($0 * 7_919) % 100_000 }
        values = (0..<count).map { row in
            let cents = row % 100
            return "\((row * 104_729) % 10_000_000).\(cents < 10 ? "0" : "")\(cents)"
        }
    }

    var count: Int { regions.count }

    func parameters(_ row: Int) -> [PostgresValue] {
        [.text(regions[row]), .text(indicatorCodes[row]), .int(quantities[row]), .numeric(values[row])]
    }

    func fields(_ row: Int) -> [String?] {
        [regions[row], indicatorCodes[row], String(quantities[row]), values[row]]
    }

    /// The same rows as a COPY text file (none needs escaping).
    func tsv() -> Data {
        var text = ""
        text.reserveCapacity(count * 60)
        for row in 0..<count {
            text += fields(row).map { $0 ?? "\\N" }.joined(separator: "\t")
            text += "\n"
        }
        return Data(text.utf8)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
