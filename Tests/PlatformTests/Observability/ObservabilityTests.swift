import Testing
import Scenarios
import Telemetry
import SimulationPrimitives
import Resilience
@testable import Platform

/// Sampled log events and trace spans (issue 7).
struct ObservabilityTests {
    static func run(_ telemetry: String, duration: String = "6s", rate: String = "60/s") throws -> RunArtifacts {
        let scenario = try SmallScenarios.load(SmallScenarios.yaml(duration: duration, rate: rate, extra: "telemetry: " + telemetry + "\n"))
        return try PlatformSimulation(scenario: scenario).run()
    }

    @Test func decoderReadsTelemetrySection() throws {
        let scenario = try SmallScenarios.load(SmallScenarios.yaml(extra: "telemetry: {log_sample_rate: 2.5%, trace_sample_rate: 0.1%, max_traces: 7, max_log_events: 900}\n"))
        #expect(scenario.telemetry == TelemetrySettings(logSampleRate: 0.025, traceSampleRate: 0.001, maxTraces: 7, maxLogEvents: 900))
        #expect(try SmallScenarios.load(SmallScenarios.yaml()).telemetry == TelemetrySettings())
        #expect(throws: ScenarioError.self) { try SmallScenarios.load(SmallScenarios.yaml(extra: "telemetry: {log_sample_rate: 120%}\n")) }
        #expect(throws: ScenarioError.self) { try SmallScenarios.load(SmallScenarios.yaml(extra: "telemetry: {trace_rate: 1%}\n")) }
    }

    @Test func rateZeroEmitsNothing() throws {
        let artifacts = try Self.run("{log_sample_rate: 0%, trace_sample_rate: 0%}")
        #expect(artifacts.logEvents.isEmpty)
        #expect(artifacts.traceSpans.isEmpty)
        #expect(artifacts.summary.routes.reduce(0) { $0 + $1.count } > 100)
    }

    @Test func sampledHopsCarryEcsFieldsAndEveryHopKind() throws {
        let artifacts = try Self.run("{log_sample_rate: 100%, trace_sample_rate: 0%}")
        let events = artifacts.logEvents
        #expect(events.count > 500)
        #expect(artifacts.traceSpans.isEmpty)
        for e in events {
            // Every hop of a sampled request carries its trace and span ids (never 0, as the
            // recorder issues them; written as 16 hex digits by the ECS writer).
            #expect(e.traceID != nil && e.traceID != 0 && e.spanID != nil && e.spanID != 0)
            #expect(e.durationNanoseconds >= 0)
            #expect(["GET", "POST", "PUT", "DELETE", "PATCH"].contains(e.httpMethod))
            #expect(e.urlPath.hasPrefix("/"))
            #expect(e.statusCode >= 200 && e.statusCode <= 599)
            // Level by status (ECS log.level): ≥500 error, 4xx warn, else info.
            let expected = e.statusCode >= 500 || e.errorType == "TimeoutException" ? "error" : e.statusCode >= 400 ? "warn" : "info"
            #expect(e.level == expected)
            #expect(e.statusCode < 400 || !e.errorType.isEmpty)
        }
        // Time order.
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.at <= $1.at })
        // Every hop kind appears: edge, frontend, gateway, OAuth, a service, mongos, a shard member.
        let services = Set(events.map(\.serviceName))
        for name in ["edge", "gateway", "oauth", "mongos", "funcion-query", "usuario-query"] { #expect(services.contains(name), "no log event from \(name)") }
        #expect(services.contains { $0.hasPrefix("shard-") })
        // Instance names belong to their component.
        #expect(events.allSatisfy { $0.nodeName.hasPrefix($0.serviceName) })
        // Span ids are unique per hop.
        #expect(Set(events.map(\.spanID)).count == events.count)
    }

    @Test func spansNestAndShareTheirTrace() throws {
        let artifacts = try Self.run("{log_sample_rate: 0%, trace_sample_rate: 100%, max_traces: 40}")
        let spans = artifacts.traceSpans
        #expect(Set(spans.map(\.traceID)).count == 40)
        let byID = Dictionary(uniqueKeysWithValues: spans.map { ($0.spanID, $0) })
        var roots = 0
        for span in spans {
            guard let parentID = span.parentSpanID else {
                roots += 1
                #expect(span.name == "client → edge")
                continue
            }
            let parent = try #require(byID[parentID])
            #expect(parent.traceID == span.traceID)
            // A child starts within its parent; without faults every child also ends within it.
            #expect(span.start >= parent.start)
            #expect(span.start + span.duration <= parent.start + parent.duration)
            #expect(span.name.hasPrefix(parent.component + " → "))
        }
        #expect(roots >= 40)   // a client retry is a second root of the same trace
        // Start order.
        #expect(zip(spans, spans.dropFirst()).allSatisfy { $0.start <= $1.start })
        // Deep traces: gateway → service → mongos → shard.
        #expect(spans.contains { $0.name == "gateway → funcion-query" })
        #expect(spans.contains { $0.name.hasPrefix("mongos → shard-") })
    }

    @Test func capsBoundWhatIsKept() throws {
        let artifacts = try Self.run("{log_sample_rate: 100%, trace_sample_rate: 100%, max_traces: 3, max_log_events: 250}")
        #expect(artifacts.logEvents.count == 250)
        #expect(Set(artifacts.traceSpans.map(\.traceID)).count == 3)
    }

    @Test func sampleRateSelectsAboutThatShareOfRequests() throws {
        // Trace-id ratio sampling: with 20 % of ~360 requests, the logged traces are a binomial
        // count (mean 72, sd ≈ 7.6); ±5 sd.
        let artifacts = try Self.run("{log_sample_rate: 20%, trace_sample_rate: 0%}")
        let all = try Self.run("{log_sample_rate: 100%, trace_sample_rate: 0%}")
        let sampled = Set(artifacts.logEvents.map(\.traceID)).count
        let total = Set(all.logEvents.map(\.traceID)).count
        let mean = Double(total) * 0.2, sd = (Double(total) * 0.2 * 0.8).squareRoot()
        #expect(abs(Double(sampled) - mean) <= 5 * sd)
        // Sampling draws nothing from the simulation: the run's outcomes are unchanged.
        #expect(artifacts.summary.routes.map(\.count) == all.summary.routes.map(\.count))
        // And a sampled trace's events are exactly that trace's events in the full run.
        #expect(Set(artifacts.logEvents.map(\.traceID)).isSubset(of: Set(all.logEvents.map(\.traceID))))
    }

    @Test func twoRunsAreIdentical() throws {
        let a = try Self.run("{log_sample_rate: 30%, trace_sample_rate: 5%, max_traces: 10}", duration: "4s")
        let b = try Self.run("{log_sample_rate: 30%, trace_sample_rate: 5%, max_traces: 10}", duration: "4s")
        #expect(!a.logEvents.isEmpty && !a.traceSpans.isEmpty)
        #expect(a.logEvents == b.logEvents)
        #expect(a.traceSpans == b.traceSpans)
    }

    @Test func thresholdIsRateTimesTwoToThe64() {
        #expect(ObservabilityRecorder.threshold(0) == 0)
        #expect(ObservabilityRecorder.threshold(1) == .max)
        #expect(ObservabilityRecorder.threshold(0.5) == 1 << 63)
        #expect(ObservabilityRecorder.threshold(0.25) == 1 << 62)
    }
}

