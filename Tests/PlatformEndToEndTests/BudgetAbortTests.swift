import Foundation
import Testing
import Scenarios
import Telemetry
import Platform

/// Issue 7: `abortOnFail` stops a run on virtual time at the first breach after `delayAbortEval`,
/// with a complete summary of what it covered; windows after the end are skipped; windowed
/// percentiles are pooled.
@Suite struct BudgetAbortTests {
    static func budgets(_ yamlFlow: String) -> [String] { ["budgets=\(yamlFlow)"] }

    @Test func abortOnFailStopsAtTheFirstBucketEndAfterWarmup() throws {
        // Warm-up 2 s, bucket 1 s, no delay: the first check with measured data is at 3 s, and
        // no purchase is answered within 1 ms, so that check breaks the budget.
        let overrides = Self.budgets("{\"POST /api/compras\": [\"p(99)<1ms abortOnFail\"], \"GET /api/funciones/{id}\": [\"p(95)<300ms during 4m..15m\"]}")
        let artifacts = try Bundled.run("premiere-on-sale.yaml", extra: overrides + ["duration=8s"])
        let s = artifacts.summary
        let abort = try #require(s.aborted)
        #expect(abort.atSeconds == 3)
        #expect(abort.budget.label == "POST /api/compras: p(99)<1ms" && abort.budget.failed)
        #expect(s.window.durationSeconds == 3)
        #expect(artifacts.timeSeries.bucketCount == 3)
        #expect(s.budgets.count == 2 && s.budgets[0].failed)
        #expect(s.budgets[1].isSkipped && s.budgets[1].observed == "skipped: window starts after the run's end (3s)")
        for invariant in s.invariants { #expect(invariant.passed, "\(invariant.name): \(invariant.detail)") }
        // Byte-identical across identical runs (engine aside).
        var again = try Bundled.run("premiere-on-sale.yaml", extra: overrides + ["duration=8s"]).summary
        again.engine = s.engine
        #expect(again == s)
    }

    @Test func delayAbortEvalPostponesTheCheck() throws {
        let overrides = Self.budgets("{\"POST /api/compras\": {threshold: \"p(99)<1ms\", abortOnFail: true, delayAbortEval: 3s}}")
        let s = try Bundled.run("premiere-on-sale.yaml", extra: overrides + ["duration=8s"]).summary
        #expect(s.aborted?.atSeconds == 5)   // warm-up 2 s + delay 3 s
        // Without abortOnFail the same budget fails at the end and the run is not aborted.
        let plain = try Bundled.run("premiere-on-sale.yaml", extra: Self.budgets("{\"POST /api/compras\": [\"p(99)<1ms\"]}") + ["duration=8s"]).summary
        #expect(plain.aborted == nil && plain.window.durationSeconds == 8 && plain.budgets[0].failed)
    }

    @Test func windowedPercentileOverTheMeasuredSpanMatchesTheWholeRun() throws {
        let overrides = Self.budgets("{\"GET /api/funciones/{id}\": [\"p(99)<200ms\", \"p(99)<200ms during 2s..15s\"]}")
        let v = try Bundled.run("premiere-on-sale.yaml", extra: overrides).summary.budgets
        #expect(!v[1].observed.contains("upper bound"))
        // Same span; the window counts requests by completion bucket, the whole run by intended start.
        #expect(abs(v[1].observedValue - v[0].observedValue) / v[0].observedValue < 0.05, "\(v[0].observed) vs \(v[1].observed)")
    }
}
