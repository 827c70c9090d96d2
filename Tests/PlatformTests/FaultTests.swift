import Testing
import Scenarios
import Telemetry
@testable import Platform

@Test func killedInstanceGetsRequestsAndErrorsWhileDown() throws {
    let yaml = SmallScenarios.yaml(duration: "30s", extra: "faults:\n  - {kind: instance-crash, target: funcion-query-1, at: 10s, for: 10s}\n")
    let artifacts = try PlatformSimulation(scenario: try SmallScenarios.load(yaml)).run()
    let series = artifacts.timeSeries.values(.requestsToDeadInstances, "funcion-query")!
    // Routed to the dead instance only while it is dead (buckets 10…19).
    #expect(series[10..<20].reduce(0, +) > 0)
    #expect(series[0..<10].reduce(0, +) == 0 && series[21...].reduce(0, +) == 0)
    let errors = artifacts.timeSeries.values(.errorPercent, "GET /api/funciones/{id}")!
    #expect(errors[10..<20].max()! > 0)   // until Ribbon trips the dead server (3 connection failures, §4.2)
    #expect(errors[25] == 0)
}

@Test func partitionCausesTimeoutsAndRecovers() throws {
    let yaml = SmallScenarios.yaml(duration: "40s", extra: "faults:\n  - {kind: partition, target: zone-a, peer: zone-b, at: 10s, for: 10s}\n")
        .replacingOccurrences(of: "  client_timeout: 10s", with: "  client_timeout: 3s")
    let artifacts = try PlatformSimulation(scenario: try SmallScenarios.load(yaml)).run()
    let errors = artifacts.timeSeries.values(.errorPercent, "GET /api/funciones/{id}")!
    #expect(errors[10..<20].max()! > 10)
    #expect(errors[30..<40].max()! == 0)
    for invariant in artifacts.summary.invariants { #expect(invariant.passed, "\(invariant.name)") }
}

@Test func hungExternalApiTiesUpWorkersUntilReadTimeout() throws {
    // facebook hangs: cliente-command's calls wait the Ribbon read timeout (1 s) and fail.
    let yaml = SmallScenarios.yaml(duration: "20s").replacingOccurrences(of: "  client_timeout: 10s", with: "  client_timeout: 10s\n  mix: {share: 100%}")
        + "faults:\n  - {kind: external-outage, target: facebook, at: 5s, for: 10s}\n"
    let artifacts = try PlatformSimulation(scenario: try SmallScenarios.load(yaml)).run()
    let share = artifacts.summary.routes.first { $0.name == "PATCH /api/clientes/{id}" }!
    #expect(share.outcomes.serverError5xx > 0)
    #expect(share.latency.maxMs >= 1000)
}

@Test func configPushChangesTimeoutsAtRuntimeAndRollsBack() throws {
    // A 1 ms read timeout for funcion-query pushed at 5 s breaks seat maps until 10 s.
    let yaml = SmallScenarios.yaml(duration: "15s") + """
    faults:
      - {kind: config-push, target: funcion-query.ribbon.ReadTimeout, value: 1, at: 5s, for: 5s}

    """
    let artifacts = try PlatformSimulation(scenario: try SmallScenarios.load(yaml)).run()
    let errors = artifacts.timeSeries.values(.errorPercent, "GET /api/funciones/{id}")!
    // Only answers faster than 1 ms after the request arrives get through (P(exp(4 ms) < ~0.8 ms) ≈ 18 %).
    #expect(errors[6..<10].reduce(0, +) / 4 > 60)
    #expect(errors[12...].max()! == 0)
}

@Test func memoryFollowsRequestsInFlightNotRequestsSimulated() throws {
    let short = PlatformSimulationProbe(try PlatformSimulation(scenario: try SmallScenarios.load(SmallScenarios.yaml(duration: "10s"))))
    let long = PlatformSimulationProbe(try PlatformSimulation(scenario: try SmallScenarios.load(SmallScenarios.yaml(duration: "40s"))))
    #expect(long.slotCapacity <= short.slotCapacity * 2)
}

/// Runs a simulation and reports how many call slots it ever allocated.
struct PlatformSimulationProbe {
    let slotCapacity: Int
    init(_ simulation: PlatformSimulation) {
        _ = simulation.run()
        slotCapacity = simulation.calls.elements.count
    }
}

@Test func aFaultStillActiveWhenTheRunStopsLastsToTheEnd() throws {
    // A run shortened below a fault's end must not report a heal the fault never had: the window
    // keeps its scheduled end, past the run's (reports mark it cut), and a recovery budget sees a
    // fault still active at the end; one that ended inside the run keeps its end.
    let yaml = SmallScenarios.yaml(duration: "20s", extra: """
        faults:
          - {kind: instance-crash, target: funcion-query-1, at: 5s, for: 5s}
          - {kind: partition, target: zone-a, peer: zone-b, at: 15s, for: 30s}
        """)
    let artifacts = try PlatformSimulation(scenario: try SmallScenarios.load(yaml)).run()
    let faults = artifacts.summary.faults
    #expect(faults.count == 2)
    #expect(faults.first { $0.kind == "instance-crash" }?.endSeconds == 10)
    let partition = try #require(faults.first { $0.kind == "partition" })
    #expect(partition.startSeconds == 15 && partition.endSeconds == 45)
    #expect(artifacts.summary.window.durationSeconds == 20)
}
