import Testing
import SimulationPrimitives
@testable import LoadBalancing

/// The client-side response cache: TTL with jitter, bounded size, single flight, stale on error.
@Suite struct ResponseCacheTests {
    @Test func missLoadsThenHitsUntilTheJitteredTTL() {
        var cache = ResponseCache<String>(config: ResponseCacheConfig(timeToLive: .seconds(10), timeToLiveJitterFraction: 0.1))
        guard case .load = cache.lookup(7, requester: 1, at: .zero) else { Issue.record("expected load"); return }
        _ = cache.completeLoad(7, value: "map", at: .zero, random: 0)   // TTL × 0.9 = 9 s
        guard case .hit(let v) = cache.lookup(7, requester: 2, at: at(8.999)) else { Issue.record("expected hit"); return }
        #expect(v == "map")
        guard case .load = cache.lookup(7, requester: 3, at: at(9)) else { Issue.record("expected reload"); return }
        _ = cache.completeLoad(7, value: "map2", at: at(9), random: 1)  // TTL × 1.1 = 11 s
        guard case .hit = cache.lookup(7, requester: 4, at: at(19.999)) else { Issue.record("expected hit"); return }
        guard case .load = cache.lookup(7, requester: 5, at: at(20)) else { Issue.record("expected load"); return }
        #expect(cache.hits == 2 && cache.misses == 3)
    }

    @Test func concurrentMissesShareOneLoad() {
        var cache = ResponseCache<Int>(config: ResponseCacheConfig())
        guard case .load = cache.lookup(1, requester: 10, at: .zero) else { Issue.record("first must load"); return }
        guard case .wait = cache.lookup(1, requester: 11, at: .zero) else { Issue.record("second waits"); return }
        guard case .wait = cache.lookup(1, requester: 12, at: .zero) else { Issue.record("third waits"); return }
        let done = cache.completeLoad(1, value: 42, at: at(0.05), random: 0.5)
        #expect(done.value == 42 && done.waiters == [11, 12] && !done.isStale)
        #expect(cache.coalesced == 2)
    }

    @Test func failedLoadServesStaleWithinTheLimit() {
        var cache = ResponseCache<Int>(config: ResponseCacheConfig(timeToLive: .seconds(5), timeToLiveJitterFraction: 0, maximumStaleness: .seconds(60)))
        _ = cache.lookup(1, requester: 1, at: .zero)
        _ = cache.completeLoad(1, value: 5, at: .zero, random: 0)
        _ = cache.lookup(1, requester: 2, at: at(30))
        _ = cache.lookup(1, requester: 3, at: at(30))
        let failed = cache.failLoad(1, at: at(30))
        #expect(failed.value == 5 && failed.isStale && failed.waiters == [3])
        _ = cache.lookup(1, requester: 4, at: at(66))  // 61 s past expiry
        let tooOld = cache.failLoad(1, at: at(66))
        #expect(tooOld.value == nil && !tooOld.isStale)
        #expect(cache.count == 0)
    }

    @Test func noStaleWhenDisabled() {
        var cache = ResponseCache<Int>(config: ResponseCacheConfig(timeToLive: .seconds(1), serveStaleOnError: false))
        _ = cache.lookup(1, requester: 1, at: .zero)
        _ = cache.completeLoad(1, value: 5, at: .zero, random: 0.5)
        _ = cache.lookup(1, requester: 2, at: at(2))
        #expect(cache.failLoad(1, at: at(2)).value == nil)
    }

    @Test func boundedSizeEvictsOldestButNeverALoadInFlight() {
        var cache = ResponseCache<Int>(config: ResponseCacheConfig(capacity: 3))
        _ = cache.lookup(0, requester: 100, at: .zero)        // stays loading
        for k: UInt64 in 1...2 {
            _ = cache.lookup(k, requester: k, at: .zero)
            _ = cache.completeLoad(k, value: Int(k), at: .zero, random: 0.5)
        }
        _ = cache.lookup(3, requester: 3, at: .zero)           // evicts key 1, not the loading key 0
        #expect(cache.count == 3 && cache.evictions == 1)
        guard case .wait = cache.lookup(0, requester: 101, at: .zero) else { Issue.record("key 0 still loading"); return }
        guard case .load = cache.lookup(1, requester: 4, at: .zero) else { Issue.record("key 1 evicted"); return }
        #expect(cache.completeLoad(0, value: 0, at: .zero, random: 0.5).waiters == [101])
        for k: UInt64 in 10..<200 {
            _ = cache.lookup(k, requester: k, at: .zero)
            _ = cache.completeLoad(k, value: 0, at: .zero, random: 0.5)
            #expect(cache.count <= 3 + 1)                      // + the one load still in flight (key 1... 3)
        }
    }
}
