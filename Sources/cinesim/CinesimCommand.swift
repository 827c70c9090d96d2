import ArgumentParser

/// The `cinesim` command line (DESIGN §7). Exit codes: 0 ok, 1 a budget, invariant, regression or
/// verification check failed, 2 invalid input or usage (argument-parser's usage errors are mapped
/// to 2 in `main.swift`).
struct Cinesim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cinesim",
        abstract: "Deterministic discrete-event simulator and load-testing harness for the CineManzana platform.",
        version: CinesimVersion.string,
        subcommands: [RunCommand.self, ValidateCommand.self, CheckCommand.self, DiffCommand.self, SweepCommand.self, MergeCommand.self,
                      ExploreCommand.self, LogsCommand.self, DescribeCommand.self, SchemaCommand.self, VerifyCommand.self, BenchCommand.self]
    )
}

/// The version printed by `cinesim --version` and recorded in every summary's replay recipe.
enum CinesimVersion {
    static let string = "0.1.0"
}
