import Foundation
public import HuibaoCore
public import LibPQ

/// A region as stored, with the names of its ancestors (甘肃省 > 庆阳市 > 环县).
public struct RegionEntry: Sendable, Hashable {
    public var code: String
    public var name: String
    public var level: RegionLevel
    public var parentCode: String?
    public var pathNames: [String]

    public var pathDescription: String { pathNames.joined(separator: " > ") }
}

/// A department that submits reports: one per kind per region.
public struct Department: Sendable, Hashable {
    public var id: Int64
    public var regionCode: String
    public var regionName: String
    public var kind: String
    public var name: String
}

/// Looking up regions and departments by what a user types: a code, an id or a Chinese name.
public struct Directory {
    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    static let regionColumns = """
        r.code, r.name, r.level, r.parent_code,
        (SELECT string_agg(a.name, ' > ' ORDER BY nlevel(a.path)) FROM huibao.region a WHERE a.path @> r.path)
        """

    /// Regions whose code is `query`, or whose name contains it (exact names first).
    public func findRegions(_ query: String, limit: Int = 20) throws -> [RegionEntry] {
        let rows = try db.query(
            """
            SELECT \(Self.regionColumns)
            FROM huibao.region r
            WHERE r.code = $1 OR strpos(r.name, $1) > 0
            ORDER BY (r.code = $1 OR r.name = $1) DESC, length(r.name), r.code
            LIMIT $2
            """,
            [.text(query), .int(limit)]
        )
        return try (0..<rows.rowCount).map { try regionEntry(rows, $0) }
    }

    /// Exactly one region for `query`, or an error that lists the candidates.
    public func region(_ query: String) throws -> RegionEntry {
        let found = try findRegions(query)
        if let exact = found.first(where: { $0.code == query || $0.name == query }),
            found.filter({ $0.code == query || $0.name == query }).count == 1
        {
            return exact
        }
        if found.count == 1 { return found[0] }
        if found.isEmpty { throw StoreError(.notFound, "no region matches '\(query)'; try `huibao regions find`") }
        let list = found.prefix(8).map { "\($0.code) \($0.pathDescription)" }.joined(separator: "; ")
        throw StoreError(.ambiguous, "'\(query)' matches several regions: \(list); give the code")
    }

    public func children(of code: String) throws -> [RegionEntry] {
        let rows = try db.query(
            "SELECT \(Self.regionColumns) FROM huibao.region r WHERE r.parent_code = $1 ORDER BY r.code",
            [.text(code)]
        )
        return try (0..<rows.rowCount).map { try regionEntry(rows, $0) }
    }

    func regionEntry(_ rows: QueryResult, _ row: Int) throws -> RegionEntry {
        RegionEntry(
            code: try rows.decode(String.self, row: row, column: 0),
            name: try rows.decode(String.self, row: row, column: 1),
            level: RegionLevel(rawValue: try rows.decode(String.self, row: row, column: 2)) ?? .county,
            parentCode: try rows.decode(String?.self, row: row, column: 3),
            pathNames: (try rows.decode(String.self, row: row, column: 4)).components(separatedBy: " > ")
        )
    }

    // MARK: - Departments

    static let departmentColumns = "d.id, d.region_code, r.name, d.kind, d.name"

    /// Adds a department (or returns the existing one of that kind in that region).
    /// The default name joins the region's name and the kind's (环县 + 市场监督管理局).
    public func addDepartment(region: String, kind: String, name: String? = nil) throws -> (Department, created: Bool) {
        guard let departmentKind = DepartmentKind.named(kind) ?? DepartmentKind.matching(name: kind) else {
            let known = DepartmentKind.all.map(\.code).joined(separator: ", ")
            throw StoreError(.invalid, "unknown department kind '\(kind)'; known kinds: \(known)")
        }
        let place = try self.region(region)
        let fullName = name ?? place.name + departmentKind.name
        let inserted = try db.query(
            """
            INSERT INTO huibao.department (region_code, kind, name) VALUES ($1, $2, $3)
            ON CONFLICT (region_code, kind) DO NOTHING
            RETURNING id
            """,
            [.text(place.code), .text(departmentKind.code), .text(fullName)]
        )
        let department = try departments(region: place.code).first { $0.kind == departmentKind.code }
        guard let department else { throw StoreError(.conflict, "department \(fullName) could not be stored") }
        return (department, inserted.rowCount == 1)
    }

    /// Departments, optionally only those of a region's subtree.
    public func departments(region: String? = nil) throws -> [Department] {
        let rows: QueryResult
        if let region {
            rows = try db.query(
                """
                SELECT \(Self.departmentColumns)
                FROM huibao.department d JOIN huibao.region r ON r.code = d.region_code
                WHERE r.path <@ (SELECT path FROM huibao.region WHERE code = $1)
                ORDER BY d.region_code, d.kind
                """,
                [.text(region)]
            )
        } else {
            rows = try db.query(
                """
                SELECT \(Self.departmentColumns)
                FROM huibao.department d JOIN huibao.region r ON r.code = d.region_code
                ORDER BY d.region_code, d.kind
                """
            )
        }
        return try (0..<rows.rowCount).map { try department(rows, $0) }
    }

    /// One department by id or name: an exact name wins; otherwise the name must match exactly one.
    public func department(_ query: String) throws -> Department {
        let rows = try db.query(
            """
            SELECT \(Self.departmentColumns)
            FROM huibao.department d JOIN huibao.region r ON r.code = d.region_code
            WHERE d.id::text = $1 OR d.name = $1 OR strpos(d.name, $1) > 0
            ORDER BY (d.id::text = $1 OR d.name = $1) DESC, d.id
            LIMIT 10
            """,
            [.text(query)]
        )
        let found = try (0..<rows.rowCount).map { try department(rows, $0) }
        if let byID = found.first(where: { String($0.id) == query }) { return byID }
        let exact = found.filter { $0.name == query }
        if exact.count == 1 { return exact[0] }
        if exact.isEmpty, found.count == 1 { return found[0] }
        if found.isEmpty {
            throw StoreError(.notFound, "no department matches '\(query)'; see `huibao departments list`")
        }
        let list = found.map { "\($0.id) \($0.name)" }.joined(separator: "; ")
        throw StoreError(.ambiguous, "'\(query)' matches several departments: \(list); give the id")
    }

    func department(_ rows: QueryResult, _ row: Int) throws -> Department {
        Department(
            id: try rows.decode(Int64.self, row: row, column: 0),
            regionCode: try rows.decode(String.self, row: row, column: 1),
            regionName: try rows.decode(String.self, row: row, column: 2),
            kind: try rows.decode(String.self, row: row, column: 3),
            name: try rows.decode(String.self, row: row, column: 4)
        )
    }
}
