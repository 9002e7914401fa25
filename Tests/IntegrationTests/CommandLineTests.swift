import ArgumentParser
import Foundation
import HuibaoExtract
import LibPQ
import Testing

@testable import HuibaoCLI

/// The commands as a user runs them, parsed from arguments, against a fresh database.
@Suite(.enabled(if: TestDatabase.isConfigured)) struct CommandLineTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../data/samples").standardized.path

    func run(_ arguments: [String], _ conninfo: String) throws {
        var command = try AppCommand.parseAsRoot(arguments + ["--database", conninfo])
        try command.run()
    }

    func count(_ conninfo: String, _ sql: String) throws -> Int {
        try Connection(conninfo).query(sql).decode(Int.self, row: 0, column: 0)
    }

    @Test func submitAFolderOfReportsThenTheSameAgain() throws {
        let conninfo = try TestDatabase.freshDatabase()
        try run(["db", "migrate"], conninfo)
        for county in ["621002", "621021", "621022", "621023", "621024", "621025", "621026", "621027"] {
            for kind in ["market_regulation", "development_reform", "housing", "agriculture"] {
                try run(["departments", "add", "--region", county, "--kind", kind], conninfo)
            }
        }
        try run(["submit", Self.samples + "/2026-Q1", "--yes"], conninfo)
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.samples + "/2026-Q1").count
        #expect(try count(conninfo, "SELECT count(*) FROM huibao.report") == files)
        let metrics = try count(conninfo, "SELECT count(*) FROM huibao.metric")
        #expect(metrics > files * 5)
        // The GB18030 file was decoded: its stored text is Chinese, not replacement characters.
        #expect(
            try count(
                conninfo,
                """
                SELECT count(*) FROM huibao.report WHERE source_file = '621026-development_reform.txt'
                AND source_text LIKE '%宁县%' AND strpos(source_text, U&'\\FFFD') = 0
                """
            ) == 1
        )
        try run(["submit", Self.samples + "/2026-Q1", "--yes"], conninfo)
        #expect(try count(conninfo, "SELECT count(*) FROM huibao.report") == files)
        #expect(try count(conninfo, "SELECT count(*) FROM huibao.metric") == metrics)
    }

    @Test func aSpreadsheetWithABadRowStoresNothing() throws {
        let conninfo = try TestDatabase.freshDatabase()
        try run(["db", "migrate"], conninfo)
        try run(["departments", "add", "--region", "环县", "--kind", "market_regulation"], conninfo)
        var lines = ["indicator,value,unit,subject"]
        for n in 1...15 { lines.append("inspection.entities_checked,\(n),家,单位\(n)") }
        lines.append("inspection.entities_checked,12..5,家,单位16")
        lines.append("sampling.batches,40,批次,样品")
        let file = NSTemporaryDirectory() + TestDatabase.uniqueName("sheet") + ".csv"
        try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        do {
            try run(
                ["submit", "--metrics", file, "--department", "环县市场监督管理局", "--period", "2026-Q1", "--yes"],
                conninfo
            )
            Issue.record("the sheet was accepted")
        } catch {
            #expect("\(error)".contains(":17:"))
        }
        #expect(try count(conninfo, "SELECT count(*) FROM huibao.report") == 0)
        #expect(try count(conninfo, "SELECT count(*) FROM huibao.metric") == 0)
    }

    @Test func aFolderWithABadFileStoresTheRestAndFails() throws {
        let conninfo = try TestDatabase.freshDatabase()
        try run(["db", "migrate"], conninfo)
        try run(["departments", "add", "--region", "环县", "--kind", "market_regulation"], conninfo)
        let folder = NSTemporaryDirectory() + TestDatabase.uniqueName("reports") + "/2026-Q1"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "环县市场监管局一季度检查经营主体120家。".write(
            toFile: folder + "/621022-market_regulation.txt",
            atomically: true,
            encoding: .utf8
        )
        try Data([0xFF, 0xFE, 0x00, 0xD8, 0x41]).write(to: URL(fileURLWithPath: folder + "/621022-housing.txt"))
        #expect(throws: ExitCode.self) { try run(["submit", folder, "--yes"], conninfo) }
        #expect(try count(conninfo, "SELECT count(*) FROM huibao.report") == 1)
    }
}

extension CommandLineTests {
    /// A fresh database with one department: 环县's market regulation bureau.
    func 环县Database() throws -> String {
        let conninfo = try TestDatabase.freshDatabase()
        try run(["db", "migrate"], conninfo)
        try run(["departments", "add", "--region", "环县", "--kind", "market_regulation"], conninfo)
        return conninfo
    }

