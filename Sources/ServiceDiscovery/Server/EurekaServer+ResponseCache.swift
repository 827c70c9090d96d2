import SimulationPrimitives

extension EurekaServer {
    /// What a client's full fetch (`GET /apps`) receives at `now` (§5.4): the read-only cache entry
    /// if present, else the read-write entry (built if invalidated or older than 180 s), which is then
    /// copied into the read-only cache. Without the read-only cache, the read-write entry directly.
    public func fetchFull(at now: SimTime) -> RegistrySnapshot {
        if config.useReadOnlyResponseCache, let cached = readOnlyFull { return cached }
        let payload = readWriteFullPayload(at: now)
        if config.useReadOnlyResponseCache { readOnlyFull = payload }
        return payload
    }

    /// What a client's delta fetch (`GET /apps/delta`) receives at `now`; cached like ``fetchFull(at:)``.
    public func fetchDelta(at now: SimTime) -> RegistryDelta {
        if config.useReadOnlyResponseCache, let cached = readOnlyDelta { return cached }
        let payload = readWriteDeltaPayload(at: now)
        if config.useReadOnlyResponseCache { readOnlyDelta = payload }
        return payload
    }

    /// The current registry, not through any cache (the dashboard's view), ascending by id.
    public func currentInstances() -> [InstanceInfo] {
        leases.keys.sorted().map { leases[$0]!.instance }
    }

    func readWriteFullPayload(at now: SimTime) -> RegistrySnapshot {
        if let entry = readWriteFull, now - entry.writtenAt < config.responseCacheAutoExpiration { return entry.payload }
        cacheBuilds += 1
        let instances = currentInstances()
        let payload = RegistrySnapshot(instances: instances, reconcileHash: ReconcileHash(instances), cacheVersion: cacheBuilds, builtAt: now)
        readWriteFull = (payload, now)
        return payload
    }

    func readWriteDeltaPayload(at now: SimTime) -> RegistryDelta {
        if let entry = readWriteDelta, now - entry.writtenAt < config.responseCacheAutoExpiration { return entry.payload }
        cacheBuilds += 1
        let payload = RegistryDelta(changes: recentlyChanged, reconcileHash: ReconcileHash(leases.values.map(\.instance)),
                                    cacheVersion: cacheBuilds, builtAt: now)
        readWriteDelta = (payload, now)
        return payload
    }

    /// Register, cancel, evict and status change invalidate the read-write cache at once (§5.4).
    func invalidateResponseCache() {
        readWriteFull = nil
        readWriteDelta = nil
    }

    /// The 30 s task: every key already in the read-only cache is replaced by the read-write value
    /// when that value differs (a rebuild), §5.4.
    func refreshReadOnlyCache(at now: SimTime) {
        guard config.useReadOnlyResponseCache else { return }
        if let current = readOnlyFull {
            let fresh = readWriteFullPayload(at: now)
            if fresh.cacheVersion != current.cacheVersion { readOnlyFull = fresh }
        }
        if let current = readOnlyDelta {
            let fresh = readWriteDeltaPayload(at: now)
            if fresh.cacheVersion != current.cacheVersion { readOnlyDelta = fresh }
        }
    }
}
