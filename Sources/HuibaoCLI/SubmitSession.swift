import ArgumentParser
import Foundation
import HuibaoCore
import HuibaoExtract
import HuibaoStore
import LibPQ

/// The work behind `huibao submit` and the demo: read, extract, show, store, summarise.
struct SubmitSession {
    let connection: Connection
    let catalog: Catalog
    let extractor: Extractor

    struct Prepared {
        var submission: ReportSubmission
        var departmentName: String
    }

    func resolve(
        department: String?,
        period: String?,
        file: String
    ) throws -> (department: HuibaoStore.Department, period: Period) {
        let directory = Directory(connection)
        let found: HuibaoStore.Department
        if let department {
            found = try directory.department(department)
        } else if let hint = ReportFiles.departmentHint(file) {
            guard
                let match = try directory.departments(region: hint.region).first(where: {
                    $0.regionCode == hint.region && $0.kind == hint.kind
                })
            else {
                throw StoreError(
                    .notFound,
                    "no \(hint.kind) department in region \(hint.region): add it with `huibao departments add`"
                )
            }
            found = match
        } else {
            throw CommandFailure(
                "\(file): which department? Give --department, or name the file <region code>-<kind>.txt"
            )
        }
        guard let resolved = period.flatMap(Period.init) ?? ReportFiles.periodHint(file) else {
            throw CommandFailure(
                "\(file): which period? Give --period, or keep the file in a folder named like 2026-Q1"
            )
        }
        return (found, resolved)
    }

    func prepare(file: String, department: String?, period: String?, encoding: String?) throws -> Prepared {
        let text = try ReportFile.read(path: file, encoding: encoding)
        let target = try resolve(department: department, period: period, file: file)
        let reports = extractor.extract(text)
        let metrics = Self.flatten(reports)
        let submission = ReportSubmission(
            departmentID: target.department.id,
            period: target.period,
            title: reports.first?.title,
            sourceFile: (file as NSString).lastPathComponent,
            sourceText: text,
            metrics: metrics
        )
        return Prepared(submission: submission, departmentName: target.department.name)
    }

    /// One file's documents become one report: their metrics in order, totals re-pointed to the flat index.
    static func flatten(_ reports: [ExtractedReport]) -> [Metric] {
        var all: [Metric] = []
        for report in reports {
            let offset = all.count
            for var metric in report.metrics {
                metric.totalIndex = metric.totalIndex.map { $0 + offset }
                all.append(metric)
            }
        }
        return all
    }

    func submitOne(_ submission: ReportSubmission, departmentName: String, dryRun: Bool, confirm: Bool) throws {
        print("\(departmentName) · \(submission.period) · \(submission.metrics.count) metrics")
        print(MetricTable.render(submission.metrics, text: submission.sourceText))
        if dryRun {
            print("dry run: nothing stored")
            return
        }
        if confirm && Console.stdinIsTerminal && !Console.confirm("Store this report?") {
            print("not stored")
            return
        }
        let outcome = try Submitter(connection, catalog: catalog).submit(submission)
        print(Self.describe(outcome))
    }

    static func describe(_ outcome: SubmitOutcome) -> String {
        switch outcome {
        case .stored(let id, let revision, nil):
            return "stored as report \(id) (revision \(revision))"
        case .stored(let id, let revision, let superseded?):
            return "stored as report \(id), revision \(revision); it supersedes report \(superseded), kept in history"
        case .unchanged(let id, let revision):
            return "unchanged: this text is already report \(id) (revision \(revision))"
        }
    }

    struct Summary {
        var stored = 0
        var unchanged = 0
        var failures: [(file: String, reason: String)] = []
        var failed: Int { failures.count + notSent }
        var metrics = 0
        /// Reports not tried because the database went away.
        var notSent = 0
        /// Why, when no failed report already says it.
        var notSentReason: String?
        /// Reports read and checked by a dry run, not stored.
        var checked = 0

        func render() -> String {
            var lines =
                checked > 0
                ? [
                    "dry run: \(checked) reports read and checked (\(metrics) metrics), failed \(failed); nothing stored"
                ]
                : ["stored \(stored), unchanged \(unchanged), failed \(failed) (\(metrics) metrics stored)"]
            for failure in failures {
                // Reading errors already start with the file's name.
                let reason =
                    failure.reason.hasPrefix(failure.file) ? failure.reason : "\(failure.file): \(failure.reason)"
                lines.append("  failed: \(reason)")
            }
            if notSent > 0, let notSentReason {
                lines.append("  not sent: \(notSent) reports: \(notSentReason)")
            } else if notSent > 0 {
                lines.append(
                    "  \(notSent) more not sent: the database went away; run the same command again to send them"
                )
            }
            return lines.joined(separator: "\n")
        }
    }

    /// A lost or refused connection, from the store or from a lookup before it.
    static func databaseIsGone(_ error: any Error) -> Bool {
        if let error = error as? StoreError { return error.code == .unavailable }
        if let error = error as? PostgresError { return error.code == .connection }
        return false
    }

    /// One transaction per report: a failing report is listed and takes no other report down.
    func submitMany(_ files: [String], department: String?, period: String?, encoding: String?, dryRun: Bool) -> Summary
    {
        var summary = Summary()
        var progress = Progress(total: files.count, label: "submitting")
        let submitter = Submitter(connection, catalog: catalog)
        for file in files {
            defer { progress.advance((file as NSString).lastPathComponent) }
            do {
                let prepared = try prepare(file: file, department: department, period: period, encoding: encoding)
                if dryRun {
                    try prepared.submission.validate(catalog: catalog)
                    summary.checked += 1
                    summary.metrics += prepared.submission.metrics.count
                    continue
                }
                switch try submitter.submit(prepared.submission) {
                case .stored:
                    summary.stored += 1
                    summary.metrics += prepared.submission.metrics.count
                case .unchanged:
                    summary.unchanged += 1
                }
            } catch  where Self.databaseIsGone(error) {
                // Every later report would fail the same way; what is stored is whole, and a rerun skips it.
                summary.failures.append((file, String(describing: error)))
                summary.notSent = files.count - summary.stored - summary.unchanged - summary.failed
                break
            } catch {
                summary.failures.append((file, String(describing: error)))
            }
        }
        return summary
    }
}

/// The metrics a person checks before storing them.
enum MetricTable {
    /// With the report's text, the last column shows each figure in its clause (【figure】); without, the figure.
    static func render(_ metrics: [Metric], text: String? = nil) -> String {
        let scalars = text.map { Array($0.unicodeScalars) }
        var table = TextTable(
            ["#", "value", "unit", "qualifier", "kind", "indicator", "role", "quote"],
            numeric: [0, 1]
        )
        for (index, m) in metrics.enumerated() {
            let role = m.role.map { $0 == .part ? "part of #\((m.totalIndex ?? -1) + 1)" : "total" } ?? ""
            table.append([
                String(index + 1), m.value.plainText, m.unit, m.qualifier?.rawValue ?? "", m.kind.rawValue,
                m.indicator ?? "", role,
                scalars.map { MetricRows.context(of: m, in: $0, highlight: false) } ?? m.text,
            ])
        }
        return table.render()
    }
}
