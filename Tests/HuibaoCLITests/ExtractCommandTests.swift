import ArgumentParser
import Foundation
import HuibaoCore
import HuibaoExtract
import Testing

@testable import HuibaoCLI

@Suite struct ExtractCommandTests {
    /// Runs the command with its output kept in memory.
    private func capture(_ command: AppCommand.Extract) throws -> (out: String, err: String) {
        var out = TextSink(.memory)
        var err = TextSink(.memory)
        defer {
            out.flush()
            err.flush()
        }
        do {
            try command.execute(out: &out, err: &err, terminal: false)
        } catch {
            out.flush()
            err.flush()
            throw CapturedFailure(error: error, out: out.text, err: err.text)
        }
        out.flush()
        err.flush()
        return (out.text, err.text)
    }

    struct CapturedFailure: Error {
        var error: any Error
        var out: String
        var err: String
    }

    private func report(_ text: String, name: String = "r.txt") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("huibao-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func parsesFormatCatalogAndEncoding() throws {
        let command = try AppCommand.parseAsRoot([
            "extract", "a.txt", "b.docx", "--format", "jsonl", "--encoding", "gb18030",
        ])
        let extract = try #require(command as? AppCommand.Extract)
        #expect(extract.files == ["a.txt", "b.docx"])
        #expect(extract.format == .jsonl)
        #expect(extract.encoding == "gb18030")
        #expect(extract.catalog.path == nil)
    }

    @Test func rejectsAnUnknownEncodingAndFormat() {
        #expect(throws: (any Error).self) { try AppCommand.parseAsRoot(["extract", "a.txt", "--encoding", "latin1"]) }
        #expect(throws: (any Error).self) { try AppCommand.parseAsRoot(["extract", "a.txt", "--format", "xml"]) }
    }

    @Test func printsOneJSONObjectPerMetric() throws {
        let path = try report("县市场监管局工作汇报\n共检查化肥经营单位7家，抽检15批次。\n")
        let command = try #require(
            try AppCommand.parseAsRoot(["extract", "--format", "jsonl", path]) as? AppCommand.Extract
        )
        let output = try capture(command)
        let lines = output.out.split(separator: "\n").filter { $0.hasPrefix("{\"file\"") }
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["indicator"] as? String == "inspection.entities_checked")
        #expect(first["file"] as? String == path)
    }

    @Test func csvStartsWithAByteOrderMarkAndDefusesFormulas() throws {
        let path = try report("共检查企业12家。\n")
        let command = try #require(
            try AppCommand.parseAsRoot(["extract", "--format", "csv", path]) as? AppCommand.Extract
        )
        let output = try capture(command)
        #expect(output.out.contains("\u{FEFF}文件,文档"))
        #expect(output.out.contains("\r\n"))
        #expect(MetricRows.csvCell("=SUM(A1)") == "'=SUM(A1)")
        #expect(MetricRows.csvCell("a,b") == "\"a,b\"")
        #expect(MetricRows.csvCell("-5") == "-5")
    }

    @Test func theTableAlignsChineseColumns() throws {
        let text = "县应急管理局工作汇报\n检查企业1842家，罚款48万元，培训2800余人。\n"
        let reports = try Extractor.bundled().extract(text)
        let table = MetricRows.table(file: "r.txt", text: text, reports: reports, highlight: false)
        let scalars = Array(text.unicodeScalars)
        let rows = table.split(separator: "\n").map(String.init).filter { $0.hasPrefix("  ") }.dropFirst()
        let metrics = reports[0].metrics
        #expect(rows.count == 3)
        #expect(metrics.count == 3)
        // Without its last column (the quote in its clause) every row is equally wide on screen.
        var widths: [Int] = []
        for (row, metric) in zip(rows, metrics) {
            let context = MetricRows.context(of: metric, in: scalars, highlight: false)
            widths.append(MetricRows.displayWidth(row) - MetricRows.displayWidth(context))
        }
        #expect(Set(widths).count == 1)
        #expect(table.contains("【1842家】"))
        #expect(table.contains("[县应急管理局·县]"))
    }

    @Test func widthCountsChineseAsTwoColumns() {
        #expect(MetricRows.displayWidth("检查12家") == 8)
        #expect(MetricRows.displayWidth("%") == 1)
    }

    @Test func aMissingFileIsReportedAndTheOthersStillProcessed() throws {
        let good = try report("检查企业12家。\n")
        let command = try #require(
            try AppCommand.parseAsRoot(["extract", "--format", "jsonl", "/nonexistent/x.txt", good])
                as? AppCommand.Extract
        )
        do {
            _ = try capture(command)
            Issue.record("a missing file did not fail the command")
        } catch let failure as CapturedFailure {
            #expect(
                failure.err == "huibao: /nonexistent/x.txt: no such file\n"
                    || failure.err.hasPrefix("huibao: /nonexistent/x.txt")
            )
            #expect(failure.out.split(separator: "\n").filter { $0.hasPrefix("{\"file\"") }.count == 1)
            #expect((failure.error as? ExitCode) == ExitCode(1))
        }
    }

    @Test func anUndecodableFileNamesTheByteOffset() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("huibao-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("bad.txt").path
        try Data([0xE6, 0xA3, 0x80, 0x81, 0xFF, 0xFF, 0x00, 0x80]).write(to: URL(fileURLWithPath: path))
        let command = try #require(try AppCommand.parseAsRoot(["extract", path]) as? AppCommand.Extract)
        do {
            _ = try capture(command)
            Issue.record("an undecodable file did not fail the command")
        } catch let failure as CapturedFailure {
            #expect(failure.err.contains("bad.txt"))
            #expect(failure.err.contains("byte"))
        }
    }

    @Test func aUserCatalogExtendsTheShippedOne() throws {
        let catalog = try report(
            #"{"indicators": [{"code": "food.canteens_checked", "name": "检查食堂", "unit": "家", "category": "inspection", "region_aggregation": "sum", "time_aggregation": "sum", "rules": [{"subjects": ["食堂"], "units": ["家"]}]}]}"#,
            name: "catalog.json"
        )
        let path = try report("共检查了186家学校食堂，检查企业12家。\n")
        let command = try #require(
            try AppCommand.parseAsRoot(["extract", "--format", "jsonl", "--catalog", catalog, path])
                as? AppCommand.Extract
        )
        let output = try capture(command)
        #expect(output.out.contains(#""indicator":"food.canteens_checked""#))
        #expect(output.out.contains(#""indicator":"inspection.entities_checked""#))
    }
}
