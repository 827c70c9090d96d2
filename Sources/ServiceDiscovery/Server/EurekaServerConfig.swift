import SimulationPrimitives

/// Which deployment's registry semantics a server follows (DESIGN §10, "Which defaults").
public enum EurekaDefaults: String, Sendable, CaseIterable {
    /// Spring Cloud's `InstanceRegistry`: `expectedNumberOfClientsSendingRenews` starts at 1 and
    /// `openForTraffic(0)` opens with 1 (`defaultOpenForTrafficCount`), reference/netflix-oss.md §5.1, §5.3.
    case springCloud
    /// Raw Netflix `PeerAwareInstanceRegistryImpl`: starts at 0 and opens with the peer-synced count,
    /// so a standalone server opened with 0 never evicts (§8.9).
    case netflix
}

/// How a lease expires (reference/netflix-oss.md §5.2, DESIGN §10 "Stock vs improved behaviour").
public enum LeaseExpiry: String, Sendable, CaseIterable {
    /// Stock Eureka: `renew()` sets `lastUpdate = now + duration` and expiry checks
    /// `now > lastUpdate + duration`, so a renewed lease expires at `lastRenewal + 2 × duration`
    /// (won't-fix, Netflix/eureka#531).
    case stockDoubledAfterRenewal
    /// The fix users apply: expiry at `lastRenewal + duration`.
    case fixed
}

/// Where the 15-minute renewal-threshold update counts instances (§5.3).
public enum ThresholdUpdateCount: String, Sendable, CaseIterable {
    /// The server's own registry (its embedded client fetches it).
    case localRegistry
    /// A standalone Spring server with `fetch-registry=false`: the embedded client's view is empty,
    /// the count is 0 and `expected` is never re-based (§5.3).
    case emptyEmbeddedClient
}

/// Eureka server settings (`eureka.server.*`); defaults from reference/netflix-oss.md §5.1.
public struct EurekaServerConfig: Hashable, Sendable {
    /// Registry semantics (Spring Cloud by default).
    public var defaults: EurekaDefaults
    /// Lease expiry rule (stock doubled expiry by default).
    public var leaseExpiry: LeaseExpiry
    /// `enableSelfPreservation`: true.
    public var enableSelfPreservation: Bool
    /// `renewalPercentThreshold`: 0.85.
    public var renewalPercentThreshold: Double
    /// `renewalThresholdUpdateIntervalMs`: 15 min.
    public var renewalThresholdUpdateInterval: SimDuration
    /// `expectedClientRenewalIntervalSeconds`: 30 s (≤ 0 becomes 30).
    public var expectedClientRenewalInterval: SimDuration
    /// `evictionIntervalTimerInMs`: 60 s.
    public var evictionInterval: SimDuration
    /// `responseCacheUpdateIntervalMs`: 30 s (read-only cache refresh).
    public var responseCacheUpdateInterval: SimDuration
    /// `responseCacheAutoExpirationInSeconds`: 180 s (read-write cache expire-after-write).
    public var responseCacheAutoExpiration: SimDuration
    /// `shouldUseReadOnlyResponseCache`: true.
    public var useReadOnlyResponseCache: Bool
    /// `retentionTimeInMSInDeltaQueue`: 3 min.
    public var deltaRetention: SimDuration
    /// `deltaRetentionTimerIntervalInMs`: 30 s.
    public var deltaRetentionTimerInterval: SimDuration
    /// Lease duration used when a registration gives none (`Lease.DEFAULT_DURATION_IN_SECS`): 90 s.
    public var defaultLeaseDuration: SimDuration
    /// Where the threshold update counts instances (local registry by default).
    public var thresholdUpdateCount: ThresholdUpdateCount
    /// The wall-clock phase of the read-only cache timer: its first run is at the next multiple of
    /// the interval after creation (§5.4), shifted by this offset (0 = multiples of SimTime.zero).
    public var responseCacheTimerPhase: SimDuration

    /// The defaults of §5.1 with `defaults` registry semantics.
    public init(defaults: EurekaDefaults = .springCloud) {
        self.defaults = defaults
        leaseExpiry = .stockDoubledAfterRenewal
        enableSelfPreservation = true
        renewalPercentThreshold = 0.85
        renewalThresholdUpdateInterval = .minutes(15)
        expectedClientRenewalInterval = .seconds(30)
        evictionInterval = .seconds(60)
        responseCacheUpdateInterval = .seconds(30)
        responseCacheAutoExpiration = .seconds(180)
        useReadOnlyResponseCache = true
        deltaRetention = .minutes(3)
        deltaRetentionTimerInterval = .seconds(30)
        defaultLeaseDuration = .seconds(90)
        thresholdUpdateCount = .localRegistry
        responseCacheTimerPhase = .zero
    }
}
