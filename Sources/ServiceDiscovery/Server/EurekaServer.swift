import SimulationPrimitives

/// One Eureka server's registry: leases, eviction, self-preservation, the two-level response cache
/// and the delta queue (reference/netflix-oss.md §5). Peer replication is by messages the platform
/// delivers: every successful client operation answers `replicateToPeers`, and the platform hands the
/// same ``RegistryOperation`` to each peer's ``handle(_:isReplication:at:)`` with `isReplication: true`.
///
/// ```swift
/// let server = EurekaServer(config: EurekaServerConfig(), createdAt: .zero)
/// server.openForTraffic(count: 0, at: .zero)
/// _ = server.handle(.register(info, leaseDuration: .seconds(90)), isReplication: false, at: now)
/// var next = server.tick(at: now, random: &rng)   // schedule the next tick at `next`
/// let payload = server.fetchDelta(at: now)        // what a client's delta fetch receives
/// ```
///
/// Timers (all returned by ``tick(at:random:)`` as one next deadline): the renewal-rate bucket
/// (60 s), eviction (60 s, first one interval after `openForTraffic`), the renewal-threshold update
/// (15 min), the read-only response cache refresh (30 s, aligned to multiples of the interval), and
/// the delta-queue purge (30 s). When several are due at one instant they run in that order.
public final class EurekaServer {
    /// The settings.
    public let config: EurekaServerConfig
    @usableFromInline var leases: [InstanceID: Lease] = [:]

    /// `expectedNumberOfClientsSendingRenews` (§5.3).
    public internal(set) var expectedNumberOfClientsSendingRenews: Int
    /// `numberOfRenewsPerMinThreshold` (§5.3).
    public internal(set) var numberOfRenewsPerMinThreshold: Int = 0
    /// Renewals counted in the current 60 s bucket (`MeasuredRate` current bucket).
    public internal(set) var renewsCurrentBucket: Int = 0
    /// `renewsLastMin`: renewals (direct and replicated) in the previous complete 60 s bucket.
    public internal(set) var renewsLastMin: Int = 0
    /// Leases evicted so far (not cancelled).
    public internal(set) var evictedCount: Int = 0

    var openedForTraffic = false
    var nextRenewBucketRoll: SimTime = .distantFuture
    var nextEviction: SimTime = .distantFuture
    var lastEvictionRun: SimTime? = nil
    var nextThresholdUpdate: SimTime
    var nextResponseCacheRefresh: SimTime
    var nextDeltaPurge: SimTime

    // Response cache (§5.4).
    var readWriteFull: (payload: RegistrySnapshot, writtenAt: SimTime)? = nil
    var readWriteDelta: (payload: RegistryDelta, writtenAt: SimTime)? = nil
    var readOnlyFull: RegistrySnapshot? = nil
    var readOnlyDelta: RegistryDelta? = nil
    var cacheBuilds: UInt64 = 0
    /// `recentlyChangedQueue`, oldest first.
    public internal(set) var recentlyChanged: [RegistryChange] = []

    /// A server created at `createdAt`. It accepts operations at once but starts its renewal-rate
    /// and eviction timers only at ``openForTraffic(count:at:)``.
    public init(config: EurekaServerConfig, createdAt: SimTime) {
        self.config = config
        expectedNumberOfClientsSendingRenews = config.defaults == .springCloud ? 1 : 0
        nextThresholdUpdate = createdAt + config.renewalThresholdUpdateInterval
        let interval = config.responseCacheUpdateInterval.nanoseconds
        let shifted = createdAt.nanosecondsSinceStart - config.responseCacheTimerPhase.nanoseconds
        let aligned = (shifted >= 0 ? shifted / interval : (shifted - interval + 1) / interval) * interval + interval
        nextResponseCacheRefresh = SimTime(nanosecondsSinceStart: aligned + config.responseCacheTimerPhase.nanoseconds)
        nextDeltaPurge = createdAt + config.deltaRetentionTimerInterval
        updateRenewsPerMinThreshold()
    }

    /// `openForTraffic(count)` (§5.3): `expected = count` (Spring Cloud: at least 1), threshold
    /// recomputed, renewal-rate bucket and eviction timers started one interval from `now`.
    public func openForTraffic(count: Int, at now: SimTime) {
        expectedNumberOfClientsSendingRenews = config.defaults == .springCloud && count == 0 ? 1 : count
        updateRenewsPerMinThreshold()
        openedForTraffic = true
        nextRenewBucketRoll = now + .seconds(60)
        nextEviction = now + config.evictionInterval
    }

    // MARK: Reads

    /// Number of leases held (including expired, not yet evicted ones).
    public var registrySize: Int { leases.count }

    /// The lease of `id`, if registered.
    public func lease(of id: InstanceID) -> Lease? { leases[id] }

