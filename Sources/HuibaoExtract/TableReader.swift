import HuibaoCore

/// Flattened tables copied out of Word or PDF: a unit line (单位：万元) or a header row naming units
/// (指标 单位 本期 同比增长%), then rows whose cells are separated by tabs or runs of spaces.
struct TableReader {
    struct Column {
        var unit: UnitTable.Unit?
        var percent = false
        var kind: MetricKind?
        var isIndex = false
        /// 项目数（个）, 完成投资（亿元）: what the header names, for rows that name only a field (产业发展).
        var categories = CategorySet()
    }

    /// A cell of a row as found in the normalized line.
    struct Cell {
        var range: Range<Int>
        var number: Double?
        var percent: Bool
    }

    let units: UnitTable
    private(set) var active = false
    private var unitColumn: Int?
    private var columns: [Column] = []
    private var defaultUnit: UnitTable.Unit?

    init(units: UnitTable) {
        self.units = units
    }

    mutating func end() {
        active = false
        unitColumn = nil
        columns = []
        defaultUnit = nil
    }

    private static let unitWord: [UInt32] = "单位".unicodeScalars.map(\.value)
    private static let indexWords: [[UInt32]] = ["序号", "编号"].map { $0.unicodeScalars.map(\.value) }
    private static let separators = ScalarSet("\t|｜")

    /// Cells split at tabs, bars, or two or more spaces (a single space also when the line has no other).
    static func cells(_ t: [UInt32], _ range: Range<Int>) -> [Range<Int>] {
        let hasWide =
            range.contains { separators.contains(t[$0]) }
            || range.dropLast().contains { t[$0] == 32 && t[$0 + 1] == 32 }
        var cells: [Range<Int>] = []
        var i = range.lowerBound
        var start = i
        while i <= range.upperBound {
            let atEnd = i == range.upperBound
            var isBreak = atEnd || separators.contains(t[i])
            if !atEnd, t[i] == 32 { isBreak = !hasWide || (i + 1 < range.upperBound && t[i + 1] == 32) }
            if isBreak {
                if start < i { cells.append(start..<i) }
                var k = i + 1
                while k < range.upperBound, t[k] == 32 || separators.contains(t[k]) { k += 1 }
                start = k
                i = k
                if atEnd { break }
                continue
            }
            i += 1
        }
        return cells
    }

    /// A cell that is one number, maybe with % (156.8, 6.3%, -2.1).
    static func number(_ t: [UInt32], _ cell: Range<Int>) -> (Double, Bool)? {
        var start = cell.lowerBound
        var end = cell.upperBound
        var percent = false
        if end > start, t[end - 1] == 37 {
            percent = true
            end -= 1
        }
        if end > start, t[start] == 45 || t[start] == 43 { start += 1 }  // a sign: the direction is the column's
        guard start < end, let r = NumberReader.arabic(t, at: start, end: end), r.end == end else { return nil }
        return (r.value, percent)
    }

    /// Takes a line if it belongs to a table: a unit line, a header row, or a row while a table is open.
    /// Returns the row's cells when the line is a data row, an empty array when the line was table structure,
    /// and nil when the line is not part of a table.
    mutating func read(_ t: [UInt32], _ range: Range<Int>) -> [Cell]? {
        // Prose has no column breaks: a line without a space, tab or bar, outside a table, is not one —
        // unless it is a unit line (单位：万元).
        if !active, !range.contains(where: { t[$0] == 32 || t[$0] == 9 || t[$0] == 124 || t[$0] == 0xFF5C }),
            range.count > 20 || !range.contains(where: { t[$0] == 0x5355 })
        {
            return nil
        }
        // 单位：万元 (alone on its line, maybe in brackets).
        if range.count <= 20,
            let at = (range.lowerBound..<max(range.lowerBound, range.upperBound - 2)).first(where: {
                t.hasPrefix(Self.unitWord, at: $0, end: range.upperBound)
            }), at + 2 < range.upperBound, t[at + 2] == 0xFF1A || t[at + 2] == 58
        {
            var k = at + 3
            while k < range.upperBound, t[k] == 32 { k += 1 }
            if let unit = units.unit(in: t, at: k, end: range.upperBound) {
                defaultUnit = unit
                active = true
                return []
            }
        }
        // A sentence ends the table: rows have no full stops.
        if active, range.contains(where: { t[$0] == 0x3002 || t[$0] == 0xFF1B }) {
            end()
            return nil
        }
        let cellRanges = Self.cells(t, range)
        guard cellRanges.count >= 2 else {
            if active { end() }
            return nil
        }
        let cells = cellRanges.map { r -> Cell in
            let n = Self.number(t, r)
            return Cell(range: r, number: n?.0, percent: n?.1 ?? false)
        }
        let numeric = cells.filter { $0.number != nil }.count
        // A header row: no figures, and it names a unit column or units in brackets.
        if numeric == 0, cells.count >= 3 {
            var header: [Column] = []
            var unitAt: Int?
            for (index, cell) in cells.enumerated() {
                var column = Column()
                if cell.range.count == 2,
                    t.hasPrefix(Self.unitWord, at: cell.range.lowerBound, end: cell.range.upperBound)
                {
                    unitAt = index
                }
                if Self.indexWords.contains(where: {
                    t.hasPrefix($0, at: cell.range.lowerBound, end: cell.range.upperBound)
                }) {
                    column.isIndex = true
                }
                // 完成投资（万元）, 增速(%), 同比±%
                for k in cell.range {
                    if t[k] == 37 { column.percent = true }
                    if t[k] == 0xFF08 || t[k] == 40, let unit = units.unit(in: t, at: k + 1, end: cell.range.upperBound)
                    {
                        column.unit = unit
                    }
                }
                let words = Lexicon.hits(in: t, from: cell.range.lowerBound, to: cell.range.upperBound)
                if words.contains(where: { $0.has(.T) }) { column.kind = .target }
                if words.contains(where: { $0.has(.C) }) { column.kind = .change }
                for word in words { if let c = word.category { column.categories.append(c) } }
                header.append(column)
            }
            if unitAt != nil || header.contains(where: { $0.unit != nil || $0.percent }) || defaultUnit != nil {
                columns = header
                unitColumn = unitAt
                active = true
                return []
            }
            return nil
        }
        guard active, numeric > 0 else { return nil }
        return cells
    }

    /// The unit of a numeric cell: its own %, the row's unit cell, its column's unit, or the table's.
    func unit(of cell: Cell, at column: Int, in row: [Cell], text t: [UInt32]) -> UnitTable.Unit? {
        if cell.percent { return units.unit(in: [37], at: 0, end: 1) }
        if let unitColumn, unitColumn < row.count {
            let r = row[unitColumn].range
            if let unit = units.unit(in: t, at: r.lowerBound, end: r.upperBound), unit.text.count == r.count {
                return unit
            }
        }
        if column < columns.count {
            if columns[column].percent { return units.unit(in: [37], at: 0, end: 1) }
            if let unit = columns[column].unit { return unit }
        }
        return defaultUnit
    }

    func isIndexColumn(_ column: Int) -> Bool {
        column < columns.count ? columns[column].isIndex : column == 0
    }

    func kind(ofColumn column: Int) -> MetricKind? {
        column < columns.count ? columns[column].kind : nil
    }

    func categories(ofColumn column: Int) -> CategorySet {
        column < columns.count ? columns[column].categories : CategorySet()
    }
}
