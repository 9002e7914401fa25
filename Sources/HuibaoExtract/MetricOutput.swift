public import HuibaoCore

/// The extraction contract's JSON line for one metric (DESIGN.md, "Extraction output").
public func jsonLine(file: String, metric: Metric) -> String {
    var out = JSONLineWriter()
    out.string("file", file)
    out.raw("document", String(metric.document))
    out.string("section", metric.section)
    out.raw("start", String(metric.start))
    out.raw("end", String(metric.end))
    out.string("text", metric.text)
    out.number("value", metric.value)
    out.string("unit", metric.unit)
    out.number("base_value", metric.baseValue)
    out.string("base_unit", metric.baseUnit)
    out.string("qualifier", metric.qualifier?.rawValue)
    out.string("kind", metric.kind.rawValue)
    out.string("category", metric.category.rawValue)
    out.string("indicator", metric.indicator)
    out.string("subject", metric.subject)
    out.string("action", metric.action)
    out.string("role", metric.role?.rawValue)
    out.raw("total_index", metric.totalIndex.map(String.init) ?? "null")
    out.string("period", metric.period)
    return out.finish()
}

/// Builds one JSON object as UTF-8 bytes: a line per metric, millions of lines for a large file.
struct JSONLineWriter {
    private var bytes: [UInt8] = [UInt8(ascii: "{")]

    init() { bytes.reserveCapacity(512) }

    private mutating func key(_ name: String) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: name.utf8)
        bytes.append(contentsOf: "\":".utf8)
    }

    mutating func raw(_ name: String, _ value: String) {
        key(name)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func number(_ name: String, _ value: Double) {
        raw(name, value.isFinite ? value.plainText : "null")
    }

    mutating func string(_ name: String, _ value: String?) {
        key(name)
        guard let value else {
            bytes.append(contentsOf: "null".utf8)
            return
        }
        appendQuoted(value)
    }

    mutating func appendQuoted(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for b in value.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
            case 10: bytes.append(contentsOf: "\\n".utf8)
            case 13: bytes.append(contentsOf: "\\r".utf8)
            case 9: bytes.append(contentsOf: "\\t".utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(hex[Int(b >> 4)])
                bytes.append(hex[Int(b & 15)])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func finish() -> String {
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A JSON string literal: quotes, backslashes and control characters escaped; Chinese kept as it is.
func jsonQuoted(_ s: String) -> String {
    var writer = JSONLineWriter()
    writer.appendQuoted(s)
    return String(writer.finish().dropFirst().dropLast())
}
