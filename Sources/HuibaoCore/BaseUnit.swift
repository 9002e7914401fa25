/// Converts a figure as written to its base unit, so figures written 60万亩 and 600000亩 compare and add up:
/// money goes to 元 (700亿元 → 70000000000 元), a leading 万/亿/千 scales any other unit (3万人次 → 30000 人次),
/// and 个百分点 stays as written.
public enum BaseUnit {
    static let multipliers: [Character: Double] = ["万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2, "十": 10]

    public static func convert(value: Double, unit: String) -> (value: Double, unit: String) {
        let unit = unit == "％" ? "%" : unit
        guard unit.count > 1, unit != "个百分点", unit != "百分点", !unit.hasPrefix("百分之") else {
            return (value, unit)
        }
        var factor = 1.0
        var rest = Substring(unit)
        // Money stacks prefixes (万亿元, 百万元); other units take one.
        if unit.hasSuffix("元") {
            while let first = rest.first, let m = multipliers[first], rest.count > 1 {
                factor *= m
                rest = rest.dropFirst()
            }
            return (value * factor, String(rest))
        }
        if let first = rest.first, let m = multipliers[first] {
            return (value * m, String(rest.dropFirst()))
        }
        return (value, unit)
    }
}