/// Turbine's load: one hystrix.stream chunk per Hystrix-running instance every 500 ms.
@Test func turbineReceivesOneStreamChunkPerInstancePerHalfSecond() throws {
    let scenario = try SmallScenarios.load(SmallScenarios.yaml(duration: "8s", rate: "20/s"))
    let summary = try PlatformSimulation(scenario: scenario).run().summary
    let streaming = summary.components.filter { ["service", "gateway", "oauth"].contains($0.kind) }.reduce(0) { $0 + $1.instances.count }
    let turbine = try #require(summary.components.first { $0.kind == "turbine" })
    // Measured window 2 s…8 s = 6 s ⇒ 12 chunks per instance; a chunk in flight at either edge of
    // the window may fall on either side (±1 per instance).
    let expected = streaming * 12
    #expect(streaming >= 38)
    #expect(abs(turbine.requests - expected) <= streaming)
}

/// The Turbine cluster view: per command, hosts reporting = the instances that created the
/// command, and the summed rolling request count matches the sum of per-instance counts.
@Test func turbineViewAggregatesCommandsOverInstances() throws {
    let scenario = try SmallScenarios.load(SmallScenarios.yaml(duration: "6s", rate: "60/s"))
    let simulation = try PlatformSimulation(scenario: scenario)
    let series = simulation.run().timeSeries.series
    func values(_ metric: RunTimeSeries.Metric, _ subject: String) -> [Double]? { series.first { $0.metric == metric && $0.subject == subject }?.values }
    // The gateway's command for funcion-query runs on every gateway instance (2 by default here).
    let gateways = simulation.components[Int(simulation.componentOfKind[.gateway]!)].instances.count
    let hosts = try #require(values(.turbineReportingHosts, "funcion-query"))
    #expect(hosts.last == Double(gateways))
    // At the end, the cluster count is the sum of each instance's rolling request count.
    let expected = simulation.commands.filter { $0.key == "funcion-query" }
        .reduce(Int64(0)) { $0 + ObservabilityTestsSupport.requestCount($1, at: .zero + scenario.duration) }
    #expect(try #require(values(.turbineRequestCount, "funcion-query")).last == Double(expected))
    #expect(expected > 50)
    #expect(values(.turbineOpenHosts, "funcion-query")?.allSatisfy { $0 == 0 } == true)
}

enum ObservabilityTestsSupport {
    static func requestCount(_ command: HystrixCommand, at time: SimTime) -> Int64 {
        if case let .integer(v)? = command.snapshot(at: time)["requestCount"] { return v }
        return -1
    }
}
