public import Foundation
public import HuibaoCore
import HuibaoData

/// Report text → metrics with provenance. Pure and single-pass: lines are read one at a time, so memory
/// stays flat in the size of the input apart from the metrics themselves.
public struct Extractor: Sendable {
    public let catalog: Catalog
    public let units: UnitTable
    let scanner: FigureScanner
    let indicators: CatalogMatcher
    let unitBits: [UInt64]
    let percentBit: UInt64

    public init(catalog: Catalog, units: UnitTable) {
        self.catalog = catalog
        self.units = units
        self.scanner = FigureScanner(units: units, notMetrics: units.notMetricPhrases)
        self.indicators = CatalogMatcher(catalog)
        let bits = indicators.unitBits(for: units)
        self.unitBits = bits
        self.percentBit = units.all.first { $0.base == "%" }.map { bits[$0.id] } ?? 0
    }

    /// The shipped catalog and unit table.
    public static func bundled() throws -> Extractor {
        let catalog = try Catalog(json: BundledData.contents("catalog.json"), source: "catalog.json")
        return Extractor(catalog: catalog, units: try UnitTable.bundled())
    }

    static let longLine = 1 << 16

    /// The reports in `text`, metrics numbered per document; offsets count Unicode scalars in `text`.
    public func extract(_ text: String) -> [ExtractedReport] {
        read(text, into: ExtractionRun(extractor: self))
    }

    /// Streams the metrics of `text` to `body` in order, one paragraph at a time, so memory stays flat however
    /// many metrics a file holds; the reports returned carry titles, departments and spans but no metrics.
    /// `Metric.totalIndex` still counts within the document.
    public func extract(_ text: String, each body: (Metric) -> Void) -> [ExtractedReport] {
        withoutActuallyEscaping(body) { body in
            var run = ExtractionRun(extractor: self)
            run.sink = body
            return read(text, into: run)
        }
    }

    private func read(_ text: String, into start: ExtractionRun) -> [ExtractedReport] {
        var run = start
        var text = text
        let end = text.withUTF8 { bytes in run.consume(bytes) }
        return run.finish(end: end)
    }

}
