import SimulationPrimitives

/// Settings of a client-side ``ResponseCache`` for idempotent reads.
///
/// Ribbon lists response caching among its features but ships no fixed defaults for it; these
/// defaults are cinesim's documented assumptions (docs/modules/LoadBalancing.md): a 5 s TTL with
/// ±10 % jitter (so entries loaded together do not all expire together), 10 000 entries, and stale
/// entries served on load failure for up to 60 s past expiry.
public struct ResponseCacheConfig: Hashable, Sendable {
    /// How long a loaded value is fresh.
    public var timeToLive: SimDuration
    /// Jitter as a fraction of the TTL in [0, 1): each entry lives `TTL × (1 + jitter × (2u − 1))`
    /// for the caller's draw `u`. 0 disables jitter.
    public var timeToLiveJitterFraction: Double
    /// Most entries kept; inserting beyond it evicts the oldest inserted entry (FIFO).
    public var capacity: Int
    /// Serve an expired entry when its reload fails (stale-on-error).
    public var serveStaleOnError: Bool
    /// How long past expiry an entry may still be served on error; older entries are dropped.
    public var maximumStaleness: SimDuration

    /// cinesim's defaults (see the type's doc).
    public init(timeToLive: SimDuration = .seconds(5), timeToLiveJitterFraction: Double = 0.1, capacity: Int = 10_000,
                serveStaleOnError: Bool = true, maximumStaleness: SimDuration = .seconds(60)) {
        precondition(capacity >= 1 && timeToLiveJitterFraction >= 0 && timeToLiveJitterFraction < 1)
        self.timeToLive = timeToLive
        self.timeToLiveJitterFraction = timeToLiveJitterFraction
        self.capacity = capacity
        self.serveStaleOnError = serveStaleOnError
        self.maximumStaleness = maximumStaleness
    }
}
