/// How a run was invoked, for the replay recipe (DESIGN §6): file as given, `--set` overrides in
/// order, the binary's version and commit, and the one command that reproduces the run.
public struct RunContext: Sendable {
    public var scenarioFile: String
    public var overrides: [String]
    public var cinesimVersion: String
    public var commit: String
    public var command: String
    public init(scenarioFile: String, overrides: [String], cinesimVersion: String, commit: String, command: String) {
        self.scenarioFile = scenarioFile; self.overrides = overrides; self.cinesimVersion = cinesimVersion
        self.commit = commit; self.command = command
    }
}