    /// `huibao submit FOLDER --batch 4`, with its summary at hand (and the second connection given).
    func submitInBatchesOfFour(
        _ folder: String,
        _ conninfo: String,
        second: Connection? = nil
    ) throws
        -> SubmitSession.Summary
    {
        let session = SubmitSession(
            connection: try Connection(conninfo),
            catalog: try CatalogOptions.shipped(),
            extractor: try Extractor.bundled()
        )
        return session.submitBatched(
            try ReportFiles.expand([folder]),
            batchSize: 4,
            department: nil,
            period: nil,
            encoding: nil,
            second: second
        )
    }

    /// One report of 环县's market regulation bureau per month, as `<folder>/2026-0M/621022-market_regulation.txt`.
    func monthlyReports(_ months: ClosedRange<Int>, text: (Int) -> String) throws -> String {
        let folder = NSTemporaryDirectory() + TestDatabase.uniqueName("months")
        for month in months {
            let dir = folder + "/2026-0\(month)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try text(month).write(toFile: dir + "/621022-market_regulation.txt", atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test func aFolderStopsWhenTheDatabaseGoesAwayAndARerunCompletesIt() throws {
        let conninfo = try 环县Database()
        let folder = try monthlyReports(1...6) { "环县市场监管局\($0)月检查经营主体\(100 + $0)家。" }
        let db = try Connection(conninfo)
        let catalog = try CatalogOptions.shipped()
        let session = SubmitSession(connection: db, catalog: catalog, extractor: try Extractor.bundled())
        let files = try ReportFiles.expand([folder])
        _ = session.submitMany(Array(files.prefix(2)), department: nil, period: nil, encoding: nil, dryRun: false)
        try TestDatabase.terminateBackend(try TestDatabase.backendPID(of: db))
        let cut = session.submitMany(files, department: nil, period: nil, encoding: nil, dryRun: false)
        #expect(cut.failures.count == 1)
        // The first file meets the dead connection; the other five are not tried.
        #expect(cut.notSent == 5)
        #expect(cut.stored == 0)
        #expect(cut.render().contains("run the same command again"))
        try run(["submit", folder, "--yes"], conninfo)
        #expect(try count(conninfo, "SELECT count(*) FROM huibao.report") == 6)
    }
}

extension CommandLineTests {
    /// A fresh database with the 32 departments of the sample reports.
    func sampleDatabase() throws -> String {
        let conninfo = try TestDatabase.freshDatabase()
        try run(["db", "migrate"], conninfo)
        for county in ["621002", "621021", "621022", "621023", "621024", "621025", "621026", "621027"] {
            for kind in ["market_regulation", "development_reform", "housing", "agriculture"] {
                try run(["departments", "add", "--region", county, "--kind", kind], conninfo)
            }
        }
        return conninfo
    }

    /// Everything a rollup reads, in a form two databases can be compared by.
    func stored(_ conninfo: String) throws -> [String] {
        let db = try Connection(conninfo)
        let rows = try db.query(
            """
            SELECT 'report ' || d.region_code || d.kind || r.period || r.revision || r.source_sha256 ||
                (SELECT count(*) FROM huibao.metric m WHERE m.report_id = r.id)
            FROM huibao.report r JOIN huibao.department d ON d.id = r.department_id
            UNION ALL
            SELECT 'figure ' || f.region_code || f.department_kind || f.period || f.indicator_code || f.value
            FROM huibao.figure f
            UNION ALL
            SELECT 'total ' || t.parent_code || t.region_code || t.department_kind || t.period || t.indicator_code
                || t.value || '/' || t.figure_count
            FROM huibao.region_total t
            UNION ALL
            SELECT 'reports ' || t.parent_code || t.region_code || t.department_kind || t.period || t.reports
            FROM huibao.report_total t
            ORDER BY 1
            """
        )
        return try (0..<rows.rowCount).map { try rows.decode(String.self, row: $0, column: 0) }
    }

    @Test func aBacklogInBatchesStoresExactlyWhatOneByOneStores() throws {
        let folders = [Self.samples + "/2026-Q1", Self.samples + "/2026-Q2"]
        let oneByOne = try sampleDatabase()
        try run(["submit"] + folders + ["--yes"], oneByOne)
        let batched = try sampleDatabase()
        try run(["submit"] + folders + ["--yes", "--batch", "7"], batched)
        let expected = try stored(oneByOne)
        #expect(expected.filter { $0.hasPrefix("report ") }.count == 63)
        #expect(try stored(batched) == expected)
        // Again: every report is recognised, nothing changes.
        try run(["submit"] + folders + ["--yes", "--batch", "7"], batched)
        #expect(try stored(batched) == expected)
    }