    /// All registered instance ids, ascending.
    public var registeredInstanceIDs: [InstanceID] { leases.keys.sorted() }

    /// `isLeaseExpirationEnabled()` (§5.3): self-preservation off, or threshold > 0 and
    /// `renewsLastMin > threshold` (strictly).
    public var isLeaseExpirationEnabled: Bool {
        !config.enableSelfPreservation || (numberOfRenewsPerMinThreshold > 0 && renewsLastMin > numberOfRenewsPerMinThreshold)
    }

    /// Whether the server is in self-preservation (the dashboard's "EMERGENCY!" banner).
    public var isSelfPreservationActive: Bool { !isLeaseExpirationEnabled }

    // MARK: Writes

    /// Applies `operation` at `now`; `isReplication` marks one received from a peer (§5.2, §5.3).
    public func handle(_ operation: RegistryOperation, isReplication: Bool, at now: SimTime) -> RegistryReply {
        let ok: Bool
        switch operation {
        case .register(let info, let duration): ok = register(info, leaseDuration: duration, at: now)
        case .renew(let id): ok = renew(id, at: now)
        case .cancel(let id): ok = cancel(id, at: now)
        case .statusUpdate(let id, let status): ok = updateStatus(id, status, at: now)
        }
        return RegistryReply(succeeded: ok, replicateToPeers: ok && !isReplication)
    }

    /// When a replicated `renew` fails at a peer (404), the origin sends the peer a registration of
    /// the instance instead (Eureka's `PeerEurekaNode` heartbeat-404 handling). Nil if unknown here.
    public func repairOperation(forFailedReplicationOf operation: RegistryOperation) -> RegistryOperation? {
        guard case .renew(let id) = operation, let lease = leases[id] else { return nil }
        return .register(lease.instance, leaseDuration: lease.duration)
    }

    func register(_ info: InstanceInfo, leaseDuration: SimDuration, at now: SimTime) -> Bool {
        var registrant = info
        if let existing = leases[info.id] {
            // Keep the registry's copy when it is newer (lastDirtyTimestamp comparison).
            if existing.instance.lastDirtyTimestamp > info.lastDirtyTimestamp { registrant = existing.instance }
        } else if expectedNumberOfClientsSendingRenews > 0 {
            // New registration: +1 only while the expectation is positive (§5.3).
            expectedNumberOfClientsSendingRenews += 1
            updateRenewsPerMinThreshold()
        }
        let duration = leaseDuration > .zero ? leaseDuration : config.defaultLeaseDuration
        leases[info.id] = Lease(instance: registrant, duration: duration, registeredAt: now)
        recordChange(.added, registrant, at: now)
        return true
    }

    func renew(_ id: InstanceID, at now: SimTime) -> Bool {
        guard leases[id] != nil else { return false }
        renewsCurrentBucket += 1
        leases[id]!.renew(at: now, expiry: config.leaseExpiry)
        return true
    }

    func cancel(_ id: InstanceID, at now: SimTime) -> Bool {
        guard internalCancel(id, at: now) else { return false }
        // A cancel (not an eviction) lowers the expectation, only while it is positive (§5.3).
        if expectedNumberOfClientsSendingRenews > 0 {
            expectedNumberOfClientsSendingRenews -= 1
            updateRenewsPerMinThreshold()
        }
        return true
    }

    func updateStatus(_ id: InstanceID, _ status: InstanceStatus, at now: SimTime) -> Bool {
        guard leases[id] != nil else { return false }
        leases[id]!.instance.status = status
        leases[id]!.instance.lastDirtyTimestamp = now
        recordChange(.modified, leases[id]!.instance, at: now)
        return true
    }

    /// Removes a lease (cancel or eviction): delta entry `DELETED`, response cache invalidated.
    @discardableResult
    func internalCancel(_ id: InstanceID, at now: SimTime) -> Bool {
        guard let lease = leases.removeValue(forKey: id) else { return false }
        recordChange(.deleted, lease.instance, at: now)
        return true
    }

    func recordChange(_ action: RegistryChange.Action, _ info: InstanceInfo, at now: SimTime) {
        recentlyChanged.append(RegistryChange(action: action, instance: info, changedAt: now))
        invalidateResponseCache()
    }

    /// `updateRenewsPerMinThreshold` (§5.3):
    /// `(int)(expected × (60 / expectedClientRenewalIntervalSeconds) × renewalPercentThreshold)`.
    func updateRenewsPerMinThreshold() {
        var intervalSeconds = config.expectedClientRenewalInterval.seconds
        if intervalSeconds <= 0 { intervalSeconds = 30 }
        numberOfRenewsPerMinThreshold = Int(Double(expectedNumberOfClientsSendingRenews) * (60.0 / intervalSeconds) * config.renewalPercentThreshold)
    }
}
