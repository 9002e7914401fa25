import Foundation
import HuibaoCore
import Testing

@testable import HuibaoExtract

@Suite struct ReportFileTests {
    static let expected = "县市场监管局工作汇报\n共检查食品经营单位７家，抽检15批次样品，罚款3.5萬元。\n"

    static func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/encodings/\(name)", withExtension: nil)!.path
    }

    @Test(arguments: ["report-utf8.txt", "report-gb18030.txt", "report-utf16le.txt", "report-utf16be.txt"])
    func detectsTheEncoding(name: String) throws {
        let text = try ReportFile.read(path: Self.fixture(name))
        #expect(text == Self.expected)
    }

    @Test func keepsAUTF8ByteOrderMarkAsTheFirstScalar() throws {
        let text = try ReportFile.read(path: Self.fixture("report-utf8-bom.txt"))
        #expect(text == "\u{FEFF}" + Self.expected)
    }

    @Test func anExplicitEncodingOverridesDetection() throws {
        let bytes = [UInt8]("检查企业12家".utf8)
        #expect(try ReportFile.decode(bytes, file: "x.txt", encoding: "utf8") == "检查企业12家")
        #expect(throws: InputError.self) { try ReportFile.decode(bytes, file: "x.txt", encoding: "gb18030") }
        #expect(throws: InputError.self) { try ReportFile.decode(bytes, file: "x.txt", encoding: "latin9") }
    }

    @Test func offsetsCountScalarsAfterTheByteOrderMark() throws {
        let text = try ReportFile.read(path: Self.fixture("report-utf8-bom.txt"))
        let metrics = try Extractor.bundled().extract(text).flatMap(\.metrics)
        let scalars = Array(text.unicodeScalars)
        #expect(metrics.count == 3)
        for m in metrics {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: scalars[m.start..<m.end])
            #expect(String(v) == m.text)
        }
    }

    @Test func readsTheParagraphsOfAWordDocument() throws {
        let text = try ReportFile.read(path: Self.fixture("report.docx"))
        #expect(text == "县应急管理局安全生产工作汇报\n一、隐患排查\n共检查企业215家，排查隐患438条。")
        let reports = try Extractor.bundled().extract(text)
        #expect(reports.first?.department == "县应急管理局")
        #expect(reports.first?.metrics.map(\.value) == [215, 438])
        #expect(reports.first?.metrics.first?.section == "一、隐患排查")
    }

    @Test func randomBytesAreAnErrorNamingFileAndOffset() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<1_000_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        do {
            _ = try ReportFile.decode(bytes, file: "noise.bin")
            Issue.record("random bytes decoded as text")
        } catch {
            #expect(error.file == "noise.bin")
            #expect(error.offset != nil)
            #expect(error.description.hasPrefix("noise.bin"))
        }
    }

    @Test func invalidUTF8NamesTheFirstBadByte() {
        let bytes: [UInt8] = Array("检查".utf8) + [0xFF, 0xFE, 0x41]
        #expect(ReportFile.firstInvalidUTF8(bytes) == 6)
        #expect(throws: InputError.self) { try ReportFile.decode(bytes, file: "bad.txt", encoding: "utf8") }
    }

    @Test func anEmptyFileIsEmptyText() throws {
        #expect(try ReportFile.decode([], file: "empty.txt") == "")
    }

    @Test func aMissingFileIsAnInputError() {
        #expect(throws: InputError.self) { try ReportFile.read(path: "/nonexistent/report.txt") }
    }
}
