import ArgumentParser
import Testing

@testable import HuibaoCLI

@Suite struct RollupCommandTests {
    @Test func parsesARollupWithEveryOption() throws {
        let command = try AppCommand.parseAsRoot([
            "rollup", "--region", "环县", "--period", "2023-Q1", "--by", "department", "--indicator",
            "inspection.entities_checked", "--indicator", "sampling.pass_rate", "--department-kind", "市场监管局",
            "--format", "json", "--explain", "--database", "dbname=x",
        ])
        let rollup = try #require(command as? AppCommand.RollupCommand)
        #expect(rollup.what.region == "环县" && rollup.what.period == "2023-Q1" && rollup.what.by == .department)
        #expect(rollup.what.indicators == ["inspection.entities_checked", "sampling.pass_rate"])
        #expect(rollup.format == .json && rollup.explain && rollup.db.database == "dbname=x")
    }

    @Test(arguments: [
        ["rollup", "--region", "庆阳市", "--period", "2023-3"],
        ["rollup", "--region", "庆阳市", "--period", "2023-Q5"],
        ["rollup", "--region", "庆阳市", "--period", "2023-03", "--by", "county"],
        ["rollup", "--region", "庆阳市", "--period", "2023-03", "--department-kind", "马戏团"],
        ["rollup", "--region", " ", "--period", "2023-03"],
        ["export", "--region", "庆阳市", "--period", "2023-03", "--out", "b.csv", "--encoding", "latin1"],
        [
            "export", "--region", "庆阳市", "--period", "2023-03", "--out", "b.json", "--format", "json", "--encoding",
            "gb18030",
        ],
        ["export", "--region", "庆阳市", "--period", "2023-03"],
    ])
    func refusesBadArguments(arguments: [String]) {
        #expect(throws: (any Error).self) { _ = try AppCommand.parseAsRoot(arguments) }
    }

    @Test func exportDefaultsToChineseUTF8WithBOMAsCSV() throws {
        let command = try AppCommand.parseAsRoot(["export", "--region", "庆阳市", "--period", "2023-03", "--out", "b.csv"])
        let export = try #require(command as? AppCommand.ExportCommand)
        #expect(export.lang == .zh && export.encoding == .utf8Bom && export.format == .csv && export.what.by == .child)
    }

    @Test func helpTeachesWithExamples() {
        let rollup = AppCommand.RollupCommand.helpMessage()
        #expect(rollup.contains("huibao rollup --region 环县 --period 2023-Q1"))
        #expect(rollup.contains("average of averages"))
        let export = AppCommand.ExportCommand.helpMessage()
        #expect(export.contains("--encoding gb18030") && export.contains("formula"))
    }
}
