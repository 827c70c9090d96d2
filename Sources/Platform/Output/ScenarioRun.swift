import Scenarios
import Telemetry

/// One call from a scenario file to a finished run, for callers that run many scenarios
/// (`cinesim check`'s `ScenarioRunner`, sweeps).
///
/// ```swift
/// let runner: ScenarioRunner = { request in try ScenarioRun.artifacts(path: request.scenarioPath, seed: request.seed) }
/// ```
public enum ScenarioRun {
    /// Loads `path` (with `overrides`, and `seed` when given) and runs it.
    /// - Throws: ``ScenarioError`` for invalid input (exit code 2 at the command line).
    public static func artifacts(path: String, seed: UInt64? = nil, overrides: [String] = [], version: String = "unknown",
                                 commit: String = "unknown") throws(ScenarioError) -> RunArtifacts {
        let effective = overrides + (seed.map { ["seed=\($0)"] } ?? [])
        let scenario = try ScenarioLoader.load(file: path, overrides: effective)
        let command = (["cinesim", "run", path] + effective.map { "--set \($0)" }).joined(separator: " ")
        let context = RunContext(scenarioFile: path, overrides: effective, cinesimVersion: version, commit: commit, command: command)
        return try PlatformSimulation(scenario: scenario, context: context).run()
    }
}
