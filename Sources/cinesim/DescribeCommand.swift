import ArgumentParser
import Platform
import Scenarios

/// `cinesim describe <scenario>`: the scenario's topology as a Mermaid or Graphviz DOT diagram
/// (with zone placement and faults as comments), or the effective scenario as text (`--format
/// text`), after `extends:` and any `--set` / `--duration` overrides.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "describe",
                                                    abstract: "Print a scenario's topology as Mermaid or DOT, or the effective scenario as text (zones, placement, faults, budgets).")

    enum Format: String, ExpressibleByArgument { case mermaid, dot, text }

    @Argument(help: "The scenario file.")
    var scenario: String

    @Option(help: "mermaid, dot or text.")
    var format: Format = .mermaid

    @Option(name: .customLong("set"), help: "Override a scenario value: key.path=value (repeatable), as 'cinesim run --set'.")
    var overrides: [String] = []

    @Option(help: "Simulated duration (overrides 'duration'), as 'cinesim run --duration'.")
    var duration: String?

    func run() throws {
        let loaded: Scenario
        let description: TopologyDescription
        do {
            loaded = try ScenarioLoader.load(file: scenario, overrides: overrides + (duration.map { ["duration=\($0)"] } ?? []))
            description = try TopologyDescription(scenario: loaded)
        } catch {
            FileHandleOutput.writeToStandardError("\(error)\n")
            throw ExitCode(2)
        }
        switch format {
        case .text: print(loaded.effectiveText)
        case .mermaid: print(description.mermaid() + "\n" + comments(loaded, prefix: "  %% "))
        case .dot:
            // DOT comments go inside the graph, before its closing brace.
            var dot = description.dot()
            if dot.hasSuffix("}") { dot.removeLast() }
            print(dot + comments(loaded, prefix: "  // ") + "\n}")
        }
    }

    /// Zone placement and faults as diagram comments (both formats ignore them when rendering).
    func comments(_ s: Scenario, prefix: String) -> String {
        var lines: [String] = []
        let placed = s.placement
        for zone in s.topology.zones {
            lines.append(prefix + "zone \(zone): " + placed.filter { $0.zone == zone }.map(\.instance).joined(separator: ", "))
        }
        for f in s.faults {
            let on = f.parameters.peer.isEmpty ? f.target : f.target + (f.parameters.oneWay ? " → " : " ↔ ") + f.parameters.peer
            lines.append(prefix + "fault \(f.kind.rawValue) on \(on) at \(f.at)" + (f.duration.map { " for \($0)" } ?? " to the end"))
        }
        return lines.joined(separator: "\n")
    }
}
