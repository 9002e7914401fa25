import Foundation
import HuibaoCore
import Testing

@testable import HuibaoExtract

/// The extractor against hand-labelled reports of many departments, scored the way `score.py` scores:
/// a prediction matches a gold metric when its span overlaps an occurrence of the gold quote and its value
/// in base units agrees; borderline gold is optional.
@Suite struct CorpusTests {
    struct Gold: Decodable {
        var doc: String
        var quote: String
        var value: Double
        var unit: String
        var qualifier: String?
        var kind: String?
        var category: String?
        var borderline: Bool?
    }

    struct Score {
        var gold = 0
        var predicted = 0
        var matched = 0
        var kindAgree = 0
        var qualifierAgree = 0
        var qualifierPairs = 0
        var categoryAgree = 0
        var misses: [String] = []
        var extras: [String] = []

        var precision: Double { predicted == 0 ? 0 : Double(matched) / Double(predicted) }
        var recall: Double { gold == 0 ? 0 : Double(matched) / Double(gold) }
        var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    }

    static let corpus = Bundle.module.url(forResource: "Fixtures/corpus", withExtension: nil)!
    /// Reports labelled by hand before the extractor first ran on them (see its README).
    static let heldout = Bundle.module.url(forResource: "Fixtures/heldout", withExtension: nil)!

    /// score.py's base_of: the written unit's multiplier applied.
    static func base(_ value: Double, _ unit: String) -> (Double, String) {
        let money: [String: Double] = ["元": 1, "千元": 1e3, "万元": 1e4, "百万元": 1e6, "千万元": 1e7, "亿元": 1e8, "万亿元": 1e12]
        if let m = money[unit] { return (value * m, "元") }
        var u = unit == "个百分点" ? "百分点" : unit == "％" ? "%" : unit
        let prefix: [Character: Double] = ["万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2, "十": 10]
        var mult = 1.0
        if u.count > 1, let first = u.first, let m = prefix[first], u != "百分点" {
            mult = m
            u.removeFirst()
        }
        return (value * mult, u)
    }

    static func occurrences(of quote: String, in text: [Unicode.Scalar]) -> [Range<Int>] {
        let q = Array(quote.unicodeScalars)
        guard !q.isEmpty, q.count <= text.count else { return [] }
        return (0...(text.count - q.count)).filter { Array(text[$0..<($0 + q.count)]) == q }.map { $0..<($0 + q.count) }
    }

    static func score(_ corpus: URL = corpus) throws -> Score {
        let lines = try String(contentsOf: corpus.appendingPathComponent("labels.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        let golds = try lines.map { try JSONDecoder().decode(Gold.self, from: Data($0.utf8)) }
        let extractor = try Extractor.bundled()
        var score = Score()
        for doc in Set(golds.map(\.doc)).sorted() {
            let text = try String(contentsOf: corpus.appendingPathComponent(doc + ".txt"), encoding: .utf8)
            let scalars = Array(text.unicodeScalars)
            let predictions = extractor.extract(text).flatMap(\.metrics)
            var used = Set<Int>()
            var optionalHits = 0
            for gold in golds where gold.doc == doc {
                let spans = occurrences(of: gold.quote, in: scalars)
                #expect(!spans.isEmpty, "quote not in \(doc): \(gold.quote)")
                let (goldValue, goldUnit) = base(gold.value, gold.unit)
                if gold.borderline != true { score.gold += 1 }
                let hit = predictions.indices.first { i in
                    let p = predictions[i]
                    let baseUnit = p.baseUnit == "个百分点" ? "百分点" : p.baseUnit
                    return !used.contains(i) && spans.contains { $0.overlaps(p.start..<p.end) }
                        && abs(p.baseValue - goldValue) <= max(1e-9, 1e-6 * abs(goldValue)) && baseUnit == goldUnit
                }
                guard let i = hit else {
                    if gold.borderline != true { score.misses.append("\(doc): \(gold.quote)") }
                    continue
                }
                used.insert(i)
                if gold.borderline == true {
                    optionalHits += 1
                    continue
                }
                let p = predictions[i]
                score.matched += 1
                if p.kind.rawValue == gold.kind { score.kindAgree += 1 }
                if p.category.rawValue == gold.category { score.categoryAgree += 1 }
                if p.qualifier != nil || gold.qualifier != nil {
                    score.qualifierPairs += 1
                    if p.qualifier?.rawValue == gold.qualifier { score.qualifierAgree += 1 }
                }
            }
            score.predicted += predictions.count - optionalHits
            for i in predictions.indices where !used.contains(i) {
                score.extras.append("\(doc): \(predictions[i].text)")
            }
        }
        return score
    }

    @Test func scoresHighOnReportsOfManyDepartments() throws {
        let score = try Self.score()
        #expect(score.gold >= 300)
        #expect(score.f1 >= 0.97, "missed \(score.misses), extra \(score.extras)")
        #expect(Double(score.kindAgree) / Double(score.matched) >= 0.95)
        #expect(Double(score.categoryAgree) / Double(score.matched) >= 0.9)
        #expect(Double(score.qualifierAgree) / Double(max(1, score.qualifierPairs)) >= 0.9)
    }

    @Test func scoresHighOnReportsLabelledBeforeTheFirstRun() throws {
        let score = try Self.score(Self.heldout)
        #expect(score.gold >= 100)
        #expect(score.f1 >= 0.97, "missed \(score.misses), extra \(score.extras)")
        #expect(Double(score.kindAgree) / Double(score.matched) >= 0.9)
        #expect(Double(score.categoryAgree) / Double(score.matched) >= 0.85)
        #expect(Double(score.qualifierAgree) / Double(max(1, score.qualifierPairs)) >= 0.9)
    }

    @Test func everyReportFileHasLabels() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).filter {
            $0.hasSuffix(".txt")
        }
        let labels = try String(contentsOf: Self.corpus.appendingPathComponent("labels.jsonl"), encoding: .utf8)
        #expect(files.count >= 30)
        for file in files {
            #expect(labels.contains("\"doc\": \"\(file.dropLast(4))\""), "no labels for \(file)")
        }
    }
}
