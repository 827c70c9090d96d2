import Testing
import PropertyBased
import SimulationPrimitives
@testable import LoadBalancing

/// RoundRobinRule, reference/netflix-oss.md §4.3.
@Suite struct RoundRobinRuleTests {
    @Test func firstPickIsIndexOneThenWraps() {
        var lb = makeBalancer(.roundRobin, count: 3)
        #expect(picks(&lb, 7) == [1, 2, 0, 1, 2, 0, 1])
    }

    @Test func deadServersAreSkipped() {
        var lb = makeBalancer(.roundRobin, count: 4)
        lb.setAlive(false, server: ServerID(2))
        #expect(picks(&lb, 6) == [1, 3, 0, 1, 3, 0])
    }

    @Test func emptyOrAllDeadGivesNil() {
        var empty = makeBalancer(.roundRobin, count: 0)
        #expect(picks(&empty, 1) == [-1])
        var lb = makeBalancer(.roundRobin, count: 2)
        lb.setAlive(false, server: ServerID(0)); lb.setAlive(false, server: ServerID(1))
        #expect(picks(&lb, 1) == [-1])
    }

    @Test func givesUpAfterTenTries() {
        // 20 servers, only index 15 alive: from counter 0 the 10 tries reach indices 1...10 and fail.
        var lb = makeBalancer(.roundRobin, count: 20)
        for i in 0..<20 where i != 15 { lb.setAlive(false, server: ServerID(i)) }
        #expect(picks(&lb, 1) == [-1])
        #expect(picks(&lb, 1) == [15]) // the counter kept moving: tries 11...15 reach it
    }

    @Test func refreshMarksEveryServerAliveAndKeepsTheCounter() {
        var lb = makeBalancer(.roundRobin, count: 3)
        lb.setAlive(false, server: ServerID(1))
        #expect(picks(&lb, 1) == [2])
        let next = lb.refreshServerList((0..<3).map { ServerInfo(id: ServerID($0)) }, at: at(31))
        #expect(next == at(61))
        #expect(lb.alive == [true, true, true])
        #expect(picks(&lb, 2) == [0, 1])
    }

    @Test func excludingIsASoftPreference() {
        var lb = makeBalancer(.roundRobin, count: 3)
        #expect(lb.choose(now: .zero, excluding: ServerID(1), random: 0) == ServerID(2))
        var single = makeBalancer(.roundRobin, count: 1)
        #expect(single.choose(now: .zero, excluding: ServerID(0), random: 0) == ServerID(0))
    }

    /// Issue 3 "round robin is fair over any window of n·k picks": after any warm-up, every server
    /// is chosen exactly k times in n·k consecutive picks.
    @Test func fairOverAnyWindowOfNKPicks() async {
        await propertyCheck(count: 200, input: Gen.int(in: 1...16), Gen.int(in: 1...12), Gen.int(in: 0...40)) { n, k, warmUp in
            var lb = makeBalancer(.roundRobin, count: n)
            _ = picks(&lb, warmUp)
            var counts = Array(repeating: 0, count: n)
            for p in picks(&lb, n * k) { counts[p] += 1 }
            #expect(counts == Array(repeating: k, count: n))
        }
    }

    @Test func filteredRoundRobinIsFairToo() async {
        // The predicate rules' counter (AbstractServerPredicate) with nothing filtered.
        await propertyCheck(count: 100, input: Gen.int(in: 1...16), Gen.int(in: 1...8), Gen.int(in: 0...40)) { n, k, warmUp in
            var lb = makeBalancer(.availabilityFiltering, count: n)
            _ = picks(&lb, warmUp)
            var counts = Array(repeating: 0, count: n)
            for p in picks(&lb, n * k) { counts[p] += 1 }
            #expect(counts == Array(repeating: k, count: n))
        }
    }
}

/// reference/netflix-oss.md §8.5 (ribbon#394): next-server retries can revisit a server.
@Suite struct NextServerRevisitTests {
    @Test func threeAttemptsWithOneServerDownRevisitTheFirst() {
        // Servers A, B, C with C down; MaxAutoRetries 0, MaxAutoRetriesNextServer 2: three picks.
        var lb = makeBalancer(.roundRobin, count: 3)
        lb.setAlive(false, server: ServerID(2))
        #expect(picks(&lb, 3) == [1, 0, 1])   // B, A, B: the rule's next pick, tried servers not excluded
    }
}
