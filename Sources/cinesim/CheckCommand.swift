import ArgumentParser
import Platform
import Foundation
import Reports
import Scenarios
import Telemetry

/// `cinesim check <scenario…>`: the CI gate (DESIGN §7, issue 7). Runs each scenario
/// `--replications` times with different seeds, evaluates budgets (pooled over seeds) and
/// invariants, compares with `reports/baseline/<scenario>.json`, prints ✓/✗ lines, writes JUnit
/// XML. Exit 0 all pass, 1 a budget/invariant/regression failed, 2 invalid input or usage.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run scenarios and gate on budgets, invariants and baseline regression (exit 0 pass, 1 fail, 2 invalid input).")

    @Argument(help: "Scenario files (or, with --from-summaries, summary.json files or run directories).")
    var scenarios: [String] = []

    @Option(help: "Directory of committed baselines (<scenario>.json).")
    var baseline = "reports/baseline"

    @Option(help: "Replications per scenario, each with its own seed.")
    var replications = 3

    @Option(help: "Write JUnit XML to this file.")
    var junit: String?

    @Flag(help: "Rewrite the baselines from this check's replications instead of comparing.")
    var updateBaseline = false

    @Flag(help: "Check existing summary.json files instead of running scenarios (one file per seed; grouped by scenario name).")
    var fromSummaries = false

    @Option(help: "Also write replication 0's full report of each scenario to <dir>/<scenario>/ (one folder per scenario, no run-id level: each check replaces the previous one, unlike 'cinesim run', which writes reports/<scenario>/<run>/).")
    var reportDir: String?

    @Flag(help: "Fail (exit 1) when a scenario has no baseline file, instead of skipping its regression checks.")
    var requireBaseline = false

    @Option(name: .customLong("set"), help: "Override a scenario value in every replication: key.path=value (repeatable), e.g. workload.stages.0.target=50/s.")
    var overrides: [String] = []

    @Option(help: "Simulated duration of every replication (overrides 'duration'), e.g. 30s for a CI smoke check.")
    var duration: String?

    func run() throws {
        do {
            let result: CheckResult
            let options = CheckPipeline.Options(replications: replications, baselineDirectory: baseline,
                                                updateBaseline: updateBaseline, reportDirectory: reportDir,
                                                overrides: CheckPipeline.Options.overrides(set: overrides, duration: duration),
                                                requireBaseline: requireBaseline)
            if fromSummaries, !options.overrides.isEmpty {
                throw ReportError.invalidInput("--set and --duration apply to scenario runs, not to --from-summaries")
            }
            // Each scenario's block is printed as soon as it is judged (stdout is line-buffered,
            // main.swift), so a CI log shows progress instead of everything at the end.
            if fromSummaries {
                result = try Self.checkSummaries(scenarios, options: options)
                print(result.text, terminator: "")
            } else {
                result = try CheckPipeline(runScenario: ScenarioRunnerWiring.make(), options: options).run(scenarios) { scenario in
                    print(scenario.text, terminator: "")
                }
            }
            if let junit { try ReportWriter.writeFile(Data(result.junit.xml().utf8), to: junit) }
            for scenario in result.scenarios { if let error = scenario.error { FileHandleOutput.writeToStandardError("cinesim check: \(error)\n") } }
            if result.exitCode != 0 { throw ExitCode(result.exitCode) }
        } catch let error as ReportError {
            FileHandleOutput.writeToStandardError("cinesim check: \(error)\n")
            throw ExitCode(2)
        }
    }

    /// `--from-summaries`: group summaries by scenario name (order of first appearance), pool and
    /// compare them like replications.
    static func checkSummaries(_ paths: [String], options: CheckPipeline.Options) throws -> CheckResult {
        guard !paths.isEmpty else { throw ReportError.invalidInput("name at least one summary.json") }
        var names: [String] = []
        var groups: [String: [(String, RunSummary)]] = [:]
        for path in paths {
            let s = try SummaryJSON.load(path: RunDirectory.summaryPath(path))
            if groups[s.scenario.name] == nil { names.append(s.scenario.name) }
            groups[s.scenario.name, default: []].append((path, s))
        }
        let pipeline = CheckPipeline(runScenario: ScenarioRunnerWiring.make(), options: options)
        let results = try names.map { name in
            let summaries = groups[name]!.map(\.1)
            return try pipeline.evaluate(summaries, scenarioFile: summaries[0].scenario.file)
        }
        return CheckResult(scenarios: results)
    }
}

/// Where `cinesim check` gets its scenario runner from: the platform's `ScenarioRun`, which loads
/// the scenario (located errors become exit 2), runs it and evaluates its budgets.
enum ScenarioRunnerWiring {
    static func make() -> ScenarioRunner {
        { request in
            var artifacts = try ScenarioRun.artifacts(path: request.scenarioPath, seed: request.seed, overrides: request.overrides,
                                                      version: CinesimVersion.string)
            artifacts.summary = artifacts.summary.notingAbort()
            return artifacts
        }
    }
}

/// A run directory or a summary file given on the command line.
enum RunDirectory {
    /// `path/summary.json` when `path` is a directory, else `path`.
    static func summaryPath(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return (path as NSString).appendingPathComponent("summary.json")
        }
        return path
    }
}
