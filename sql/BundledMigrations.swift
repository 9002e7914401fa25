public import Foundation

/// The numbered migrations in this folder, shipped as bundle resources so the binary carries its schema.
public enum BundledMigrations {
    /// Every `NNNN_name.sql` file, as (file name, SQL text), in version order.
    public static func files() throws -> [(name: String, sql: String)] {
        let folder = Bundle.module.bundleURL
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".sql") }
            .sorted()
        return try names.map { name in
            (name, try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
        }
    }
}
