import Testing
import SimulationPrimitives
@testable import Telemetry

@Suite struct BudgetEvaluatorTests {
    static let compras = "POST /api/compras"

    func budgets(_ pairs: [(String, String)]) throws -> [Budget] {
        try pairs.map { try Budget.parse(target: $0.0, text: $0.1) }
    }

    @Test func wholeRunVerdictsCarryObservedValues() throws {
        // 1000 requests: 990 success, 2 degraded, 5 server errors, 3 client timeouts.
        let route = BudgetFixtures.route(Self.compras, count: 1000, success: 990, degraded: 2, serverErrors: 5, p99: 412, mean: 40)
        let summary = BudgetFixtures.summary(routes: [route], platform: [PlatformMetric(name: "unauthorized_reaching_services", value: 0),
                                                                         PlatformMetric(name: "requests_to_dead_instances", value: 37)])
        let evaluator = BudgetEvaluator(budgets: try budgets([
            (Self.compras, "p(99)<800ms"),            // 412 < 800: pass
            (Self.compras, "p(99)<400ms"),            // 412: fail
            (Self.compras, "availability>=99.5%"),    // 99.2%: fail
            (Self.compras, "rate<0.01"),              // 8/1000 = 0.008: pass
            (Self.compras, "avg<50"),                 // 40: pass
            (Self.compras, "count>=1000"),
            ("platform", "oversold==0"),
            ("platform", "seats_sold_per_s>=1500"),   // 1600: pass
            ("unauthorized_reaching_services", "==0"),
            ("requests_to_dead_instances", "<=10"),   // 37: fail
            (Self.compras, "p(75)<1s"),               // not in summary.json: fails as unavailable
            ("platform", "ghost_metric==0"),
        ]))
        let v = evaluator.evaluate(SummaryMetricSource(summary: summary, timeSeries: nil))
        #expect(v.map(\.passed) == [true, false, false, true, true, true, true, true, true, false, false, false])
        #expect(v[0].observed == "412ms" && v[0].observedValue == 412)
        #expect(v[2].observed == "99.2%")
        #expect(abs(v[3].observedValue - 0.008) < 1e-12)
        #expect(v[7].observedValue == 1600)
        #expect(v[9].observed == "37")
        #expect(v[10].observed.hasPrefix("unavailable: "))
        #expect(v[11].observed.contains("unknown platform metric 'ghost_metric'"))
        #expect(v.allSatisfy { $0.window == nil })
    }

    /// A target without requests after the warm-up (a run cut to just past it) has nothing to
    /// measure: its budgets are skipped with the reason, not failed as an unknown route, and
    /// other targets' budgets are still judged.
    @Test func aTargetWithoutMeasuredRequestsIsSkippedNotFailed() throws {
        let browse = BudgetFixtures.route("GET /api/funciones", count: 100, success: 100, p99: 120)
        let summary = BudgetFixtures.summary(routes: [browse], duration: 60.001, warmup: 60)
        let evaluator = BudgetEvaluator(budgets: try budgets([
            (Self.compras, "p(99)<800ms"),
            (Self.compras, "availability>=99%"),
            ("GET /api/funciones", "p(99)<100ms"),   // 120 ms: fails
        ]))
        let v = evaluator.evaluate(SummaryMetricSource(summary: summary, timeSeries: nil))
        #expect(v.map(\.isSkipped) == [true, true, false])
        #expect(v.map(\.failed) == [false, false, true])
        #expect(v[0].observed == "skipped: no requests for 'POST /api/compras' after the warm-up")
    }

    /// 60 one-second buckets; from 20 s to 29 s the route errs 10 % at twice the traffic.
    static func series() -> RunTimeSeries {
        let n = 60
        var throughput = [Double](repeating: 100, count: n)
        var errors = [Double](repeating: 0, count: n)
        var p99 = [Double](repeating: 300, count: n)
        for i in 20..<30 { throughput[i] = 200; errors[i] = 10; p99[i] = 2000 }
        p99[30] = 1200; p99[31] = 900 // recovering: within 800 ms from bucket 32
        errors[30] = 2
        var sold = [Double](repeating: 0, count: n)
        for i in 0..<n { sold[i] = Double((i + 1) * 50) }
        var dead = [Double](repeating: 0, count: n)
        dead[21] = 4; dead[22] = 6
        return RunTimeSeries(bucketSeconds: 1, bucketCount: n, series: [
            .init(metric: .errorPercent, subject: compras, values: errors),
            .init(metric: .latencyP50Ms, subject: compras, values: p99.map { $0 / 10 }),
            .init(metric: .latencyP99Ms, subject: compras, values: p99),
            .init(metric: .requestsToDeadInstances, subject: "compra-command", values: dead),
            .init(metric: .seatsSold, subject: "all", values: sold),
            .init(metric: .throughputPerSecond, subject: compras, values: throughput),
        ])
    }

