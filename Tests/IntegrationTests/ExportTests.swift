import ArgumentParser
import CSV
import Foundation
import HuibaoCore
import HuibaoStore
import LibPQ
import Testing

@testable import HuibaoCLI

/// The briefing file, read back with a CSV library and checked byte by byte.
@Suite(.enabled(if: TestDatabase.isConfigured))
struct ExportTests {
    typealias F = RollupFixture

    static let chineseHeader = [
        "地区", "部门", "指标", "单位", "下限", "本期", "上期", "环比", "同期", "同比", "增幅单位", "目标", "完成率(%)",
        "排名", "占比(%)", "已报", "应报", "报送情况",
    ]

    private func export(_ fixture: F, _ arguments: [String]) throws -> Data {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(TestDatabase.uniqueName("b") + ".csv")
        defer { try? FileManager.default.removeItem(at: file) }
        var command = try AppCommand.parseAsRoot(
            ["export", "--database", fixture.conninfo, "--out", file.path] + arguments
        )
        try command.run()
        return try Data(contentsOf: file)
    }

    /// Rows keyed by 地区 + 部门 + 指标, read with CSV.swift from the bytes as written.
    private func read(_ data: Data) throws -> (header: [String], rows: [[String: String]]) {
        let reader = try CSVReader(stream: InputStream(data: data), hasHeaderRow: true)
        var header = reader.headerRow ?? []
        // The reader keeps a UTF-8 byte-order mark as part of the first field.
        if let first = header.first, first.hasPrefix("\u{FEFF}") { header[0] = String(first.dropFirst()) }
        var rows: [[String: String]] = []
        while let row = reader.next() {
            rows.append(Dictionary(uniqueKeysWithValues: zip(header, row)))
        }
        return (header, rows)
    }

    @Test func briefingIsUTF8WithBOMAndCRLFAndReadsBackAsTheRollup() throws {
        let fixture = try F()
        let data = try export(fixture, ["--region", "庆阳市", "--period", "2023-03"])
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = try #require(String(data: data.dropFirst(3), encoding: .utf8))
        #expect(text.hasPrefix(Self.chineseHeader.joined(separator: ",") + "\r\n"))
        // Every line ends in CRLF; no bare LF anywhere.
        #expect(text.hasSuffix("\r\n"))
        let bytes = Array(text.utf8)
        #expect(bytes.indices.allSatisfy { bytes[$0] != 0x0A || ($0 > 0 && bytes[$0 - 1] == 0x0D) })

        let (header, rows) = try read(data)
        #expect(header == Self.chineseHeader)
        let huan = try #require(rows.first { $0["地区"] == "环县" && $0["指标"] == "检查主体" })
        #expect(huan["单位"] == "家")
        #expect(huan["本期"] == "653" && huan["上期"] == "500" && huan["环比"] == "30.6")
        #expect(huan["同期"] == "400" && huan["同比"] == "63.25" && huan["增幅单位"] == "%")
        #expect(huan["目标"] == "1306" && huan["完成率(%)"] == "50")
        #expect(huan["排名"] == "1" && huan["占比(%)"] == "55.67")
        #expect(huan["已报"] == "2" && huan["应报"] == "3" && huan["报送情况"] == "2/3，未报：环县教育局")
        let total = try #require(rows.first { $0["地区"] == "庆阳市合计" && $0["指标"] == "检查主体" })
        #expect(total["本期"] == "1173" && total["排名"] == "" && total["同比"] == "193.25")
        // A lower bound: ≥ in its own column, the value stays a number.
        let started = try #require(rows.first { $0["地区"] == "庆阳市合计" && $0["指标"] == "新开工项目" })
        #expect(started["下限"] == "≥" && started["本期"] == "17")
        // An average: 96, with changes in percentage points.
        let rate = try #require(rows.first { $0["地区"] == "庆阳市合计" && $0["指标"] == "抽检合格率" })
        #expect(rate["本期"] == "96" && rate["单位"] == "%" && rate["增幅单位"] == "百分点")
        // No report for an indicator: an empty cell, never 0.
        let own = try #require(rows.first { $0["地区"] == "庆阳市本级" && $0["指标"] == "抽检合格率" })
        #expect(own["本期"] == "")
    }

