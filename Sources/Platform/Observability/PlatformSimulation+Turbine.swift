import SimulationPrimitives

/// The Turbine node's load (reference/netflix-oss.md §2): every instance that runs Hystrix
/// commands (gateway, OAuth, services) serves a `hystrix.stream` that Turbine reads; each chunk is
/// modelled as one call from the instance to a Turbine instance per stream interval, so Turbine's
/// utilisation and its faults are real. The cluster view itself (per-command aggregation) is drawn
/// by the report from the breaker transitions and per-service routes in the summary.
extension PlatformSimulation {
    /// `hystrix.stream` writes a chunk every 500 ms (`HystrixMetricsStreamServlet` default `delay`).
    static let hystrixStreamInterval = SimDuration.milliseconds(500)

    /// Schedules `node`'s first stream chunk when it runs Hystrix commands and a Turbine is deployed.
    /// The first chunk's phase comes from a stream of its own per instance (`turbine.stream.<instance>`), so it draws
    /// nothing from the other components' streams.
    func scheduleTurbineStream(node: Int) {
        let kind = nodes[node].kind
        guard kind == .service || kind == .gateway || kind == .oauth, componentOfKind[.turbine] != nil else { return }
        var phase = RandomStream(rootSeed: scenario.seed, component: "turbine.stream." + nodeNames[node])
        let first = SimDuration(nanoseconds: Int64(phase.nextDouble() * Double(Self.hystrixStreamInterval.nanoseconds)))
        queue.schedule(.backgroundTick(node: Int32(node), kind: .turbineStream), at: .zero + first)
    }
}
