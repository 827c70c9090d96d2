import ArgumentParser
import Scenarios

/// `cinesim schema`: prints the JSON Schema of the scenario format (for editors' YAML support).
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "schema", abstract: "Print the JSON Schema of the scenario format.")
    func run() throws { print(ScenarioSchema.json()) }
}
