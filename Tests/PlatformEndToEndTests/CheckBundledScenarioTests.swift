import Foundation
import Testing
import Platform
import Reports
import Scenarios
import Telemetry

/// `cinesim check` end to end over the scaled-down reference scenario (issue 7 "Done when"): the
/// real platform runs every replication, budgets are judged on the pooled estimate, and the JUnit
/// report names what failed. The `budgets` map is replaced by the reference file's budgets with the
/// seat-map window moved inside the 10 s run, since a window past the end of a run has no data.
enum ScaledCheck {
    static let budgets = #"budgets={"POST /api/compras": ["p(99)<800ms"], "POST /api/compras/{id}/confirmar": ["p(99)<1s"], "#
        + #""GET /api/funciones/{id}": {during: 3s..10s, checks: ["p(95)<300ms"]}, "#
        + #"oversold: ["==0"], unauthorized_reaching_services: ["==0"]}"#

    static func runner(extra: [String]) -> ScenarioRunner {
        { request in
            var overrides = Bundled.scaleDown + ["duration=10s"] + extra
            if let seed = request.seed { overrides.append("seed=\(seed)") }
            let scenario = try ScenarioLoader.load(file: request.scenarioPath, overrides: overrides)
            return try PlatformSimulation(scenario: scenario).run()
        }
    }

    static func check(extra: [String]) throws -> CheckResult {
        let baselines = FileManager.default.temporaryDirectory.appendingPathComponent("cinesim-check-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: baselines) }
        let options = CheckPipeline.Options(replications: 2, baselineDirectory: baselines)
        return try CheckPipeline(runScenario: runner(extra: extra), options: options).run([Bundled.folder + "/premiere-on-sale.yaml"])
    }
}

@Test func checkOverScaledDownReferenceScenarioPasses() throws {
    let result = try ScaledCheck.check(extra: [ScaledCheck.budgets])
    let scenario = try #require(result.scenarios.first)
    #expect(scenario.seeds.count == 2 && scenario.seeds[0] != scenario.seeds[1])
    #expect(scenario.budgets.count == 5)
    for verdict in scenario.budgets { #expect(verdict.passed, "\(verdict.target) \(verdict.expression): \(verdict.observed)") }
    for invariant in scenario.invariants { #expect(invariant.passed, "\(invariant.name): \(invariant.detail)") }
    #expect(result.exitCode == 0)
    let xml = result.junit.xml()
    #expect(xml.contains("failures=\"0\""))
    #expect(xml.contains("classname=\"premiere-on-sale\""))
}

@Test func impossibleBudgetFailsTheCheckAndNamesItInJUnit() throws {
    // One microsecond for a hold that crosses the gateway, a service and the store cannot hold.
    let impossible = ScaledCheck.budgets.replacingOccurrences(of: #""POST /api/compras": ["p(99)<800ms"]"#,
                                                              with: #""POST /api/compras": ["p(99)<1us"]"#)
    let result = try ScaledCheck.check(extra: [impossible])
    #expect(result.exitCode == 1)
    let failed = result.scenarios[0].budgets.filter { !$0.passed }
    #expect(failed.map(\.expression) == ["p(99)<1us"])
    let report = result.junit
    let failing = report.suites.flatMap(\.cases).filter { $0.failureMessage != nil }
    #expect(failing.count == 1)
    #expect(failing.first?.name.contains("p(99)<1us") == true)
    #expect(failing.first?.failureMessage?.contains("POST /api/compras") == true)
}
