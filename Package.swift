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
        .target(name: "SimulationPrimitives"),
        .target(name: "SimulationKernel", dependencies: [primitives, hdr]),

        // Sans-I/O cores (DESIGN §2): plain types, `now` and randomness come in as arguments.
        .target(name: "Resilience", dependencies: [primitives]),
        .target(name: "LoadBalancing", dependencies: [primitives, "Resilience"]),
        .target(name: "ServiceDiscovery", dependencies: [primitives]),
        .target(name: "DynamicConfig", dependencies: [primitives]),
        .target(name: "Authorization", dependencies: [primitives, .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Gateway", dependencies: [primitives, "Authorization", "Resilience", "LoadBalancing"]),
        .target(name: "CinemaDomain", dependencies: [primitives]),
        .target(name: "ShardedStore", dependencies: [primitives]),

        // Measurement, scenario format, the simulated platform, and report writers.
        .target(name: "Telemetry", dependencies: [primitives, "SimulationKernel", "Resilience", hdr]),
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
            .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
        ]),
        .target(name: "Reports", dependencies: [primitives, "SimulationKernel", "Telemetry", "Scenarios", "Platform"]),
        .executableTarget(name: "cinesim", dependencies: [
            primitives, "SimulationKernel", "Scenarios", "Platform", "Reports", "Telemetry",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
    ] + testTargets
)
