import ArgumentParser
import HuibaoCore
import HuibaoStore

extension AppCommand {
    struct Regions: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Look up administrative regions (GB/T 2260).",
            subcommands: [Find.self]
        )

        struct Find: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Find regions by name or code, with their path.",
                discussion: """
                    Examples:
                      huibao regions find 环县
                      huibao regions find 621000
                      huibao regions find 朝阳      (several matches, each with its province and prefecture)
                    """
            )
            @OptionGroup var db: DatabaseOptions
            @Argument(help: "A region's name, part of it, or its six-digit code.") var query: String

            func run() throws {
                let found = try Directory(try db.connect()).findRegions(query)
                guard !found.isEmpty else { throw CommandFailure("no region matches '\(query)'") }
                var table = TextTable(["code", "name", "level", "path"])
                for region in found {
                    table.append([region.code, region.name, region.level.rawValue, region.pathDescription])
                }
                print(table.render())
            }
        }
    }

    struct Departments: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register and list the departments that submit reports.",
            subcommands: [Add.self, List.self]
        )

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Register a department of a region.",
                discussion: """
                    A region has at most one department of each kind; the kind is what makes the same department \
                    of different counties comparable. Kinds: \(DepartmentKind.all.map(\.code).joined(separator: ", ")).

                    Examples:
                      huibao departments add --region 环县 --kind market_regulation
                      huibao departments add --region 621022 --kind 住建局 --name 环县住房和城乡建设局
                    """
            )
            @OptionGroup var db: DatabaseOptions
            @Option(help: "The region: its name or six-digit code.") var region: String
            @Option(help: "The department kind: a code (market_regulation) or a Chinese name (市场监管局).") var kind: String
            @Option(help: "The department's full name; default: region name + the kind's name.") var name: String?

            func run() throws {
                let (department, created) = try Directory(try db.connect())
                    .addDepartment(region: region, kind: kind, name: name)
                print("\(created ? "added" : "exists"): \(department.id) \(department.name) (\(department.kind))")
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List departments, optionally of one region's subtree."
            )
            @OptionGroup var db: DatabaseOptions
            @Option(help: "Only departments in this region (name or code) and below.") var region: String?

            func run() throws {
                let directory = Directory(try db.connect())
                let code = try region.map { try directory.region($0).code }
                var table = TextTable(["id", "name", "kind", "region"], numeric: [0])
                for d in try directory.departments(region: code) {
                    table.append([String(d.id), d.name, d.kind, "\(d.regionCode) \(d.regionName)"])
                }
                print(table.render())
            }
        }
    }
}
