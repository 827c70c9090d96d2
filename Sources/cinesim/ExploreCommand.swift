import ArgumentParser
import Foundation
import Platform
import Reports
import Scenarios
import SimulationPrimitives
import Telemetry

/// `cinesim explore <scenario> --seeds N [--faults K]`: random chaos (DESIGN §5). For each seed, a
/// fault schedule is drawn from a seeded ``RandomStream`` over the scenario's topology, written as a
/// scenario file that `extends:` the original, loaded back and run; seeds that break a budget or
/// invariant are listed with the command that reproduces them.
struct ExploreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Run a scenario under random fault schedules drawn per seed and report which seeds broke budgets or invariants.",
        discussion: """
        Seed s draws K faults (kinds, targets from the topology, start times after the warm-up, durations, \
        parameters) from RandomStream(rootSeed: s, component: "explore-faults") and runs the scenario with \
        seed s. Each seed's schedule is written to <out>/<name>-seed-<s>.yaml (extends the original), and \
        failing seeds get their full report under <out>/runs/. Exit codes: 0 every seed passed, 1 a seed \
        broke a budget or invariant, 2 invalid input.
        """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(help: "Number of seeds to explore.")
    var seeds: Int

    @Option(parsing: .unconditional, help: "First seed (seeds first, first+1, …).", transform: SeedArgument.parse)
    var firstSeed: UInt64 = 1

    @Option(help: "Random faults per seed.")
    var faults: Int = 3

    @Flag(help: "Also run each seed without the random faults, and count only checks the faults broke (others are listed as pre-existing).")
    var baseline = false

    @Option(name: .customLong("set"), help: "Override a scenario value: key.path=value (repeatable).")
    var overrides: [String] = []

    @Option(help: "Output folder (default: reports/<scenario>/explore).")
    var out: String?

    func run() throws {
        guard seeds >= 1 else { return try usage("--seeds must be at least 1, found \(seeds)") }
        guard faults >= 0 else { return try usage("--faults must be at least 0, found \(faults)") }
        let base: Scenario
        do { base = try ScenarioLoader.load(file: scenario, overrides: overrides) } catch {
            return try usage("\(error)")
        }
        let folder = out ?? "reports/\(base.name)/explore"
        if let problem = OutputFolder.problem(folder) { return try usage(problem) }
        let absoluteBase = URL(fileURLWithPath: scenario).standardizedFileURL.path
        var report = ExploreReport(scenario: base.name, file: scenario, faultsPerSeed: faults)
        for offset in 0..<UInt64(seeds) {
            let seed = firstSeed &+ offset
            var random = RandomStream(rootSeed: seed, component: RandomFaultSchedule.streamComponent)
            let drawn = RandomFaultSchedule.generate(topology: base.topology, duration: base.duration, warmup: base.warmup,
                                                     count: faults, random: &random)
            let name = "\(base.name)-seed-\(seed)"
            let file = folder + "/" + name + ".yaml"
            let text = ExploreScenarioFile.text(
                extends: absoluteBase, name: name, seed: seed, faults: base.faults + drawn,
                comment: "cinesim explore: seed \(seed): \(drawn.count) random fault(s) added to "
                    + (base.faults.isEmpty ? "\(scenario), which has none of its own" : "the \(base.faults.count) fault(s) of \(scenario)")
                    + ".\nReproduce: " + reproduce(file))
            try SummaryFiles.writeAtomically(Data(text.utf8), to: file)
            let loaded: Scenario
            do { loaded = try ScenarioLoader.load(file: file, overrides: overrides) } catch {
                // The generator only draws targets the topology has; a failure here is a generator bug.
                FileHandleOutput.writeToStandardError("cinesim explore: seed \(seed): the generated schedule does not load: \(error)\n")
                throw ExitCode(1)
            }
            let context = RunContext(scenarioFile: file, overrides: overrides, cinesimVersion: CinesimVersion.string,
                                     commit: ProcessInfo.processInfo.environment["CINESIM_COMMIT"] ?? "unknown", command: reproduce(file))
            let simulation: PlatformSimulation
            do { simulation = try PlatformSimulation(scenario: loaded, context: context) } catch { return try usage("\(error)") }
            let artifacts = simulation.run()
            let summary = artifacts.summary
            // Checks failing without the random faults (same seed) are pre-existing, not the faults' doing.
            var alreadyFailing: Set<String> = []
            if baseline {
                let plain: Scenario
                do { plain = try ScenarioLoader.load(file: scenario, overrides: overrides + ["seed=\(seed)"]) } catch { return try usage("\(error)") }
                let plainSummary = try PlatformSimulation(scenario: plain, context: context).run().summary
                alreadyFailing = Set(plainSummary.budgets.filter(\.failed).map { Self.key($0) } + plainSummary.invariants.filter { !$0.passed }.map(\.name))
            }
            let failedBudgets = summary.budgets.filter(\.failed), failedInvariants = summary.invariants.filter { !$0.passed }
            var entry = ExploreReport.Seed(
                seed: seed, scenarioFile: file, command: reproduce(file), faults: drawn.map(ExploreScenarioFile.flowMapping),
                brokenBudgets: failedBudgets.filter { !alreadyFailing.contains(Self.key($0)) }.map { "\($0.target): \($0.expression) (\($0.observed))" },
                brokenInvariants: failedInvariants.filter { !alreadyFailing.contains($0.name) }.map { "\($0.name): \($0.detail)" },
                preexisting: failedBudgets.filter { alreadyFailing.contains(Self.key($0)) }.map { "\($0.target): \($0.expression) (\($0.observed))" }
                    + failedInvariants.filter { alreadyFailing.contains($0.name) }.map { "\($0.name): \($0.detail)" },
                reportFolder: nil)
            if !entry.passed {
                let runFolder = SummaryFiles.runFolder(root: folder + "/runs", summary: summary)
                try ReportWriter.write(artifacts: artifacts, to: runFolder)
                entry.reportFolder = runFolder
            }
            print(entry.line)
            report.seeds.append(entry)
        }
        try report.write(to: folder)
        let failing = report.seeds.filter { !$0.passed }
        print("explore \(base.name): \(failing.count) of \(report.seeds.count) seeds broke a budget or invariant → \(folder)/explore.md")
        if !failing.isEmpty { throw ExitCode(1) }
    }

    /// A budget's identity across runs (the observed value differs).
    static func key(_ verdict: BudgetVerdict) -> String { "\(verdict.target): \(verdict.expression) \(verdict.window ?? "")" }

    func reproduce(_ file: String) -> String {
        (["cinesim", "run", file] + overrides.map { "--set \(shellQuoted($0))" }).joined(separator: " ")
    }

    func usage(_ message: String) throws {
        FileHandleOutput.writeToStandardError("cinesim explore: \(message)\n")
        throw ExitCode(2)
    }
}

