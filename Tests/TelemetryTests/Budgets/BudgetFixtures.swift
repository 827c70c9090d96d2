import SimulationPrimitives
@testable import Telemetry

/// Hand-built run data for budget tests (no platform involved).
enum BudgetFixtures {
    static func route(_ name: String, kind: RouteSummary.Kind = .route, count: Int, success: Int, degraded: Int = 0,
                      serverErrors: Int = 0, p50: Double = 20, p95: Double = 150, p99: Double = 412, p999: Double = 900,
                      max: Double = 1500, mean: Double = 40, throughput: Double = 100) -> RouteSummary {
        var outcomes = OutcomeCounts()
        outcomes.success = success; outcomes.degraded = degraded; outcomes.serverError5xx = serverErrors
        outcomes.clientTimeout = count - success - degraded - serverErrors
        let latency = LatencySummary(p50Ms: p50, p90Ms: p95 * 0.8, p95Ms: p95, p99Ms: p99, p999Ms: p999, maxMs: max, meanMs: mean)
        return RouteSummary(kind: kind, name: name, count: count, outcomes: outcomes,
                            availabilityPercent: 100 * Double(success + degraded) / Double(count),
                            latency: latency, latencyFromActualSend: latency, throughputPerSecond: throughput, retryAttempts: 0)
    }

    static func summary(routes: [RouteSummary], faults: [FaultWindow] = [], platform: [PlatformMetric] = [],
                        duration: Double = 60, warmup: Double = 10, bucket: Double = 1) -> RunSummary {
        RunSummary(
            scenario: ScenarioIdentity(name: "fixture", description: "", file: "fixture.yaml", fileHash: "0000000000000000"),
            replay: ReplayRecipe(cinesimVersion: "0.1.0", commit: "unknown", seed: 1, overrides: [], command: "cinesim run fixture.yaml"),
            window: RunWindow(durationSeconds: duration, warmupSeconds: warmup, bucketSeconds: bucket),
            routes: routes, components: [],
            seats: SeatSummary(offered: 1000, held: 10, sold: 900, oversold: 0, soldPerSecond: 1600),
            invariants: [], budgets: [], breakerTransitions: [], faults: faults, platformMetrics: platform, warnings: [],
            engine: EngineStats(wallSeconds: 1, events: 1, eventsPerSecond: 1, simulatedRequestsPerSecond: 1, simulatedToRealRatio: 1))
    }
}
