public import HuibaoCore

/// The extraction contract's JSON line for one metric (DESIGN.md, "Extraction output").
public func jsonLine(file: String, metric: Metric) -> String {
    var out = "{"
    func key(_ name: String) { out += out.count > 1 ? ",\"\(name)\":" : "\"\(name)\":" }
    func string(_ name: String, _ value: String?) {
        key(name)
        if let value { out += jsonQuoted(value) } else { out += "null" }
    }
    func number(_ name: String, _ value: Double) {
        key(name)
        out += value.isFinite ? value.plainText : "null"
    }
    string("file", file)
    key("document"); out += String(metric.document)
    string("section", metric.section)
    key("start"); out += String(metric.start)
    key("end"); out += String(metric.end)
    string("text", metric.text)
    number("value", metric.value)
    string("unit", metric.unit)
    number("base_value", metric.baseValue)
    string("base_unit", metric.baseUnit)
    string("qualifier", metric.qualifier?.rawValue)
    string("kind", metric.kind.rawValue)
    string("category", metric.category.rawValue)
    string("indicator", metric.indicator)
    string("subject", metric.subject)
    string("action", metric.action)
    string("role", metric.role?.rawValue)
    key("total_index"); out += metric.totalIndex.map(String.init) ?? "null"
    string("period", metric.period)
    out += "}"
    return out
}

/// A JSON string literal: quotes, backslashes and control characters escaped; Chinese kept as it is.
func jsonQuoted(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
