import SimulationPrimitives
import Telemetry

/// A hand-built run (no platform): three routes, one journey, one service, 60 one-second
/// buckets, a kill fault from 20 s to 30 s, breaker transitions, logs, spans and topology.
enum ReportFixtures {
    static let routes = ["GET /api/funciones", "POST /api/compras", "POST /oauth/token"]

    static func route(_ name: String, kind: RouteSummary.Kind = .route, count: Int = 1000, success: Int = 990,
                      degraded: Int = 4, p99: Double = 412, throughput: Double = 20) -> RouteSummary {
        var o = OutcomeCounts()
        o.success = success; o.degraded = degraded; o.serverError5xx = 3; o.shed = count - success - degraded - 3
        let l = LatencySummary(p50Ms: 20, p90Ms: 110, p95Ms: 150, p99Ms: p99, p999Ms: 900, maxMs: 1500, meanMs: 41.5)
        return RouteSummary(kind: kind, name: name, count: count, outcomes: o,
                            availabilityPercent: 100 * Double(success + degraded) / Double(count),
                            latency: l, latencyFromActualSend: l, throughputPerSecond: throughput, retryAttempts: 7)
    }

    static func summary(name: String = "premiere-on-sale", seed: UInt64 = 42, purchaseP99: Double = 412,
                        budgets: [BudgetVerdict]? = nil, invariantsPass: Bool = true) -> RunSummary {
        RunSummary(
            scenario: ScenarioIdentity(name: name, description: "Premiere on-sale with a compra-command instance killed", file: "scenarios/\(name).yaml", fileHash: "0123456789abcdef"),
            replay: ReplayRecipe(cinesimVersion: "0.1.0", commit: "unknown", seed: seed, overrides: [], command: "cinesim run scenarios/\(name).yaml --seed \(seed)"),
            window: RunWindow(durationSeconds: 60, warmupSeconds: 5, bucketSeconds: 1),
            routes: [route("GET /api/funciones", throughput: 60), route("POST /api/compras", p99: purchaseP99), route("POST /oauth/token", throughput: 10),
                     route("compra-command", kind: .service), route("buy-tickets", kind: .journey)],
            components: [ComponentSummary(name: "compra-command", kind: "service", requests: 1000, instances: [
                InstanceSummary(name: "compra-command-1", zone: "zone-a", requests: 600, rejected: 2, utilisation: 0.62, meanQueueLength: 0.4,
                                meanInSystem: 1.64, arrivalRatePerSecond: 10, meanTimeInSystemSeconds: 0.164),
                InstanceSummary(name: "compra-command-2", zone: "zone-b", requests: 400, rejected: 0, utilisation: 0.5, meanQueueLength: 0.2,
                                meanInSystem: 1.0, arrivalRatePerSecond: 6.7, meanTimeInSystemSeconds: 0.15),
            ])],
            seats: SeatSummary(offered: 2000, held: 12, sold: 1500, oversold: 0, soldPerSecond: 27.3),
            invariants: [InvariantResult(name: "no-seat-sold-twice", passed: invariantsPass, detail: invariantsPass ? "0 seats confirmed twice" : "3 seats confirmed twice"),
                         InvariantResult(name: "one-outcome-per-request", passed: true, detail: "3000 requests, 3000 outcomes")],
            budgets: budgets ?? [
                BudgetVerdict(target: "POST /api/compras", expression: "p(99)<800ms", window: nil, passed: true, observed: "412ms", observedValue: 412),
                BudgetVerdict(target: "POST /api/compras", expression: "p(99)<1ms", window: "10s..50s", passed: false, observed: "2s", observedValue: 2000),
                BudgetVerdict(target: "oversold", expression: "==0", window: nil, passed: true, observed: "0", observedValue: 0),
            ],
            breakerTransitions: [
                BreakerTransition(atSeconds: 22, command: "compra-command", instance: "gateway-1", from: "closed", to: "open"),
                BreakerTransition(atSeconds: 27, command: "compra-command", instance: "gateway-1", from: "open", to: "half-open"),
                BreakerTransition(atSeconds: 27.1, command: "compra-command", instance: "gateway-1", from: "half-open", to: "closed"),
                BreakerTransition(atSeconds: 23, command: "compra-command", instance: "gateway-2", from: "closed", to: "open"),
            ],
            faults: [FaultWindow(kind: "kill", target: "compra-command-2", startSeconds: 20, endSeconds: 30)],
            platformMetrics: [PlatformMetric(name: "requests_to_dead_instances", value: 14), PlatformMetric(name: "unauthorized_reaching_services", value: 0)],
            warnings: ["property 'hystrix.command.default.metrics.rollingPercentile.bucketSize' is not modelled"],
            engine: EngineStats(wallSeconds: 0.5, events: 100_000, eventsPerSecond: 200_000, simulatedRequestsPerSecond: 6000, simulatedToRealRatio: 120))
    }

