import Foundation
import HuibaoCore
import Testing

@testable import HuibaoExtract

/// Files read in blocks give what the decoded text gives, whatever the blocks cut.
@Suite struct ReportStreamTests {
    let extractor = try! Extractor.bundled()

    private func streamed(
        _ path: String,
        blockSize: Int,
        encoding: String? = nil
    ) throws -> ([Metric], [ExtractedReport]) {
        var metrics: [Metric] = []
        var reports: [ExtractedReport] = []
        try extractor.extract(
            file: path,
            encoding: encoding,
            blockSize: blockSize,
            each: { metrics.append($0) },
            eachReport: { reports.append($0) }
        )
        return (metrics, reports)
    }

    private func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("huibao-stream-\(UUID()).txt").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: [5, 64, 4096])
    func blocksGiveWhatTheWholeTextGives(blockSize: Int) throws {
        // Every held-out report in one file: block edges fall inside characters, figures and lines.
        let folder = Bundle.module.url(forResource: "Fixtures/heldout", withExtension: nil)!
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }
            .sorted()
        let text = try names.map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
            .joined(separator: "\n")
        let path = try temporaryFile([UInt8](text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let whole = extractor.extract(text)
        let (metrics, reports) = try streamed(path, blockSize: blockSize)
        let expected = whole.flatMap(\.metrics)
        #expect(metrics.count == expected.count)
        #expect(metrics.count > 1500)
        let differ = zip(metrics, expected).first { $0 != $1 }
        #expect(differ == nil, "first difference: \(String(describing: differ))")
        #expect(reports.map(\.title) == whole.map(\.title))
        #expect(reports.map(\.end) == whole.map(\.end))
    }

    @Test func otherEncodingsAreDecodedWhole() throws {
        let path = Bundle.module.url(forResource: "Fixtures/encodings/report-gb18030.txt", withExtension: nil)!.path
        let (metrics, _) = try streamed(path, blockSize: 8)
        #expect(metrics.map(\.text) == ["７家", "15批次", "3.5萬元"])
    }

    @Test func badUTF8NamedAsUTF8IsAnErrorWithItsOffset() throws {
        let path = try temporaryFile([UInt8]("检查企业12家。\n".utf8) + [0xFF, 0x41])
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: InputError(file: path, offset: 21, message: "invalid UTF-8")) {
            try streamed(path, blockSize: 4, encoding: "utf-8")
        }
    }

    @Test func aFolderOrAMissingFileIsNamedAsSuch() {
        let folder = FileManager.default.temporaryDirectory.path
        #expect(throws: InputError(file: folder, message: "is a folder, not a report file")) {
            try streamed(folder, blockSize: 64)
        }
        #expect(throws: InputError(file: "/no/such/report.txt", message: "no such file")) {
            try streamed("/no/such/report.txt", blockSize: 64)
        }
    }

    @Test func aLineLongerThanTheBlocksIsReadInPieces() throws {
        // 5 MB without a line break: held up to 4 MB, then read in pieces that end after a whole character.
        let path = try temporaryFile([UInt8](String(repeating: "检查企业12家，", count: 220_000).utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var count = 0
        var allTwelve = true
        try extractor.extract(file: path, blockSize: 1 << 16) { metric in
            count += 1
            allTwelve = allTwelve && metric.value == 12 && metric.unit == "家"
        }
        #expect(count == 220_000)
        #expect(allTwelve)
    }
}
