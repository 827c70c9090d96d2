import SimulationPrimitives

extension LoadBalancer {
    /// The zone snapshots of the current list at `now`, one per ``zones`` entry (§4.3).
    public mutating func zoneSnapshots(at now: SimTime) -> [ZoneSnapshot] {
        fillZoneSnapshots(now: now)
        return zoneScratch.snapshots
    }

    /// One pass over the list: zone snapshots into `zoneScratch.snapshots`, and each server's
    /// availability-predicate result into `zoneScratch.serverAvailable` (reused by the filter).
    @usableFromInline mutating func fillZoneSnapshots(now: SimTime) {
        Self.sizeScratch(serverAvailable: &zoneScratch.serverAvailable, eligible: &eligibleScratch, serverCount: servers.count)
        let config = self.config
        zoneScratch.snapshots.withUnsafeMutableBufferPointer { snapshots in
            zoneScratch.serverAvailable.withUnsafeMutableBufferPointer { serverAvailable in
                stats.withUnsafeBufferPointer { stats in
                    statsIndex.withUnsafeBufferPointer { statsIndex in
                        zoneIndex.withUnsafeBufferPointer { zoneIndex in
                            Self.fillZoneSnapshots(snapshots: snapshots, serverAvailable: serverAvailable, stats: stats,
                                                   statsIndex: statsIndex, zoneIndex: zoneIndex, now: now, config: config)
                        }
                    }
                }
            }
        }
    }

    /// Sizes the per-server scratch: one availability flag per server (overwritten by each pass)
    /// and room for every server in `eligible`; resized only when the list changed length (the
    /// test is inlined, the resize is not).
    @inlinable @inline(__always) static func sizeScratch(serverAvailable: inout [Bool], eligible: inout [Int], serverCount: Int) {
        if serverAvailable.count == serverCount && eligible.count >= serverCount { return }
        resizeScratch(serverAvailable: &serverAvailable, eligible: &eligible, serverCount: serverCount)
    }

    @usableFromInline @inline(never) static func resizeScratch(serverAvailable: inout [Bool], eligible: inout [Int], serverCount: Int) {
        if serverAvailable.count != serverCount {
            serverAvailable.removeAll(keepingCapacity: true)
            serverAvailable.append(contentsOf: repeatElement(false, count: serverCount))
        }
        if eligible.count < serverCount {
            eligible.append(contentsOf: repeatElement(0, count: serverCount - eligible.count))
        }
    }

    /// The snapshot pass over buffers: `snapshots` one per zone, `serverAvailable`, `statsIndex`
    /// and `zoneIndex` one per server of the list. The stats are read field by field (a
    /// `ServerStats` copy would retain its response-time window).
    @usableFromInline static func fillZoneSnapshots(snapshots: UnsafeMutableBufferPointer<ZoneSnapshot>,
                                                    serverAvailable: UnsafeMutableBufferPointer<Bool>,
                                                    stats: UnsafeBufferPointer<ServerStats>, statsIndex: UnsafeBufferPointer<Int>,
                                                    zoneIndex: UnsafeBufferPointer<Int>, now: SimTime, config: RibbonClientConfig) {
        let limit = config.effectiveActiveConnectionsLimit
        for z in snapshots.indices {
            snapshots[z] = ZoneSnapshot(instanceCount: 0, circuitTrippedCount: 0, activeRequestsCount: 0)
        }
        for i in 0..<serverAvailable.count {
            let s = statsIndex[i]
            let z = zoneIndex[i]
            let tripped = ServerStats.isCircuitTripped(successiveConnectionFailures: stats[s].successiveConnectionFailures,
                                                       lastConnectionFailure: stats[s].lastConnectionFailure, at: now, config: config)
            let active = ServerStats.activeRequests(raw: stats[s].rawActiveRequests, lastChange: stats[s].activeRequestsLastChange,
                                                    at: now, config: config)
            snapshots[z].instanceCount += 1
            if tripped {
                snapshots[z].circuitTrippedCount += 1
            } else {
                snapshots[z].activeRequestsCount += active
            }
            serverAvailable[i] = !(config.filterCircuitTripped && tripped) && active < limit
        }
    }

