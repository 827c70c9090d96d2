import ArgumentParser
import Foundation
import Platform
import Reports
import Scenarios
import Telemetry
#if canImport(Glibc)
import Glibc
#endif

/// `cinesim run <scenario>`: runs one scenario and writes `reports/<scenario>/<run-id>/summary.json`.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one scenario and write its summary under reports/.",
        discussion: "Exit codes: 0 ok, 1 an invariant or budget failed, 2 invalid scenario or usage (an unwritable --out included). Progress goes to stderr when it is a terminal.")

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(parsing: .unconditional, help: "Root seed 0…2^64−1 (overrides the scenario's 'seed').", transform: SeedArgument.parse)
    var seed: UInt64?

    @Option(help: "Simulated duration (overrides 'duration'), e.g. 2m.")
    var duration: String?

    @Option(name: .customLong("set"), help: "Override a scenario value: key.path=value (repeatable), e.g. workload.stages.0.target=500/s.")
    var overrides: [String] = []

    @Option(help: "Reports root folder.")
    var out: String = "reports"

    func run() throws {
        var effective = overrides
        if let seed { effective.append("seed=\(seed)") }
        if let duration { effective.append("duration=\(duration)") }
        let loaded: Scenario
        do {
            loaded = try ScenarioLoader.load(file: scenario, overrides: effective)
        } catch {
            FileHandleOutput.writeToStandardError("\(error)\n")
            throw ExitCode(2)
        }
        if let problem = OutputFolder.problem(out) {
            FileHandleOutput.writeToStandardError("cinesim run: \(problem)\n")
            throw ExitCode(2)
        }
        // The replay command keeps `--out` when it was given, so it writes where this run did.
        let command = (["cinesim", "run", scenario] + effective.map { "--set \(shellQuoted($0))" }
            + (out == "reports" ? [] : ["--out", shellQuoted(out)])).joined(separator: " ")
        let context = RunContext(scenarioFile: scenario, overrides: effective, cinesimVersion: CinesimVersion.string,
                                 commit: ProcessInfo.processInfo.environment["CINESIM_COMMIT"] ?? "unknown", command: command)
        let showProgress = isatty(2) == 1
        // The simulation (every node, the store's members and their data) is released before the
        // reports are rendered, so the run's peak memory is the larger of the two, not their sum.
        var artifacts: RunArtifacts
        do {
            let simulation: PlatformSimulation
            do { simulation = try PlatformSimulation(scenario: loaded, context: context) } catch {
                FileHandleOutput.writeToStandardError("\(error)\n")
                throw ExitCode(2)
            }
            artifacts = simulation.run(progress: showProgress ? { fraction in
                FileHandleOutput.writeToStandardError(String(format: "\r%@: %5.1f%%", loaded.name, fraction * 100))
            } : nil)
        }
        if showProgress { FileHandleOutput.writeToStandardError("\r\u{1B}[K") }
        artifacts.summary = artifacts.summary.notingAbort()
        let folder = SummaryFiles.runFolder(root: out, summary: artifacts.summary)
        // Every report file (summary.json, report.html, summary.md, junit.xml, logs, trace, CSV), written atomically.
        // Sampling happened in the platform (scenario `telemetry:`); the writer keeps every sampled event.
        let options = ReportWriter.Options(logSampleRate: 1, maxTraces: loaded.telemetry.maxTraces)
        do { try ReportWriter.write(artifacts: artifacts, to: folder, options: options) } catch {
            // The folder was writable when the run started (checked above): the disk filled or
            // permissions changed meanwhile. Nothing half-written is left (ReportWriter is atomic).
            // ReportWriter's errors already name the file and the system's reason.
            FileHandleOutput.writeToStandardError("cinesim run: \(error) (free space or choose another --out)\n")
            throw ExitCode(2)
        }
        print(TerminalSummary.render(artifacts.summary, folder: folder, timeSeries: artifacts.timeSeries))
        let failed = artifacts.summary.invariants.contains { !$0.passed } || artifacts.summary.budgets.contains(where: \.failed) || artifacts.summary.aborted != nil
        if failed { throw ExitCode(1) }
    }
}

/// Quotes a `--set` value for the replay command when it holds shell-special characters.
func shellQuoted(_ text: String) -> String {
    let safe = text.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:%,".contains($0) }
    return safe ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
