import SimulationPrimitives
import Scenarios
import Telemetry

/// Platform metrics derived at the end of a run from the time series and breaker history — the
/// mechanisms the incident cases check (docs/incidents.md): how long callers kept routing to a
/// dead instance (F03), how long breakers took to open after a fault (F07), how busy the gateway's
/// workers got (F02, F06).
extension PlatformSimulation {
    /// Faults after which an instance is dead while it may still be listed.
    static let deathFaultKinds: [FaultKind] = [.instanceCrash, .gracefulStop, .restart]

    func mechanismMetrics(summary: RunSummary, timeSeries: RunTimeSeries) -> [PlatformMetric] {
        var metrics: [PlatformMetric] = [PlatformMetric(name: "gateway_rejections", value: Double(gatewayRejectionCount))]
        let bucketSeconds = scenario.bucket.seconds
        // dead_routing_window_s: end of the last bucket with a request routed to a dead instance,
        // minus the first death (kill -9, graceful stop, restart); 0 when nothing was misrouted.
        if let death = scenario.faults.filter({ Self.deathFaultKinds.contains($0.kind) }).map({ $0.at.seconds }).min() {
            var lastBucket = -1
            for series in timeSeries.series where series.metric == .requestsToDeadInstances {
                if let last = series.values.lastIndex(where: { $0 > 0 }) { lastBucket = max(lastBucket, last) }
            }
            let window = lastBucket < 0 ? 0 : max(0, Double(lastBucket + 1) * bucketSeconds - death)
            metrics.append(PlatformMetric(name: "dead_routing_window_s", value: window))
        }
        // breaker_open_delay_s: for the first fault, the slowest of the Hystrix commands whose key is
        // the faulted component: seconds from the fault's start until that command first opened
        // (a command that never opened counts the rest of the run).
        if let fault = scenario.faults.min(by: { $0.at < $1.at }) {
            let faultedComponent = componentName(ofFaultTarget: fault.target)
            var worst: Double? = nil
            for owner in commandOwners where components[Int(owner.target)].name == faultedComponent {
                let instance = nodeNames[Int(owner.caller)]
                let opened = summary.breakerTransitions.first {
                    $0.command == faultedComponent && $0.instance == instance && $0.to == "open" && $0.atSeconds >= fault.at.seconds
                }
                let delay = (opened?.atSeconds ?? scenario.duration.seconds) - fault.at.seconds
                worst = max(worst ?? delay, delay)
            }
            if let worst { metrics.append(PlatformMetric(name: "breaker_open_delay_s", value: worst)) }
        }
        // gateway_peak_utilisation: the busiest measured bucket of any gateway instance, percent of its workers.
        let measuredFrom = Int((scenario.warmup.seconds / bucketSeconds).rounded(.down))
        var peak = 0.0
        for node in nodes.indices where nodes[node].kind == .gateway {
            guard let series = timeSeries.series.first(where: { $0.metric == .utilisation && $0.subject == nodeNames[node] }) else { continue }
            for value in series.values.dropFirst(measuredFrom) { peak = max(peak, value * 100) }
        }
        metrics.append(PlatformMetric(name: "gateway_peak_utilisation", value: peak))
        return metrics
    }

    /// The component a fault target names: a component name itself, or an instance `name-N`.
    func componentName(ofFaultTarget target: String) -> String {
        if components.contains(where: { $0.name == target }) { return target }
        if let node = nodeNames.firstIndex(of: target) { return components[Int(nodes[node].component)].name }
        return target
    }
}