    @Test func windowedVerdictsUseTheBucketsInTheWindow() throws {
        let summary = BudgetFixtures.summary(routes: [BudgetFixtures.route(Self.compras, count: 1000, success: 1000)])
        let source = SummaryMetricSource(summary: summary, timeSeries: Self.series())
        let evaluator = BudgetEvaluator(budgets: try budgets([
            (Self.compras, "rate<0.01 during 15s..25s"),   // (5·100·0 + 5·200·10%)/(500+1000) = 6.67 %: fail
            (Self.compras, "rate<0.01 during 40s..50s"),   // 0: pass
            (Self.compras, "p(99)<800ms during 40s.."),    // worst bucket 300 ms: pass
            (Self.compras, "p(99)<800ms during 25s..35s"), // worst bucket 2000 ms: fail
            (Self.compras, "count==1500 during 15s..25s"),
            (Self.compras, "throughput>=150/s during 15s..25s"),
            ("platform", "seats_sold_per_s==50 during 10s..20s"),
            ("requests_to_dead_instances", "<=5 during 20s..30s"), // 10: fail
            (Self.compras, "avg<100ms during 10s..20s"),   // not per bucket: unavailable
            (Self.compras, "rate<0.5 during 0s..5s"),      // inside warm-up (10 s): outside the run
        ]))
        let v = evaluator.evaluate(source)
        #expect(v.map(\.passed) == [false, true, true, false, true, true, true, false, false, false])
        #expect(abs(v[0].observedValue - 1.0 / 15) < 1e-12)
        #expect(v[3].observedValue == 2000 && v[3].window == "25s..35s")
        #expect(v[4].observedValue == 1500)
        #expect(v[5].observedValue == 150)
        #expect(v[7].observedValue == 10)
        #expect(v[9].observed.contains("outside the measured run"))
        // Without warm-up exclusion the early window is measured.
        let raw = BudgetEvaluator(budgets: [try Budget.parse(target: Self.compras, text: "rate<0.5 during 0s..5s")], excludeWarmup: false)
        #expect(raw.evaluate(source)[0].passed)
    }

    @Test func recoveryIsTimeFromFaultEndUntilBackWithinBudget() throws {
        let fault = FaultWindow(kind: "kill", target: "compra-command-2", startSeconds: 20, endSeconds: 30)
        let never = FaultWindow(kind: "partition", target: "zone-b", startSeconds: 40, endSeconds: nil)
        let summary = BudgetFixtures.summary(routes: [BudgetFixtures.route(Self.compras, count: 10, success: 10)], faults: [fault, never])
        let source = SummaryMetricSource(summary: summary, timeSeries: Self.series())
        let evaluator = BudgetEvaluator(budgets: try budgets([
            (Self.compras, "p(99)<800ms"),
            (Self.compras, "rate<0.01"),
            (Self.compras, "recovery<5s"),        // p99 ≤ 800 and errors < 1 % from bucket 32: 2 s
            (Self.compras, "recovery(kill)<1s"),  // same fault, tighter bound: fail
            (Self.compras, "recovery(partition)<1s"), // that fault never ends: unavailable
        ]))
        let v = evaluator.evaluate(source)
        #expect(v[2].passed && v[2].observedValue == 2 && v[2].observed == "2s")
        #expect(!v[3].passed && v[3].observedValue == 2)
        #expect(!v[4].passed && v[4].observed.contains("no fault with an end matching 'partition'"))

        // Never back within budget: p99 stays above 100 ms to the end.
        let strict = BudgetEvaluator(budgets: try budgets([(Self.compras, "p(99)<100ms"), (Self.compras, "recovery<5s")]))
        let s = strict.evaluate(source)[1]
        #expect(!s.passed && s.observedValue == 30 && s.observed.hasPrefix("not recovered"))
    }

    /// A live source: values observed so far (a stand-in for the platform's recorder).
    struct LiveSource: BudgetMetricSource {
        var errorRateSoFar: Double
        var timeline: BudgetTimeline { BudgetTimeline(elapsed: .seconds(20), warmup: .seconds(5), bucket: .seconds(1), faults: []) }
        func observe(_ metric: BudgetMetric, target: String, over range: BudgetTimeRange?) -> BudgetObservation {
            metric == .errorRate ? .value(errorRateSoFar) : .unavailable("not live")
        }
    }

    @Test func abortOnFailStopsOnlyOnAMeasuredBreachAfterTheDelay() throws {
        var budget = try Budget.parse(target: Self.compras, text: "rate<0.05 abortOnFail")
        budget.delayAbortEval = .seconds(10)
        let evaluator = BudgetEvaluator(budgets: [budget, try Budget.parse(target: Self.compras, text: "p(99)<1ms abortOnFail")])
        // Warm-up ends at 5 s, so the delay runs to 15 s.
        #expect(evaluator.abortBreach(LiveSource(errorRateSoFar: 0.2), now: SimTime.zero + .seconds(14)) == nil)
        let breach = evaluator.abortBreach(LiveSource(errorRateSoFar: 0.2), now: SimTime.zero + .seconds(15))
        #expect(breach?.expression == "rate<0.05" && breach?.passed == false && breach?.observedValue == 0.2)
        // Unavailable p99 never aborts; a healthy rate does not either.
        #expect(evaluator.abortBreach(LiveSource(errorRateSoFar: 0.01), now: SimTime.zero + .seconds(19)) == nil)
    }
}
