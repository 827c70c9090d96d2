import SimulationPrimitives

/// Ribbon's `ZoneSnapshot` of one zone (reference/netflix-oss.md §4.3): instances, tripped
/// instances, and load = active requests on non-tripped servers / non-tripped servers (−1 if all
/// are tripped).
public struct ZoneSnapshot: Hashable, Sendable {
    /// Servers of the zone in the list.
    public var instanceCount: Int
    /// Servers whose ServerStats circuit is tripped.
    public var circuitTrippedCount: Int
    /// Active requests summed over the non-tripped servers.
    public var activeRequestsCount: Int
    /// `activeRequestsCount / (instanceCount − circuitTrippedCount)`, −1 when every server is tripped.
    public var loadPerServer: Double {
        let healthy = instanceCount - circuitTrippedCount
        return healthy <= 0 ? -1 : Double(activeRequestsCount) / Double(healthy)
    }
}

/// Reused per-zone buffers for ``LoadBalancer`` (no allocation per choice).
@usableFromInline struct ZoneScratch: Sendable {
    @usableFromInline var snapshots: [ZoneSnapshot] = []
    @usableFromInline var available: [Bool] = []
    @usableFromInline var worst: [Int] = []
    /// Availability-predicate result per server of the list (filled with the snapshots).
    @usableFromInline var serverAvailable: [Bool] = []
    @usableFromInline init() {}
    mutating func resize(zoneCount: Int) {
        snapshots = Array(repeating: ZoneSnapshot(instanceCount: 0, circuitTrippedCount: 0, activeRequestsCount: 0), count: zoneCount)
        available = Array(repeating: true, count: zoneCount)
        worst.removeAll(keepingCapacity: true)
        worst.reserveCapacity(zoneCount)
        serverAvailable.removeAll(keepingCapacity: true)
    }
}
