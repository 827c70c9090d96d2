import SimulationPrimitives

extension EurekaServer {
    /// Runs every timer due at or before `now`, in the order: renewal-rate bucket roll, eviction,
    /// renewal-threshold update, read-only cache refresh, delta-queue purge.
    /// - Parameter random: the server's stream; eviction picks which expired leases to evict with it
    ///   when the per-run limit applies (Knuth shuffle, §5.2).
    /// - Returns: the next deadline at which `tick` must be called.
    @discardableResult
    public func tick(at now: SimTime, random: inout RandomStream) -> SimTime {
        while nextRenewBucketRoll <= now {
            renewsLastMin = renewsCurrentBucket
            renewsCurrentBucket = 0
            nextRenewBucketRoll = nextRenewBucketRoll + .seconds(60)
        }
        while nextEviction <= now {
            runEviction(scheduledAt: nextEviction, random: &random)
            nextEviction = nextEviction + config.evictionInterval
        }
        while nextThresholdUpdate <= now {
            updateRenewalThreshold()
            nextThresholdUpdate = nextThresholdUpdate + config.renewalThresholdUpdateInterval
        }
        while nextResponseCacheRefresh <= now {
            refreshReadOnlyCache(at: nextResponseCacheRefresh)
            nextResponseCacheRefresh = nextResponseCacheRefresh + config.responseCacheUpdateInterval
        }
        while nextDeltaPurge <= now {
            let cutoff = nextDeltaPurge - config.deltaRetention
            if let keep = recentlyChanged.firstIndex(where: { $0.changedAt >= cutoff }) {
                if keep > 0 { recentlyChanged.removeFirst(keep) }
            } else {
                recentlyChanged.removeAll()
            }
            nextDeltaPurge = nextDeltaPurge + config.deltaRetentionTimerInterval
        }
        return nextDeadline
    }

    /// The earliest pending timer.
    public var nextDeadline: SimTime {
        min(nextRenewBucketRoll, nextEviction, nextThresholdUpdate, nextResponseCacheRefresh, nextDeltaPurge)
    }

    /// `EvictionTask.run` + `evict(compensation)` (§5.2): nothing while lease expiration is disabled;
    /// else the expired leases (with `compensation = max(0, elapsed − interval)`) are evicted, at most
    /// `size − (int)(size × renewalPercentThreshold)` per run, chosen randomly.
    func runEviction(scheduledAt at: SimTime, random: inout RandomStream) {
        var compensation = SimDuration.zero
        if let last = lastEvictionRun { compensation = max(.zero, (at - last) - config.evictionInterval) }
        lastEvictionRun = at
        guard isLeaseExpirationEnabled else { return }
        var expired = leases.values.filter { $0.isExpired(at: at, extra: compensation) }.map(\.instance.id)
        guard !expired.isEmpty else { return }
        expired.sort()
        let size = leases.count
        let limit = size - Int(Double(size) * config.renewalPercentThreshold)
        let toEvict = min(expired.count, limit)
        for i in 0..<toEvict {
            let j = i + random.nextInt(below: expired.count - i)
            expired.swapAt(i, j)
            if internalCancel(expired[i], at: at) { evictedCount += 1 }
        }
    }

    /// The 15-minute `updateRenewalThreshold` (§5.3): re-base `expected` on the counted instances only
    /// if `count > renewalPercentThreshold × expected` or self-preservation is disabled.
    func updateRenewalThreshold() {
        let count = config.thresholdUpdateCount == .localRegistry ? leases.count : 0
        if !config.enableSelfPreservation || Double(count) > config.renewalPercentThreshold * Double(expectedNumberOfClientsSendingRenews) {
            expectedNumberOfClientsSendingRenews = count
            updateRenewsPerMinThreshold()
        }
    }
}
