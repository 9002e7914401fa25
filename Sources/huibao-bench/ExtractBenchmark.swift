import ArgumentParser
import Foundation
import HuibaoCore
import HuibaoExtract

/// `huibao-bench extract [FILE]`: extraction speed in MB/s, single thread, next to the bare-regex floor
/// (`baseline.py --bench`) on the same file in the same run.
struct ExtractBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "MB/s of the extraction engine over a large file, and the ratio to baseline.py's bare regex."
    )

    @Argument(help: "UTF-8 text to extract from; without it, the fixture corpus is concatenated into --output.")
    var file: String?

    @Option(help: "Folder of .txt reports to concatenate when no FILE is given.")
    var corpus = "Tests/HuibaoExtractTests/Fixtures/corpus"

    @Option(help: "Size of the generated file in MB.")
    var sizeMB = 50

    @Option(help: "Where to write the generated file (not part of the repository).")
    var output = "/tmp/huibao-extract-bench.txt"

    @Option(help: "The baseline script; empty skips it.")
    var baseline = "../shared/eval/baseline.py"

    @Option(help: "Timed runs; the best one counts.")
    var runs = 3

    @Option(help: "Timed runs of the streamed extraction; 0 skips it.")
    var streamedRuns = 3

    func run() throws {
        let path = try file ?? generate()
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read \(path)")
        }
        let text = String(decoding: data, as: UTF8.self)
        let megabytes = Double(data.count) / 1e6
        let extractor = try Extractor.bundled()
        // Collected into reports, as `extract(_:)` returns them (freeing them is not timed), then streamed, as
        // `huibao extract --format jsonl` runs it: each metric made whole, handed over and freed, as baseline.py
        // makes and drops each of its matches.
        var best = Double.infinity
        var metrics = 0
        for _ in 0..<max(1, runs) {
            let started = DispatchTime.now().uptimeNanoseconds
            let reports = extractor.extract(text)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
            metrics = reports.reduce(0) { $0 + $1.metrics.count }
        }
        var bestStreamed = Double.infinity
        for _ in 0..<streamedRuns {
            var count = 0
            let started = DispatchTime.now().uptimeNanoseconds
            _ = extractor.extract(text) { _ in count += 1 }
            bestStreamed = min(bestStreamed, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
            guard count == metrics else { throw ValidationError("streamed \(count) metrics, collected \(metrics)") }
        }
        let speed = megabytes / best
        let streamed = megabytes / bestStreamed
        print(
            String(
                format: "huibao extract: %.1f MB/s (%d bytes in %.3f s, %d metrics, best of %d)",
                speed,
                data.count,
                best,
                metrics,
                runs
            )
        )
        print(String(format: "  streamed, each metric freed as it goes: %.1f MB/s (%.3f s)", streamed, bestStreamed))
        guard !baseline.isEmpty else { return }
        guard FileManager.default.fileExists(atPath: baseline) else {
            print("baseline: \(baseline) not found; pass --baseline PATH")
            return
        }
        let floor = try runBaseline(path)
        print("baseline.py --bench: \(floor.line)")
        if let floorSpeed = floor.speed, floorSpeed > 0 {
            print(
                String(
                    format: "ratio: %.2f× the bare regex (streamed: %.2f×)",
                    speed / floorSpeed,
                    streamed / floorSpeed
                )
            )
        }
    }

    /// The corpus, repeated until the file reaches `sizeMB`.
    private func generate() throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: corpus).filter { $0.hasSuffix(".txt") }.sorted()
        guard !names.isEmpty else { throw ValidationError("no .txt files in \(corpus)") }
        var chunk = Data()
        for name in names {
            guard let data = FileManager.default.contents(atPath: corpus + "/" + name) else { continue }
            chunk.append(data)
            chunk.append(contentsOf: [10, 10])
        }
        FileManager.default.createFile(atPath: output, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: output) else { throw ValidationError("cannot write \(output)") }
        defer { try? handle.close() }
        var written = 0
        while written < sizeMB * 1_000_000 {
            handle.write(chunk)
            written += chunk.count
        }
        print("generated \(output): \(written) bytes from \(names.count) reports")
        return output
    }

    private func runBaseline(_ path: String) throws -> (line: String, speed: Double?) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", baseline, "--bench", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let line = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let speed = line.split(separator: " ").first.flatMap { Double($0) }
        return (line, speed)
    }
}