    /// `ZoneAvoidanceRule.getAvailableZones` (§4.3), written into `zoneScratch.available`:
    /// 1. drop zones with no instances, with `tripped/instances ≥ avoidZoneWithBlackoutPercetage`, or
    ///    with load < 0;
    /// 2. if the highest load per server is below `triggeringLoadPerServerThreshold` and nothing was
    ///    dropped, keep every zone;
    /// 3. otherwise drop one worst zone (ties within 1e-6), chosen at random weighted by instances.
    ///
    /// `random` is drawn by the caller whether or not step 3 runs, so the streams' draw order does
    /// not depend on the zones' state. `worst` is kept at one slot per zone with its used length in
    /// a local.
    @usableFromInline mutating func computeAvailableZones(now: SimTime, random: Double) {
        fillZoneSnapshots(now: now)
        if zoneScratch.worst.count != zones.count {
            zoneScratch.worst.removeAll(keepingCapacity: true)
            zoneScratch.worst.append(contentsOf: repeatElement(0, count: zones.count))
        }
        let blackout = config.avoidZoneWithBlackoutPercentage
        let trigger = config.triggeringLoadPerServerThreshold
        zoneScratch.snapshots.withUnsafeBufferPointer { snapshots in
            zoneScratch.available.withUnsafeMutableBufferPointer { available in
                zoneScratch.worst.withUnsafeMutableBufferPointer { worst in
                    Self.availableZones(snapshots: snapshots, available: available, worst: worst,
                                        blackoutPercentage: blackout, triggeringLoadPerServer: trigger, random: random)
                }
            }
        }
    }

    /// The body of ``computeAvailableZones(now:random:)`` over buffers: `snapshots`, `available`
    /// and `worst` each hold one entry per zone.
    @usableFromInline static func availableZones(snapshots: UnsafeBufferPointer<ZoneSnapshot>, available: UnsafeMutableBufferPointer<Bool>,
                                                 worst: UnsafeMutableBufferPointer<Int>, blackoutPercentage: Double,
                                                 triggeringLoadPerServer: Double, random: Double) {
        let count = available.count
        for z in 0..<count { available[z] = true }
        guard count > 1 else { return }
        var limited = false
        var maxLoad = 0.0
        var worstCount = 0
        for z in 0..<count {
            let snap = snapshots[z]
            if snap.instanceCount == 0 { available[z] = false; limited = true; continue }
            let load = snap.loadPerServer
            if Double(snap.circuitTrippedCount) / Double(snap.instanceCount) >= blackoutPercentage || load < 0 {
                available[z] = false
                limited = true
            } else if abs(load - maxLoad) < 0.000001 {
                worst[worstCount] = z
                worstCount += 1
            } else if load > maxLoad {
                maxLoad = load
                worst[0] = z
                worstCount = 1
            }
        }
        if maxLoad < triggeringLoadPerServer && !limited { return }
        // randomChooseZone: weighted by instance count among the worst zones.
        var total = 0
        for k in 0..<worstCount { total += snapshots[worst[k]].instanceCount }
        guard total > 0 else { return }
        var target = min(Int(random * Double(total)), total - 1)
        for k in 0..<worstCount {
            let z = worst[k]
            target -= snapshots[z].instanceCount
            if target < 0 { available[z] = false; return }
        }
    }

