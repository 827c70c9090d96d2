import Testing
import SimulationPrimitives
import Scenarios
import Telemetry

/// The bundled fault scenarios state their budgets as a steady-state hypothesis (Principles of
/// Chaos, reference/loadtest-chaos.md §4f; docs/reports.md "Budgets for fault scenarios"): the
/// reference SLOs hold before the fault and again from the fault's end plus a recovery allowance,
/// and `recovery` is bounded by that allowance. The allowance is derived from the configured
/// timers, so this test recomputes it from the loaded scenario: moving a fault, changing a timeout
/// or the client's patience without moving the windows fails here, not in a full-size CI run.
struct FaultScenarioBudgetTests {
    /// One time bucket (the default 1 s) of measurement resolution in `recovery`.
    static let bucket = SimDuration.seconds(1)

    /// Which timer ends the fault's aftermath (the header comment of each file says why).
    enum Aftermath { case clientTimeout, hystrixTimeout }

    static let cases: [(file: String, aftermath: Aftermath)] = [
        ("zone-partition.yaml", .clientTimeout),
        ("bad-config-push.yaml", .hystrixTimeout),
        ("oauth-outage.yaml", .hystrixTimeout),
        ("shard-primary-failover.yaml", .hystrixTimeout),
    ]

    /// The allowance: the longest a call started during the fault can still end in failure, plus a
    /// Hystrix breaker's sleep window (reference/netflix-oss.md §1.1), plus one bucket.
    static func allowance(_ scenario: Scenario, _ aftermath: Aftermath) -> SimDuration {
        let hystrix = scenario.resilience.hystrix
        let lastFailure: SimDuration
        switch aftermath {
        case .clientTimeout:
            lastFailure = scenario.workload.clientTimeout
        case .hystrixTimeout:
            // Spring Cloud derives the command timeout from the Ribbon budget (netflix-oss.md §6.3).
            lastFailure = hystrix.timeout ?? scenario.resilience.ribbon.retryBudget
        }
        return lastFailure + hystrix.sleepWindow + bucket
    }

    @Test(arguments: cases.map(\.file))
    func steadyStateWindowsFramePreciselyTheFaultAndItsRecovery(_ file: String) throws {
        let scenario = try ScenarioLoader.load(file: Bundled.folder + "/" + file)
        let aftermath = Self.cases.first { $0.file == file }!.aftermath
        let allowance = Self.allowance(scenario, aftermath)
        let faultStart = scenario.faults.map(\.at).min()!
        let faultEnd = scenario.faults.map { $0.at + ($0.duration ?? .zero) }.max()!
        let steadyAgain = faultEnd + allowance

        // Every SLO of the reference scenario is present, each before and after the fault.
        let reference = try ScenarioLoader.load(file: Bundled.folder + "/premiere-on-sale.yaml")
        let slos = reference.budgets.flatMap(\.budgets).filter { $0.expression.aggregate.isRecoveryCriterion }
        let budgets = scenario.budgets.flatMap(\.budgets)
        for slo in slos {
            let same = budgets.filter { $0.target == slo.target && $0.expression.text == slo.expression.text }
            let before = same.filter { $0.window?.end == faultStart }
            let after = same.filter { $0.window?.start == steadyAgain && $0.window?.end == nil }
            #expect(before.count == 1, "\(file): '\(slo.target): \(slo.expression.text)' must hold until the fault starts at \(faultStart)")
            #expect(after.count == 1, "\(file): '\(slo.target): \(slo.expression.text)' must hold again from \(steadyAgain)")
            #expect(same.count == 2, "\(file): '\(slo.target): \(slo.expression.text)' must not also be a whole-run budget")
            // Its recovery is bounded by the same allowance.
            let recovery = budgets.filter {
                if case .recovery = $0.expression.aggregate { return $0.target == slo.target }
                return false
            }
            #expect(recovery.count == 1 && recovery.first?.expression.threshold == allowance.seconds,
                    "\(file): '\(slo.target)' needs 'recovery<=\(allowance.seconds)s', found \(recovery.map(\.expression.text))")
        }
        // The safety invariants stay whole-run budgets.
        for target in ["oversold", "unauthorized_reaching_services"] {
            #expect(budgets.contains { $0.target == target && $0.window == nil }, "\(file): \(target) must be a whole-run budget")
        }
    }

    @Test func theAllowancesFollowTheDocumentedArithmetic() throws {
        // Spring Cloud defaults: 30 s client timeout + 5 s sleep window + 1 s bucket; the derived
        // Hystrix timeout (1 s + 1 s) × 1 × 2 = 4 s, + 5 s + 1 s.
        let partition = try ScenarioLoader.load(file: Bundled.folder + "/zone-partition.yaml")
        #expect(Self.allowance(partition, .clientTimeout) == .seconds(36))
        let push = try ScenarioLoader.load(file: Bundled.folder + "/bad-config-push.yaml")
        #expect(Self.allowance(push, .hystrixTimeout) == .seconds(10))
    }
}