    @Test func formulaLikeNamesAreNeutralizedButNegativeNumbersStayNumbers() throws {
        let fixture = try F()
        // 泾川 reported 100 in February and 50 in March: a change of -50%.
        _ = try fixture.submitter.submit(
            ReportSubmission(
                departmentID: fixture.departments["泾川M"]!,
                period: Period("2023-02")!,
                sourceText: "泾川 2023-02",
                metrics: [F.metric(F.checked, 100)]
            )
        )
        let data = try export(fixture, ["--region", "泾川县", "--period", "2023-03", "--encoding", "utf8"])
        #expect(Array(data.prefix(3)) != [0xEF, 0xBB, 0xBF])
        let text = try #require(String(data: data, encoding: .utf8))
        // The department is literally named =cmd|' /C calc'!A0: written with a leading ' it is inert text.
        #expect(text.contains(",'=cmd|' /C calc'!A0,"))
        #expect(!text.contains(",=cmd"))
        #expect(text.contains(",50,100,-50,"))

        let (_, rows) = try read(data)
        let row = try #require(rows.first { $0["指标"] == "检查主体" && $0["部门"] != "" })
        #expect(row["部门"] == "'" + F.injectedName)
        #expect(row["环比"] == "-50")
    }

    @Test func fieldsWithCommasAndQuotesAreQuotedAsRFC4180Says() throws {
        let fixture = try F()
        _ = try fixture.db.query(
            "UPDATE huibao.department SET name = $1 WHERE id = $2",
            [.text("西峰区\"市场\",监管"), .int(Int(fixture.departments["西峰M"]!))]
        )
        let data = try export(fixture, ["--region", "西峰区", "--period", "2023-03", "--lang", "en"])
        let text = try #require(String(data: data.dropFirst(3), encoding: .utf8))
        #expect(text.hasPrefix("region,department,indicator,unit,lower_bound,value,previous,previous_change,"))
        #expect(text.contains(",\"西峰区\"\"市场\"\",监管\","))
        let (header, rows) = try read(data)
        #expect(header.first == "region" && header.last == "reporting")
        let row = try #require(rows.first { $0["indicator"] == F.checked && $0["department"] != "" })
        #expect(row["department"] == "西峰区\"市场\",监管")
        #expect(row["value"] == "300")
    }

    @Test func gb18030AndJSON() throws {
        let fixture = try F()
        let gb = try export(fixture, ["--region", "环县", "--period", "2023-03", "--encoding", "gb18030"])
        // 地区 in GB18030 is B5D8 C7F8; no byte-order mark.
        #expect(Array(gb.prefix(4)) == [0xB5, 0xD8, 0xC7, 0xF8])
        // ≥ (U+2265) is A1DD.
        #expect(gb.range(of: Data([0xA1, 0xDD])) != nil)

        let json = try export(fixture, ["--region", "环县", "--period", "2023-03", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["region_code"] as? String == "621022")
        let rows = try #require(object["rows"] as? [[String: Any]])
        let total = try #require(
            rows.first { $0["is_total"] as? Bool == true && $0["indicator_code"] as? String == F.checked }
        )
        #expect(total["value"] as? Double == 653)
        #expect(total["completion_percent"] as? Double == 50)
        let started = try #require(
            rows.first { $0["is_total"] as? Bool == true && $0["indicator_code"] as? String == F.started }
        )
        #expect(started["is_lower_bound"] as? Bool == true)
    }

    @Test func badArgumentsAreValidationErrors() throws {
        #expect(throws: (any Error).self) {
            _ = try AppCommand.parseAsRoot(["export", "--region", "庆阳市", "--period", "2023-13", "--out", "x.csv"])
        }
        #expect(throws: (any Error).self) {
            _ = try AppCommand.parseAsRoot(["rollup", "--region", "庆阳市", "--period", "2023-03", "--format", "xml"])
        }
        let parsed = try AppCommand.parseAsRoot(
            ["rollup", "--region", "环县", "--period", "2023-Q1", "--indicator", "a.b,c.d", "--by", "department"]
        )
        let rollup = try #require(parsed as? AppCommand.RollupCommand)
        #expect(rollup.what.query().indicators == ["a.b", "c.d"])
        #expect(rollup.what.query().grouping == .department)
    }
}
