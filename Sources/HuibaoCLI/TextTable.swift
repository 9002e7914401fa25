/// Plain-text tables for a terminal: columns aligned by display width, where a Chinese character takes two.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// Columns whose cells align right (numbers).
    var numeric: Set<Int> = []

    init(_ header: [String], numeric: Set<Int> = []) {
        self.header = header
        self.numeric = numeric
    }

    mutating func append(_ row: [String]) {
        rows.append(row)
    }

    /// Terminal columns a string takes: East Asian wide characters take two, controls and combining marks none.
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
                0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1FAFF, 0x20000...0x3FFFD:
                return width + 2
            case 0..<0x20, 0x200B...0x200F:
                return width
            default:
                return scalar.properties.generalCategory == .nonspacingMark ? width : width + 1
            }
        }
    }

    func render() -> String {
        let all = [header] + rows
        let columns = all.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in all {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], Self.displayWidth(cell)) }
        }
        func line(_ row: [String]) -> String {
            var out = ""
            for i in 0..<columns {
                let cell = i < row.count ? row[i] : ""
                let pad = String(repeating: " ", count: widths[i] - Self.displayWidth(cell))
                out += numeric.contains(i) ? pad + cell : cell + pad
                if i < columns - 1 { out += "  " }
            }
            return String(out.reversed().drop { $0 == " " }.reversed())
        }
        var lines = [line(header), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")]
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }
}
