/// The kind of a department: what makes 环县市场监管局 comparable with 华池县市场监管局.
///
/// A controlled vocabulary; `names` are the ways reports and users write it, longest first where one contains another.
public struct DepartmentKind: Sendable, Hashable, Codable, CustomStringConvertible {
    public let code: String
    public let name: String
    public let names: [String]

    public var description: String { code }

    public static let all: [DepartmentKind] = [
        .init(code: "market_regulation", name: "市场监督管理局", names: ["市场监督管理局", "市场监管局", "市场监管"]),
        .init(
            code: "development_reform",
            name: "发展和改革局",
            names: ["发展和改革委员会", "发展和改革局", "发展改革委", "发展改革局", "发改委", "发改局"]
        ),
        .init(code: "housing", name: "住房和城乡建设局", names: ["住房和城乡建设局", "住房城乡建设局", "住建局"]),
        .init(code: "agriculture", name: "农业农村局", names: ["农业农村局", "农牧局", "农业局"]),
        .init(code: "education", name: "教育局", names: ["教育和体育局", "教育局", "教体局"]),
        .init(code: "health", name: "卫生健康局", names: ["卫生健康委员会", "卫生健康局", "卫健委", "卫健局"]),
        .init(code: "transport", name: "交通运输局", names: ["交通运输局", "交通局"]),
        .init(code: "commerce", name: "商务局", names: ["商务局", "工信商务局", "工业和信息化局"]),
        .init(code: "emergency", name: "应急管理局", names: ["应急管理局", "应急局"]),
        .init(code: "natural_resources", name: "自然资源局", names: ["自然资源局"]),
        .init(code: "ecology_environment", name: "生态环境局", names: ["生态环境局", "环保局"]),
        .init(code: "water", name: "水务局", names: ["水务局", "水利局"]),
        .init(code: "civil_affairs", name: "民政局", names: ["民政局"]),
        .init(code: "human_resources", name: "人力资源和社会保障局", names: ["人力资源和社会保障局", "人社局"]),
        .init(code: "finance", name: "财政局", names: ["财政局"]),
        .init(code: "culture_tourism", name: "文化和旅游局", names: ["文化和旅游局", "文旅局", "文体旅游局"]),
        .init(code: "statistics", name: "统计局", names: ["统计局"]),
        .init(code: "public_security", name: "公安局", names: ["公安局"]),
    ]

    public static func named(_ code: String) -> DepartmentKind? {
        all.first { $0.code == code }
    }

    /// The kind a department's Chinese name belongs to (庆城县市场监管局 → market_regulation).
    public static func matching(name: String) -> DepartmentKind? {
        var best: (kind: DepartmentKind, length: Int)?
        for kind in all {
            for alias in kind.names where name.contains(alias) {
                if alias.count > (best?.length ?? 0) { best = (kind, alias.count) }
            }
        }
        return best?.kind
    }
}
