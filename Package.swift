// swift-tools-version: 6.1
// cinesim: a deterministic discrete-event simulator and load-testing harness for the
// CineManzana platform. Module map and dependency rules: docs/ARCHITECTURE.md.
import PackageDescription
import Foundation

/// Sans-I/O cores may depend on `SimulationPrimitives` (time, randomness, stable hashing)
/// but never on `SimulationKernel` (the scheduler) or `Platform`.
let primitives: Target.Dependency = "SimulationPrimitives"
let collections: Target.Dependency = .product(name: "Collections", package: "swift-collections")
let hdr: Target.Dependency = .product(name: "Histogram", package: "hdrhistogram-swift")

let propertyBased: Target.Dependency = .product(name: "PropertyBased", package: "swift-property-based")

/// One test target per module, each declared once here so parallel work never edits this list.
/// A target is included only when its folder under `Tests/` holds Swift files.
let testTargetDependencies: [(name: String, dependencies: [Target.Dependency])] = [
    ("SimulationPrimitivesTests", ["SimulationPrimitives", propertyBased]),
    ("SimulationKernelTests", ["SimulationKernel", primitives, propertyBased]),
    ("ResilienceTests", ["Resilience", primitives, propertyBased]),
    ("LoadBalancingTests", ["LoadBalancing", "Resilience", primitives, propertyBased]),
    ("ServiceDiscoveryTests", ["ServiceDiscovery", "LoadBalancing", primitives, propertyBased]),
    ("DynamicConfigTests", ["DynamicConfig", primitives, propertyBased]),
    ("AuthorizationTests", ["Authorization", primitives, propertyBased]),
    ("GatewayTests", ["Gateway", "Authorization", "Resilience", "LoadBalancing", primitives, propertyBased]),
    ("CinemaDomainTests", ["CinemaDomain", primitives, propertyBased]),
    ("ShardedStoreTests", ["ShardedStore", primitives, propertyBased]),
    ("TelemetryTests", ["Telemetry", "SimulationKernel", primitives, hdr]),
    ("ScenariosTests", ["Scenarios", "SimulationKernel", "Telemetry", primitives]),
    ("PlatformTests", ["Platform", "Scenarios", "Telemetry", "SimulationKernel", primitives, "Resilience", "LoadBalancing",
                       "ServiceDiscovery", "DynamicConfig", "Authorization", "Gateway", "CinemaDomain", "ShardedStore"]),
    ("ReportsTests", ["Reports", "Platform", "Scenarios", "Telemetry", "SimulationKernel", primitives]),
    ("PlatformEndToEndTests", ["Platform", "Reports", "Scenarios", "Telemetry", "SimulationKernel", primitives]),
    ("CLITests", [primitives]),
]

let packageDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
let testTargets: [Target] = testTargetDependencies.compactMap { entry in
    let folder = packageDirectory + "/Tests/" + entry.name
    let files = (try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? []
    guard files.contains(where: { $0.hasSuffix(".swift") }) else { return nil }
    return .testTarget(name: entry.name, dependencies: entry.dependencies)
}

/// Release settings of the simulation's hot modules (the cores, the kernel, `Telemetry`, `Platform`):
/// - `-cross-module-optimization`: small core methods (accessors, `SimTime` arithmetic, iterators)
///   inline into `Platform`'s event loop (−0.3 % instructions, docs/performance.md "Round 8").
/// - `-Ounchecked`: no overflow traps and no `precondition` checks in the hot path (−6 %
///   instructions, ~10 % wall time on the reference run, same outputs byte for byte). The checks
///   stay where they guard input: `Scenarios`, `Reports` and the CLI are compiled with `-O`, and
///   parsing uses explicit `…ReportingOverflow` arithmetic. Debug builds — every `swift test`,
///   CI included — keep every check, so an overflow or broken precondition still traps in tests.
///   `CINESIM_CHECKED_RELEASE=1 swift build -c release` builds a release binary with all checks on,
///   for rerunning a suspicious scenario with the safety net.
let checkedRelease = ProcessInfo.processInfo.environment["CINESIM_CHECKED_RELEASE"] == "1"
let hotPathReleaseFlags = ["-cross-module-optimization"] + (checkedRelease ? [] : ["-Ounchecked"])
let hotPathSettings: [SwiftSetting] = [
    .unsafeFlags(hotPathReleaseFlags, .when(configuration: .release)),
]

let package = Package(
    name: "cinesim",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cinesim", targets: ["cinesim"]),
        .library(name: "SimulationPrimitives", targets: ["SimulationPrimitives"]),
        .library(name: "SimulationKernel", targets: ["SimulationKernel"]),
        .library(name: "Resilience", targets: ["Resilience"]),
        .library(name: "LoadBalancing", targets: ["LoadBalancing"]),
        .library(name: "ServiceDiscovery", targets: ["ServiceDiscovery"]),
        .library(name: "DynamicConfig", targets: ["DynamicConfig"]),
        .library(name: "Authorization", targets: ["Authorization"]),
        .library(name: "Gateway", targets: ["Gateway"]),
        .library(name: "CinemaDomain", targets: ["CinemaDomain"]),
        .library(name: "ShardedStore", targets: ["ShardedStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.1.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    ],
    targets: [
        // Foundations: virtual time, seeded streams, stable hashes, distributions, statistics.
        .target(name: "SimulationPrimitives", swiftSettings: hotPathSettings),
        .target(name: "SimulationKernel", dependencies: [primitives, hdr], swiftSettings: hotPathSettings),

        // Sans-I/O cores (DESIGN §2): plain types, `now` and randomness come in as arguments.
        .target(name: "Resilience", dependencies: [primitives], swiftSettings: hotPathSettings),
        .target(name: "LoadBalancing", dependencies: [primitives, "Resilience"], swiftSettings: hotPathSettings),
        .target(name: "ServiceDiscovery", dependencies: [primitives], swiftSettings: hotPathSettings),
        .target(name: "DynamicConfig", dependencies: [primitives], swiftSettings: hotPathSettings),
        .target(name: "Authorization", dependencies: [primitives, .product(name: "Crypto", package: "swift-crypto")], swiftSettings: hotPathSettings),
        .target(name: "Gateway", dependencies: [primitives, "Authorization", "Resilience", "LoadBalancing"], swiftSettings: hotPathSettings),
        .target(name: "CinemaDomain", dependencies: [primitives], swiftSettings: hotPathSettings),
        .target(name: "ShardedStore", dependencies: [primitives], swiftSettings: hotPathSettings),

        // Measurement, scenario format, the simulated platform, and report writers.
        .target(name: "Telemetry", dependencies: [primitives, "SimulationKernel", "Resilience", hdr], swiftSettings: hotPathSettings),
        .target(name: "Scenarios", dependencies: [
            primitives, "SimulationKernel", "Resilience", "LoadBalancing", "ServiceDiscovery",
            "DynamicConfig", "Authorization", "Gateway", "CinemaDomain", "ShardedStore", "Telemetry",
            .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "Platform", dependencies: [
            primitives, "SimulationKernel", "Resilience", "LoadBalancing", "ServiceDiscovery",
            "DynamicConfig", "Authorization", "Gateway", "CinemaDomain", "ShardedStore",
            "Telemetry", "Scenarios", collections,
        ], swiftSettings: [
            // The simulation is one class whose hot state (calls, outbounds, bodies, the queue) is
            // reached through stored properties; release builds skip the dynamic exclusivity check
            // on each access (~8 % of the event loop, docs/performance.md). Debug builds and tests
            // keep the checks, so an overlapping access still traps there.
            // `hotPathReleaseFlags`: see `hotPathSettings` above.
            .unsafeFlags(["-enforce-exclusivity=unchecked"] + hotPathReleaseFlags, .when(configuration: .release)),
        ]),
        .target(name: "Reports", dependencies: [primitives, "SimulationKernel", "Telemetry", "Scenarios", "Platform"]),
        .executableTarget(name: "cinesim", dependencies: [
            primitives, "SimulationKernel", "Scenarios", "Platform", "Reports", "Telemetry",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
    ] + testTargets
)
