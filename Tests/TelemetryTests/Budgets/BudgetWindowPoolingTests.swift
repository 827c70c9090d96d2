import Testing
import SimulationPrimitives
@testable import Telemetry

/// Issue 7: windowed percentiles from the pooled per-bucket histograms, their precision, skipped
/// windows, recovery of a fault still active, observed values in the threshold's unit, k6 option
/// spellings, and the live recorder source behind `abortOnFail`.
@Suite struct BudgetWindowPoolingTests {
    static let route = "GET /api/funciones/{id}"

    /// Each recorded value reads back within half a bin: ±1/64 of the octave's base (1.5625 %).
    @Test(arguments: [1_000, 4_999, 9_984, 10_000, 40_960, 84_700, 163_840, 196_608, 327_680, 999_999, 3_600_000_000] as [UInt64])
    func compactHistogramKeepsTwoSignificantDigits(micros: UInt64) {
        var h = CompactHistogram()
        h.record(microseconds: micros)
        let read = h.value(atPercentile: 99)
        #expect(abs(read - Double(micros)) / Double(micros) <= 1.0 / 64)
    }

    /// Uniform 1…1000 ms, one sample per ms: p(99) is the 990th sample, 990 ms (closed form).
    @Test func compactHistogramPercentileOfAUniformSample() {
        var h = CompactHistogram()
        for ms in 1...1000 { h.record(microseconds: UInt64(ms) * 1000) }
        #expect(abs(h.value(atPercentile: 99) - 990_000) / 990_000 <= 1.0 / 64)
        #expect(abs(h.value(atPercentile: 50) - 500_000) / 500_000 <= 1.0 / 64)
        #expect(h.count == 1000)
    }