/// `explore.json` / `explore.md`: per seed, the drawn faults, what broke and how to reproduce it.
struct ExploreReport: Codable {
    struct Seed: Codable {
        var seed: UInt64
        var scenarioFile: String
        var command: String
        /// The generated faults as written in the scenario file.
        var faults: [String]
        var brokenBudgets: [String]
        var brokenInvariants: [String]
        /// With `--baseline`: checks that failed here and also without the random faults (not counted).
        var preexisting: [String]
        /// The full report of a failing seed.
        var reportFolder: String?
        var passed: Bool { brokenBudgets.isEmpty && brokenInvariants.isEmpty }
        var line: String {
            passed ? "seed \(seed): ok" + (preexisting.isEmpty ? "" : " (failing without the faults too: \(preexisting.joined(separator: "; ")))") : "seed \(seed): FAILED " + (brokenInvariants + brokenBudgets).joined(separator: "; ") + "\n  reproduce: \(command)"
        }
    }
    var scenario: String
    var file: String
    var faultsPerSeed: Int
    var seeds: [Seed] = []

    func write(to folder: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var json = try encoder.encode(self)
        json.append(0x0A)
        try SummaryFiles.writeAtomically(json, to: folder + "/explore.json")
        var md = "# Explore: \(scenario)\n\n\(seeds.count) seeds × \(faultsPerSeed) random faults; \(seeds.filter { !$0.passed }.count) broke a budget or invariant.\n\n"
        md += "| seed | broken by the faults | failing without them (--baseline) | faults | reproduce |\n|---|---|---|---|---|\n"
        for s in seeds {
            let verdict = s.passed ? "ok" : (s.brokenInvariants + s.brokenBudgets).joined(separator: "<br>")
            md += "| \(s.seed) | \(verdict.replacingOccurrences(of: "|", with: "\\|")) | \(s.preexisting.joined(separator: "<br>").replacingOccurrences(of: "|", with: "\\|")) | \(s.faults.map { "`\($0)`" }.joined(separator: "<br>")) | `\(s.command)` |\n"
        }
        try SummaryFiles.writeAtomically(Data(md.utf8), to: folder + "/explore.md")
    }
}
