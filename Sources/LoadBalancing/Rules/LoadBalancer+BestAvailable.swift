import SimulationPrimitives

extension LoadBalancer {
    /// `BestAvailableRule.choose` (§4.3): among servers whose ServerStats circuit is not tripped, the
    /// one with the fewest active requests (the first wins ties); round robin if none qualifies.
    @usableFromInline mutating func chooseBestAvailable(now: SimTime, excluding: ServerID?) -> ServerID? {
        var best: Int? = nil
        var fewest = Int.max
        for i in servers.indices where servers[i].id != excluding {
            let s = stats[statsIndex[i]]
            if s.isCircuitTripped(at: now, config: config) { continue }
            let active = s.activeRequests(at: now, config: config)
            if active < fewest { fewest = active; best = i }
        }
        if let b = best { return servers[b].id }
        return chooseRoundRobin(excluding: excluding)
    }
}
