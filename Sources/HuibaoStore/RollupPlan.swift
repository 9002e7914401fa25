import HuibaoCore

/// How one rollup is read: which rows split the region, which SQL expressions pick them out of `figure`,
/// `department` and the running totals, and whether a period must be composed from shorter ones.
///
/// Every expression here is a fixed fragment; values enter only through ``SQLParameters`` placeholders.
struct RollupPlan {
    enum Level { case nation, province, prefecture, county }
    enum Split { case region, department, kind }

    let level: Level
    let split: Split
    /// `$n::text` of the region code.
    let root: String

    init(level: Level, grouping: RollupQuery.Grouping, root: String) {
        self.level = level
        self.root = root
        if level == .county {
            split = .department
        } else {
            split = grouping == .child ? .region : .kind
        }
    }

    // MARK: - figure (alias f)

    /// Names every ancestor of the region as well, and compares as char(6), so that `figure_place` (period,
    /// province, prefecture, region, indicator) serves each scope as an index prefix.
    var figureScope: String {
        let code = "\(root)::char(6)"
        let province = "(SELECT split_part(g.path::text, '.', 1)::char(6) FROM huibao.region g WHERE g.code = \(code))"
        let prefecture =
            "(SELECT split_part(g.path::text, '.', 2)::char(6) FROM huibao.region g WHERE g.code = \(code))"
        switch level {
        case .nation: return "\(root) IS NOT NULL"
        case .province: return "f.province_code = \(code)"
        case .prefecture: return "f.province_code = \(province) AND f.prefecture_code = \(code)"
        case .county:
            return "f.province_code = \(province) AND f.prefecture_code = \(prefecture) AND f.region_code = \(code)"
        }
    }

    /// The row a figure belongs to. A department at the region itself (庆阳市市场监管局 in a 庆阳市 rollup) forms
    /// a row of its own, keyed by the region's own code (本级).
    var figureChild: String {
        switch split {
        case .department: return "f.department_id::text"
        case .kind: return "f.department_kind"
        case .region:
            switch level {
            case .nation: return "f.province_code::text"
            case .province: return "coalesce(f.prefecture_code, f.province_code)::text"
            case .prefecture, .county: return "f.region_code::text"
            }
        }
    }

    // MARK: - department (alias d) joined to its region (alias g)

    var departmentScope: String {
        level == .nation
            ? "\(root) IS NOT NULL" : "g.path <@ (SELECT path FROM huibao.region WHERE code = \(root))"
    }

    var departmentChild: String {
        switch split {
        case .department: return "d.id::text"
        case .kind: return "d.kind"
        case .region:
            switch level {
            case .nation: return "split_part(g.path::text, '.', 1)"
            case .province: return "coalesce(nullif(split_part(g.path::text, '.', 2), ''), g.code::text)"
            case .prefecture, .county: return "g.code::text"
            }
        }
    }

    // MARK: - running totals (alias t)

    /// Whether the running totals hold this split: they are kept per region and kind under each province and
    /// the nation, and per county (all kinds together) under each prefecture.
    func totalsAnswer(kindFilter: Bool) -> Bool {
        switch level {
        case .nation, .province: return true
        case .prefecture: return split == .region && !kindFilter
        case .county: return false
        }
    }

    var totalsChild: String { split == .kind ? "t.department_kind" : "t.region_code::text" }

    func totalsKind(_ kind: String?) -> String {
        if let kind { return "t.department_kind = \(kind)" }
        return split == .kind ? "t.department_kind <> '*'" : "t.department_kind = '*'"
    }
}

extension Period.Granularity {
    /// Coarse to fine: a figure stored for the period itself beats one composed from its quarters or months.
    var fineness: Int {
        switch self {
        case .year: return 0
        case .half: return 1
        case .quarter: return 2
        case .month: return 3
        }
    }
}

extension Period {
    /// The shorter periods inside this one (a year's halves, quarters and months), coarsest first.
    var shorterPeriods: [Period] {
        var found: [Period] = []
        let first = monthRange.lowerBound
        let last = monthRange.upperBound
        for granularity in [Granularity.half, .quarter, .month] where granularity.fineness > self.granularity.fineness {
            let span: Int
            switch granularity {
            case .half: span = 6
            case .quarter: span = 3
            default: span = 1
            }
            for index in 1...(12 / span) {
                let start = (index - 1) * span + 1
                if start >= first, start + span - 1 <= last,
                    let period = Period(year: year, granularity: granularity, index: index)
                {
                    found.append(period)
                }
            }
        }
        return found
    }
}
