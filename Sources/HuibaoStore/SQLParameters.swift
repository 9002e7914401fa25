import Foundation
import LibPQ

/// Collects the values of a statement assembled from fixed fragments: `add` returns the `$n::type` placeholder to
/// write into the SQL, so only placeholders, never values, go into the text, and every placeholder is typed (an
/// untyped `$n` that only appears in `IS NULL` would leave the server unable to infer its type).
struct SQLParameters {
    private(set) var values: [PostgresValue] = []

    mutating func add(_ value: PostgresValue, _ type: String) -> String {
        values.append(value)
        return "$\(values.count)::\(type)"
    }

    mutating func add(texts: [String]?) -> String {
        add(texts.map { .text(Self.arrayLiteral($0)) } ?? .null, "text[]")
    }

    /// A text array in PostgreSQL's literal form, every element quoted and escaped.
    static func arrayLiteral(_ elements: [String]) -> String {
        let quoted = elements.map { element in
            "\"" + element.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                + "\""
        }
        return "{" + quoted.joined(separator: ",") + "}"
    }
}
