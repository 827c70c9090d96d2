import Testing
import SimulationPrimitives
@testable import LoadBalancing

/// The buffered one-pass `chooseZoneAvoidance` against a plain reference written from Ribbon's
/// `ZoneAvoidanceRule` (reference/netflix-oss.md §4.3) over the balancer's public queries: random
/// server lists and zones, random traffic (starts, completions, connection failures that trip
/// servers), random times, exclusions and draws. Each choice must pick the same server and leave
/// the same predicate counter.
@Suite struct ZoneAvoidanceReferenceTests {
    /// Ribbon's choice computed the simple way, on a copy of the balancer.
    static func referenceChoose(_ lb: inout LoadBalancer, now: SimTime, excluding: ServerID?, random: Double) -> ServerID? {
        if let excluded = excluding, let pick = referenceChooseOnce(&lb, now: now, excluding: excluded, random: random) { return pick }
        return referenceChooseOnce(&lb, now: now, excluding: nil, random: random)
    }

    static func referenceChooseOnce(_ lb: inout LoadBalancer, now: SimTime, excluding: ServerID?, random: Double) -> ServerID? {
        let config = lb.config
        let servers = lb.servers
        let zones = lb.zones
        var snapshots = Array(repeating: ZoneSnapshot(instanceCount: 0, circuitTrippedCount: 0, activeRequestsCount: 0), count: zones.count)
        var passes: [Bool] = []
        for server in servers {
            let z = zones.firstIndex(of: server.zone)!
            let tripped = lb.isCircuitTripped(server.id, at: now)
            let active = lb.activeRequests(on: server.id, at: now)
            snapshots[z].instanceCount += 1
            if tripped { snapshots[z].circuitTrippedCount += 1 } else { snapshots[z].activeRequestsCount += active }
            passes.append(!(config.filterCircuitTripped && tripped) && active < config.effectiveActiveConnectionsLimit)
        }
        let zoneFilter = config.zoneAvoidanceEnabled && zones.count > 1
        var available = Array(repeating: true, count: zones.count)
        if zoneFilter {
            var limited = false
            var maxLoad = 0.0
            var worst: [Int] = []
            for (z, snap) in snapshots.enumerated() {
                if snap.instanceCount == 0 { available[z] = false; limited = true; continue }
                let load = snap.loadPerServer
                if Double(snap.circuitTrippedCount) / Double(snap.instanceCount) >= config.avoidZoneWithBlackoutPercentage || load < 0 {
                    available[z] = false
                    limited = true
                } else if abs(load - maxLoad) < 0.000001 {
                    worst.append(z)
                } else if load > maxLoad {
                    maxLoad = load
                    worst = [z]
                }
            }
            if !(maxLoad < config.triggeringLoadPerServerThreshold && !limited) {
                let total = worst.reduce(0) { $0 + snapshots[$1].instanceCount }
                if total > 0 {
                    var target = min(Int(random * Double(total)), total - 1)
                    for z in worst {
                        target -= snapshots[z].instanceCount
                        if target < 0 { available[z] = false; break }
                    }
                }
            }
        }
        var eligible = servers.indices.filter { i in
            servers[i].id != excluding && passes[i] && (!zoneFilter || available[zones.firstIndex(of: servers[i].zone)!])
        }
        if eligible.isEmpty { eligible = servers.indices.filter { servers[$0].id != excluding && passes[$0] } }
        if eligible.isEmpty { eligible = servers.indices.filter { servers[$0].id != excluding } }
        guard !eligible.isEmpty else { return nil }
        return servers[eligible[lb.nextPredicateIndex(modulo: eligible.count)]].id
    }

    @Test func randomHistoriesChooseAsTheReference() {
        var rng = RandomStream(rootSeed: 2026, component: "zone-avoidance-reference")
        var choices = 0
        for trial in 0..<300 {
            let count = 1 + rng.nextInt(below: 9)
            let zoneCount = 1 + rng.nextInt(below: 4)
            let zones = (0..<count).map { _ in rng.nextInt(below: zoneCount) }
            let limit = rng.nextBool(probability: 0.3) ? 1 + rng.nextInt(below: 4) : -1
            let zoneAvoidance = rng.nextBool(probability: 0.9)
            let filterTripped = rng.nextBool(probability: 0.8)
            var lb = makeBalancer(.zoneAvoidance, count: count, zones: zones) {
                $0.activeConnectionsLimit = limit
                $0.zoneAvoidanceEnabled = zoneAvoidance
                $0.filterCircuitTripped = filterTripped
            }
            var now = SimTime.zero
            var inFlight: [Int] = []
            for step in 0..<80 {
                now += .milliseconds(Int64(rng.nextInt(below: trial % 3 == 0 ? 20_000 : 300)))
                switch rng.nextInt(below: 4) {
                case 0, 1:
                    let server = rng.nextInt(below: count + 1)   // count: a server outside the list
                    lb.noteRequestStarted(on: ServerID(server), at: now)
                    inFlight.append(server)
                case 2 where !inFlight.isEmpty:
                    let server = inFlight.remove(at: rng.nextInt(below: inFlight.count))
                    let outcome: AttemptOutcome = rng.nextBool(probability: 0.5) ? .connectionFailure : (rng.nextBool(probability: 0.5) ? .response : .otherError)
                    lb.noteRequestCompleted(on: ServerID(server), outcome: outcome, responseTime: .milliseconds(5), at: now)
                default:
                    if step % 17 == 16 {
                        // A list refresh that drops or keeps servers (zones may vanish).
                        let kept = (0..<count).filter { _ in rng.nextBool(probability: 0.8) }
                        lb.refreshServerList(kept.map { ServerInfo(id: ServerID($0), zone: ZoneID(zones[$0])) }, at: now)
                    }
                }
                let excluding: ServerID? = rng.nextBool(probability: 0.3) ? ServerID(rng.nextInt(below: count)) : nil
                let random = rng.nextDouble()
                var reference = lb
                let expected = Self.referenceChoose(&reference, now: now, excluding: excluding, random: random)
                let actual = lb.choose(now: now, excluding: excluding, random: random)
                choices += 1
                if actual != expected || lb.predicateCounter != reference.predicateCounter {
                    Issue.record("trial \(trial) step \(step): chose \(String(describing: actual)), reference \(String(describing: expected))")
                    return
                }
                lb.checkInvariants()
            }
        }
        #expect(choices == 300 * 80)
    }
}
