import Scenarios
import Telemetry

/// A scenario's topology as a diagram (`cinesim describe`): components with instance counts and
/// the call edges the platform wires.
public struct TopologyDescription {
    public var components: [(name: String, kind: String, instances: Int)]
    public var edges: [TopologyEdge]

    /// - Throws: ``ScenarioError`` when a distribution cannot be sampled.
    public init(scenario: Scenario) throws(ScenarioError) {
        let simulation = try PlatformSimulation(scenario: scenario)
        components = simulation.components.map { ($0.name, $0.kind.summaryName, $0.instances.count) }
        edges = simulation.topologyEdges()
    }

    static func identifier(_ name: String) -> String { name.replacingOccurrences(of: "-", with: "_") }

    public func mermaid() -> String {
        var lines = ["graph LR", "  clients([clients])"]
        for component in components {
            lines.append("  \(Self.identifier(component.name))[\"\(component.name) ×\(component.instances)\"]")
        }
        lines.append("  shards[(shards)]")
        for edge in edges { lines.append("  \(Self.identifier(edge.from)) --> \(Self.identifier(edge.to))") }
        return lines.joined(separator: "\n")
    }

    public func dot() -> String {
        var lines = ["digraph cinesim {", "  rankdir=LR;"]
        for component in components { lines.append("  \"\(component.name)\" [label=\"\(component.name) ×\(component.instances)\"];") }
        for edge in edges { lines.append("  \"\(edge.from)\" -> \"\(edge.to)\";") }
        lines.append("}")
        return lines.joined(separator: "\n")
    }
}
