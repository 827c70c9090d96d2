import SimulationPrimitives

extension LoadBalancer {
    /// The zone snapshots of the current list at `now`, one per ``zones`` entry (§4.3).
    public mutating func zoneSnapshots(at now: SimTime) -> [ZoneSnapshot] {
        fillZoneSnapshots(now: now)
        return zoneScratch.snapshots
    }

    /// One pass over the list: zone snapshots into `zoneScratch.snapshots`, and each server's
    /// availability-predicate result into `zoneScratch.serverAvailable` (reused by the filter).
    ///
    /// Runs per choice: the scratch arrays are taken out of `zoneScratch` and written through
    /// mutable buffers (one uniqueness check per array per call instead of one per element write
    /// or append), and the stats are read through a buffer (indexing `stats` copied each
    /// `ServerStats`, retaining and releasing its response-time window).
    @usableFromInline mutating func fillZoneSnapshots(now: SimTime) {
        var snapshots = zoneScratch.snapshots
        var serverAvailable = zoneScratch.serverAvailable
        zoneScratch.snapshots = []
        zoneScratch.serverAvailable = []
        let config = self.config
        let limit = config.effectiveActiveConnectionsLimit
        let serverCount = servers.count
        // One flag per server, overwritten below; resized only when the list changed length.
        if serverAvailable.count != serverCount {
            serverAvailable.removeAll(keepingCapacity: true)
            serverAvailable.append(contentsOf: repeatElement(false, count: serverCount))
        }
        snapshots.withUnsafeMutableBufferPointer { snapshots in
            for z in snapshots.indices {
                snapshots[z] = ZoneSnapshot(instanceCount: 0, circuitTrippedCount: 0, activeRequestsCount: 0)
            }
            serverAvailable.withUnsafeMutableBufferPointer { serverAvailable in
                stats.withUnsafeBufferPointer { stats in
                    statsIndex.withUnsafeBufferPointer { statsIndex in
                        zoneIndex.withUnsafeBufferPointer { zoneIndex in
                            for i in 0..<serverCount {
                                let s = statsIndex[i]
                                let z = zoneIndex[i]
                                // Fields read one by one: a method call on `stats[s]` copies the whole value.
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
                    }
                }
            }
        }
        zoneScratch.snapshots = snapshots
        zoneScratch.serverAvailable = serverAvailable
    }

    /// `ZoneAvoidanceRule.getAvailableZones` (§4.3), written into `zoneScratch.available`:
    /// 1. drop zones with no instances, with `tripped/instances ≥ avoidZoneWithBlackoutPercetage`, or
    ///    with load < 0;
    /// 2. if the highest load per server is below `triggeringLoadPerServerThreshold` and nothing was
    ///    dropped, keep every zone;
    /// 3. otherwise drop one worst zone (ties within 1e-6), chosen at random weighted by instances.
    ///
    /// `random` is drawn by the caller whether or not step 3 runs, so the streams' draw order does
    /// not depend on the zones' state. The scratch arrays are taken out of `zoneScratch` and
    /// written through buffers (one uniqueness check per array per call); `worst` is kept at one
    /// slot per zone with its used length in a local.
    @usableFromInline mutating func computeAvailableZones(now: SimTime, random: Double) {
        fillZoneSnapshots(now: now)
        let count = zones.count
        var available = zoneScratch.available
        var worst = zoneScratch.worst
        zoneScratch.available = []
        zoneScratch.worst = []
        if worst.count != count {
            worst.removeAll(keepingCapacity: true)
            worst.append(contentsOf: repeatElement(0, count: count))
        }
        let blackout = config.avoidZoneWithBlackoutPercentage
        let trigger = config.triggeringLoadPerServerThreshold
        zoneScratch.snapshots.withUnsafeBufferPointer { snapshots in
            available.withUnsafeMutableBufferPointer { available in
                worst.withUnsafeMutableBufferPointer { worst in
                    Self.availableZones(snapshots: snapshots, available: available, worst: worst,
                                        blackoutPercentage: blackout, triggeringLoadPerServer: trigger, random: random)
                }
            }
        }
        zoneScratch.available = available
        zoneScratch.worst = worst
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
    @usableFromInline mutating func chooseZoneAvoidance(now: SimTime, excluding: ServerID?, random: Double) -> ServerID? {
        let zoneFilter = config.zoneAvoidanceEnabled && zones.count > 1
        if zoneFilter { computeAvailableZones(now: now, random: random) } else { fillZoneSnapshots(now: now) }
        eligibleScratch.removeAll(keepingCapacity: true)
        for i in servers.indices where servers[i].id != excluding && zoneScratch.serverAvailable[i] {
            if !zoneFilter || zoneScratch.available[zoneIndex[i]] { eligibleScratch.append(i) }
        }
        if eligibleScratch.isEmpty {
            for i in servers.indices where servers[i].id != excluding && zoneScratch.serverAvailable[i] { eligibleScratch.append(i) }
        }
        if eligibleScratch.isEmpty {
            for i in servers.indices where servers[i].id != excluding { eligibleScratch.append(i) }
        }
        return chooseFromEligible()
    }
}
