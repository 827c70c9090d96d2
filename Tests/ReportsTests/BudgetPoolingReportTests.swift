import Testing
import Telemetry
@testable import Reports

/// Issue 7 in the check pipeline: skipped budgets fail nothing, pooled observed values keep the
/// threshold's unit and the upper-bound note, and JUnit marks skipped cases.
@Suite struct BudgetPoolingReportTests {
    static func s(_ seed: UInt64, _ verdicts: [BudgetVerdict]) -> RunSummary { ReportFixtures.summary(seed: seed, budgets: verdicts) }

    @Test func skippedBudgetsFailNothingAndStaySkippedWhenPooled() {
        let skipped = BudgetVerdict(target: "GET /api/funciones/{id}", expression: "p(95)<300ms", window: "4m..15m", passed: false,
                                    observed: "skipped: window starts after the run's end (3m)", observedValue: 0, skipped: true)
        let result = CheckEvaluation.evaluate(scenarioFile: "x.yaml", summaries: [Self.s(1, [skipped]), Self.s(2, [skipped])], baseline: nil)
        #expect(result.budgets == [skipped])
        #expect(result.passed)
        let suite = JUnitReport.suite(scenario: "premiere-on-sale", budgets: [skipped], invariants: [], regressions: [])
        #expect(suite.failures == 0 && suite.skipped == 1)
        let xml = JUnitReport(suites: [suite]).xml()
        #expect(xml.contains("skipped=\"1\"") && xml.contains("<skipped message=\"skipped: window starts after the run&apos;s end (3m)\"/>"))
    }

    @Test func pooledRateIsInPercentAndUpperBoundsSaySo() {
        func rate(_ v: Double) -> BudgetVerdict {
            BudgetVerdict(target: "POST /api/compras", expression: "rate<5%", window: nil, passed: v < 0.05, observed: "", observedValue: v)
        }
        func bound(_ v: Double) -> BudgetVerdict {
            BudgetVerdict(target: "POST /api/compras", expression: "p(99)<200ms", window: "1m..5m", passed: v < 200,
                          observed: "\(v)ms upper bound (worst bucket)", observedValue: v)
        }
        let (v, _) = CheckEvaluation.poolBudgets([Self.s(1, [rate(0.1347), bound(300)]), Self.s(2, [rate(0.1347), bound(320)])])
        #expect(v[0].observed == "13.47% in all 2 seeds" && !v[0].passed)   // identical seeds: one value, no interval
        #expect(v[1].observed.hasPrefix("310ms upper bound (worst bucket) mean of 2 seeds"))
    }

    /// A recovery of 0 s, 0 s and 5.333 s: mean 1.778 s, s = 3.079 s, t(0.975, 2) = 4.303 → the
    /// Student-t interval runs from −5.87 s, which a recovery time cannot be: clamped to 0.
    /// Identical values print once instead of a zero-width interval.
    @Test func pooledIntervalsStayInTheMetricsDomain() {
        func recovery(_ v: Double) -> BudgetVerdict {
            BudgetVerdict(target: "POST /api/compras", expression: "recovery<=36s", window: nil, passed: v <= 36, observed: "", observedValue: v)
        }
        let (v, _) = CheckEvaluation.poolBudgets([Self.s(1, [recovery(0)]), Self.s(2, [recovery(0)]), Self.s(3, [recovery(5.333)])])
        #expect(v[0].observed.contains("95% CI 0s–") && !v[0].observed.contains("CI -"))
        let (same, _) = CheckEvaluation.poolBudgets([Self.s(1, [recovery(2.048)]), Self.s(2, [recovery(2.048)])])
        #expect(same[0].observed == "2.048s in all 2 seeds")
    }
}
