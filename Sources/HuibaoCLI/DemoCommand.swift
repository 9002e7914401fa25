import ArgumentParser
import CSV
import Foundation
import HuibaoCore
import HuibaoData
import HuibaoExtract
import HuibaoStore
import LibPQ

extension AppCommand {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load the sample reports of 庆阳市 and show the three daily tasks end to end.",
            discussion: """
                On the local PostgreSQL (started if needed) or the database you name: applies the migrations, loads \
                the regions and the indicator catalog, registers the departments of 庆阳市's eight counties, loads \
                their targets, submits every sample report (63 of them: one department has not reported), runs the \
                prefecture rollup and one county-wide rollup, and writes the briefing CSV.

                Running it again changes nothing (identical reports are recognised). --reset starts clean: it drops \
                everything Huibao stored in that database first.

                Examples:
                  huibao demo
                  huibao demo --reset --out /tmp/briefing.csv
                """
        )

        @OptionGroup var db: DatabaseOptions

        @Flag(help: "Drop all of Huibao's data in the database first (asks on a terminal unless --yes).")
        var reset = false

        @Flag(name: .shortAndLong, help: "Do not ask before --reset.")
        var yes = false

        @Option(help: "Where to write the briefing.")
        var out = "briefing.csv"

        func run() throws {
            guard let samples = BundledData.url("samples") else {
                throw ValidationError("the sample reports are not installed")
            }
            var step = DemoStep()
            step.say("connecting to PostgreSQL")
            let connection = try db.connect()
            if reset {
                if !yes && Console.stdinIsTerminal
                    && !Console.confirm("Drop all Huibao data in database \(connection.database)?")
                {
                    throw ExitCode(1)
                }
                step.say("dropping Huibao's schema in \(connection.database) (--reset)")
                try connection.execute("SET client_min_messages = warning; DROP SCHEMA IF EXISTS huibao CASCADE")
            }
            step.say("applying migrations")
            let applied = try Migrator.bundled().migrate(connection)
            step.done(applied.isEmpty ? "already up to date" : applied.joined(separator: ", "))

            let reference = try ReferenceData.bundled()
            step.say("loading \(reference.regions.count) regions and \(reference.catalog.indicators.count) indicators")
            try reference.load(into: connection)

            let manifest = try DemoManifest.read(samples.appendingPathComponent("manifest.csv").path)
            let directory = Directory(connection)
            let departments = Set(manifest.map { "\($0.region)|\($0.kind)|\($0.name)" }).sorted()
            step.say("registering \(departments.count) departments of 庆阳市's counties")
            for entry in departments {
                let parts = entry.split(separator: "|").map(String.init)
                _ = try directory.addDepartment(region: parts[0], kind: parts[1], name: parts[2])
            }

            let targets = try TargetSheet.read(path: samples.appendingPathComponent("targets.csv").path)
            step.say("loading \(targets.count) targets")
            _ = try HuibaoStore.Targets(connection).load(targets, file: "targets.csv")

            let files = manifest.map { samples.appendingPathComponent($0.file).path }
            step.say("submitting \(files.count) sample reports")
            let session = SubmitSession(
                connection: connection,
                catalog: reference.catalog,
                extractor: try Extractor.bundled()
            )
            let summary = session.submitMany(files, department: nil, period: nil, encoding: nil, dryRun: false)
            step.done(summary.render())
            if summary.failed > 0 { throw ExitCode(1) }

            let periods = Set(manifest.map(\.period)).sorted()
            let latest = periods.last ?? "2026-Q2"
            try DemoRollups.show(connection: connection, period: latest, out: out, step: &step)
        }
    }
}

/// Says what the demo is doing, one line a step, on stderr (the tables go to stdout).
struct DemoStep {
    private var number = 0

    mutating func say(_ what: String) {
        number += 1
        Console.note("[\(number)] \(what)")
    }

    func done(_ result: String) {
        for line in result.split(separator: "\n") { Console.note("    \(line)") }
    }
}

/// `data/samples/manifest.csv`: which file is which department's report for which period.
enum DemoManifest {
    struct Entry {
        var file: String
        var region: String
        var kind: String
        var name: String
        var period: String
    }

    static func read(_ path: String) throws -> [Entry] {
        let reader = try CSVReader(string: try String(contentsOfFile: path, encoding: .utf8), hasHeaderRow: true)
        var entries: [Entry] = []
        while let row = reader.next() {
            guard row.count >= 5 else { continue }
            entries.append(Entry(file: row[0], region: row[1], kind: row[2], name: row[3], period: row[4]))
        }
        return entries
    }
}

/// The demo's last steps: the two rollups a person looks at, and the briefing file.
enum DemoRollups {
    /// The indicators the demo's tables show; the briefing file has them all.
    static let shown = [
        "investment.amount", "projects.started", "inspection.entities_checked", "sampling.batches",
        "personnel.dispatched", "enforcement.cases_filed",
    ]

    static func show(connection: Connection, period: String, out: String, step: inout DemoStep) throws {
        guard let period = Period(period) else { throw CommandFailure("bad period \(period) in the manifest") }
        let rollup = HuibaoStore.Rollup(connection)
        step.say("prefecture rollup: 庆阳市 \(period), one row per county (\(shown.count) key indicators)")
        let prefecture = try rollup.run(
            RollupQuery(region: "621000", period: period, grouping: .child, indicators: shown)
        )
        print(RollupTable(prefecture).render())
        print()
        step.say("county-wide rollup: 环县 \(period), one row per department")
        let county = try rollup.run(
            RollupQuery(region: "621022", period: period, grouping: .department, indicators: shown)
        )
        print(RollupTable(county).render())
        print()
        let everything = try rollup.run(RollupQuery(region: "621000", period: period, grouping: .child))
        let data = try Briefing(everything).csv()
        try data.write(to: URL(fileURLWithPath: out))
        step.say("wrote \(out): \(everything.rows.count) rows for the briefing (UTF-8 with BOM, opens in Excel)")
    }
}
