import Testing
import SimulationPrimitives
@testable import LoadBalancing

/// ZoneAvoidanceRule zone snapshot criteria, reference/netflix-oss.md §4.3.
@Suite struct ZoneAvoidanceRuleTests {
    func busy(_ lb: inout LoadBalancer, _ server: Int, _ requests: Int) {
        for _ in 0..<requests { lb.noteRequestStarted(on: ServerID(server), at: .zero) }
    }

    @Test func lowLoadKeepsEveryZone() {
        var lb = makeBalancer(.zoneAvoidance, count: 4, zones: [0, 0, 1, 1])
        // Filtered round robin (first pick index 0) over all four.
        #expect(picks(&lb, 5) == [0, 1, 2, 3, 0])
    }

    @Test func snapshotCountsTrippedAndLoad() {
        var lb = makeBalancer(.zoneAvoidance, count: 4, zones: [0, 0, 1, 1])
        busy(&lb, 0, 3)
        trip(&lb, 1)
        busy(&lb, 2, 1)
        let snaps = lb.zoneSnapshots(at: .zero)
        #expect(snaps[0] == ZoneSnapshot(instanceCount: 2, circuitTrippedCount: 1, activeRequestsCount: 3))
        #expect(snaps[0].loadPerServer == 3)
        #expect(snaps[1].loadPerServer == 0.5)
    }

    @Test func zoneWithEveryServerTrippedIsAvoided() {
        var lb = makeBalancer(.zoneAvoidance, count: 4, zones: [0, 0, 1, 1])
        trip(&lb, 0); trip(&lb, 1)
        #expect(picks(&lb, 4) == [2, 3, 2, 3])
    }

    @Test func theWorstZoneIsDroppedAboveTheTriggeringLoad() {
        var lb = makeBalancer(.zoneAvoidance, count: 4, zones: [0, 0, 1, 1])
        busy(&lb, 2, 1)  // zone 1 load 0.5 ≥ 0.2; zone 0 load 0
        #expect(picks(&lb, 3) == [0, 1, 0])
    }

    @Test func tiedWorstZonesAreDroppedWeightedByInstances() {
        // Zone 0: 1 server, zone 1: 3 servers, all at load 1.0 (tie). Draw < 1/4 drops zone 0.
        var lb = makeBalancer(.zoneAvoidance, count: 4, zones: [0, 1, 1, 1])
        for s in 0..<4 { busy(&lb, s, 1) }
        #expect(lb.choose(now: .zero, excluding: nil, random: 0.2) != ServerID(0))
        var lb2 = makeBalancer(.zoneAvoidance, count: 4, zones: [0, 1, 1, 1])
        for s in 0..<4 { busy(&lb2, s, 1) }
        #expect(picks(&lb2, 3, random: 0.3) == [0, 0, 0])   // zone 1 dropped: only server 0 left
    }

    @Test func fallsBackToAvailabilityThenToEveryServer() {
        var lb = makeBalancer(.zoneAvoidance, count: 2, zones: [0, 0])
        trip(&lb, 0)
        #expect(picks(&lb, 2) == [1, 1])
        trip(&lb, 1)
        #expect(picks(&lb, 2) == [0, 1])
    }
}
