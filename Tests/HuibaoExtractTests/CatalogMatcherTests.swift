import Foundation
import HuibaoCore
import Testing

@testable import HuibaoExtract

@Suite struct CatalogMatcherTests {
    @Test func agreesWithTheCatalogOnEveryCorpusMetric() throws {
        let extractor = try Extractor.bundled()
        let corpus = Bundle.module.url(forResource: "Fixtures/corpus", withExtension: nil)!
        var checked = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: corpus.path) where file.hasSuffix(".txt") {
            let text = try String(contentsOf: corpus.appendingPathComponent(file), encoding: .utf8)
            for metric in extractor.extract(text).flatMap(\.metrics) {
                #expect(metric.indicator == extractor.catalog.indicator(for: metric)?.code, "\(file): \(metric.text)")
                checked += 1
            }
        }
        #expect(checked > 300)
    }
}
