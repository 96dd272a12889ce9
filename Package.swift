// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Veil",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "veil", targets: ["veil"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
    ],
    targets: [
        // C libraries: a module map and one shim.h each, nothing more.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // libc calls Swift cannot make itself (variadic prctl); nothing to link.
        .systemLibrary(name: "CLibC"),

        // The only importer of CLibPQ: connection, result, COPY streams, SQLSTATE errors.
        .target(name: "PostgresDriver", dependencies: ["CLibPQ"]),
        // The only importer of CSQLite: connection, statement, row cursor.
        .target(name: "SQLiteDriver", dependencies: ["CSQLite"]),
        // The only importer of COpenSSL and CLibC.
        .target(name: "VeilCrypto", dependencies: ["COpenSSL", "CLibC"]),
        // Values, rows, schema and the source/sink contracts: no C, no I/O.
        .target(name: "VeilCore"),
        .target(name: "VeilProfile", dependencies: ["VeilCore", .product(name: "Yams", package: "Yams")]),
        .target(
            name: "VeilMasking",
            dependencies: ["VeilCore", "VeilCrypto"],
            resources: [.copy("Resources/Words")]
        ),
        // Files that appear under their final name only when complete (0600, synced), and the raw syscalls behind them.
        .target(name: "VeilFiles", dependencies: ["VeilCore"]),
        .target(name: "VeilConnectors", dependencies: ["VeilCore", "VeilFiles", "SQLiteDriver", "PostgresDriver"]),
        .target(
            name: "VeilVault", dependencies: ["VeilCore", "VeilCrypto", "VeilFiles", "SQLiteDriver", "PostgresDriver"]),
        .target(
            name: "VeilPipeline",
            dependencies: [
                "VeilCore", "VeilCrypto", "VeilProfile", "VeilMasking", "VeilConnectors", "VeilVault", "VeilFiles",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The use cases the command line calls (run, refresh, snapshot, check, scan, verify, keys, users, vault,
        // audit, serve, manifests, bench), above the engine and the detokenization service.
        .target(
            name: "VeilApp",
            dependencies: [
                "VeilCore", "VeilCrypto", "VeilProfile", "VeilMasking", "VeilConnectors", "VeilVault", "VeilPipeline",
                "VeilServer", "VeilFiles",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "veil",
            dependencies: [
                "VeilCore", "VeilCrypto", "VeilProfile", "VeilMasking", "VeilConnectors", "VeilVault", "VeilPipeline",
                "VeilApp", "VeilServer", "VeilFiles",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The detokenization service: its decisions, the HTTPS front (Hummingbird) and the staff client.
        .target(
            name: "VeilServer",
            dependencies: [
                "VeilCore", "VeilCrypto", "VeilProfile", "VeilVault", "VeilFiles",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]),
        .target(name: "VeilTestSupport", dependencies: ["VeilCore"]),

        // Unit tests, one target per module.
        .testTarget(name: "VeilCryptoTests", dependencies: ["VeilCrypto", "VeilTestSupport"], exclude: ["Vectors"]),
        .testTarget(
            name: "VeilServerTests",
            dependencies: [
                "VeilServer", "VeilVault", "VeilProfile", "VeilCrypto", "VeilCore", "VeilTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]),
        .testTarget(name: "VeilCoreTests", dependencies: ["VeilCore", "VeilTestSupport"]),
        .testTarget(name: "SQLiteDriverTests", dependencies: ["SQLiteDriver", "VeilTestSupport"]),
        .testTarget(name: "PostgresDriverTests", dependencies: ["PostgresDriver", "VeilTestSupport"]),
        .testTarget(
            name: "VeilProfileTests",
            dependencies: ["VeilProfile", "VeilCore", "VeilTestSupport", .product(name: "Yams", package: "Yams")]),
        .testTarget(
            name: "VeilMaskingTests",
            dependencies: ["VeilMasking", "VeilCrypto", "VeilCore", "VeilVault", "VeilTestSupport"]),
        .testTarget(
            name: "VeilConnectorsTests", dependencies: ["VeilConnectors", "VeilCore", "VeilFiles", "VeilTestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "VeilVaultTests",
            dependencies: ["VeilVault", "VeilCrypto", "VeilCore", "SQLiteDriver", "PostgresDriver", "VeilTestSupport"]),
        .testTarget(
            name: "VeilPipelineTests",
            dependencies: [
                "VeilPipeline", "VeilApp", "VeilProfile", "VeilMasking", "VeilConnectors", "VeilVault", "VeilCrypto",
                "VeilCore",
                "VeilTestSupport",
            ]
        ),
        // End-to-end: runs the built `veil` binary on real dumps and restores them into a real PostgreSQL.
        .testTarget(
            name: "VeilEndToEndTests",
            dependencies: [
                "veil", "VeilCore", "VeilCrypto", "VeilConnectors", "VeilVault", "VeilPipeline", "VeilApp",
                "SQLiteDriver",
                "PostgresDriver", "VeilTestSupport",
            ]),
        // Generative schema torture: seeded random PostgreSQL schemas through scan, check and every output path.
        .testTarget(
            name: "VeilTortureTests",
            dependencies: [
                "veil", "VeilCore", "VeilConnectors", "SQLiteDriver", "PostgresDriver", "VeilTestSupport",
            ]),
    ]
)
