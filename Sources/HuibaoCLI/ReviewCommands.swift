import ArgumentParser
import Foundation
import HuibaoCore
import HuibaoStore

extension AppCommand {
    struct Reports: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read what departments have submitted.",
            subcommands: [History.self, Show.self]
        )

        struct History: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Every revision of a department's reports, newest first.",
                discussion: """
                    A resubmission with different text is a new revision; the old one stays here, marked superseded.

                    Examples:
                      huibao reports history --department 环县市场监督管理局
                      huibao reports history --department 12 --period 2026-Q1
                    """
            )
            @OptionGroup var db: DatabaseOptions
            @Option(help: "The department: its id or name.") var department: String
            @Option(help: "Only this period (2026-Q1 …).") var period: String?

            func validate() throws {
                if let period, Period(period) == nil { throw ValidationError("--period '\(period)' is not a period") }
            }

            func run() throws {
                let connection = try db.connect()
                let found = try Directory(connection).department(department)
                let catalog = try CatalogOptions.shipped()
                let revisions = try Review(connection, catalog: catalog)
                    .history(departmentID: found.id, period: period.flatMap(Period.init))
                print("\(found.name) (\(found.id))")
                var table = TextTable(
                    ["report", "period", "revision", "state", "metrics", "submitted", "by", "file"],
                    numeric: [0, 2, 4]
                )
                for r in revisions {
                    table.append([
                        String(r.id), r.period, String(r.revision), r.isCurrent ? "current" : "superseded",
                        String(r.metricCount), r.submittedAt, r.submittedBy, r.sourceFile ?? "",
                    ])
                }
                print(table.render())
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "The metrics stored for one report, numbered for `huibao metrics fix`."
            )
            @OptionGroup var db: DatabaseOptions
            @Argument(help: "The report's id (see `huibao reports history`).") var report: Int64

            func run() throws {
                let connection = try db.connect()
                let metrics = try Review(connection, catalog: try CatalogOptions.shipped()).metrics(reportID: report)
                guard !metrics.isEmpty else {
                    throw CommandFailure("report \(report) has no metrics (or does not exist)")
                }
                print(MetricTable.render(metrics))
            }
        }
    }

    struct Metrics: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Correct stored figures.",
            subcommands: [Fix.self]
        )

        struct Fix: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "A reviewer's correction of one metric, kept in the audit trail.",
                discussion: """
                    The value is in the unit the metric was written in; its base value and the report's figures follow. \
                    The audit table keeps who changed it, when, the old and new value and the reason.

                    Example:
                      huibao metrics fix 41 3 --value 168 --reason "原文“186”系笔误，已与县局核实"
                    """
            )
            @OptionGroup var db: DatabaseOptions
            @Argument(help: "The report's id.") var report: Int64
            @Argument(help: "The metric's number within the report (see `huibao reports show`).") var metric: Int
            @Option(help: "The corrected value.") var value: Double
            @Option(help: "Why the value changes (required; kept in the audit trail).") var reason: String

            func run() throws {
                let connection = try db.connect()
                let change = try Review(connection, catalog: try CatalogOptions.shipped())
                    .fix(reportID: report, ordinal: metric, value: value, reason: reason)
                print("report \(report) metric \(metric): \(change.old.plainText) → \(change.new.plainText)")
            }
        }
    }

    struct Targets: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load the targets that rollups compare against.",
            subcommands: [Load.self]
        )

        struct Load: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Load targets from a CSV file, all rows in one transaction.",
                discussion: """
                    Columns: region_code,department_kind,indicator,period,value — region by code (or unique name), \
                    department_kind empty for all departments of the region, value in the indicator's base unit \
                    (元, 家, 批次 …). A row with an unknown region, kind or indicator fails the file, named by line. \
                    Loading again replaces the values of the same keys.

                    Example:
                      huibao targets load data/samples/targets.csv
                    """
            )
            @OptionGroup var db: DatabaseOptions
            @Argument(help: "The targets file (CSV, UTF-8 or GB18030).") var file: String

            func run() throws {
                let rows = try TargetSheet.read(path: file)
                let stored = try HuibaoStore.Targets(try db.connect()).load(rows, file: file)
                print("loaded \(stored) targets from \(file)")
            }
        }
    }

    struct Roles: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage department writers' PostgreSQL logins.",
            subcommands: [GrantDepartment.self]
        )

        struct GrantDepartment: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "grant-department",
                abstract: "Create a login that can submit and read only one department's reports.",
                discussion: """
                    The login joins the group role huibao_writer. Row-level security lets it insert and read its own \
                    department's reports and metrics and read everyone's published figures, nothing else. Run this as \
                    the database owner or an admin. The password comes from HUIBAO_NEW_PASSWORD, or is generated and \
                    printed once.

                    Example:
                      huibao roles grant-department 环县市场监督管理局 --login huanxian_scjg
                    """
            )
            @OptionGroup var db: DatabaseOptions
            @Argument(help: "The department: its id or name.") var department: String
            @Option(help: "The login name: lower-case letters, digits and _.") var login: String

            func run() throws {
                let connection = try db.connect()
                let found = try Directory(connection).department(department)
                let given = ProcessInfo.processInfo.environment["HUIBAO_NEW_PASSWORD"]
                let password = given ?? Self.generatedPassword()
                try HuibaoStore.Roles(connection).grantDepartment(found, login: login, password: password)
                print("login \(login) may now submit for \(found.name)")
                if given == nil { print("password (shown once): \(password)") }
            }

            static func generatedPassword() -> String {
                let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
                var generator = SystemRandomNumberGenerator()
                return String((0..<20).map { _ in alphabet.randomElement(using: &generator)! })
            }
        }
    }
}
