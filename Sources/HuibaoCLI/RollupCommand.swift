import ArgumentParser
import Foundation
import HuibaoCore
import HuibaoStore

extension AppCommand {
    struct RollupCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rollup",
            abstract: "Roll a region's figures up for a period and compare them.",
            discussion: """
                A prefecture or province gets one row per child region and indicator, then its own total; a county \
                gets one row per department. Each indicator adds up by its own rule: counts and money are summed, \
                rates are averaged from the underlying figures (never an average of averages), and a quarter asked \
                for when only months were reported is built from them (flows summed, stocks from the last month). \
                Only the current revision of each report counts, and a report's parts never add to its total.

                Next to each value: the target and completion %, the previous period and the same period last year \
                with their change (percentage points for rates), the rank among siblings (1 = largest), the share of \
                the total, and how many departments reported out of those expected. A missing report is not a \
                zero: the value is empty and the department is named. ≥ marks a value that is at least that much \
                (a report said 以上 or 超过).

                Examples:
                  huibao rollup --region 环县 --period 2023-Q1
                  huibao rollup --region 庆阳市 --period 2023-03 --indicator inspection.entities_checked
                  huibao rollup --region 甘肃省 --period 2023-03 --by department --department-kind market_regulation
                  huibao rollup --region 庆阳市 --period 2023-03 --format json --explain > rollup.json
                """
        )

        @OptionGroup var db: DatabaseOptions
        @OptionGroup var what: RollupOptions

        @Option(help: "table for reading, csv or json for other tools.")
        var format: Format = .table

        @Flag(help: "List the reports, revisions and text spans behind each value.")
        var explain = false

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case table, csv, json
        }

        func run() throws {
            let connection = try db.connect()
            let result = try Rollup(connection).run(what.query(explain: explain))
            let briefing = Briefing(result)
            switch format {
            case .json:
                FileHandle.standardOutput.write(try briefing.json())
                print()
            case .csv:
                FileHandle.standardOutput.write(try briefing.csv(encoding: .utf8))
            case .table:
                print(RollupTable(result).render())
                if explain { print(RollupTable.explanation(result)) }
            }
        }
    }
}

/// The rollup for a person at a terminal: the columns that matter, aligned (a Chinese character is two wide).
struct RollupTable {
    let result: RollupResult

    init(_ result: RollupResult) {
        self.result = result
    }

    func render() -> String {
        var lines = ["\(result.regionName) \(result.period)（上期 \(result.previousPeriod)，同期 \(result.lastYearPeriod)）"]
        if result.rows.isEmpty {
            lines.append("no figures, targets or departments for this region and period")
            return lines.joined(separator: "\n")
        }
        let header = ["地区", "部门", "指标", "本期", "单位", "上期", "环比", "同比", "目标", "完成率", "排名", "占比", "报送"]
        let numeric: Set<Int> = [3, 5, 6, 7, 8, 9, 10, 11]
        var rows: [[String]] = []
        for row in result.rows {
            let number = { (value: Double?, decimals: Int) in Briefing.number(value, decimals: decimals) }
            let change = { (value: Double?) -> String in
                guard let value else { return "" }
                let text = Briefing.number(value, decimals: 1)
                return (value > 0 ? "+" : "") + text + (row.changeUnit == "pp" ? "pp" : "%")
            }
            let percent = { (value: Double?) in value.map { Briefing.number($0, decimals: 1) + "%" } ?? "" }
            var reporting = "\(row.reported)/\(row.expected)"
            if let missing = row.missing, !missing.isEmpty { reporting += " 未报：" + missing.joined(separator: "、") }
            rows.append([
                row.isTotal ? row.regionName + "合计" : row.regionName,
                row.departmentName ?? "",
                row.indicatorName,
                row.value.map { (row.isLowerBound ? "≥" : "") + number($0, 2) } ?? "—",
                row.unit,
                number(row.previousValue, 2),
                change(row.previousChange),
                change(row.lastYearChange),
                number(row.target, 2),
                percent(row.completionPercent),
                row.rank.map(String.init) ?? "",
                percent(row.sharePercent),
                reporting,
            ])
        }
        var table = TextTable(header, numeric: numeric)
        table.rows = rows
        lines.append(table.render())
        return lines.joined(separator: "\n")
    }

    static func explanation(_ result: RollupResult) -> String {
        var lines = ["", "来源:"]
        for row in result.rows where !row.isTotal {
            guard let sources = row.sources, !sources.isEmpty else { continue }
            let who = row.departmentName ?? row.regionName
            lines.append("  \(who) \(row.indicatorName):")
            for source in sources {
                let spans = source.spans.map { "[\($0.start)–\($0.end)] “\($0.text)”" }.joined(separator: " ")
                lines.append(
                    "    report \(source.reportID) rev \(source.revision) \(source.department) \(source.period): \(spans)"
                )
            }
        }
        return lines.joined(separator: "\n")
    }
}
