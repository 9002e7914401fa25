import ArgumentParser
import Foundation
import HuibaoStore

extension AppCommand {
    struct ExportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write a rollup as the CSV (or JSON) a briefing writer opens in Excel or WPS.",
            discussion: """
                The same rows as `huibao rollup`, one per child region (or department) and indicator, then the \
                region's total. Columns: 地区, 部门, 指标, 单位, 下限, 本期, 上期, 环比, 同期, 同比, 增幅单位, 目标, \
                完成率(%), 排名, 占比(%), 已报, 应报, 报送情况 (English names with --lang en).

                The file opens in Excel with a double click: UTF-8 with a byte-order mark, CRLF line ends, RFC 4180 \
                quoting. Use --encoding gb18030 for old Excel or WPS installs. Number cells hold plain numbers (no \
                thousands separators) and stay numbers, negative changes included; an empty cell means no figure, \
                not zero. ≥ for a lower bound sits in its own 下限 column so 本期 still sums. A text cell that \
                begins with = + - @ is written with a leading ' so that a spreadsheet never runs it as a formula.

                Examples:
                  huibao export --region 庆阳市 --period 2023-Q1 --out briefing.csv
                  huibao export --region 环县 --period 2023-03 --out 环县.csv --encoding gb18030
                  huibao export --region 甘肃省 --period 2023-03 --out rollup.json --format json --lang en
                """
        )

        @OptionGroup var db: DatabaseOptions
        @OptionGroup var what: RollupOptions

        @Option(help: "File to write; - for standard output.")
        var out: String

        @Option(help: "Header language: zh or en.")
        var lang: Language = .zh

        @Option(help: "utf8-bom (Excel), utf8 or gb18030.")
        var encoding: Encoding = .utf8Bom

        @Option(help: "csv or json.")
        var format: Format = .csv

        enum Language: String, ExpressibleByArgument, CaseIterable {
            case zh, en
        }

        enum Encoding: String, ExpressibleByArgument, CaseIterable {
            case utf8Bom = "utf8-bom"
            case utf8, gb18030
        }

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case csv, json
        }

        func validate() throws {
            guard !out.isEmpty else { throw ValidationError("--out is empty: give a file name, or - for stdout.") }
            if format == .json && encoding == .gb18030 {
                throw ValidationError("JSON is always UTF-8: drop --encoding gb18030 or use --format csv.")
            }
        }

        func run() throws {
            let connection = try db.connect()
            let result = try Rollup(connection).run(what.query())
            let briefing = Briefing(result, language: lang == .zh ? .zh : .en)
            let data: Data
            switch format {
            case .json: data = try briefing.json()
            case .csv: data = try briefing.csv(encoding: Briefing.TextEncoding(rawValue: encoding.rawValue) ?? .utf8BOM)
            }
            if out == "-" {
                FileHandle.standardOutput.write(data)
            } else {
                do {
                    try data.write(to: URL(fileURLWithPath: out), options: .atomic)
                } catch {
                    throw ValidationError("cannot write \(out): \(error.localizedDescription)")
                }
                let lines = result.rows.count
                FileHandle.standardError.write(Data("huibao: wrote \(lines) rows to \(out)\n".utf8))
            }
        }
    }
}
