import Dispatch
import Foundation
import HuibaoCore
import HuibaoExtract
import HuibaoStore
import LibPQ

/// `huibao submit FOLDER --batch N`: a backlog of reports, N to a transaction and to a COPY.
///
/// One commit waits for one WAL flush, which caps one-report-per-transaction at about a thousand reports a
/// second; batches remove that cap. Each batch is split by department kind over two connections, so the server
/// stores on two cores, while the next batch is read and extracted beside them. A department always goes to the
/// same connection and batches go in order, so its revisions are stored in the order given.
/// Each report still ends stored whole or absent: a failing report is retried alone and named, a lost connection
/// loses at most the batch in flight, and a rerun recognises what was stored.
extension SubmitSession {
    /// A file read and extracted, before its department is looked up (which needs the connection).
    struct Extracted: Sendable {
        var file: String
        var result: Swift.Result<(text: String, metrics: [Metric], title: String?), any Error>
    }

    func submitBatched(
        _ files: [String],
        batchSize: Int,
        department: String?,
        period: String?,
        encoding: String?,
        second: Connection? = nil
    )
        -> Summary
    {
        var summary = Summary()
        var progress = Progress(total: files.count, label: "submitting")
        let connections = [connection] + (second.map { [$0] } ?? [])
        let streams = connections.map { SubmitStream(BatchSubmitter($0, catalog: catalog, batchSize: batchSize)) }
        let chunks = stride(from: 0, to: files.count, by: batchSize).map {
            Array(files[$0..<min($0 + batchSize, files.count)])
        }
        var targets: [String: (department: HuibaoStore.Department, period: Period)] = [:]
        // Files named <region code>-<kind>.txt are matched against every department at once, not one query each.
        var named: [String: HuibaoStore.Department] = [:]
        if department == nil, let all = try? Directory(connection).departments() {
            for found in all { named["\(found.regionCode)-\(found.kind)"] = found }
        }
        let extractor = self.extractor
        var upcoming = chunks.first.map { Self.read($0, encoding: encoding, extractor: extractor) } ?? []
        for (index, chunk) in chunks.enumerated() {
            let current = upcoming
            let next = ExtractedChunk()
            let reading = DispatchGroup()
            if index + 1 < chunks.count {
                let files = chunks[index + 1]
                DispatchQueue.global().async(group: reading) {
                    next.value = Self.read(files, encoding: encoding, extractor: extractor)
                }
            }
            var submissions: [ReportSubmission] = []
            var kinds: [String] = []
            var sources: [String] = []
            for item in current {
                do {
                    let extracted = try item.result.get()
                    let target = try cachedTarget(
                        item.file,
                        department: department,
                        period: period,
                        named: named,
                        in: &targets
                    )
                    submissions.append(
                        ReportSubmission(
                            departmentID: target.department.id,
                            period: target.period,
                            title: extracted.title,
                            sourceFile: (item.file as NSString).lastPathComponent,
                            sourceText: extracted.text,
                            metrics: extracted.metrics
                        )
                    )
                    kinds.append(target.department.kind)
                    sources.append(item.file)
                } catch {
                    summary.failures.append((item.file, String(describing: error)))
                }
            }
            // Each department kind to one stream: the running totals are kept per kind, so the streams share only
            // the all-kinds totals, which they lock last, and store side by side until then.
            var parts = [[Int]](repeating: [], count: streams.count)
            for (i, kind) in kinds.enumerated() { parts[Self.stream(of: kind, among: streams.count)].append(i) }
            let storing = DispatchGroup()
            for (stream, part) in zip(streams, parts) where !part.isEmpty {
                let batch = part.map { submissions[$0] }
                DispatchQueue.global().async(group: storing) { stream.store(batch) }
            }
            storing.wait()
            var lost: String?
            for (stream, part) in zip(streams, parts) where !part.isEmpty {
                switch stream.outcome {
                case .success(let result):
                    summary.stored += result.stored
                    summary.unchanged += result.unchanged
                    summary.metrics += result.metrics
                    summary.failures += result.failures.map { (sources[part[$0.index]], $0.error) }
                case .failure(let error):
                    // This stream's part of the batch is absent; every batch before it is stored whole.
                    summary.notSent += part.count
                    lost = lost ?? String(describing: error)
                case nil:
                    break
                }
            }
            if let lost {
                reading.wait()
                summary.notSent += chunks[(index + 1)...].reduce(0) { $0 + $1.count }
                summary.notSentReason = lost
                break
            }
            progress.advance(by: chunk.count, (chunk[chunk.count - 1] as NSString).lastPathComponent)
            reading.wait()
            upcoming = next.value
        }
        return summary
    }

    /// A fixed stream per department kind (its place in the controlled vocabulary), the same in every run.
    static func stream(of kind: String, among count: Int) -> Int {
        (DepartmentKind.all.firstIndex { $0.code == kind } ?? 0) % count
    }

    /// Reading and extraction only: no connection, so it can run beside the store.
    private static func read(_ files: [String], encoding: String?, extractor: Extractor) -> [Extracted] {
        files.map { file in
            Extracted(
                file: file,
                result: Swift.Result {
                    let text = try ReportFile.read(path: file, encoding: encoding)
                    let reports = extractor.extract(text)
                    return (text, Self.flatten(reports), reports.first?.title)
                }
            )
        }
    }

    /// Many files name the same department: look each one up once.
    private func cachedTarget(
        _ file: String,
        department: String?,
        period: String?,
        named: [String: HuibaoStore.Department],
        in cache: inout [String: (department: HuibaoStore.Department, period: Period)]
    ) throws -> (department: HuibaoStore.Department, period: Period) {
        if department == nil, let hint = ReportFiles.departmentHint(file),
            let found = named["\(hint.region)-\(hint.kind)"],
            let resolved = period.flatMap(Period.init) ?? ReportFiles.periodHint(file)
        {
            return (found, resolved)
        }
        let hint = ReportFiles.departmentHint(file).map { "\($0.region)-\($0.kind)" } ?? ""
        let key = "\(department ?? hint)|\(period ?? ReportFiles.periodHint(file)?.description ?? "")"
        if let known = cache[key] { return known }
        let found = try resolve(department: department, period: period, file: file)
        cache[key] = found
        return found
    }
}

/// One connection's share of the batches, stored on a thread of its own; the DispatchGroup orders the handover.
private final class SubmitStream: @unchecked Sendable {
    let submitter: BatchSubmitter
    var outcome: Result<BatchSubmitter.Result, any Error>?

    init(_ submitter: BatchSubmitter) { self.submitter = submitter }

    func store(_ batch: [ReportSubmission]) { outcome = Result { try submitter.submit(batch) } }
}

/// Carries the next chunk back from the thread that read it; the DispatchGroup orders the handover.
private final class ExtractedChunk: @unchecked Sendable {
    var value: [SubmitSession.Extracted] = []
}
