import ArgumentParser
import Foundation
import HuibaoCLI
import HuibaoCore
import HuibaoExtract
import HuibaoStore
import LibPQ

/// Issue 4's benchmark: report files submitted from disk with the product's own command, end to end, against
/// `psql \copy` of the same metric rows into the same table in the same run.
struct SubmitBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit many report files from disk and compare the metric rows/s with psql \\copy.",
        discussion: """
            Writes --reports report files of about 30 figures each (our own sentences, generated) into --dir as \
            <period>/<county code>-<kind>.txt, creates a fresh database on the server the PG* variables name, and \
            times `huibao submit <period folders> --batch N --yes` run in this process: reading, extraction and \
            storing (over the two connections the command uses), with synchronous_commit on. Then, apart, into a second fresh database: reading and extraction \
            alone, and storing the extracted reports alone. Last, psql \\copy of the same metric rows into the first \
            database's metric table.

              deploy/with-postgres .build/release/huibao-bench submit --reports 10000 --batch 500
            """
    )

    @Option(help: "How many report files.") var reports = 10_000
    @Option(help: "Reports per transaction (huibao submit --batch).") var batch = 500
    @Option(help: "Where the generated reports go.") var dir = NSTemporaryDirectory() + "huibao-submit-reports"
    @Flag(help: "Keep the first database (its name is printed) to look at its tables afterwards.") var keep = false

    func run() throws {
        let files = try ReportCorpus.write(count: reports, into: dir)
        let folders = Array(Set(files.map { ($0.path as NSString).deletingLastPathComponent })).sorted()
        let admin = try Connection()
        let reference = try ReferenceData.bundled()
        let first = try freshDatabase(admin, reference: reference)

        // The product: huibao submit, end to end.
        try first.db.execute("CHECKPOINT")
        let start = Date()
        var command = try AppCommand.parseAsRoot(
            ["submit"] + folders + ["--batch", String(batch), "--yes", "--database", "dbname=\(first.name)"]
        )
        try command.run()
        let endToEnd = Date().timeIntervalSince(start)
        let stored = try first.db.query("SELECT count(*) FROM huibao.report").decode(Int.self, row: 0, column: 0)
        let rows = try first.db.query("SELECT count(*) FROM huibao.metric").decode(Int.self, row: 0, column: 0)
        guard stored == files.count else { throw ValidationError("huibao submit stored \(stored) of \(files.count)") }

        // Apart: reading and extracting, then storing what was extracted on one connection, into a second
        // database.
        let second = try freshDatabase(admin, reference: reference)
        let extractor = try Extractor.bundled()
        let extractStart = Date()
        let submissions = try files.map { file in
            let text = try ReportFile.read(path: file.path)
            return ReportSubmission(
                departmentID: second.departments[file.department]!,
                period: file.period,
                sourceFile: (file.path as NSString).lastPathComponent,
                sourceText: text,
                metrics: extractor.extract(text).flatMap(\.metrics)
            )
        }
        let extract = Date().timeIntervalSince(extractStart)
        try second.db.execute("CHECKPOINT")
        let storeStart = Date()
        let result = try BatchSubmitter(second.db, catalog: reference.catalog, batchSize: batch).submit(submissions)
        let store = Date().timeIntervalSince(storeStart)
        guard result.failures.isEmpty, result.stored == files.count, result.metrics == rows else {
            throw ValidationError("store-only run: \(result.stored) stored, \(result.failures.prefix(3))")
        }
        second.db.close()
        try admin.execute("DROP DATABASE \(second.name)")

        let psql = try psqlCopy(first)
        let perSecond = { (seconds: Double) in
            String(
                format: "%.2f s, %.0f reports/s, %.0f metric rows/s",
                seconds,
                Double(stored) / seconds,
                Double(rows) / seconds
            )
        }
        print("reports: \(stored), metric rows: \(rows), batch: \(batch) reports per transaction")
        print("huibao submit --batch \(batch), end to end: \(perSecond(endToEnd))")
        print("  apart: read + extract \(String(format: "%.2f", extract)) s; store \(perSecond(store))")
        print(String(format: "psql \\copy of the same rows:    %.2f s, %.0f metric rows/s", psql, Double(rows) / psql))
        print(String(format: "ratio to psql: end to end %.2f×, store only %.2f×", psql / endToEnd, psql / store))
        first.db.close()
        if keep {
            print("kept database \(first.name)")
        } else {
            try admin.execute("DROP DATABASE \(first.name)")
        }
    }

    /// The same metric rows as a TSV file, loaded by psql \copy into the same table (ordinals moved clear).
    func psqlCopy(_ target: (db: Connection, name: String, departments: [String: Int64])) throws -> Double {
        let tsv = dir + "/metrics.tsv"
        FileManager.default.createFile(atPath: tsv, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: tsv))
        try target.db.copyOut(
            """
            COPY (SELECT report_id, ordinal + 1000000, document, indicator_code, value, unit, base_value, base_unit,
                qualifier, kind, category, role, total_ordinal, subject, action, section, quote, span_start, span_end
                FROM huibao.metric) TO STDOUT
            """
        ) { chunk in handle.write(Data(chunk)) }
        try handle.close()
        try target.db.execute("CHECKPOINT")
        let start = Date()
        try Shell.run([
            "psql", "-X", "-q", "-d", target.name, "-c",
            "\\copy huibao.metric (report_id, ordinal, document, indicator_code, value, unit, base_value, base_unit, "
                + "qualifier, kind, category, role, total_ordinal, subject, action, section, quote, span_start, span_end) "
                + "FROM '\(tsv)'",
        ])
        return Date().timeIntervalSince(start)
    }

    /// A new database with the schema, the reference data and a department per county and kind of the corpus.
    func freshDatabase(
        _ admin: Connection,
        reference: ReferenceData
    ) throws -> (db: Connection, name: String, departments: [String: Int64]) {
        let name = "bench_submit_\(UInt32.random(in: 0...UInt32.max))"
        try admin.execute("CREATE DATABASE \(name)")
        let db = try Connection("dbname=\(name)")
        try Migrator.bundled().migrate(db)
        try reference.load(into: db)
        let directory = Directory(db)
        var departments: [String: Int64] = [:]
        for county in try ReportCorpus.counties(ReportCorpus.countyCount(for: reports)) {
            for kind in ReportCorpus.kinds {
                departments["\(county)-\(kind)"] = try directory.addDepartment(region: county, kind: kind).0.id
            }
        }
        return (db, name, departments)
    }
}

/// Starts a program and waits for it; fails with its exit status.
enum Shell {
    static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("\(arguments[0]) exited with \(process.terminationStatus)")
        }
    }
}
