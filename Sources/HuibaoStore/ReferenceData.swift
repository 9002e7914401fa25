public import Foundation
public import HuibaoCore
import HuibaoData
public import LibPQ

/// The reference data every database needs: the national divisions, the department kinds and the indicator
/// catalog. Loading is an upsert, so it is safe to repeat and picks up an edited catalog.
public struct ReferenceData {
    public struct Region: Sendable, Hashable {
        public var code: String
        public var name: String
        public var level: RegionLevel
        public var parentCode: String?
    }

    public var regions: [Region]
    public var catalog: Catalog

    public init(regions: [Region], catalog: Catalog) {
        self.regions = regions
        self.catalog = catalog
    }

    /// The divisions and catalog shipped in `data/`.
    public static func bundled() throws -> ReferenceData {
        let csv = try BundledData.contents("cn-divisions.csv")
        let catalog = try Catalog(json: try BundledData.contents("catalog.json"), source: "catalog.json")
        return ReferenceData(regions: try parseRegions(csv, source: "cn-divisions.csv"), catalog: catalog)
    }

    /// Parses `code,name,level,parent_code` (the shipped file's documented shape: no quoting, UTF-8, LF).
    public static func parseRegions(_ data: Data, source: String) throws -> [Region] {
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: source, message: "not UTF-8")
        }
        var regions: [Region] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if index == 0 || line.isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, fields[0].count == 6, let level = RegionLevel(rawValue: fields[2]) else {
                throw InputError(file: source, line: index + 1, message: "expected code,name,level,parent_code")
            }
            regions.append(
                Region(code: fields[0], name: fields[1], level: level, parentCode: fields[3].isEmpty ? nil : fields[3])
            )
        }
        return regions
    }

    /// `province.prefecture.county` for each code, from the parent links.
    func paths() throws -> [String: String] {
        let parents = Dictionary(uniqueKeysWithValues: regions.map { ($0.code, $0.parentCode) })
        var paths: [String: String] = [:]
        for region in regions {
            var chain = [region.code]
            var next = region.parentCode
            while let code = next {
                guard chain.count < 5, parents.keys.contains(code) else {
                    throw StoreError(.invalid, "region \(region.code) has a broken parent chain at \(code)")
                }
                chain.append(code)
                next = parents[code] ?? nil
            }
            paths[region.code] = chain.reversed().joined(separator: ".")
        }
        return paths
    }

    /// Upserts everything in one transaction.
    public func load(into db: Connection) throws {
        let paths = try self.paths()
        try db.transaction { db in
            try db.execute(
                """
                CREATE TEMP TABLE region_load (code char(6), name text, level text, parent_code char(6), path text)
                ON COMMIT DROP
                """
            )
            _ = try db.copyIn("COPY region_load FROM STDIN") { writer in
                for region in regions {
                    try writer.row([
                        region.code, region.name, region.level.rawValue, region.parentCode, paths[region.code],
                    ])
                }
            }
            // Parents first: ordering by path depth keeps the self-referencing foreign key satisfied.
            try db.execute(
                """
                INSERT INTO huibao.region (code, name, level, parent_code, path)
                SELECT code, name, level, parent_code, path::ltree FROM region_load ORDER BY nlevel(path::ltree)
                ON CONFLICT (code) DO UPDATE
                SET name = EXCLUDED.name, level = EXCLUDED.level, parent_code = EXCLUDED.parent_code, path = EXCLUDED.path
                WHERE (region.name, region.level, region.parent_code, region.path)
                    IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.level, EXCLUDED.parent_code, EXCLUDED.path)
                """
            )
            for kind in DepartmentKind.all {
                _ = try db.query(
                    """
                    INSERT INTO huibao.department_kind (code, name) VALUES ($1, $2)
                    ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name
                    """,
                    [.text(kind.code), .text(kind.name)]
                )
            }
            try loadCatalog(catalog, into: db)
        }
    }

    /// Upserts the catalog's indicators (a user's `--catalog` file goes through here too).
    public func loadCatalog(_ catalog: Catalog, into db: Connection) throws {
        for indicator in catalog.indicators {
            _ = try db.query(
                """
                INSERT INTO huibao.indicator (code, name, unit, category, region_aggregation, time_aggregation)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (code) DO UPDATE
                SET name = EXCLUDED.name, unit = EXCLUDED.unit, category = EXCLUDED.category,
                    region_aggregation = EXCLUDED.region_aggregation, time_aggregation = EXCLUDED.time_aggregation
                """,
                [
                    .text(indicator.code), .text(indicator.name), .text(indicator.unit),
                    .text(indicator.category.rawValue), .text(indicator.regionAggregation.rawValue),
                    .text(indicator.timeAggregation.rawValue),
                ]
            )
        }
    }
}
