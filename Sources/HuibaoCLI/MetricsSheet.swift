import ArgumentParser
import CSV
import Foundation
import HuibaoCore
import HuibaoExtract

/// A department's figures kept in a spreadsheet (`huibao submit --metrics FILE.csv`).
///
/// Every row is checked before anything is stored; the first bad row fails the whole file, named by its line.
struct MetricsSheet {
    var text: String
    var metrics: [Metric]

    static let known: Set<String> = ["indicator", "value", "unit", "qualifier", "kind", "subject", "action"]

    static func read(path: String, encoding: String?, catalog: Catalog) throws -> MetricsSheet {
        let text = try ReportFile.read(path: path, encoding: encoding)
        return try parse(text, file: path, catalog: catalog)
    }

    static func parse(_ text: String, file: String, catalog: Catalog) throws -> MetricsSheet {
        // The BOM, if decoding kept one, is not part of the first header name.
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let reader: CSVReader
        do {
            reader = try CSVReader(string: body, hasHeaderRow: true)
        } catch {
            throw InputError(file: file, line: 1, message: "not a CSV file: \(error)")
        }
        let header = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for name in header where !known.contains(name) {
            throw InputError(
                file: file,
                line: 1,
                message: "unknown column '\(name)'; columns: \(known.sorted().joined(separator: ", "))"
            )
        }
        guard header.contains("value"), header.contains("unit") else {
            throw InputError(file: file, line: 1, message: "the header needs the columns value and unit")
        }
        var metrics: [Metric] = []
        var line = 1 + (reader.headerRow ?? []).reduce(0) { $0 + $1.filter { $0 == "\n" }.count }
        // Offsets point at the row's own text in the stored file, so each figure keeps its provenance.
        let scalars = Array(text.unicodeScalars)
        var offset = text.hasPrefix("\u{FEFF}") ? 1 : 0
        _ = locate(reader.headerRow ?? [], in: scalars, from: &offset)
        while let row = reader.next() {
            line += 1
            let rowLine = line
            line += row.reduce(0) { $0 + $1.filter { $0 == "\n" }.count }
            let span = locate(row, in: scalars, from: &offset)
            if row.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard row.count == header.count else {
                throw InputError(
                    file: file,
                    line: rowLine,
                    message: "\(row.count) fields where the header has \(header.count)"
                )
            }
            var fields: [String: String] = [:]
            for (name, value) in zip(header, row) {
                let trimmed = value.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty { fields[name] = trimmed }
            }
            let metric = try metricOf(fields, line: rowLine, file: file, catalog: catalog)
            var placed = metric
            placed.start = span.lowerBound
            placed.end = span.upperBound
            placed.text = String(String.UnicodeScalarView(scalars[span]))
            metrics.append(placed)
        }
        if let error = reader.error {
            throw InputError(file: file, line: line + 1, message: "cannot read the CSV: \(error)")
        }
        guard !metrics.isEmpty else {
            throw InputError(file: file, message: "no figures: the file has a header but no rows")
        }
        return MetricsSheet(text: text, metrics: metrics)
    }

    static func metricOf(_ fields: [String: String], line: Int, file: String, catalog: Catalog) throws -> Metric {
        func bad(_ message: String) -> InputError { InputError(file: file, line: line, message: message) }
        guard let raw = fields["value"] else { throw bad("the value is empty") }
        guard let value = Double(raw.replacingOccurrences(of: ",", with: "")), value.isFinite, value >= 0 else {
            throw bad("value '\(raw)' is not a number ≥ 0 (write 1234.5, no units or separators)")
        }
        guard let unit = fields["unit"] else { throw bad("the unit is empty") }
        var qualifier: Qualifier?
        if let q = fields["qualifier"] {
            guard let parsed = Qualifier(rawValue: q) else {
                throw bad("qualifier '\(q)' is not one of \(Qualifier.allCases.map(\.rawValue).joined(separator: " "))")
            }
            qualifier = parsed
        }
        var kind = MetricKind.actual
        if let k = fields["kind"] {
            guard let parsed = MetricKind(rawValue: k) else {
                throw bad("kind '\(k)' is not one of \(MetricKind.allCases.map(\.rawValue).joined(separator: " "))")
            }
            kind = parsed
        }
        var category = MetricCategory.other
        if let code = fields["indicator"] {
            guard let indicator = catalog[code] else { throw bad("indicator '\(code)' is not in the catalog") }
            category = indicator.category
        }
        return Metric(
            start: 0,
            end: 1,
            text: raw,
            value: value,
            unit: unit,
            qualifier: qualifier,
            kind: kind,
            category: category,
            indicator: fields["indicator"],
            subject: fields["subject"],
            action: fields["action"]
        )
    }

    /// The scalar range of a row's line in the file: from the first field's text to the end of that line.
    static func locate(_ row: [String], in scalars: [Unicode.Scalar], from offset: inout Int) -> Range<Int> {
        let newline = Unicode.Scalar(10)
        let start = min(offset, scalars.count)
        var end = start
        var quoted = false
        while end < scalars.count {
            if scalars[end] == "\"" { quoted.toggle() }
            if scalars[end] == newline && !quoted { break }
            end += 1
        }
        offset = end + 1
        var trimmed = end
        if trimmed > start, scalars[trimmed - 1] == "\r" { trimmed -= 1 }
        return start..<max(trimmed, min(start + 1, scalars.count))
    }
}