    /// Merging two histograms reads exactly like recording every sample into one.
    @Test func mergingEqualsRecordingTogether() {
        var a = CompactHistogram(), b = CompactHistogram(), all = CompactHistogram()
        var stream = RandomStream(rootSeed: 7, component: "merge")
        for i in 0..<5000 {
            let v = UInt64(1 + stream.nextInt(below: 2_000_000))
            if i % 3 == 0 { a.record(microseconds: v) } else { b.record(microseconds: v) }
            all.record(microseconds: v)
        }
        var merged = a
        merged.add(b)
        #expect(merged.count == all.count)
        for p in [50.0, 90, 95, 99, 99.9, 100] { #expect(merged.value(atPercentile: p) == all.value(atPercentile: p)) }
    }

    /// Two 1 s buckets of 100 requests: bucket 0 all at 10 ms, bucket 1 with 2 at 300 ms. Bucket 1's
    /// p99 (rank 99 of 100) is 300 ms; the pooled p99 (rank 198 of 200) is 10 ms.
    func recorder() -> RunRecorder {
        var r = RunRecorder(bucket: .seconds(1), duration: .seconds(4), warmup: .zero)
        let index = r.addRoute(kind: .route, name: Self.route)
        for bucket in 0..<2 {
            for i in 0..<100 {
                let latency: SimDuration = (bucket == 1 && i < 2) ? .milliseconds(300) : .milliseconds(10)
                let end = SimTime.zero + .milliseconds(Int64(bucket * 1000 + 500))
                r.recordRequest(route: index, outcome: .success, intendedStart: end - latency, actualStart: end - latency, end: end, retries: 0)
            }
        }
        return r
    }

    func summary(_ r: RunRecorder, duration: Double = 4) -> RunSummary {
        var s = BudgetFixtures.summary(routes: r.routeSummaries(), duration: duration, warmup: 0)
        s.window.durationSeconds = duration
        return s
    }

    @Test func windowedPercentileIsThePooledOneWithTheRecorder() throws {
        let r = recorder()
        let summarySource = SummaryMetricSource(summary: summary(r), timeSeries: r.timeSeries())
        let evaluator = BudgetEvaluator(budgets: [try Budget.parse(target: Self.route, text: "p(99)<200ms during 0s..2s"),
                                                  try Budget.parse(target: Self.route, text: "p(99)<200ms")])
        let pooled = evaluator.evaluate(RecorderMetricSource(recorder: r, summary: summarySource))
        #expect(pooled[0].passed)
        #expect(abs(pooled[0].observedValue - 10) / 10 <= 1.0 / 64)
        #expect(!pooled[0].observed.contains("upper bound"))
        // Whole run (HDR, 3 digits) and the same span as a window agree within the bins' precision.
        #expect(abs(pooled[0].observedValue - pooled[1].observedValue) / pooled[1].observedValue <= 1.0 / 64)
        // From the time series alone (--from-summaries): the worst bucket, an upper bound, and it says so.
        let bound = evaluator.evaluate(summarySource)[0]
        #expect(!bound.passed)
        #expect(abs(bound.observedValue - 300) / 300 <= 1.0 / 64)
        #expect(bound.observed.hasSuffix("upper bound (worst bucket)"))
    }

    @Test func windowStartingAfterTheRunsEndIsSkipped() throws {
        let r = recorder()
        let evaluator = BudgetEvaluator(budgets: [try Budget.parse(target: Self.route, text: "p(95)<300ms during 4m..15m"),
                                                  try Budget.parse(target: Self.route, text: "p(95)<300ms during 2s..15m")])
        let v = evaluator.evaluate(SummaryMetricSource(summary: summary(r), timeSeries: r.timeSeries()))
        #expect(v[0].isSkipped && !v[0].passed && !v[0].failed)
        #expect(v[0].observed == "skipped: window starts after the run's end (4s)")
        #expect(v[0].label == "\(Self.route): p(95)<300ms during 4m..15m")
        // Partly past the end: cut at the end, where buckets 2 and 3 hold no requests: nothing to
        // measure, so skipped with that reason (not failed).
        #expect(v[1].isSkipped && !v[1].failed && v[1].observed.contains("skipped: no requests"))
    }

    @Test func recoveryOfAFaultStillActiveAtTheEndSaysSo() throws {
        let r = recorder()
        var s = summary(r)
        s.faults = [FaultWindow(kind: "kill", target: "funcion-query-1", startSeconds: 1, endSeconds: 4)]
        let evaluator = BudgetEvaluator(budgets: [try Budget.parse(target: Self.route, text: "p(99)<800ms"),
                                                  try Budget.parse(target: Self.route, text: "recovery<30s")])
        let v = evaluator.evaluate(SummaryMetricSource(summary: s, timeSeries: r.timeSeries()))[1]
        #expect(v.failed && v.observed == "fault still active at the end of the run")
        // A fault that starts after the (shortened) run's end: skipped.
        s.faults = [FaultWindow(kind: "kill", target: "funcion-query-1", startSeconds: 10, endSeconds: 20)]
        #expect(evaluator.evaluate(SummaryMetricSource(summary: s, timeSeries: r.timeSeries()))[1].isSkipped)
    }

    @Test func rateIsShownInTheThresholdsUnit() throws {
        let route = BudgetFixtures.route("POST /api/compras", count: 10000, success: 8653)
        let s = BudgetFixtures.summary(routes: [route])
        let evaluator = BudgetEvaluator(budgets: [try Budget.parse(target: "POST /api/compras", text: "rate<5%"),
                                                  try Budget.parse(target: "POST /api/compras", text: "rate<0.05")])
        let v = evaluator.evaluate(SummaryMetricSource(summary: s, timeSeries: nil))
        #expect(v[0].observed == "13.47%" && abs(v[0].observedValue - 0.1347) < 1e-12)
        #expect(v[1].observed == "0.1347")
    }

    @Test func k6OptionSpellingsInline() throws {
        let a = try Budget.parse(target: Self.route, text: "p(99)<800ms during 2m..10m abortOnFail delayAbortEval=30s")
        #expect(a.abortOnFail && a.delayAbortEval == .seconds(30) && a.window?.start == .minutes(2) && a.expression.threshold == 800)
        let b = try Budget.parse(target: Self.route, text: "rate<1% delay_abort_eval=1m abort_on_fail=true")
        #expect(b.abortOnFail && b.delayAbortEval == .minutes(1) && b.window == nil)
        let c = try Budget.parse(target: Self.route, text: "p(99) < 800ms abortOnFail=false")
        #expect(!c.abortOnFail && c.expression.text == "p(99) < 800ms")
        #expect(throws: BudgetParseError.self) { try Budget.parse(target: Self.route, text: "p(99)<1s delayAbortEval=soon") }
        #expect(throws: BudgetParseError.self) { try Budget.parse(target: Self.route, text: "p(99)<1s abortOnFail=maybe") }
    }

    /// The live source behind `abortOnFail`: bucket 1 holds the 300 ms outliers.
    @Test func liveRecorderSourceAbortsOnTheFirstMeasuredBreach() throws {
        let r = recorder()
        let budget = try Budget.parse(target: Self.route, text: "p(99)<200ms during 0s..2s abortOnFail")
        let evaluator = BudgetEvaluator(budgets: [budget, try Budget.parse(target: Self.route, text: "p(50)<5ms abortOnFail delayAbortEval=3s")])
        func live(_ seconds: Int64) -> RecorderMetricSource {
            RecorderMetricSource(recorder: r, now: SimTime.zero + .seconds(seconds), faults: [], platformValue: { _ in nil })
        }
        // Pooled p99 over [0, 2 s) is 10 ms: no breach; p(50)<5ms is delayed to 3 s.
        #expect(evaluator.abortBreach(live(2), now: SimTime.zero + .seconds(2)) == nil)
        let breach = evaluator.abortBreach(live(3), now: SimTime.zero + .seconds(3))
        #expect(breach?.expression == "p(50)<5ms" && breach?.passed == false)
        #expect(abs((breach?.observedValue ?? 0) - 10) / 10 <= 1.0 / 64)   // whole-run HDR p50 so far: 10 ms
    }
}
