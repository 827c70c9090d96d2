import SimulationPrimitives

extension LoadBalancer {
    /// Checks the balancer's invariants (STYLE: one checking function, run in tests after
    /// mutations): parallel arrays agree, every listed server has a stats slot keyed by it, zone
    /// indices point into the ascending zone list, counters are non-negative, and no stats slot has a
    /// negative request total.
    public func checkInvariants() {
        precondition(alive.count == servers.count && statsIndex.count == servers.count && zoneIndex.count == servers.count,
                     "server list arrays out of step")
        for (i, server) in servers.enumerated() {
            precondition(existingSlot(of: server.id) == statsIndex[i], "stats slot of \(server.id) is stale")
            precondition(zones[zoneIndex[i]] == server.zone, "zone index of \(server.id) is stale")
        }
        for k in zones.indices.dropFirst() { precondition(zones[k - 1] < zones[k], "zones not ascending") }
        // Counters may exceed a list that shrank; the next pick reduces them modulo the new size.
        precondition(roundRobinCounter >= 0 && predicateCounter >= 0, "negative round-robin counter")
        for s in stats { precondition(s.totalRequests >= 0 && s.successiveConnectionFailures >= 0, "negative stats") }
    }
}