    /// `ZoneAvoidanceRule.choose` (§4.3): filtered round robin over (zone ∧ availability), falling
    /// back to availability only and then to every server when a stage leaves no server.
    ///
    /// Ribbon recomputes the available zones (and its random worst-zone pick) for every server it
    /// tests; cinesim computes them once per choice so one choice sees one consistent zone set.
    ///
    /// One static pass over buffers (``zoneAvoidanceEligible``): the scratch arrays are passed
    /// `inout` (disjoint stored properties) and written through mutable buffers, so each is checked
    /// for uniqueness once per choice and none is retained or released; the eligible indices go
    /// to the front of `eligibleScratch`, which keeps one slot per server (its tail is stale).
    @usableFromInline mutating func chooseZoneAvoidance(now: SimTime, excluding: ServerID?, random: Double) -> ServerID? {
        let zoneFilter = config.zoneAvoidanceEnabled && zones.count > 1
        let count = Self.zoneAvoidanceEligible(snapshots: &zoneScratch.snapshots, serverAvailable: &zoneScratch.serverAvailable,
                                               available: &zoneScratch.available, worst: &zoneScratch.worst, eligible: &eligibleScratch,
                                               servers: servers, stats: stats, statsIndex: statsIndex, zoneIndex: zoneIndex,
                                               config: config, zoneFilter: zoneFilter, excluding: excluding, now: now, random: random)
        guard count > 0 else { return nil }
        return servers[eligibleScratch[nextPredicateIndex(modulo: count)]].id
    }

    /// The servers ``chooseZoneAvoidance(now:excluding:random:)`` may pick, written to the front of
    /// `eligible`; answers how many. Stages: (zone available ∧ availability predicate), else the
    /// predicate alone, else every server; `excluding` is left out at every stage.
    @usableFromInline static func zoneAvoidanceEligible(snapshots: inout [ZoneSnapshot], serverAvailable: inout [Bool], available: inout [Bool],
                                                        worst: inout [Int], eligible: inout [Int], servers: [ServerInfo], stats: [ServerStats],
                                                        statsIndex: [Int], zoneIndex: [Int], config: RibbonClientConfig, zoneFilter: Bool,
                                                        excluding: ServerID?, now: SimTime, random: Double) -> Int {
        let serverCount = servers.count
        sizeScratch(serverAvailable: &serverAvailable, eligible: &eligible, serverCount: serverCount)
        if zoneFilter && worst.count != snapshots.count {
            worst.removeAll(keepingCapacity: true)
            worst.append(contentsOf: repeatElement(0, count: snapshots.count))
        }
        let blackout = config.avoidZoneWithBlackoutPercentage
        let trigger = config.triggeringLoadPerServerThreshold
        return snapshots.withUnsafeMutableBufferPointer { snapshots in
            serverAvailable.withUnsafeMutableBufferPointer { serverAvailable in
                stats.withUnsafeBufferPointer { stats in
                    statsIndex.withUnsafeBufferPointer { statsIndex in
                        zoneIndex.withUnsafeBufferPointer { zoneIndex in
                            fillZoneSnapshots(snapshots: snapshots, serverAvailable: serverAvailable, stats: stats,
                                              statsIndex: statsIndex, zoneIndex: zoneIndex, now: now, config: config)
                            return available.withUnsafeMutableBufferPointer { available in
                                if zoneFilter {
                                    worst.withUnsafeMutableBufferPointer { worst in
                                        availableZones(snapshots: UnsafeBufferPointer(snapshots), available: available, worst: worst,
                                                       blackoutPercentage: blackout, triggeringLoadPerServer: trigger, random: random)
                                    }
                                }
                                return servers.withUnsafeBufferPointer { servers in
                                    eligible.withUnsafeMutableBufferPointer { eligible in
                                        var count = 0
                                        for i in 0..<serverCount where servers[i].id != excluding && serverAvailable[i] {
                                            if !zoneFilter || available[zoneIndex[i]] { eligible[count] = i; count += 1 }
                                        }
                                        if count == 0 {
                                            for i in 0..<serverCount where servers[i].id != excluding && serverAvailable[i] {
                                                eligible[count] = i; count += 1
                                            }
                                        }
                                        if count == 0 {
                                            for i in 0..<serverCount where servers[i].id != excluding { eligible[count] = i; count += 1 }
                                        }
                                        return count
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
