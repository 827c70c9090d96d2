import Foundation
import Testing
import Scenarios
import Telemetry
import Platform

/// The bundled scenarios, scaled down for debug builds (DESIGN §10 "Tests vs full-size runs"):
/// 15 simulated seconds, a small catalogue, 120 requests/s, faults moved to 8 s. The mechanism —
/// topology, journeys, faults, measurements — is the bundled file's.
enum Bundled {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scenarios").path

    static let scaleDown = [
        "duration=15s", "warmup=2s", "workload.start_rate=120/s", "workload.stages=[{duration: 15s, target: 120/s}]",
        "workload.flash_sale.opens_at=0s", "workload.think_time=\"exponential(mean: 300ms)\"",
        "catalog={cines: 2, salas_per_cine: 2, rows_per_sala: 5, seats_per_row: 8, peliculas: 4, funciones_per_sala: 2, clientes: 1000}",
    ]

    static func run(_ name: String, extra: [String] = []) throws -> RunArtifacts {
        let scenario = try ScenarioLoader.load(file: folder + "/" + name, overrides: scaleDown + extra)
        return try PlatformSimulation(scenario: scenario).run()
    }
}

@Test func referenceScenarioReachesEveryComponent() throws {
    let artifacts = try Bundled.run("premiere-on-sale.yaml", extra: ["workload.mix={browse: 40%, buy: 30%, share: 15%, manage: 15%}"])
    let summary = artifacts.summary
    for invariant in summary.invariants { #expect(invariant.passed, "\(invariant.name): \(invariant.detail)") }
    let busy = Set(summary.components.filter { $0.requests > 0 }.map(\.name))
    for service in ServiceCatalog.serviceIDs { #expect(busy.contains(service), "no traffic on \(service)") }
    for component in ["oauth", "eureka", "mongos", "shard-1", "shard-2", "shard-3", "payment", "facebook", "twitter", "edge", "gateway", "frontend", "logstash", "config"] {
        #expect(busy.contains(component), "no traffic on \(component)")
    }
    // Seats sell, none twice; holds lose races (409) but never fail on the server.
    #expect(summary.seats.sold > 0 && summary.seats.oversold == 0)
    let hold = summary.routes.first { $0.name == "POST /api/compras" }!
    #expect(hold.outcomes.serverError5xx == 0)
}

@Test(arguments: ["instance-crash.yaml", "zone-partition.yaml", "shard-primary-failover.yaml", "oauth-outage.yaml",
                  "social-api-outage.yaml", "bad-config-push.yaml"])
func faultScenarioRunsScaledDownWithInvariants(_ file: String) throws {
    // Every fault of the file starts at 8 s instead of minutes in.
    let scenario = try ScenarioLoader.load(file: Bundled.folder + "/" + file)
    let moved = scenario.faults.indices.map { "faults.\($0).at=8s" }
    let artifacts = try Bundled.run(file, extra: moved)
    for invariant in artifacts.summary.invariants { #expect(invariant.passed, "\(file): \(invariant.name): \(invariant.detail)") }
    #expect(artifacts.summary.faults.count == scenario.faults.count)
    let failures = artifacts.summary.routes.filter { $0.kind == .route }.reduce(0) { $0 + $1.count - $1.outcomes.success - $1.outcomes.degraded }
    #expect(failures > 0, "\(file): the fault left no trace")
}
