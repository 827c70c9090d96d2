import Testing
import SimulationPrimitives
@testable import LoadBalancing

/// Random, AvailabilityFiltering, WeightedResponseTime and BestAvailable rules, reference/netflix-oss.md §4.3.
@Suite struct RuleTests {
    @Test func randomMapsTheDrawOntoAliveServers() {
        var lb = makeBalancer(.random, count: 4)
        #expect(lb.choose(now: .zero, excluding: nil, random: 0) == ServerID(0))
        #expect(lb.choose(now: .zero, excluding: nil, random: 0.26) == ServerID(1))
        #expect(lb.choose(now: .zero, excluding: nil, random: 0.999) == ServerID(3))
        lb.setAlive(false, server: ServerID(0))
        #expect(lb.choose(now: .zero, excluding: nil, random: 0) == ServerID(1))
        #expect(lb.choose(now: .zero, excluding: nil, random: 0.999) == ServerID(3))
    }

    @Test func availabilityFilteringSkipsTrippedServers() {
        var lb = makeBalancer(.availabilityFiltering, count: 3)
        trip(&lb, 2)
        // Internal round robin: 1, 2 (tripped, skipped → next pick 0), 1, ...
        #expect(picks(&lb, 4) == [1, 0, 1, 0])
        // After the 10 s blackout the server is back.
        #expect(picks(&lb, 3, now: at(10)) == [1, 2, 0])  // counter was left at 0
    }

    @Test func availabilityFilteringHonoursTheActiveConnectionsLimit() {
        var lb = makeBalancer(.availabilityFiltering, count: 2) { $0.activeConnectionsLimit = 2 }
        lb.noteRequestStarted(on: ServerID(1), at: .zero)
        lb.noteRequestStarted(on: ServerID(1), at: .zero)
        #expect(picks(&lb, 3) == [0, 0, 0])
        lb.noteRequestCompleted(on: ServerID(1), outcome: .response, responseTime: .milliseconds(1), at: .zero)
        #expect(picks(&lb, 1) == [1])
    }

    @Test func availabilityFilteringNeverReturnsNilWhenAllAreFiltered() {
        var lb = makeBalancer(.availabilityFiltering, count: 3)
        for s in 0..<3 { trip(&lb, s) }
        // Fallback: always-true predicate, filtered round robin starting at index 0.
        #expect(picks(&lb, 4) == [0, 1, 2, 0])
    }

    @Test func weightedResponseTimeWeightsAndPick() {
        var lb = makeBalancer(.weightedResponseTime, count: 4)
        for (s, ms) in [(0, 10), (1, 20), (2, 30), (3, 40)] as [(Int, Int64)] {
            lb.noteRequestStarted(on: ServerID(s), at: .zero)
            lb.noteRequestCompleted(on: ServerID(s), outcome: .response, responseTime: .milliseconds(ms), at: .zero)
        }
        // Before the weight task has run on these stats: round robin from index 1.
        #expect(picks(&lb, 1) == [1])
        // First run at creation time 0 (already due), then every 30 s.
        #expect(lb.tick(at: .zero) == at(30))
        // total = 100; weights 90, 80, 70, 60; cumulative 90, 170, 240, 300.
        #expect(lb.accumulatedWeights == [90, 170, 240, 300])
        #expect(lb.choose(now: .zero, excluding: nil, random: 0.3) == ServerID(0))   // r = 90 ≤ 90
        #expect(lb.choose(now: .zero, excluding: nil, random: 0.31) == ServerID(1))  // r = 93
        #expect(lb.choose(now: .zero, excluding: nil, random: 0.8) == ServerID(2))   // r = 240
        #expect(lb.choose(now: .zero, excluding: nil, random: 0.9) == ServerID(3))   // r = 270
        #expect(lb.tick(at: at(29)) == at(30))
        #expect(lb.tick(at: at(95)) == at(120))
    }

    @Test func weightedResponseTimeFallsBackToRoundRobin() {
        var one = makeBalancer(.weightedResponseTime, count: 1)
        one.noteRequestStarted(on: ServerID(0), at: .zero)
        one.noteRequestCompleted(on: ServerID(0), outcome: .response, responseTime: .milliseconds(7), at: .zero)
        one.tick(at: .zero)
        #expect(one.accumulatedWeights == [0])        // one server: weight 0 < 0.001
        #expect(picks(&one, 2, random: 0.7) == [0, 0])
        var stale = makeBalancer(.weightedResponseTime, count: 2)
        stale.tick(at: .zero)
        stale.refreshServerList((0..<3).map { ServerInfo(id: ServerID($0)) }, at: at(1))
        #expect(picks(&stale, 3) == [1, 2, 0])          // weights for 2 servers, list of 3
        var rr = makeBalancer(.roundRobin, count: 2)
        #expect(rr.tick(at: .zero) == nil)
    }

    @Test func bestAvailablePicksFewestActiveFirstOnTies() {
        var lb = makeBalancer(.bestAvailable, count: 3)
        lb.noteRequestStarted(on: ServerID(0), at: .zero)
        #expect(picks(&lb, 1) == [1])
        lb.noteRequestStarted(on: ServerID(1), at: .zero)
        #expect(picks(&lb, 1) == [2])
        lb.noteRequestStarted(on: ServerID(2), at: .zero)
        lb.noteRequestStarted(on: ServerID(2), at: .zero)
        #expect(picks(&lb, 1) == [0])
        trip(&lb, 0)
        trip(&lb, 1)
        #expect(picks(&lb, 1) == [2])
        trip(&lb, 2)
        #expect(picks(&lb, 3) == [1, 2, 0])             // none qualifies: round robin
    }
}
