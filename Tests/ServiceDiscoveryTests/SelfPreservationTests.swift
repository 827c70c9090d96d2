import Testing
import SimulationPrimitives
@testable import ServiceDiscovery

/// Self-preservation formulas and worked examples, reference/netflix-oss.md §5.3, §8.8, §8.9.
@Suite struct SelfPreservationTests {
    /// Netflix semantics: `n` instances synced before `openForTraffic(n)` (expected = n).
    func netflixServer(instances n: Int) -> EurekaServer {
        let server = EurekaServer(config: EurekaServerConfig(defaults: .netflix), createdAt: .zero)
        for id in 0..<n { server.register(id, at: .zero, replication: true) }   // syncUp while expected == 0
        server.openForTraffic(count: n, at: .zero)
        return server
    }

    @Test func thresholdFormula() {
        let server = netflixServer(instances: 4)
        #expect(server.expectedNumberOfClientsSendingRenews == 4)
        #expect(server.numberOfRenewsPerMinThreshold == 6)          // (int)(4 × 2 × 0.85)
        let spring = EurekaServer(config: EurekaServerConfig(), createdAt: .zero)
        spring.openForTraffic(count: 0, at: .zero)                   // Spring opens with 1
        for id in 0..<4 { spring.register(id, at: at(1)) }
        #expect(spring.expectedNumberOfClientsSendingRenews == 5)
        #expect(spring.numberOfRenewsPerMinThreshold == 8)           // (int)(5 × 1.7)
        _ = spring.handle(.cancel(InstanceID(0)), isReplication: false, at: at(2))
        #expect(spring.expectedNumberOfClientsSendingRenews == 4)
        #expect(spring.numberOfRenewsPerMinThreshold == 6)
    }

    /// §5.3: with ≤ 6 instances (Netflix semantics) one kill -9 freezes eviction for good; with 7 the
    /// dead instance is evicted.
    @Test(arguments: [(4, false), (6, false), (7, true), (10, true)])
    func smallRegistryKeepsTheDeadInstanceListed(instances n: Int, evicted: Bool) {
        let server = netflixServer(instances: n)
        var rng = RandomStream(seed: 3)
        let victim = 0
        // Everyone renews at 0, 30, 60, …; the victim dies right after its renewal at 120 s.
        runHeartbeats(server, live: { t in t <= at(120) ? Array(0..<n) : Array(1..<n) }, from: .zero, until: at(2_400), rng: &rng)
        #expect(server.lease(of: InstanceID(victim)) == nil ? evicted : !evicted)
        // Healthy renewals 2(n−1) against (int)(1.7n).
        #expect(server.renewsLastMin == 2 * (n - 1))
        #expect(server.isLeaseExpirationEnabled == evicted)
        if !evicted {
            // The 15-minute update re-bases on the registered count, which still includes the dead one.
            #expect(server.expectedNumberOfClientsSendingRenews == n)
            #expect(server.isSelfPreservationActive)
        }
    }

    /// §5.3 Spring semantics: ≤ 5 healthy instances sit in self-preservation permanently; 6 do not.
    @Test(arguments: [(3, true), (5, true), (6, false), (8, false)])
    func springSmallHealthyRegistry(instances n: Int, selfPreserving: Bool) {
        let server = EurekaServer(config: EurekaServerConfig(), createdAt: .zero)
        server.openForTraffic(count: 0, at: .zero)
        for id in 0..<n { server.register(id, at: .zero) }
        #expect(server.numberOfRenewsPerMinThreshold == Int(Double(n + 1) * 2.0 * 0.85))  // Java's evaluation order
        var rng = RandomStream(seed: 4)
        runHeartbeats(server, live: { _ in Array(0..<n) }, from: at(30), until: at(1_900), rng: &rng)
        #expect(server.renewsLastMin == 2 * n)
        #expect(server.isSelfPreservationActive == selfPreserving)
        #expect(server.registrySize == n)
    }

    /// §8.9: a Netflix standalone server opened with 0 never evicts (threshold 0); Spring forces 1.
    @Test func standaloneNetflixServerNeverEvicts() {
        var config = EurekaServerConfig(defaults: .netflix)
        config.thresholdUpdateCount = .emptyEmbeddedClient   // standalone: no registry fetch of its own
        let server = EurekaServer(config: config, createdAt: .zero)
        server.openForTraffic(count: 0, at: .zero)
        for id in 0..<20 { server.register(id, at: .zero) }
        #expect(server.expectedNumberOfClientsSendingRenews == 0)      // +1 only while > 0
        #expect(server.numberOfRenewsPerMinThreshold == 0)
        var rng = RandomStream(seed: 5)
        runHeartbeats(server, live: { t in t <= at(60) ? Array(0..<20) : Array(1..<20) }, from: at(30), until: at(2_000), rng: &rng)
        #expect(!server.isLeaseExpirationEnabled)
        #expect(server.lease(of: InstanceID(0)) != nil)
    }

    /// §8.8: kill -9 and restart as a new instance, repeatedly: each registration adds 1 to the
    /// expectation, evictions never subtract, so the threshold ratchets up into self-preservation.
    @Test func churnRatchetsTheThresholdUp() {
        var config = EurekaServerConfig()
        config.thresholdUpdateCount = .emptyEmbeddedClient   // standalone, fetch-registry=false
        let server = EurekaServer(config: config, createdAt: .zero)
        server.openForTraffic(count: 0, at: .zero)
        let stable = Array(0..<10)
        for id in stable { server.register(id, at: .zero) }
        var current = 100
        server.register(current, at: .zero)
        var rng = RandomStream(seed: 6)
        var lastExpected = server.expectedNumberOfClientsSendingRenews
        var t = at(0)
        for _ in 0..<12 {
            // The churning instance lives 5 minutes, then is killed and replaced by a new id.
            runHeartbeats(server, live: { _ in stable + [current] }, from: t + .seconds(30), until: t + .seconds(300), rng: &rng)
            t = t + .seconds(300)
            current += 1
            server.register(current, at: t)
            #expect(server.expectedNumberOfClientsSendingRenews == lastExpected + 1)
            lastExpected += 1
        }
        // 11 live instances renew 22/min; expected = 1 + 11 + 12 = 24 → threshold (int)(40.8) = 40.
        #expect(server.expectedNumberOfClientsSendingRenews == 24)
        #expect(server.numberOfRenewsPerMinThreshold == 40)
        #expect(server.isSelfPreservationActive)
    }

    @Test func evictionIsLimitedPerRun() {
        var config = EurekaServerConfig()
        config.enableSelfPreservation = false
        let server = EurekaServer(config: config, createdAt: .zero)
        server.openForTraffic(count: 0, at: .zero)
        for id in 0..<10 { server.register(id, at: .zero) }
        var rng = RandomStream(seed: 7)
        // Instances 0–4 never renew: expired after 90 s. Limit per run: size − (int)(size × 0.85).
        var sizes: [Int] = []
        var t = at(30)
        while t <= at(360) {
            for id in 5..<10 { server.renew(id, at: t) }
            if server.nextDeadline <= t { server.tick(at: t, random: &rng) }
            if t.nanosecondsSinceStart % 60_000_000_000 == 0 { sizes.append(server.registrySize) }
            t = t + .seconds(30)
        }
        // Eviction runs at 60, 120, 180, 240 …: none expired at 60; then 10 − 8 = 2, 8 − 6 = 2, 6 − 5 = 1.
        #expect(sizes == [10, 8, 6, 5, 5, 5])
        #expect(server.evictedCount == 5)
        #expect(server.registeredInstanceIDs == (5..<10).map(InstanceID.init))
    }
}