    @Test func aBatchWithABadFileAndAnUnknownDepartmentStoresTheRestAndFails() throws {
        let conninfo = try 环县Database()
        let folder = try monthlyReports(1...9) { "环县市场监管局\($0)月检查经营主体\(200 + $0)家，抽检样品\(30 + $0)批次。" }
        try Data([0xFF, 0xFE, 0x00, 0xD8, 0x41]).write(
            to: URL(fileURLWithPath: folder + "/2026-03/621022-market_regulation.txt")
        )
        try "华池县住建局3月新开工项目4个。".write(
            toFile: folder + "/2026-03/621023-housing.txt",
            atomically: true,
            encoding: .utf8
        )
        let summary = try submitInBatchesOfFour(folder, conninfo)
        #expect(summary.stored == 8)
        #expect(
            summary.failures.map { ($0.file as NSString).lastPathComponent }.sorted() == [
                "621022-market_regulation.txt", "621023-housing.txt",
            ]
        )
        #expect(try count(conninfo, "SELECT count(*) FROM huibao.report") == 8)
        #expect(try count(conninfo, "SELECT count(*) FROM huibao.metric") == 16)
        #expect(throws: ExitCode.self) { try run(["submit", folder, "--yes", "--batch", "4"], conninfo) }
        #expect(try count(conninfo, "SELECT count(*) FROM huibao.report") == 8)
    }
}

extension CommandLineTests {
    /// Two texts for one department and period in one backlog: the later one (in name order) becomes the second
    /// revision, whichever connection stores it.
    @Test func aBacklogKeepsTheOrderOfOneDepartmentsRevisions() throws {
        let conninfo = try 环县Database()
        // Another kind: the two departments go to different connections.
        try run(["departments", "add", "--region", "华池县", "--kind", "development_reform"], conninfo)
        let root = NSTemporaryDirectory() + TestDatabase.uniqueName("revisions")
        for (draft, figure) in [("a-draft", 310), ("b-final", 325)] {
            let dir = root + "/\(draft)/2026-Q1"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try "环县市场监管局一季度检查经营主体\(figure)家。".write(
                toFile: dir + "/621022-market_regulation.txt",
                atomically: true,
                encoding: .utf8
            )
            try "华池县发改局一季度新开工项目\(figure - 300)个。".write(
                toFile: dir + "/621023-development_reform.txt",
                atomically: true,
                encoding: .utf8
            )
        }
        try run(["submit", root, "--yes", "--batch", "2"], conninfo)
        let current = try Connection(conninfo).query(
            """
            SELECT d.region_code::text || ':' || r.revision || ':' || r.source_text
            FROM huibao.report r JOIN huibao.department d ON d.id = r.department_id
            WHERE r.is_current ORDER BY 1
            """
        )
        let rows = try (0..<current.rowCount).map { try current.decode(String.self, row: $0, column: 0) }
        #expect(rows == ["621022:2:环县市场监管局一季度检查经营主体325家。", "621023:2:华池县发改局一季度新开工项目25个。"])
        #expect(try count(conninfo, "SELECT count(*) FROM huibao.report") == 4)
    }

    @Test func aBacklogThatLosesOneOfItsConnectionsStopsAndARerunCompletesIt() throws {
        let conninfo = try 环县Database()
        // Another kind: its reports go to the second connection.
        try run(["departments", "add", "--region", "华池县", "--kind", "development_reform"], conninfo)
        let folder = try monthlyReports(1...8) { "环县市场监管局\($0)月检查经营主体\(300 + $0)家。" }
        for month in 1...8 {
            try "华池县发改局\(month)月新开工项目\(40 + month)个。".write(
                toFile: folder + "/2026-0\(month)/621023-development_reform.txt",
                atomically: true,
                encoding: .utf8
            )
        }
        let second = try Connection(conninfo)
        try TestDatabase.terminateBackend(try TestDatabase.backendPID(of: second))
        let summary = try submitInBatchesOfFour(folder, conninfo, second: second)
        // The first batch: the first connection's half stored, the second's lost; the rest not sent.
        #expect(summary.stored == 2)
        #expect(summary.notSent == 14)
        #expect(summary.render().contains("not sent: 14 reports"))
        let stored = try count(conninfo, "SELECT count(*) FROM huibao.report")
        #expect(stored == 2)
        try run(["submit", folder, "--yes", "--batch", "4"], conninfo)
        #expect(try count(conninfo, "SELECT count(*) FROM huibao.report") == 16)
        #expect(try count(conninfo, "SELECT count(*) FROM huibao.report WHERE is_current") == 16)
    }
}
