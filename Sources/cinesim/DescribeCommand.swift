import ArgumentParser
import Platform
import Scenarios

/// `cinesim describe <scenario>`: the scenario's topology as a Mermaid or Graphviz DOT diagram.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "describe", abstract: "Print a scenario's topology as Mermaid or DOT.")

    enum Format: String, ExpressibleByArgument { case mermaid, dot }

    @Argument(help: "The scenario file.")
    var scenario: String

    @Option(help: "mermaid or dot.")
    var format: Format = .mermaid

    func run() throws {
        let loaded: Scenario
        let description: TopologyDescription
        do {
            loaded = try ScenarioLoader.load(file: scenario)
            description = try TopologyDescription(scenario: loaded)
        } catch {
            FileHandleOutput.writeToStandardError("\(error)\n")
            throw ExitCode(2)
        }
        print(format == .mermaid ? description.mermaid() : description.dot())
    }
}
