import SimulationPrimitives

extension LoadBalancer {
    /// `AvailabilityPredicate.apply`: false when (`filterCircuitTripped` and the ServerStats circuit
    /// is tripped) or active requests ≥ `ActiveConnectionsLimit` (§4.3).
    @inlinable func passesAvailability(index i: Int, now: SimTime) -> Bool {
        // Fields read one by one: a copy of the stats would retain and release its window array.
        let s = statsIndex[i]
        if config.filterCircuitTripped && ServerStats.isCircuitTripped(successiveConnectionFailures: stats[s].successiveConnectionFailures,
                                                                       lastConnectionFailure: stats[s].lastConnectionFailure, at: now, config: config) {
            return false
        }
        return ServerStats.activeRequests(raw: stats[s].rawActiveRequests, lastChange: stats[s].activeRequestsLastChange, at: now, config: config)
            < config.effectiveActiveConnectionsLimit
    }

    /// `AvailabilityFilteringRule.choose` (§4.3): round robin up to 11 times for a server passing the
    /// availability predicate; otherwise filtered round robin over (availability, then always-true),
    /// so it never returns nil merely because every server is filtered out.
    @usableFromInline mutating func chooseAvailabilityFiltering(now: SimTime, excluding: ServerID?) -> ServerID? {
        var pick = chooseRoundRobinIndex(excluding: excluding)
        for _ in 0..<11 {
            if let i = pick, passesAvailability(index: i, now: now) { return servers[i].id }
            pick = chooseRoundRobinIndex(excluding: excluding)
        }
        eligibleScratch.removeAll(keepingCapacity: true)
        for i in servers.indices where servers[i].id != excluding && passesAvailability(index: i, now: now) { eligibleScratch.append(i) }
        if eligibleScratch.isEmpty {
            for i in servers.indices where servers[i].id != excluding { eligibleScratch.append(i) }
        }
        return chooseFromEligible()
    }
}
