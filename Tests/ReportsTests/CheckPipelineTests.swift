import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import SimulationPrimitives
import Telemetry
@testable import Reports

@Suite struct CheckPipelineTests {
    static func temporaryDirectory() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cinesim-check-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A fake platform: each replication's p99 differs slightly by seed; `impossible` adds a budget
    /// no run can meet, evaluated with the real evaluator over the fixture summary.
    static func runner(p99: Double, impossible: Bool = false) -> ScenarioRunner {
        { request in
            let seed = request.seed ?? 42
            var summary = ReportFixtures.summary(name: (request.scenarioPath as NSString).lastPathComponent.replacingOccurrences(of: ".yaml", with: ""),
                                                 seed: seed, purchaseP99: p99 + Double(seed % 7))
            var budgets = [try Budget.parse(target: "POST /api/compras", text: "p(99)<800ms"), try Budget.parse(target: "oversold", text: "==0")]
            if impossible { budgets.append(try Budget.parse(target: "POST /api/compras", text: "p(99)<1ms")) }
            summary.budgets = BudgetEvaluator(budgets: budgets).evaluate(SummaryMetricSource(summary: summary, timeSeries: nil))
            return ReportFixtures.artifacts(summary: summary)
        }
    }

    @Test func overridesReachEveryReplication() throws {
        struct UnexpectedOverrides: Error {}
        let expected = ["workload.stages.0.target=50/s", "duration=30s"]
        #expect(CheckPipeline.Options.overrides(set: ["workload.stages.0.target=50/s"], duration: "30s") == expected)
        #expect(CheckPipeline.Options.overrides(set: [], duration: nil) == [])
        let inner = Self.runner(p99: 400)
        // The fake platform refuses any replication that did not get exactly the check's overrides.
        let strict: ScenarioRunner = { request in
            guard request.overrides == expected else { throw UnexpectedOverrides() }
            return try inner(request)
        }
        let dir = Self.temporaryDirectory()
        let result = try CheckPipeline(runScenario: strict, options: .init(replications: 3, baselineDirectory: dir, overrides: expected))
            .run(["scenarios/premiere.yaml"])
        #expect(result.exitCode == 0 && result.scenarios[0].seeds.count == 3)
        // The runner's refusal is that file's error (exit 2), reported rather than thrown.
        let refused = try CheckPipeline(runScenario: strict, options: .init(replications: 3, baselineDirectory: dir)).run(["scenarios/premiere.yaml"])
        #expect(refused.exitCode == 2 && refused.scenarios[0].error == "scenarios/premiere.yaml: UnexpectedOverrides()")
    }

    @Test func passingScenarioExitsZeroAndPoolsSeeds() throws {
        let dir = Self.temporaryDirectory()
        let result = try CheckPipeline(runScenario: Self.runner(p99: 400), options: .init(replications: 3, baselineDirectory: dir)).run(["scenarios/premiere.yaml"])
        #expect(result.exitCode == 0)
        let s = result.scenarios[0]
        #expect(s.seeds.count == 3 && s.seeds[0] == 42 && Set(s.seeds).count == 3)
        #expect(s.seeds[1] == CheckPipeline.seed(replication: 1, baseSeed: 42))
        #expect(s.budgets[0].passed && s.budgets[0].observed.contains("mean of 3 seeds") && s.budgets[0].observed.contains("95% CI"))
        #expect(s.baselineNote.contains("no baseline"))
        #expect(result.text.contains("✓ POST /api/compras: p(99)<800ms"))
    }

    @Test func impossibleBudgetExitsOneWithANamedJUnitFailure() throws {
        let dir = Self.temporaryDirectory()
        let result = try CheckPipeline(runScenario: Self.runner(p99: 400, impossible: true), options: .init(replications: 2, baselineDirectory: dir))
            .run(["scenarios/impossible.yaml"])
        #expect(result.exitCode == 1)
        let doc = try XMLDocument(data: Data(result.junit.xml().utf8))
        let failures = try doc.nodes(forXPath: "//testcase[failure]") as! [XMLElement]
        #expect(failures.map { $0.attribute(forName: "name")?.stringValue ?? "" } == ["budget POST /api/compras: p(99)<1ms"])
        #expect(failures[0].attribute(forName: "classname")?.stringValue == "impossible")
        let message = failures[0].elements(forName: "failure")[0].attribute(forName: "message")?.stringValue ?? ""
        #expect(message.hasPrefix("observed ") && message.contains("expected p(99)<1ms on POST /api/compras"))
    }

    @Test func baselineUpdateThenRegressionFailsOnlyOnARealShift() throws {
        let dir = Self.temporaryDirectory()
        var options = CheckPipeline.Options(replications: 4, baselineDirectory: dir, updateBaseline: true)
        _ = try CheckPipeline(runScenario: Self.runner(p99: 400), options: options).run(["scenarios/premiere.yaml"])
        let path = Baseline.path(directory: dir, scenario: "premiere")
        #expect(try Baseline.load(path: path).seeds.count == 4)
        options.updateBaseline = false
        let same = try CheckPipeline(runScenario: Self.runner(p99: 400), options: options).run(["scenarios/premiere.yaml"])
        #expect(same.exitCode == 0 && same.scenarios[0].regressions.allSatisfy { !$0.regressed })
        let slower = try CheckPipeline(runScenario: Self.runner(p99: 640), options: options).run(["scenarios/premiere.yaml"])
        #expect(slower.exitCode == 1)
        #expect(slower.scenarios[0].regressions.filter(\.regressed).map(\.metric) == ["POST /api/compras p99_ms"])
        #expect(slower.junit.xml().contains("name=\"regression POST /api/compras p99_ms\""))
    }

