import Testing
import SimulationPrimitives
import Telemetry
@testable import Scenarios

/// Issue 7: budget mistakes found when loading (exit 2, located), k6 option spellings, the
/// `platform` pseudo-target, window warnings, and `workload.mix` adding up to 100 %.
let budgetInvalidCases: [InvalidCase] = [
    InvalidCase(name: "recovery without a fault that ends",
                yaml: validBase + "\nbudgets:\n  \"POST /api/compras\": [\"p(99)<800ms\", \"recovery<30s\"]\n",
                pointsAt: "\"recovery<30s\"", message: "needs a fault with an end"),
    InvalidCase(name: "recovery whose selector matches no fault with an end",
                yaml: validBase + "\nfaults:\n  - {kind: instance-crash, target: compra-command-1, at: 10s}\nbudgets:\n  \"POST /api/compras\": [\"p(99)<800ms\", \"recovery(instance-crash)<30s\"]\n",
                pointsAt: "\"recovery(instance-crash)<30s\"", message: "matching 'instance-crash'"),
    InvalidCase(name: "latency on a platform metric",
                yaml: validBase + "\nbudgets:\n  oversold: [\"p(99)<1s\"]\n", pointsAt: "\"p(99)<1s\"", message: "'oversold' is a platform metric"),
    InvalidCase(name: "percent on a count",
                yaml: validBase + "\nbudgets:\n  oversold: [\"<1%\"]\n", pointsAt: "\"<1%\"", message: "'oversold' is a count, not a percentage"),
    InvalidCase(name: "bare comparison on a route",
                yaml: validBase + "\nbudgets:\n  \"POST /api/compras\": [\"==0\"]\n", pointsAt: "\"==0\"", message: "not a platform metric"),
    InvalidCase(name: "platform pseudo-target needs a metric name",
                yaml: validBase + "\nbudgets:\n  platform: [\"p(99)<1s\"]\n", pointsAt: "\"p(99)<1s\"", message: "under 'platform' must name a platform metric"),
    InvalidCase(name: "mix over 100 %",
                yaml: validBase + "\n  mix: {browse: 70%, buy: 39%}\n", pointsAt: "{browse: 70%", message: "add up to 109.0%, not 100%"),
    InvalidCase(name: "bad inline delayAbortEval",
                yaml: validBase + "\nbudgets:\n  \"POST /api/compras\": [\"p(99)<1s delayAbortEval=soon\"]\n", pointsAt: "\"p(99)<1s delay", message: "bad delayAbortEval 'soon'"),
]

@Test(arguments: budgetInvalidCases)
func invalidBudgetGivesLocatedError(_ testCase: InvalidCase) {
    expectLocatedError(testCase)
}

@Test func k6LongFormKeysAndTheSnakeCaseOnesAreAccepted() throws {
    let yaml = validBase + """

    faults:
      - {kind: instance-crash, target: compra-command-1, at: 5s, for: 5s}
    budgets:
      "POST /api/compras": {threshold: "p(99)<800ms", abortOnFail: true, delayAbortEval: 10s}
      "GET /api/funciones/{id}": {checks: ["p(95)<300ms", "recovery<20s"], abort_on_fail: true, delay_abort_eval: 5s}
      platform: ["seats_sold_per_s>=1500", "unauthorized_reaching_services==0"]
      availability: [">=99.5%"]
    """
    let budgets = try ScenarioLoader.load(yaml: yaml).budgets.flatMap(\.budgets)
    #expect(budgets.count == 6)
    #expect(budgets[0].abortOnFail && budgets[0].delayAbortEval == .seconds(10) && budgets[0].expression.threshold == 800)
    #expect(budgets[1].abortOnFail && budgets[1].delayAbortEval == .seconds(5))
    #expect(budgets[3].target == "platform" && budgets[3].expression.aggregate == .platformMetric("seats_sold_per_s"))
    #expect(budgets[3].expression.threshold == 1500)
    #expect(budgets[5].expression.aggregate == .platformMetric(nil) && budgets[5].expression.threshold == 99.5)
}

@Test func windowsPastTheRunsEndAreWarnedAbout() throws {
    let yaml = validBase + """

    budgets:
      "GET /api/funciones/{id}": {during: 4m..15m, checks: ["p(95)<300ms"]}
      "POST /api/compras": ["p(99)<1s during 10s..9m"]
    """
    let warnings = try ScenarioLoader.load(yaml: yaml).warnings
    #expect(warnings.contains("budget window '4m..15m' of 'GET /api/funciones/{id}' starts after the run's end (30s): 'p(95)<300ms' is skipped"))
    #expect(warnings.contains("budget window '10s..9m' of 'POST /api/compras' ends after the run's end (30s): 'p(99)<1s' is evaluated over 10s..30s"))
}

@Test func mixSharesMustAddUpButPlainWeightsAreRelative() throws {
    let exact = try ScenarioLoader.load(yaml: validBase + "\n  mix: {browse: 70%, buy: 24%, share: 5%, manage: 1%}\n")
    #expect(zip(exact.workload.mix.map(\.weight), [0.70, 0.24, 0.05, 0.01]).allSatisfy { abs($0 - $1) < 1e-12 })
    let relative = try ScenarioLoader.load(yaml: validBase + "\n  mix: {browse: 3, buy: 1}\n")
    #expect(relative.workload.mix.map(\.weight) == [0.75, 0.25])
}

@Test func schemaAcceptsTheLongFormKeysTheLoaderAccepts() throws {
    let budgets = (ScenarioSchema.document["properties"] as! [String: Any])["budgets"] as! [String: Any]
    let perTarget = (budgets["properties"] as! [String: Any])
    #expect(perTarget["platform"] != nil)
    let forms = (perTarget["POST /api/compras"] as! [String: Any])["oneOf"] as! [[String: Any]]
    let longForm = forms.first { $0["type"] as? String == "object" }!
    let keys = (longForm["properties"] as! [String: Any]).keys.sorted()
    #expect(keys == ScenarioDecoder.budgetLongFormKeys.sorted())
}
