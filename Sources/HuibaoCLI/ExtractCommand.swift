import ArgumentParser
import Foundation
import HuibaoCore
import HuibaoExtract

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension AppCommand {
    /// `huibao extract FILE…`: the metrics of reports, for a person (table) or for tools (jsonl, csv).
    struct Extract: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Extract metrics from report files (.txt, .md, .docx; UTF-8, GB18030, UTF-16).",
            discussion: """
                Every figure the text states comes out, with the exact span it came from (offsets count Unicode \
                scalars in the decoded text). A file that cannot be read is reported and the others still processed.

                jsonl and csv are written while a UTF-8 file is read, in memory that does not grow with the file \
                (GB18030, UTF-16 and .docx are decoded whole first); table holds each file to quote its sentences.

                Examples:
                  huibao extract 市场监管局-三季度.txt
                  huibao extract reports/*.txt --format jsonl > metrics.jsonl
                  huibao extract 报告.docx --format csv > 指标.csv     (opens in Excel)
                  huibao extract 旧报告.txt --encoding gb18030
                """
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case table, jsonl, csv
        }

        @Argument(help: "Report files.")
        var files: [String]

        @Option(help: "Output format: table (for a person), jsonl (one metric a line), csv (UTF-8 with BOM).")
        var format: Format = .table

        @OptionGroup var catalog: CatalogOptions

        @Option(help: "Text encoding instead of detection: utf8, gb18030, utf16.")
        var encoding: String?

        func validate() throws {
            if let encoding, !["utf8", "utf-8", "gb18030", "gbk", "utf16", "utf-16"].contains(encoding.lowercased()) {
                throw ValidationError("--encoding must be utf8, gb18030 or utf16.")
            }
        }

        func run() throws {
            var out = TextSink(.standardOutput)
            var err = TextSink(.standardError)
            defer {
                out.flush()
                err.flush()
            }
            try execute(out: &out, err: &err, terminal: isatty(STDOUT_FILENO) == 1)
        }

        /// The command's work, writing to the given sinks (tests pass memory, never the process's descriptors).
        func execute(out output: inout TextSink, err: inout TextSink, terminal: Bool) throws {
            let bundled = try Extractor.bundled()
            let extractor = Extractor(catalog: try catalog.load(), units: bundled.units)
            let highlight = format == .table && terminal
            if format == .csv {
                output.write("\u{FEFF}" + MetricRows.csvHeader + "\r\n")
            }
            var failures = 0
            for file in files {
                do {
                    switch format {
                    case .jsonl:
                        // Streamed from disk: a file of millions of figures is written as it is read, in flat memory.
                        try extractor.extract(file: file, encoding: encoding) {
                            output.write(jsonLine(file: file, metric: $0) + "\n")
                        }
                    case .csv:
                        try extractor.extract(file: file, encoding: encoding) {
                            output.write(MetricRows.csvRow(file: file, metric: $0) + "\r\n")
                        }
                    case .table:
                        // The table quotes each figure's sentence, so it holds the text.
                        let text = try ReportFile.read(path: file, encoding: encoding)
                        let reports = extractor.extract(text)
                        output.write(MetricRows.table(file: file, text: text, reports: reports, highlight: highlight))
                    }
                } catch {
                    err.write(
                        "huibao: \(error.description.hasPrefix(file) ? error.description : "\(file): \(error)")\n"
                    )
                    failures += 1
                }
            }
            output.flush()
            if failures > 0 { throw ExitCode(1) }
        }
    }
}

/// Where a command's output goes: stdout, stderr, or memory for tests. Buffered: a metric a line would
/// otherwise cost a system call each.
struct TextSink {
    enum Target { case standardOutput, standardError, memory }

    let target: Target
    private var buffer: [UInt8] = []
    private(set) var collected: [UInt8] = []

    init(_ target: Target) {
        self.target = target
    }

    /// What a memory sink received (after `flush()`).
    var text: String { String(decoding: collected, as: UTF8.self) }

    mutating func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count > 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        switch target {
        case .standardOutput: FileHandle.standardOutput.write(Data(buffer))
        case .standardError: FileHandle.standardError.write(Data(buffer))
        case .memory: collected.append(contentsOf: buffer)
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
