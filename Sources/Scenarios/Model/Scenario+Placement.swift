import SimulationPrimitives
import Telemetry

extension Scenario {
    /// Where every instance runs, in the platform's build order: infrastructure components, then
    /// services, external APIs and replica-set members, each `(instance, zone)`. Instances are
    /// placed round-robin over the component's `zones` (all topology zones when empty); shard n's
    /// members start one zone further than shard n−1's, so the primaries sit in different zones;
    /// an external API is one endpoint in the first zone. This is the rule
    /// `PlatformSimulation.buildTopology` applies (`cinesim describe` prints it).
    public var placement: [(instance: String, zone: String)] {
        var out: [(instance: String, zone: String)] = []
        let zones = topology.zones
        guard !zones.isEmpty else { return [] }
        func add(_ name: String, _ settings: NodeSettings, member: Bool = false, offset: Int = 0) {
            let placement = settings.zones.isEmpty ? zones : settings.zones
            for i in 0..<settings.instances {
                out.append((member ? "\(name)-member-\(i + 1)" : "\(name)-\(i + 1)", placement[(i + offset) % placement.count]))
            }
        }
        for kind in [InfrastructureKind.edge, .frontend, .gateway, .oauth, .config, .eureka, .turbine, .logstash, .mongos] {
            if let settings = topology.infrastructure[kind], settings.instances > 0 { add(kind.rawValue, settings) }
        }
        for service in topology.services { add(service.id, service.node) }
        for external in topology.externals { out.append((external.name + "-1", zones[0])) }
        for shard in 0..<topology.store.shards {
            let settings = NodeSettings(instances: topology.store.replicas, workers: 1, queueCapacity: 0,
                                        serviceTime: topology.store.memberServiceTime, zones: [])
            add("shard-\(shard + 1)", settings, member: true, offset: shard)
        }
        return out
    }

    /// The effective scenario after `extends:` and overrides, as text (`cinesim describe --format
    /// text`): run shape, zones with the instances placed in each, the workload's stages, faults
    /// (and those a shortened run leaves out) and budgets.
    public var effectiveText: String {
        var lines = ["scenario \(name) (seed \(seed)): \(duration), warm-up \(warmup), bucket \(bucket), defaults \(defaults.rawValue)"]
        if !description.isEmpty { lines.append("  \(description)") }
        lines.append("files: " + sourceFiles.joined(separator: " extends "))
        lines.append("zones:")
        let placed = placement
        for zone in topology.zones {
            let names = placed.filter { $0.zone == zone }.map(\.instance)
            lines.append("  \(zone) (\(names.count) instances): " + names.joined(separator: ", "))
        }
        lines.append("workload: \(workload.model.rawValue), start \(workload.startRate), stages "
                     + workload.stages.map { "\($0.duration) → \($0.target)" }.joined(separator: ", "))
        func faultText(_ f: FaultSpec) -> String {
            let on = f.parameters.peer.isEmpty ? f.target : f.target + (f.parameters.oneWay ? " → " : " ↔ ") + f.parameters.peer
            return "\(f.kind.rawValue) on \(on) at \(f.at)" + (f.duration.map { " for \($0)" } ?? " to the end")
        }
        lines.append(faults.isEmpty ? "faults: none" : "faults:")
        for f in faults { lines.append("  " + faultText(f)) }
        for f in faultsNotStarting { lines.append("  " + faultText(f) + " (never starts in this run: left out)") }
        lines.append(budgets.isEmpty ? "budgets: none" : "budgets:")
        for b in budgets {
            let expressions = b.budgets.map { $0.expression.text + ($0.window.map { " during \($0.text)" } ?? "") }
            lines.append("  \(b.target): " + (expressions.isEmpty ? "(none)" : expressions.joined(separator: ", ")))
        }
        for v in skippedBudgets { lines.append("  \(v.target): \(v.expression) (\(v.observed))") }
        for w in warnings { lines.append("warning: \(w)") }
        return lines.joined(separator: "\n")
    }
}
