import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import SimulationPrimitives
import Telemetry
@testable import Reports

/// Issue 7 (new user): a baseline records the run's shape, a check refuses to compare runs of
/// another shape, `--require-baseline`, JUnit `<skipped/>`, labelled regression lines.
@Suite struct BaselineShapeTests {
    /// A fake platform that honours `duration=` and records the overrides like `ScenarioRun`
    /// (the per-replication `seed=` entry included).
    static func runner(fileHash: String = "0123456789abcdef") -> ScenarioRunner {
        { request in
            let seed = request.seed ?? 42
            var summary = ReportFixtures.summary(name: "premiere", seed: seed, purchaseP99: 400 + Double(seed % 7))
            summary.scenario.fileHash = fileHash
            summary.budgets = summary.budgets.filter(\.passed)   // the fixture's impossible budget would fail every check
            summary.replay.overrides = request.overrides + (request.seed.map { ["seed=\($0)"] } ?? [])
            for o in request.overrides where o.hasPrefix("duration=") {
                summary.window.durationSeconds = try SimDuration(parsing: String(o.dropFirst("duration=".count))).seconds
            }
            return ReportFixtures.artifacts(summary: summary)
        }
    }

    @Test func baselineRecordsHashOverridesAndDuration() throws {
        let dir = CheckPipelineTests.temporaryDirectory()
        let options = CheckPipeline.Options(replications: 2, baselineDirectory: dir, updateBaseline: true, overrides: ["duration=4m"])
        _ = try CheckPipeline(runScenario: Self.runner(), options: options).run(["scenarios/premiere.yaml"])
        let baseline = try Baseline.load(path: Baseline.path(directory: dir, scenario: "premiere"))
        #expect(baseline.scenarioFileHash == "0123456789abcdef")
        #expect(baseline.overrides == ["duration=4m"])          // replication 1's seed= is not part of the shape
        #expect(baseline.durationSeconds == 240)
        let text = String(decoding: try baseline.encoded(), as: UTF8.self)
        #expect(text.contains("\"durationSeconds\" : 240") && text.contains("\"scenarioFileHash\" : \"0123456789abcdef\""))
    }

    @Test func aDifferentDurationRefusesToCompareNamingBoth() throws {
        let dir = CheckPipelineTests.temporaryDirectory()
        var options = CheckPipeline.Options(replications: 2, baselineDirectory: dir, updateBaseline: true, overrides: ["duration=4m"])
        _ = try CheckPipeline(runScenario: Self.runner(), options: options).run(["scenarios/premiere.yaml"])
        options.updateBaseline = false
        options.overrides = ["duration=2m30s"]
        // The mismatch is that file's error (exit 2), reported with the other files' results.
        let refused = try CheckPipeline(runScenario: Self.runner(), options: options).run(["scenarios/premiere.yaml"])
        #expect(refused.exitCode == 2)
        let message = refused.scenarios[0].error ?? ""
        #expect(message.contains("duration: baseline 240 s, current 150 s"))
        #expect(message.contains("overrides: baseline duration=4m, current duration=2m30s"))
        #expect(message.contains("--update-baseline"))
        // Same shape compares fine; a changed scenario file is refused too.
        options.overrides = ["duration=4m"]
        #expect(try CheckPipeline(runScenario: Self.runner(), options: options).run(["scenarios/premiere.yaml"]).exitCode == 0)
        #expect(try CheckPipeline(runScenario: Self.runner(fileHash: "fedcba9876543210"), options: options).run(["scenarios/premiere.yaml"]).exitCode == 2)
    }

    @Test func anOldBaselineWithoutShapeIsComparedWithAWarning() throws {
        let dir = CheckPipelineTests.temporaryDirectory()
        let summaries = [ReportFixtures.summary(name: "premiere", seed: 42, purchaseP99: 400)]
        var old = Baseline(summaries: summaries)
        old.scenarioFileHash = nil; old.overrides = nil; old.durationSeconds = nil
        try ReportWriter.writeFile(try old.encoded(), to: Baseline.path(directory: dir, scenario: "premiere"))
        #expect(!String(decoding: try old.encoded(), as: UTF8.self).contains("durationSeconds"))
        let result = try CheckPipeline(runScenario: Self.runner(), options: .init(replications: 1, baselineDirectory: dir, overrides: ["duration=30s"]))
            .run(["scenarios/premiere.yaml"])
        #expect(result.scenarios[0].baselineNote.contains("does not record the scenario hash"))
    }

    @Test func requireBaselineFailsAMissingOneAndJUnitSkipsOtherwise() throws {
        let dir = CheckPipelineTests.temporaryDirectory()
        let lenient = try CheckPipeline(runScenario: Self.runner(), options: .init(replications: 1, baselineDirectory: dir)).run(["scenarios/premiere.yaml"])
        #expect(lenient.exitCode == 0)
        let xml = try XMLDocument(data: Data(lenient.junit.xml().utf8))
        let skipped = try xml.nodes(forXPath: "//testcase[skipped]") as! [XMLElement]
        #expect(skipped.map { $0.attribute(forName: "name")?.stringValue ?? "" } == ["regression baseline"])
        let suite = try xml.nodes(forXPath: "//testsuite")[0] as! XMLElement
        #expect(suite.attribute(forName: "skipped")?.stringValue == "1")

        let strict = try CheckPipeline(runScenario: Self.runner(), options: .init(replications: 1, baselineDirectory: dir, requireBaseline: true))
            .run(["scenarios/premiere.yaml"])
        #expect(strict.exitCode == 1)
        #expect(strict.text.contains("✗ no baseline at") && strict.text.contains("→ FAIL"))
        let failed = try XMLDocument(data: Data(strict.junit.xml().utf8)).nodes(forXPath: "//testcase[failure]") as! [XMLElement]
        #expect(failed.map { $0.attribute(forName: "name")?.stringValue ?? "" } == ["regression baseline"])
    }

    @Test func skippedRegressionFindingsAreJUnitSkipped() throws {
        var finding = RegressionCheck.compare(metric: "POST /api/compras p99_ms", baseline: [14.555], current: [18.615])
        finding.skipped = true; finding.regressed = false; finding.note = "skipped: 30 request(s) in baseline, 31 in current"
        let suite = JUnitReport.suite(scenario: "s", budgets: [], invariants: [], regressions: [finding])
        #expect(suite.skipped == 1 && suite.failures == 0)
        let xml = JUnitReport(suites: [suite]).xml()
        #expect(xml.contains("<skipped message=\"skipped: 30 request(s) in baseline, 31 in current\"/>"))
        #expect(xml.contains("skipped=\"1\""))
    }

    @Test func regressionLinesSayWhichValueIsCurrent() {
        let latency = RegressionCheck.compare(metric: "POST /api/compras p99_ms", baseline: [14.555], current: [18.615])
        // (18.615 − 14.555) / 14.555 = +27.9 %
        #expect(latency.comparisonText == "current 18.6ms vs baseline 14.6ms (+27.9%)")
        let availability = RegressionCheck.compare(metric: "buy-tickets availability_percent", baseline: [99.5], current: [98])
        #expect(availability.comparisonText == "current 98% vs baseline 99.5% (-1.5%)")
        let seconds = RegressionCheck.compare(metric: "GET / p99_ms", baseline: [1200], current: [2500])
        #expect(seconds.comparisonText.hasPrefix("current 2.5s vs baseline 1.2s"))
    }
}
