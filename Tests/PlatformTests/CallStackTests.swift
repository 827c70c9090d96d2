import Testing
import Scenarios
import Telemetry
@testable import Platform

/// The client call stack on the gateway (Hystrix over Ribbon, reference/netflix-oss.md §1.4, §6.3).
@Test func hungServiceOpensTheGatewayBreakerAndShortCircuits() throws {
    // Every funcion-query instance accepts and never answers from 5 s to 25 s. Each gateway call
    // fails at Ribbon's 1 s read timeout (Spring Cloud Zuul: one attempt); with ≥ 20 requests in
    // the 10 s window and ≥ 50 % errors the breaker opens and later calls are short-circuited (shed).
    let yaml = SmallScenarios.yaml(duration: "40s", rate: "80/s")
        .replacingOccurrences(of: "  client_timeout: 10s", with: "  client_timeout: 10s\n  mix: {browse: 100%}")
        + "faults:\n  - {kind: hang, target: funcion-query, at: 5s, for: 20s}\n"
    let artifacts = try PlatformSimulation(scenario: try SmallScenarios.load(yaml)).run()
    let transitions = artifacts.summary.breakerTransitions.filter { $0.command == "funcion-query" }
    #expect(transitions.contains { $0.to == "open" && $0.atSeconds > 5 && $0.atSeconds < 25 })
    // After the hang ends, a trial after the sleep window closes it again.
    #expect(transitions.contains { $0.to == "closed" && $0.atSeconds > 25 })
    let seatMap = artifacts.summary.routes.first { $0.name == "GET /api/funciones/{id}" }!
    #expect(seatMap.outcomes.shed > 0)
    #expect(seatMap.outcomes.serverError5xx > 0)
    let errors = artifacts.timeSeries.values(.errorPercent, "GET /api/funciones/{id}")!
    #expect(errors[35...].max()! == 0)
    for invariant in artifacts.summary.invariants { #expect(invariant.passed, "\(invariant.name): \(invariant.detail)") }
}

@Test func retriesStayWithinTheRibbonBound() throws {
    // zuul.retryable on: (MaxAutoRetries + 1) × (MaxAutoRetriesNextServer + 1) = 2 attempts at most.
    let yaml = SmallScenarios.yaml(duration: "20s")
        + "resilience:\n  gateway: {retryable: true}\nfaults:\n  - {kind: instance-crash, target: funcion-query-1, at: 5s}\n"
    let artifacts = try PlatformSimulation(scenario: try SmallScenarios.load(yaml)).run()
    let metrics = Dictionary(uniqueKeysWithValues: artifacts.summary.platformMetrics.map { ($0.name, $0.value) })
    #expect(metrics["retry_budget_violations"] == 0)
    let seatMap = artifacts.summary.routes.first { $0.name == "GET /api/funciones/{id}" }!
    // Connection refusals of the dead instance are retried on the next server.
    #expect(seatMap.retryAttempts > 0)
}
