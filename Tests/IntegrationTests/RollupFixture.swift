import HuibaoCore
import HuibaoStore
import LibPQ

/// A small country on a fresh database, with figures whose rollups were worked out by hand (see the tests).
///
/// 甘肃省 620000
///   庆阳市 621000: 庆阳市市场监督管理局 (本级, M); 西峰区 621002 (M); 环县 621022 (M, D, E); 华池县 621023 (M, D)
///   平凉市 620800: 崆峒区 620802 (M, D); 泾川县 620821 (M, named `=cmd|' /C calc'!A0`)
/// 重庆市 500000 → 重庆市 500100 (the municipality's pseudo-prefecture) → 万州区 500101 (M), 涪陵区 500102 (M)
/// Kinds: M market_regulation, D development_reform, E education.
struct RollupFixture {
    static let checked = "inspection.entities_checked"
    static let passRate = "sampling.pass_rate"
    static let started = "projects.started"
    static let enterprises = "enterprise.count"
    static let injectedName = "=cmd|' /C calc'!A0"

    let conninfo: String
    let db: Connection
    var departments: [String: Int64] = [:]
    /// One per connection: it prepares its statements once.
    let submitter: Submitter

    init() throws {
        let store = try StoreFixture()
        conninfo = store.conninfo
        db = store.db
        let directory = Directory(db)
        let layout: [(key: String, region: String, kind: String, name: String?)] = [
            ("庆阳M", "621000", "market_regulation", nil),
            ("西峰M", "621002", "market_regulation", nil),
            ("环县M", "621022", "market_regulation", nil),
            ("环县D", "621022", "development_reform", nil),
            ("环县E", "621022", "education", nil),
            ("华池M", "621023", "market_regulation", nil),
            ("华池D", "621023", "development_reform", nil),
            ("崆峒M", "620802", "market_regulation", nil),
            ("崆峒D", "620802", "development_reform", nil),
            ("泾川M", "620821", "market_regulation", Self.injectedName),
            ("万州M", "500101", "market_regulation", nil),
            ("涪陵M", "500102", "market_regulation", nil),
        ]
        for entry in layout {
            let (department, _) = try directory.addDepartment(region: entry.region, kind: entry.kind, name: entry.name)
            departments[entry.key] = department.id
        }
        submitter = Submitter(db, catalog: store.catalog)
        let submitter = self.submitter
        func submit(_ key: String, _ period: String, _ metrics: [Metric], text: String = "") throws {
            let report = ReportSubmission(
                departmentID: departments[key]!,
                period: Period(period)!,
                sourceText: "\(key) \(period) \(text)",
                metrics: metrics
            )
            _ = try submitter.submit(report)
        }
        func m(
            _ code: String,
            _ value: Double,
            qualifier: Qualifier? = nil,
            role: MetricRole? = nil,
            total: Int? = nil
        )
            -> Metric
        { Self.metric(code, value, qualifier: qualifier, role: role, total: total) }

        // 2023-03, the period the tests ask for.
        // 环县M: revision 1 said 1000 and 50%; revision 2 supersedes it. Its 186 is a part of the 653.
        try submit("环县M", "2023-03", [m(Self.checked, 1000), m(Self.passRate, 50)], text: "初稿")
        try submit(
            "环县M",
            "2023-03",
            [
                m(Self.checked, 653), m(Self.checked, 186, role: .part, total: 0),
                m(Self.passRate, 98), m(Self.passRate, 96), m(Self.enterprises, 12),
            ],
            text: "修订"
        )
        try submit("环县D", "2023-03", [m(Self.started, 12, qualifier: .above)])
        // 环县E has not reported.
        try submit("华池M", "2023-03", [m(Self.checked, 200), m(Self.passRate, 90), m(Self.enterprises, 35)])
        try submit("华池D", "2023-03", [m(Self.started, 5)])
        try submit("西峰M", "2023-03", [m(Self.checked, 300), m(Self.passRate, 100)])
        try submit("庆阳M", "2023-03", [m(Self.checked, 20)])
        try submit("崆峒M", "2023-03", [m(Self.checked, 150)])
        // 崆峒D has not reported.
        try submit("泾川M", "2023-03", [m(Self.checked, 50)])
        try submit("万州M", "2023-03", [m(Self.checked, 400)])
        try submit("涪陵M", "2023-03", [m(Self.checked, 100, qualifier: .plus)])

        // The previous month and the rest of the first quarter.
        try submit("环县M", "2023-02", [m(Self.checked, 500)])
        try submit("环县M", "2023-01", [m(Self.checked, 300), m(Self.enterprises, 10)])
        try submit("华池M", "2023-02", [m(Self.checked, 100), m(Self.enterprises, 32)])
        try submit("华池M", "2023-01", [m(Self.checked, 50), m(Self.enterprises, 30)])
        try submit("西峰M", "2023-02", [m(Self.checked, 300)])
        // 西峰M also reported the quarter as a whole: that figure wins over its months.
        try submit("西峰M", "2023-Q1", [m(Self.checked, 900)])
        // The same month a year earlier.
        try submit("环县M", "2022-03", [m(Self.checked, 400)])

        try addTarget(region: "621022", kind: nil, Self.checked, "2023-03", 1306)
        try addTarget(region: "621022", kind: "market_regulation", Self.checked, "2023-03", 1000)
        try addTarget(region: "621000", kind: nil, Self.checked, "2023-03", 2346)
        try addTarget(region: "620000", kind: nil, Self.checked, "2023-03", 2746)
    }

    func addTarget(region: String, kind: String?, _ indicator: String, _ period: String, _ value: Double) throws {
        _ = try db.query(
            """
            INSERT INTO huibao.target (region_code, department_kind, indicator_code, period, value)
            VALUES ($1, $2, $3, $4, $5::numeric)
            """,
            [.text(region), .optional(kind), .text(indicator), .text(period), .numeric(value.plainText)]
        )
    }

    static func metric(
        _ indicator: String,
        _ value: Double,
        qualifier: Qualifier? = nil,
        role: MetricRole? = nil,
        total: Int? = nil
    ) -> Metric {
        let text = "数\(value.plainText)\(qualifier?.rawValue ?? "")"
        return Metric(
            start: 0,
            end: text.unicodeScalars.count,
            text: text,
            value: value,
            unit: "家",
            qualifier: qualifier,
            indicator: indicator,
            role: role,
            totalIndex: total
        )
    }
}

extension RollupResult {
    /// The row of `indicator` for a child (a region code, or a department's or kind's name), or the total.
    func row(_ indicator: String, _ child: String? = nil) -> RollupRow? {
        rows.first { row in
            guard row.indicatorCode == indicator else { return false }
            guard let child else { return row.isTotal }
            return !row.isTotal && (grouping == .child ? row.regionCode == child : row.departmentName == child)
        }
    }
}

/// Equal to about a millionth: values pass through numeric, float8 and division.
func close(_ actual: Double?, _ expected: Double?) -> Bool {
    switch (actual, expected) {
    case (nil, nil): return true
    case let (a?, e?): return abs(a - e) <= 1e-6 * max(1, abs(e))
    default: return false
    }
}
