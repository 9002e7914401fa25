import ArgumentParser
import Foundation
import HuibaoCore
import HuibaoExtract
import HuibaoStore
import LibPQ

/// Issue 4's benchmark: report files submitted from disk, end to end (read, extract, store), against
/// `psql \copy` of the same metric rows into the same table in the same run.
struct SubmitBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit many report files from disk and compare the metric rows/s with psql \\copy.",
        discussion: """
            Writes --reports report files of about 30 figures each (our own sentences, generated) into --dir, \
            creates a fresh database on the server the PG* variables name, then times reading, extracting and \
            storing them with batches of --batch reports per transaction, with synchronous_commit on.

              deploy/with-postgres swift run -c release huibao-bench submit --reports 10000
            """
    )

    @Option(help: "How many report files.") var reports = 10_000
    @Option(help: "Reports per transaction.") var batch = 250
    @Option(help: "Where the generated reports go.") var dir = NSTemporaryDirectory() + "huibao-submit-bench"

    func run() throws {
        let files = try ReportCorpus.write(count: reports, into: dir)
        let admin = try Connection()
        let database = "bench_submit_\(UInt32.random(in: 0...UInt32.max))"
        try admin.execute("CREATE DATABASE \(database)")
        let db = try Connection("dbname=\(database)")
        try Migrator.bundled().migrate(db)
        let reference = try ReferenceData.bundled()
        try reference.load(into: db)
        let directory = Directory(db)
        var departments: [String: Int64] = [:]
        for (index, county) in ReportCorpus.counties(db: db, count: ReportCorpus.countyCount(for: reports)).enumerated()
        {
            for kind in ReportCorpus.kinds {
                let key = String(format: "c%05d-", index) + kind
                departments[key] = try directory.addDepartment(region: county, kind: kind).0.id
            }
        }
        let extractor = try Extractor.bundled()
        let ids = departments
        @Sendable func submission(_ file: ReportCorpus.File) throws -> ReportSubmission {
            let text = try ReportFile.read(path: file.path)
            return ReportSubmission(
                departmentID: ids[file.department]!,
                period: file.period,
                sourceFile: (file.path as NSString).lastPathComponent,
                sourceText: text,
                metrics: extractor.extract(text).flatMap(\.metrics)
            )
        }

        // Sequential: read and extract everything, then store it.
        let start = Date()
        let submissions = try files.map(submission)
        let extracted = Date()
        let result = try BatchSubmitter(db, catalog: reference.catalog, batchSize: batch).submit(submissions)
        let end = Date()
        guard result.failures.isEmpty, result.stored == files.count else {
            throw ValidationError("benchmark run failed: \(result.failures.prefix(3))")
        }

        // Overlapped, into a second fresh database: the next chunk is extracted on the other core while this
        // one is stored, as a bulk submitter on a multi-core machine would.
        let second = try freshDatabase(admin, reference: reference, departments: departments.count)
        let overlapStart = Date()
        let chunks = stride(from: 0, to: files.count, by: batch).map { Array(files[$0..<min($0 + batch, files.count)]) }
        let submitter = BatchSubmitter(second.db, catalog: reference.catalog, batchSize: batch)
        var overlapStored = 0
        var next = try chunks.first.map { try $0.map(submission) } ?? []
        for index in chunks.indices {
            let current = next
            let box = ChunkBox()
            let group = DispatchGroup()
            if index + 1 < chunks.count {
                let upcoming = chunks[index + 1]
                DispatchQueue.global().async(group: group) { box.value = try? upcoming.map(submission) }
            }
            overlapStored += try submitter.submit(current).stored
            group.wait()
            next = box.value ?? []
        }
        let overlapped = Date().timeIntervalSince(overlapStart)
        second.db.close()
        try admin.execute("DROP DATABASE \(second.name)")
        guard overlapStored == files.count else { throw ValidationError("overlapped run stored \(overlapStored)") }
        let total = end.timeIntervalSince(start)
        let store = end.timeIntervalSince(extracted)

        // Baseline: the same metric rows, as a TSV file, loaded by psql \copy into the same table.
        let tsv = dir + "/metrics.tsv"
        FileManager.default.createFile(atPath: tsv, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: tsv))
        try db.copyOut(
            """
            COPY (SELECT report_id, ordinal + 1000000, document, indicator_code, value, unit, base_value, base_unit,
                qualifier, kind, category, role, total_ordinal, subject, action, section, quote, span_start, span_end
                FROM huibao.metric) TO STDOUT
            """
        ) { chunk in handle.write(Data(chunk)) }
        try handle.close()
        try db.execute("CHECKPOINT")
        let psqlStart = Date()
        try Shell.run([
            Shell.psql(), "-X", "-q", "-d", database, "-c",
            "\\copy huibao.metric (report_id, ordinal, document, indicator_code, value, unit, base_value, base_unit, "
                + "qualifier, kind, category, role, total_ordinal, subject, action, section, quote, span_start, span_end) "
                + "FROM '\(tsv)'",
        ])
        let psql = Date().timeIntervalSince(psqlStart)

        let rows = Double(result.metrics)
        print("reports: \(result.stored), metric rows: \(result.metrics), batch: \(batch) reports per transaction")
        print(
            String(
                format: "end to end (read + extract + store): %.2f s, %.0f reports/s, %.0f metric rows/s",
                total,
                Double(result.stored) / total,
                rows / total
            )
        )
        print(
            String(
                format: "store only (batched COPY):           %.2f s, %.0f reports/s, %.0f metric rows/s",
                store,
                Double(result.stored) / store,
                rows / store
            )
        )
        print(String(format: "psql \\copy of the same rows:         %.2f s, %.0f metric rows/s", psql, rows / psql))
        print(
            String(
                format: "end to end, extraction overlapped:    %.2f s, %.0f reports/s, %.0f metric rows/s",
                overlapped,
                Double(files.count) / overlapped,
                rows / overlapped
            )
        )
        print(
            String(
                format: "ratio to psql: end to end %.2f×, overlapped %.2f×, store only %.2f×",
                psql / total,
                psql / overlapped,
                psql / store
            )
        )
        db.close()
        try admin.execute("DROP DATABASE \(database)")
    }
}

/// Carries a chunk of prepared submissions back from the thread that extracted it.
final class ChunkBox: @unchecked Sendable {
    var value: [ReportSubmission]?
}

extension SubmitBenchmark {
    /// A new database with the schema, the reference data and `departments` departments, as the first has.
    func freshDatabase(
        _ admin: Connection,
        reference: ReferenceData,
        departments: Int
    ) throws -> (db: Connection, name: String) {
        let name = "bench_submit_\(UInt32.random(in: 0...UInt32.max))"
        try admin.execute("CREATE DATABASE \(name)")
        let db = try Connection("dbname=\(name)")
        try Migrator.bundled().migrate(db)
        try reference.load(into: db)
        let directory = Directory(db)
        // Same counties and kinds in the same order as the first database, so the same department ids.
        for county in ReportCorpus.counties(db: db, count: departments / ReportCorpus.kinds.count) {
            for kind in ReportCorpus.kinds { _ = try directory.addDepartment(region: county, kind: kind) }
        }
        let count = try db.query("SELECT count(*) FROM huibao.department").decode(Int.self, row: 0, column: 0)
        guard count == departments else { throw ValidationError("second database has \(count) departments") }
        return (db, name)
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

    static func psql() -> String { "psql" }
}
