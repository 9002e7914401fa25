import Foundation
import HuibaoCore
import HuibaoStore
import LibPQ

/// A fresh, migrated database with the reference data loaded: what every store test starts from.
struct StoreFixture {
    let conninfo: String
    let db: Connection
    let catalog: Catalog

    init() throws {
        conninfo = try TestDatabase.freshDatabase()
        db = try Connection(conninfo)
        try Migrator.bundled().migrate(db)
        let reference = try ReferenceData.bundled()
        try reference.load(into: db)
        catalog = reference.catalog
    }

    func department(_ region: String, _ kind: String) throws -> Department {
        try Directory(db).addDepartment(region: region, kind: kind).0
    }

    /// A metric as extraction would give it, placed at `start` in a text.
    static func metric(
        _ value: Double,
        _ unit: String,
        indicator: String?,
        at start: Int = 0,
        kind: MetricKind = .actual,
        role: MetricRole? = nil,
        total: Int? = nil,
        qualifier: Qualifier? = nil,
        subject: String? = nil
    ) -> Metric {
        Metric(
            start: start,
            end: start + 3,
            text: "\(value.plainText)\(unit)",
            value: value,
            unit: unit,
            qualifier: qualifier,
            kind: kind,
            category: .inspection,
            indicator: indicator,
            subject: subject,
            action: "检查",
            role: role,
            totalIndex: total
        )
    }

    func count(_ sql: String, _ parameters: [PostgresValue] = []) throws -> Int {
        try db.query(sql, parameters).decode(Int.self, row: 0, column: 0)
    }
}

/// Collects results from threads that each own a connection.
final class ThreadResults<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [Value] = []

    func append(_ value: Value) {
        lock.lock()
        values.append(value)
        lock.unlock()
    }
}

/// Runs `body` on `count` threads at once and waits for all of them.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        let thread = Thread {
            body(index)
            group.leave()
        }
        thread.stackSize = 4 << 20
        thread.start()
    }
    group.wait()
}