    /// A file that fails to load is reported as that file's error (exit 2, JUnit `<error>`) and
    /// the files after it still run: the new user's `check scenarios/*.yaml` stopped at the first.
    @Test func runnerErrorsAreInvalidInputAndEveryFileIsReported() throws {
        struct LoadError: Error {}
        let pipeline = CheckPipeline(runScenario: { request in
            if request.scenarioPath == "bad.yaml" { throw LoadError() }
            return try Self.runner(p99: 400)(request)
        }, options: .init(replications: 1, baselineDirectory: Self.temporaryDirectory()))
        var printed: [String] = []
        let result = try pipeline.run(["bad.yaml", "scenarios/premiere.yaml"]) { printed.append($0.scenario) }
        #expect(printed == ["bad", "premiere"])
        #expect(result.exitCode == 2)
        #expect(result.scenarios[0].error == "bad.yaml: LoadError()" && !result.scenarios[0].passed)
        #expect(result.scenarios[0].text == "█ bad (bad.yaml)\n  ✗ error: bad.yaml: LoadError()\n  → ERROR (invalid input, not run)\n")
        #expect(result.scenarios[1].error == nil && result.scenarios[1].seeds.count == 1)
        let xml = result.junit.xml()
        #expect(xml.contains("<testsuites name=\"cinesim check\" tests=") && xml.contains("errors=\"1\""))
        #expect(xml.contains("<testcase name=\"scenario bad.yaml\" classname=\"bad\" time=\"0\">\n      <error message=\"bad.yaml: LoadError()\" type=\"error\"/>"))
        #expect(throws: ReportError.self) { try CheckPipeline(runScenario: Self.runner(p99: 1), options: .init(replications: 0)).run(["a.yaml"]) }
    }

    @Test func invariantsFailIfAnySeedFails() {
        let ok = ReportFixtures.summary(seed: 1), bad = ReportFixtures.summary(seed: 2, invariantsPass: false)
        let pooled = CheckEvaluation.poolInvariants([ok, bad])
        #expect(pooled[0] == InvariantResult(name: "no-seat-sold-twice", passed: false, detail: "3 seats confirmed twice (failed under 1 of 2 seeds)"))
        #expect(pooled[1].passed)
    }

    @Test func pooledBudgetVerdictIsOnTheMean() {
        func s(_ seed: UInt64, _ v: Double) -> RunSummary {
            ReportFixtures.summary(seed: seed, budgets: [BudgetVerdict(target: "r", expression: "p(99)<800ms", window: nil, passed: v < 800, observed: "\(v)ms", observedValue: v)])
        }
        let (verdicts, estimates) = CheckEvaluation.poolBudgets([s(1, 700), s(2, 760), s(3, 820)])
        #expect(verdicts[0].passed && verdicts[0].observedValue == 760) // one seed breaks it, the pooled mean holds
        #expect(estimates[0]?.minimum == 700 && estimates[0]?.maximum == 820)
        let (worse, _) = CheckEvaluation.poolBudgets([s(1, 790), s(2, 830), s(3, 850)])
        #expect(!worse[0].passed)
    }

    @Test func reportDirectoryIsWrittenAtomicallyAndAFailedWriteKeepsTheOldOne() throws {
        let dir = Self.temporaryDirectory() + "/run"
        try ReportWriter.write(artifacts: ReportFixtures.artifacts(), to: dir)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(files == ReportWriter.fileNames.sorted())
        let before = try Data(contentsOf: URL(fileURLWithPath: dir + "/summary.json"))
        // A file that cannot be written (its folder does not exist) fails the whole write…
        #expect(throws: ReportError.self) {
            try ReportWriter.writeDirectory([("summary.json", Data("{}".utf8)), ("no/such/folder.txt", Data())], to: dir)
        }
        // …and the good report is untouched, with no staging directory left behind.
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/summary.json")) == before)
        let parent = (dir as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["run"])
        // A successful rewrite replaces it.
        try ReportWriter.writeDirectory([("summary.json", Data("{}".utf8))], to: dir)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["summary.json"])
    }

    @Test func streamedWriteSavesWhatRenderReturnsAndAStopMidwayKeepsTheOldReport() throws {
        // write(artifacts:) renders one file at a time; the files must be the bytes render() gives.
        let artifacts = ReportFixtures.artifacts()
        let dir = Self.temporaryDirectory() + "/run"
        try ReportWriter.write(artifacts: artifacts, to: dir)
        for (name, data) in try ReportWriter.render(artifacts) {
            #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name)) == data, "\(name)")
        }
        // A producer that fails after its first file: nothing of it is visible, the old report stays.
        struct Interrupted: Error {}
        #expect(throws: ReportError.self) {   // reported as the report's I/O failure, naming the staging folder
            try ReportWriter.writeDirectory(to: dir) { save in
                try save("summary.json", Data("{}".utf8))
                throw Interrupted()
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ReportWriter.fileNames.sorted())
        #expect(try FileManager.default.contentsOfDirectory(atPath: (dir as NSString).deletingLastPathComponent) == ["run"])
        #expect(throws: ReportError.self) { try ReportWriter.renderFile("notes.txt", artifacts) }
    }
}
