import ArgumentParser
import Scenarios

/// `cinesim validate <file>…`: loads each scenario and reports every independent problem of each
/// (per top-level section, fault and budget target; sorted by position) as
/// `file:line:column: what is wrong (how to fix)`. Exit 0 when all are valid, 2 otherwise.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "Check scenario files without running them.")

    @Argument(help: "Scenario files.")
    var files: [String]

    @Option(name: .customLong("set"), help: "Override a scenario value: key.path=value (repeatable).")
    var overrides: [String] = []

    func run() throws {
        var invalid = false
        for file in files {
            // Every independent problem of the file, in file order (ScenarioLoader.validate).
            let (loaded, errors) = ScenarioLoader.validate(file: file, overrides: overrides)
            if let scenario = loaded {
                print("\(file): ok — \(scenario.name), \(scenario.duration), \(counted(scenario.faults.count, "fault")), \(counted(scenario.budgets.count, "budget target"))")
                for warning in scenario.warnings { print("\(file): warning: \(warning)") }
            } else {
                for error in errors { FileHandleOutput.writeToStandardError("\(error)\n") }
                // Say what was not checked, so "4 problems" is not read as "only 4 problems".
                FileHandleOutput.writeToStandardError("\(file): \(counted(errors.count, "problem")); sections that depend on a broken one "
                    + "are checked once it is fixed: faults need the topology and duration, budgets need the faults\n")
                invalid = true
            }
        }
        if invalid { throw ExitCode(2) }
    }
}

/// "1 fault", "2 faults": a count with its noun, for terminal lines.
private func counted(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
