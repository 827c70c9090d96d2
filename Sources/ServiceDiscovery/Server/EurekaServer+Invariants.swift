import SimulationPrimitives

extension EurekaServer {
    /// Checks the registry's invariants (STYLE: one checking function, run in tests after mutations):
    /// every lease is keyed by its instance, no held lease is marked evicted, the expectation is never
    /// negative, the threshold matches its formula, and the delta queue is in time order.
    public func checkInvariants() {
        for (id, lease) in leases {
            precondition(lease.instance.id == id, "lease keyed by \(id) holds \(lease.instance.id)")
            precondition(lease.evictedAt == nil, "held lease \(id) is marked evicted")
            precondition(lease.lastUpdate >= lease.registrationTime, "lease \(id) updated before registration")
        }
        precondition(expectedNumberOfClientsSendingRenews >= 0, "negative expected renewals")
        let before = numberOfRenewsPerMinThreshold
        updateRenewsPerMinThreshold()
        precondition(before == numberOfRenewsPerMinThreshold, "stale renewal threshold")
        for k in recentlyChanged.indices.dropFirst() {
            precondition(recentlyChanged[k - 1].changedAt <= recentlyChanged[k].changedAt, "delta queue out of order")
        }
    }
}
