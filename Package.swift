// swift-tools-version: 6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    // Imports are internal unless written `public import`: no libpq type can leak out of LibPQ.
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "huibao",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "huibao", targets: ["huibao"]),
        .library(name: "LibPQ", targets: ["LibPQ"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // libpq, the C client library; headers and link flags come from pkg-config (libpq-dev).
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
        ),

        // Libraries
        .target(name: "LibPQ", dependencies: ["CLibPQ"], swiftSettings: swiftSettings),
        .target(name: "HuibaoCore", swiftSettings: swiftSettings),
        // The shipped reference data in data/, as bundle resources.
        .target(
            name: "HuibaoData",
            path: "data",
            exclude: ["README.md", "REGIONS.md"],
            resources: [
                .copy("catalog.json"),
                .copy("units.json"),
                .copy("cn-divisions.csv"),
                .copy("samples"),
            ],
            swiftSettings: swiftSettings
        ),
        // The numbered migrations in sql/, as bundle resources.
        .target(
            name: "HuibaoMigrations",
            path: "sql",
            resources: [
                .copy("0001_schema.sql"),
                .copy("0002_roles.sql"),
                .copy("0003_rollup_totals.sql"),
                .copy("0004_admin_grants.sql"),
                .copy("0005_department_names.sql"),
                .copy("0006_figure_keys.sql"),
                .copy("0007_faster_totals.sql"),
                .copy("0008_figure_indicator_key.sql"),
                .copy("0009_lighter_figure_writes.sql"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HuibaoExtract",
            dependencies: ["HuibaoCore", "HuibaoData", "ZIPFoundation"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HuibaoStore",
            dependencies: [
                "HuibaoCore",
                "HuibaoData",
                "HuibaoMigrations",
                "LibPQ",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CSV", package: "CSV.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HuibaoCLI",
            dependencies: [
                "HuibaoCore",
                "HuibaoExtract",
                "HuibaoStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CSV", package: "CSV.swift"),
            ],
            swiftSettings: swiftSettings
        ),

        // Executables
        .executableTarget(
            name: "huibao",
            dependencies: [
                "HuibaoCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Benchmarks that print figures (`swift run -c release huibao-bench --help`); never part of the tests.
        .executableTarget(
            name: "huibao-bench",
            dependencies: [
                "LibPQ",
                "HuibaoCore",
                "HuibaoExtract",
                "HuibaoStore",
                "HuibaoCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        // Tests
        .testTarget(name: "LibPQTests", dependencies: ["LibPQ"], swiftSettings: swiftSettings),
        .testTarget(name: "HuibaoCoreTests", dependencies: ["HuibaoCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "HuibaoExtractTests",
            dependencies: ["HuibaoCore", "HuibaoExtract"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HuibaoCLITests",
            dependencies: [
                "HuibaoCLI",
                "HuibaoCore",
                "HuibaoStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "LibPQ",
                "HuibaoCore",
                "HuibaoExtract",
                "HuibaoStore",
                "HuibaoCLI",
                .product(name: "CSV", package: "CSV.swift"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
