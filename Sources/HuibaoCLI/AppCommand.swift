public import ArgumentParser

public struct AppCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "huibao",
        abstract: "Turn departments' progress reports into figures, roll them up, export the briefing.",
        discussion: """
            The three daily tasks:
              huibao submit 环县市场监管局-2026Q1.txt --department 环县市场监督管理局 --period 2026-Q1
              huibao rollup --region 环县 --period 2026-Q1
              huibao export --region 庆阳市 --period 2026-Q1 --out briefing.csv

            Without connection settings huibao uses a private PostgreSQL under your data directory, \
            started on first use. Point it at a real server with --database, DATABASE_URL or the PG* \
            variables (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSERVICE, ~/.pgpass).

            New here? `huibao demo` loads sample reports for the counties of 庆阳市 and shows every step.
            """,
        version: "0.1.0",
        subcommands: [
            Extract.self,
            Submit.self,
            RollupCommand.self,
            ExportCommand.self,
            DB.self,
            Demo.self,
            Departments.self,
            Regions.self,
            Reports.self,
            Metrics.self,
            Targets.self,
            Roles.self,
        ]
    )

    public init() {}
}