    static func timeSeries() -> RunTimeSeries {
        let n = 60
        var series: [RunTimeSeries.Series] = []
        for (k, r) in routes.enumerated() {
            let base = Double(10 * (k + 1))
            series.append(.init(metric: .throughputPerSecond, subject: r, values: (0..<n).map { i in i >= 20 && i < 30 && k == 1 ? base / 2 : base }))
            series.append(.init(metric: .latencyP50Ms, subject: r, values: (0..<n).map { Double(20 + $0 % 5) }))
            series.append(.init(metric: .latencyP95Ms, subject: r, values: (0..<n).map { Double(100 + $0 % 7) }))
            series.append(.init(metric: .latencyP99Ms, subject: r, values: (0..<n).map { i in i >= 20 && i < 32 ? 2000 : 380 }))
            series.append(.init(metric: .errorPercent, subject: r, values: (0..<n).map { i in i >= 20 && i < 30 ? 12 : 0.2 }))
        }
        series.append(.init(metric: .breakerState, subject: "compra-command", values: (0..<n).map { i in i >= 22 && i < 27 ? 1 : 0 }))
        series.append(.init(metric: .utilisation, subject: "compra-command-1", values: (0..<n).map { i in i >= 20 && i < 30 ? 0.98 : 0.6 }))
        series.append(.init(metric: .utilisation, subject: "compra-command-2", values: (0..<n).map { i in i >= 20 && i < 30 ? 0 : 0.5 }))
        series.append(.init(metric: .queueLength, subject: "compra-command-1", values: (0..<n).map { i in i >= 20 && i < 30 ? 14 : 0.3 }))
        series.append(.init(metric: .seatsSold, subject: "all", values: (0..<n).map { Double(25 * ($0 + 1)) }))
        series.append(.init(metric: .seatsOffered, subject: "all", values: [Double](repeating: 2000, count: n)))
        series.append(.init(metric: .requestsToDeadInstances, subject: "compra-command", values: (0..<n).map { i in i >= 20 && i < 24 ? 3.5 : 0 }))
        series.sort { ($0.metric, $0.subject) < ($1.metric, $1.subject) }
        return RunTimeSeries(bucketSeconds: 1, bucketCount: n, series: series)
    }

    static func logEvents() -> [LogEvent] {
        (0..<40).map { i in
            let failed = i % 10 == 9
            return LogEvent(at: SimTime.zero + .milliseconds(Int64(i) * 2_250), level: failed ? "error" : "info",
                            message: failed ? "POST /api/compras failed: \"timeout\"" : "request completed",
                            serviceName: i % 2 == 0 ? "compra-command" : "gateway", nodeName: i % 2 == 0 ? "compra-command-\(1 + i % 3)" : "gateway-1",
                            traceID: i % 4 == 3 ? nil : UInt64(1000 + i / 2), spanID: UInt64(i),
                            durationNanoseconds: Int64(1_000_000 * (i + 1)), httpMethod: "POST", urlPath: "/api/compras",
                            statusCode: failed ? 504 : 201, errorType: failed ? "HystrixTimeoutException" : "")
        }
    }

    static func format16(_ v: UInt64) -> String { let s = String(v, radix: 16); return String(repeating: "0", count: 16 - s.count) + s }

    static func spans() -> [TraceSpan] {
        var out: [TraceSpan] = []
        for t in 0..<5 {
            let start = SimTime.zero + .milliseconds(Int64(t) * 1000)
            out.append(TraceSpan(traceID: UInt64(100 + t), spanID: UInt64(t * 10 + 1), parentSpanID: nil, name: "client → gateway", component: "gateway",
                                 instance: "gateway-\(1 + t % 2)", start: start, duration: .microseconds(12_500), status: 201))
            out.append(TraceSpan(traceID: UInt64(100 + t), spanID: UInt64(t * 10 + 2), parentSpanID: UInt64(t * 10 + 1), name: "gateway → compra-command",
                                 component: "compra-command", instance: "compra-command-1", start: start + .nanoseconds(1_500_250),
                                 duration: .milliseconds(9), status: 201))
        }
        return out
    }

    static func artifacts(summary: RunSummary = ReportFixtures.summary()) -> RunArtifacts {
        RunArtifacts(summary: summary, timeSeries: timeSeries(), logEvents: logEvents(), traceSpans: spans(), topologyEdges: [
            TopologyEdge(from: "edge-balancer", to: "frontend"), TopologyEdge(from: "frontend", to: "gateway"),
            TopologyEdge(from: "gateway", to: "compra-command"), TopologyEdge(from: "gateway", to: "oauth"),
            TopologyEdge(from: "gateway", to: "funcion-query"), TopologyEdge(from: "compra-command", to: "mongos"),
            TopologyEdge(from: "funcion-query", to: "mongos"), TopologyEdge(from: "mongos", to: "shard-1"), TopologyEdge(from: "mongos", to: "shard-2"),
            TopologyEdge(from: "gateway", to: "eureka"), TopologyEdge(from: "compra-command", to: "eureka"),
        ].sorted())
    }
}
