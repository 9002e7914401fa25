import ArgumentParser
import HuibaoCore
import Testing

@testable import HuibaoCLI

@Suite struct SubmitCommandTests {
    @Test func parsesFilesDepartmentAndPeriod() throws {
        let command = try AppCommand.parseAsRoot([
            "submit", "a.txt", "b.docx", "--department", "环县市场监督管理局", "--period", "2026-Q1", "--yes",
        ])
        let submit = try #require(command as? AppCommand.Submit)
        #expect(submit.paths == ["a.txt", "b.docx"])
        #expect(submit.department == "环县市场监督管理局")
        #expect(submit.period == "2026-Q1")
        #expect(submit.yes)
        #expect(!submit.dryRun)
    }

    @Test(arguments: [
        ["submit"],
        ["submit", "a.txt", "--period", "2026Q1"],
        ["submit", "--metrics", "m.csv", "--period", "2026-Q1"],
        ["submit", "a.txt", "--metrics", "m.csv", "--department", "1", "--period", "2026-Q1"],
    ])
    func refusesIncompleteOrMalformedRequests(_ arguments: [String]) {
        #expect(throws: (any Error).self) { try AppCommand.parseAsRoot(arguments) }
    }

    @Test func helpTeachesTheSpreadsheetColumns() {
        let help = AppCommand.helpMessage(for: AppCommand.Submit.self)
        #expect(help.contains("--metrics"))
        #expect(help.contains("qualifier"))
        #expect(help.contains("Examples"))
    }

    @Test func fileNamesAndFoldersNameDepartmentAndPeriod() {
        #expect(
            ReportFiles.departmentHint("/x/2026-Q1/621022-market_regulation.txt")! == ("621022", "market_regulation")
        )
        #expect(ReportFiles.departmentHint("/x/环县.txt") == nil)
        #expect(ReportFiles.periodHint("/x/2026-Q1/621022-market_regulation.txt")?.description == "2026-Q1")
        #expect(ReportFiles.periodHint("/x/reports/a.txt") == nil)
    }
}
