public import Foundation

/// The reference data Huibao ships (this folder): the indicator catalog, the unit table, the national
/// administrative divisions and the demo's sample reports. SwiftPM copies them next to the binary.
public enum BundledData {
    /// The URL of a shipped file or folder (`catalog.json`, `units.json`, `cn-divisions.csv`, `samples`).
    public static func url(_ name: String) -> URL? {
        Bundle.module.url(forResource: name, withExtension: nil)
    }

    public static func contents(_ name: String) throws -> Data {
        guard let url = url(name) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: name])
        }
        return try Data(contentsOf: url)
    }
}
