import CSV
import Foundation
import HuibaoCore
import HuibaoExtract
import HuibaoStore

/// A targets file: `region_code,department_kind,indicator,period,value`.
enum TargetSheet {
    static func read(path: String) throws -> [TargetRow] {
        try parse(try ReportFile.read(path: path), file: path)
    }

    static func parse(_ text: String, file: String) throws -> [TargetRow] {
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let reader = try CSVReader(string: body, hasHeaderRow: true)
        let header = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
        let expected = ["region_code", "department_kind", "indicator", "period", "value"]
        guard header == expected else {
            throw InputError(file: file, line: 1, message: "the header must be \(expected.joined(separator: ","))")
        }
        var rows: [TargetRow] = []
        var line = 1
        while let row = reader.next() {
            line += 1
            if row.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            func bad(_ message: String) -> InputError { InputError(file: file, line: line, message: message) }
            guard row.count == 5 else { throw bad("\(row.count) fields, expected 5") }
            let f = row.map { $0.trimmingCharacters(in: .whitespaces) }
            guard let period = Period(f[3]) else {
                throw bad("'\(f[3])' is not a period (2026, 2026-H1, 2026-Q1, 2026-03)")
            }
            guard let value = Double(f[4]), value.isFinite, value >= 0 else {
                throw bad("'\(f[4])' is not a number ≥ 0")
            }
            guard !f[0].isEmpty, !f[2].isEmpty else { throw bad("region_code and indicator are required") }
            rows.append(
                TargetRow(
                    line: line,
                    region: f[0],
                    departmentKind: f[1].isEmpty ? nil : f[1],
                    indicator: f[2],
                    period: period,
                    value: value
                )
            )
        }
        if let error = reader.error {
            throw InputError(file: file, line: line + 1, message: "cannot read the CSV: \(error)")
        }
        return rows
    }
}
