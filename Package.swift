// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "fangxin",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "fangxin", targets: ["fangxin"]),
        .library(name: "Ledger", targets: ["Ledger"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        // For the decompression limit AsyncHTTPClient takes from it.
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.26.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
    ],
    targets: [
        // Debian's liblmdb-dev, as a Swift module.
        .systemLibrary(name: "CLMDB", providers: [.apt(["liblmdb-dev"])]),
        // The only target that sees a C pointer of LMDB's.
        .target(name: "LMDB", dependencies: ["CLMDB"]),
        // Transparency-log formats and Merkle proofs (RFC 9162, C2SP): pure Swift, no I/O.
        .target(name: "Transparency", dependencies: ["CSHA256", .product(name: "Crypto", package: "swift-crypto")]),
        // SHA-256 without allocation, with the x86 SHA extensions when present: every record is hashed twice.
        .target(name: "CSHA256"),
        // The append-only log: knows nothing of merchants or complaints.
        .target(
            name: "Ledger",
            dependencies: ["LMDB", "Transparency", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The 放心消费 domain: pure Swift, no I/O, no LMDB, no HTTP.
        .target(name: "Domain"),
        // Signed checkpoints of the ledger's tree, their archive, witnesses and evidence bundles.
        .target(name: "Notary", dependencies: ["Ledger", "Transparency", "LMDB", .product(name: "Crypto", package: "swift-crypto")]),
        // Personal data's keys, kept apart from the log so that erasing one shreds what it sealed.
        .target(
            name: "Vault",
            dependencies: ["Domain", "LMDB", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Read models as pure folds over decoded events, and the queries they answer: no I/O.
        .target(name: "Projections", dependencies: ["Domain"]),
        // The runner that keeps read models in LMDB beside the log, with checkpoints, rebuilds and checks.
        .target(
            name: "ReadModels",
            dependencies: ["Projections", "Ledger", "LMDB", "Domain", .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "NIOPosix", package: "swift-nio")]
        ),
        // Read, fold, decide, append: where the domain meets the ledger.
        .target(name: "Application", dependencies: ["Domain", "Ledger", "Vault"]),
        // JSON as every edge writes it: a value type for free-form documents, and a writer for hot paths.
        .target(name: "JSONText"),
        // The commands every edge takes, in one vocabulary (docs/COMMANDS.md): parsed, sealed, decided, recorded.
        .target(name: "Commands", dependencies: ["Application", "Domain", "Ledger", "Vault", "JSONText", .product(name: "Crypto", package: "swift-crypto")]),
        // The answers every edge gives, as documents: read models queried as of a position.
        .target(name: "Queries", dependencies: ["ReadModels", "Projections", "Ledger", "Domain", "JSONText"]),
        // The HTTP service (Hummingbird 2): routes, tokens and roles, problem details.
        .target(
            name: "Service",
            dependencies: [
                "Queries", "Commands", "JSONText", "Projections", "ReadModels", "Application", "Ledger", "Domain", "Vault",
                "Notary", "Transparency", "Replication",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // Copies of a log: read replicas and standbys, each batch verified against the primary's signed checkpoints,
        // and backups.
        .target(name: "Replication", dependencies: [
            "Ledger", "Transparency", "Vault", "Domain", "Notary", .product(name: "Crypto", package: "swift-crypto"), .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
        ]),
        // The analytics sink: the log and its read models as tables in PostgreSQL (docs/SQL.md).
        .target(
            name: "Sink",
            dependencies: ["Ledger", "Queries", "ReadModels", "JSONText", .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "Logging", package: "swift-log")]),
        .executableTarget(
            name: "fangxin",
            dependencies: ["Ledger", "Transparency", "Notary", "Domain", "Vault", "Application", "Projections", "ReadModels", "Queries", "Commands", "JSONText", "Service", "Sink", "Replication",
                           .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Logging", package: "swift-log")]
        ),
        // The raw-LMDB baseline that `fangxin bench append` runs beside the ledger.
        .executableTarget(
            name: "lmdb-baseline", path: "tools/lmdb-baseline",
            linkerSettings: [.linkedLibrary("lmdb")]),

        // What several test targets share: scratch directories and the fixtures.
        .target(name: "TestSupport", dependencies: ["Domain", "Ledger", "ReadModels", "Commands", "JSONText",
                                                    .product(name: "PropertyBased", package: "swift-property-based")], path: "Tests/TestSupport"),
        .testTarget(name: "LMDBTests", dependencies: ["LMDB", "TestSupport"]),
        .testTarget(name: "NotaryTests", dependencies: ["Notary", "Ledger", "Transparency", "TestSupport"]),
        .testTarget(name: "TransparencyTests", dependencies: ["Transparency", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "ReplicationTests", dependencies: [
            "Replication", "Ledger", "Transparency", "TestSupport", "Vault", "Notary", "Domain",
            .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        .testTarget(name: "LedgerTests", dependencies: ["Ledger", "Transparency", "ledger-crash-writer", "TestSupport"]),
        .testTarget(name: "DomainTests", dependencies: ["Domain", "TestSupport"]),
        .testTarget(name: "VaultTests", dependencies: ["Vault", "Domain", "Ledger", "TestSupport"]),
        .testTarget(name: "ProjectionsTests", dependencies: ["Projections", "Domain"]),
        .testTarget(name: "ReadModelsTests", dependencies: ["ReadModels", "Projections", "Ledger", "Domain", "TestSupport"]),
        .testTarget(name: "ApplicationTests", dependencies: ["Application", "Domain", "Ledger", "TestSupport"]),
        .testTarget(name: "JSONTextTests", dependencies: ["JSONText", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(
            name: "CommandsTests",
            dependencies: ["Commands", "Application", "Domain", "JSONText", "Ledger", "Projections", "Queries", "ReadModels", "Vault", "TestSupport",
                           .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "QueriesTests", dependencies: ["Queries", "Domain", "JSONText", "Ledger", "TestSupport"]),
        .testTarget(name: "SinkTests", dependencies: ["Sink", "Ledger", "Projections", "ReadModels"]),
        .testTarget(
            name: "ServiceTests",
            dependencies: ["Service", "Notary", "Transparency", "Queries", "Commands", "JSONText", "Vault", "Ledger", "Domain", "TestSupport", "Replication", .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"),
                           .product(name: "CompressNIO", package: "compress-nio"), "Application", "Projections", "ReadModels",
                           .product(name: "PropertyBased", package: "swift-property-based"), .product(name: "Logging", package: "swift-log"),
                           .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOFoundationCompat", package: "swift-nio"),
                           .product(name: "Hummingbird", package: "hummingbird")]
        ),
        .testTarget(name: "CLITests", dependencies: ["fangxin", "crash-explorer", "failover-drill", "ledger-crash-writer", "fangxin-fuzz", "Ledger", "Domain", "Projections", "ReadModels", "LMDB", "TestSupport", .product(name: "Crypto", package: "swift-crypto")]),
        // A child process for the crash tests and the crash explorer: appends until killed or done, or resumes.
        .executableTarget(name: "ledger-crash-writer", dependencies: ["Ledger", "Vault", "Domain", "Commands"], path: "Tests/CrashWriter"),
        // Builds every crash state of a recorded workload and checks each (tools/crash-explore).
        .executableTarget(
            name: "crash-explorer", dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "tools/crash-explorer", exclude: ["recorder.c"]),
        .testTarget(name: "CrashExplorerTests", dependencies: ["crash-explorer"]),
        // The failover drill: a primary, two standbys on test hosts of their own, a fault, a promotion, every
        // acknowledged command checked (tools/failover-test).
        .executableTarget(name: "failover-drill", path: "tools/failover-drill"),
        // Every parser of input from outside, under libFuzzer when built with -sanitize=fuzzer -DFUZZING
        // (tools/fuzz); built plainly, it writes seeds and replays inputs.
        .executableTarget(
            name: "fangxin-fuzz", dependencies: ["Transparency", "Notary", "Ledger", "Domain", "Vault", "Commands", "Queries", "JSONText", "Replication", "Service"],
            path: "tools/fuzzer"),
    ]
)

// The compiler holds the layers: an existential is spelt `any`, a member is used only from a module the file imports.
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ]
}
