import Foundation
import LibPQ

/// Collects the values of a statement assembled from fixed fragments: `add` returns the `$n::type` placeholder to
/// write into the SQL, so only placeholders, never values, go into the text, and every placeholder is typed (an
/// untyped `$n` that only appears in `IS NULL` would leave the server unable to infer its type). Region codes are
/// `char(6)`: compare them with `char(6)` placeholders, never `text`, or the server casts the column and cannot use
/// its index (a full scan of the totals or figures).
struct SQLParameters {
    private(set) var values: [PostgresValue] = []

    mutating func add(_ value: PostgresValue, _ type: String) -> String {
        values.append(value)
        return "$\(values.count)::\(type)"
    }

    /// An array; `type` is `text[]`, or `char(6)[]` for region codes, so that comparing it with a `char(6)`
    /// column keeps that column's index usable (a `text` parameter would cast the column instead).
    mutating func add(texts: [String]?, _ type: String = "text[]") -> String {
        add(texts.map { .text(Self.arrayLiteral($0)) } ?? .null, type)
    }

    /// An array in PostgreSQL's literal form, every element quoted and escaped; nil is NULL.
    static func arrayLiteral(_ elements: [String?]) -> String {
        let quoted = elements.map { element in
            element.map {
                "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    + "\""
            } ?? "NULL"
        }
        return "{" + quoted.joined(separator: ",") + "}"
    }
}
