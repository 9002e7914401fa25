import ArgumentParser
import Foundation
import HuibaoCore
import HuibaoExtract
import HuibaoStore
import LibPQ

extension AppCommand {
    struct Submit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store a department's report and the figures read from it.",
            discussion: """
                Reads each report (.txt, .md or .docx; UTF-8, GB18030 or UTF-16), extracts its figures, shows them, \
                and stores the report's raw text, its metrics and its figures in one transaction.

                Submitting the same text again for the same department and period changes nothing and says which \
                report it already is. Different text becomes a new revision that supersedes the old one, which stays \
                in `huibao reports history`.

                Many files or a folder: one transaction per report, a progress bar, and a summary of what was stored, \
                unchanged or failed (with the reason); the exit code is non-zero if any failed, and a failed report \
                leaves nothing behind. Without --department, a file named <region code>-<kind>.txt \
                (621022-market_regulation.txt) names its department; without --period, a folder named like a period \
                (2026-Q1/) names the period.

                Departments that keep their figures in a spreadsheet submit it with --metrics FILE.csv: a header row, \
                then one figure a row. Columns (header names, any order): value, unit (required); \
                indicator (a catalog code), qualifier (以上 余 多 近 约 超过 突破 不足 以下 以内 左右), \
                kind (actual target change ratio other; default actual), subject, action (optional). \
                UTF-8 with or without BOM, or GB18030. A bad row is reported by line and nothing from the file is stored.

                Examples:
                  huibao submit 环县市场监管局一季度.txt --department 环县市场监督管理局 --period 2026-Q1
                  huibao submit reports/2026-Q1/ --yes
                  huibao submit backlog/ --batch 500 --yes
                  huibao submit --metrics figures.csv --department 12 --period 2026-03
                  huibao submit draft.docx --department 12 --period 2026-Q2 --dry-run
                """
        )

        @OptionGroup var db: DatabaseOptions
        @OptionGroup var catalog: CatalogOptions

        @Argument(help: "Report files (.txt, .md, .docx) or folders of them.")
        var paths: [String] = []

        @Option(help: "The submitting department: its id or name (see `huibao departments list`).")
        var department: String?

        @Option(help: "The period reported on: 2026 (year), 2026-H1, 2026-Q1 or 2026-03.")
        var period: String?

        @Option(help: ArgumentHelp("A spreadsheet of figures (CSV) instead of report text.", valueName: "file.csv"))
        var metrics: String?

        @Option(help: "The reports' encoding when detection is not enough: utf8, gb18030, utf16.")
        var encoding: String?

        @Option(
            help: ArgumentHelp(
                "Store this many reports per transaction: for loading a backlog of hundreds of reports or more.",
                discussion: """
                    One transaction per report (the default, 1) waits for the disk once per report: about a \
                    thousand reports a second at best. With --batch 500, reports go 500 to a transaction and to a \
                    COPY, split by department kind over two connections (a backlog of one kind uses one), while \
                    the next ones are read on another core; a department's revisions are still stored in the order \
                    of the files. A failing report is still retried alone and named, and a lost connection loses \
                    only the batch in flight: rerunning the command stores the rest. COPY needs a role that \
                    row-level security does not restrict (the database owner); with a department writer's login, \
                    reports are stored one by one.
                    """,
                valueName: "n"
            )
        )
        var batch = 1

        @Flag(help: "Show what would be stored, store nothing.")
        var dryRun = false

        @Flag(name: .shortAndLong, help: "Do not ask for confirmation on a terminal.")
        var yes = false

        func validate() throws {
            if paths.isEmpty && metrics == nil {
                throw ValidationError("give report files or folders, or --metrics FILE.csv")
            }
            if metrics != nil && !paths.isEmpty {
                throw ValidationError("--metrics takes the place of report files: give one or the other")
            }
            if metrics != nil && (department == nil || period == nil) {
                throw ValidationError("--metrics needs --department and --period")
            }
            if batch < 1 {
                throw ValidationError("--batch must be 1 or more")
            }
            if let period, Period(period) == nil {
                throw ValidationError("--period '\(period)' is not a period: write 2026, 2026-H1, 2026-Q1 or 2026-03")
            }
        }

        func run() throws {
            let catalog = try self.catalog.load()
            let connection = try db.connect()
            let session = SubmitSession(
                connection: connection,
                catalog: catalog,
                extractor: Extractor(catalog: catalog, units: try UnitTable.bundled())
            )
            if let metrics {
                let sheet = try MetricsSheet.read(path: metrics, encoding: encoding, catalog: catalog)
                let target = try session.resolve(department: department, period: period, file: metrics)
                try session.submitOne(
                    ReportSubmission(
                        departmentID: target.department.id,
                        period: target.period,
                        title: nil,
                        sourceFile: metrics,
                        sourceText: sheet.text,
                        metrics: sheet.metrics
                    ),
                    departmentName: target.department.name,
                    dryRun: dryRun,
                    confirm: !yes
                )
                return
            }
            let files = try ReportFiles.expand(paths)
            if files.count == 1 {
                let submission = try session.prepare(
                    file: files[0],
                    department: department,
                    period: period,
                    encoding: encoding
                )
                try session.submitOne(
                    submission.submission,
                    departmentName: submission.departmentName,
                    dryRun: dryRun,
                    confirm: !yes
                )
                return
            }
            let summary =
                batch > 1 && !dryRun
                ? session.submitBatched(
                    files,
                    batchSize: batch,
                    department: department,
                    period: period,
                    encoding: encoding,
                    second: try db.connect()
                )
                : session.submitMany(files, department: department, period: period, encoding: encoding, dryRun: dryRun)
            print(summary.render())
            if summary.failed > 0 { throw ExitCode(1) }
        }
    }
}
