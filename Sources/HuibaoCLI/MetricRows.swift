import Foundation
import HuibaoCore

/// The metrics as rows for people: CSV for Excel and an aligned terminal table.
enum MetricRows {
    static let csvHeader = "文件,文档,章节,起,止,原文,数值,单位,基准数值,基准单位,限定词,类型,类别,指标,对象,动作,角色,总数序号"

    static func csvRow(file: String, metric m: Metric) -> String {
        let cells: [String] = [
            file, String(m.document), m.section ?? "", String(m.start), String(m.end), m.text, m.value.plainText,
            m.unit,
            m.baseValue.plainText, m.baseUnit, m.qualifier?.rawValue ?? "", m.kind.rawValue, m.category.rawValue,
            m.indicator ?? "", m.subject ?? "", m.action ?? "", m.role?.rawValue ?? "",
            m.totalIndex.map(String.init) ?? "",
        ]
        return cells.map(csvCell).joined(separator: ",")
    }

    /// Quoted when needed; a leading = + - @ is defused so Excel does not run it as a formula.
    static func csvCell(_ s: String) -> String {
        var value = s
        if let first = value.unicodeScalars.first, "=+-@".unicodeScalars.contains(first), Double(value) == nil {
            value = "'" + value
        }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }

    // MARK: - Table

    static func displayWidth(_ s: String) -> Int {
        TextTable.displayWidth(s)
    }

    static func padded(_ s: String, to width: Int) -> String {
        s + String(repeating: " ", count: max(0, width - displayWidth(s)))
    }

    static func table(file: String, text: String, reports: [ExtractedReport], highlight: Bool) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = ""
        for report in reports {
            var heading = "\(file) #\(report.document)"
            if let title = report.title { heading += "  \(title)" }
            if let department = report.department {
                heading += "  [\(department)\(report.level.map { "·" + $0 } ?? "")]"
            }
            out += heading + "\n"
            let header = ["数值", "单位", "限定", "类型", "类别", "指标", "原文"]
            var rows: [[String]] = [header]
            for (index, m) in report.metrics.enumerated() {
                var kind = m.kind.rawValue
                if let role = m.role {
                    kind += role == .total ? "·总" : "·分→\(m.totalIndex.map { String($0 + 1) } ?? "?")"
                }
                rows.append([
                    "\(index + 1). " + m.value.plainText, m.unit, m.qualifier?.rawValue ?? "", kind,
                    m.category.rawValue,
                    m.indicator ?? "—", context(of: m, in: scalars, highlight: highlight),
                ])
            }
            if report.metrics.isEmpty {
                out += "  (no figures)\n\n"
                continue
            }
            var widths = [Int](repeating: 0, count: header.count - 1)
            for row in rows { for c in 0..<widths.count { widths[c] = max(widths[c], displayWidth(row[c])) } }
            for row in rows {
                out +=
                    "  " + (0..<widths.count).map { padded(row[$0], to: widths[$0]) }.joined(separator: "  ") + "  "
                    + row.last! + "\n"
            }
            out += "\n"
        }
        return out
    }

    /// The metric's clause, with the quote in bold reverse video on a terminal or in 【】 otherwise.
    static func context(of m: Metric, in scalars: [Unicode.Scalar], highlight: Bool) -> String {
        let breaks: Set<Unicode.Scalar> = ["。", "；", "！", "？", "\n", "，"]
        var lower = m.start
        while lower > 0, m.start - lower < 24, !breaks.contains(scalars[lower - 1]) { lower -= 1 }
        var upper = m.end
        while upper < scalars.count, upper - m.end < 24, !breaks.contains(scalars[upper]) { upper += 1 }
        func piece(_ a: Int, _ b: Int) -> String {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: scalars[a..<b].map { $0 == "\n" ? " " : $0 })
            return String(v)
        }
        let quote = piece(m.start, m.end)
        let marked = highlight ? "\u{1B}[1;7m" + quote + "\u{1B}[0m" : "【" + quote + "】"
        return piece(lower, m.start) + marked + piece(m.end, upper)
    }
}
