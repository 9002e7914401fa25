import ArgumentParser
import Foundation
import HuibaoCore
import HuibaoData

/// `--catalog FILE`: a user's indicators and rules on top of the shipped catalog, without recompiling.
struct CatalogOptions: ParsableArguments {
    @Option(
        name: .customLong("catalog"),
        help: ArgumentHelp(
            "An indicator catalog (JSON, same shape as data/catalog.json) that extends the shipped one.",
            discussion:
                "An indicator with a code the shipped catalog has replaces it; new codes are added and their rules win.",
            valueName: "file"
        )
    )
    var path: String?

    func load() throws -> Catalog {
        let shipped = try Self.shipped()
        guard let path else { return shipped }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("\(path): cannot read the catalog file")
        }
        return shipped.extended(by: try Catalog(json: data, source: path))
    }

    /// The catalog this huibao ships (data/catalog.json).
    static func shipped() throws -> Catalog {
        try Catalog(json: try BundledData.contents("catalog.json"), source: "catalog.json")
    }
}
