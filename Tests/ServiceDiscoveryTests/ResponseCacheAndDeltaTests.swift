import Testing
import SimulationPrimitives
@testable import ServiceDiscovery

/// The server's two-level response cache and the delta protocol, reference/netflix-oss.md §5.4.
@Suite struct ResponseCacheAndDeltaTests {
    @Test func readOnlyCacheLagsUntilItsThirtySecondRefresh() {
        let server = EurekaServer(config: EurekaServerConfig(), createdAt: .zero)
        server.openForTraffic(count: 0, at: .zero)
        var rng = RandomStream(seed: 1)
        server.register(1, at: at(1))
        #expect(server.fetchFull(at: at(2)).instances.map(\.id.rawValue) == [1])   // miss: filled from read-write
        server.register(2, at: at(3))                                                 // read-write invalidated
        #expect(server.fetchFull(at: at(4)).instances.map(\.id.rawValue) == [1])   // read-only still old
        server.tick(at: at(29.999), random: &rng)
        #expect(server.fetchFull(at: at(29.999)).instances.count == 1)
        server.tick(at: at(30), random: &rng)                                         // aligned multiple of 30 s
        #expect(server.fetchFull(at: at(30)).instances.map(\.id.rawValue) == [1, 2])
    }

    @Test func withoutTheReadOnlyCacheChangesShowAtOnce() {
        var config = EurekaServerConfig()
        config.useReadOnlyResponseCache = false
        let server = EurekaServer(config: config, createdAt: .zero)
        server.register(1, at: at(1))
        #expect(server.fetchFull(at: at(2)).instances.count == 1)
        server.register(2, at: at(3))
        #expect(server.fetchFull(at: at(3)).instances.count == 2)
    }

    @Test func timerAlignsToTheNextMultipleOfTheInterval() {
        var config = EurekaServerConfig()
        config.responseCacheTimerPhase = .seconds(7)
        let server = EurekaServer(config: config, createdAt: at(50))
        #expect(server.nextResponseCacheRefresh == at(67))
        #expect(EurekaServer(config: EurekaServerConfig(), createdAt: at(60)).nextResponseCacheRefresh == at(90))
    }

    @Test func clientAppliesDeltasAndKeepsOnlyUpForRibbon() {
        let server = EurekaServer(config: EurekaServerConfig(), createdAt: .zero)
        server.register(1, at: at(1)); server.register(2, at: at(1)); server.register(3, app: 2, at: at(1))
        var client = EurekaClient(config: EurekaClientConfig(), instance: nil, startedAt: .zero)
        #expect(client.startupRequests() == [.fetchFull])
        #expect(client.fetchCompleted(.full(server.fetchFull(at: at(1))), at: at(1)) == nil)
        _ = server.handle(.statusUpdate(InstanceID(2), .outOfService), isReplication: false, at: at(5))
        _ = server.handle(.cancel(InstanceID(1)), isReplication: false, at: at(6))
        var rng = RandomStream(seed: 2)
        server.tick(at: at(30), random: &rng)
        #expect(client.tick(at: at(30)) == EurekaClient.Work(heartbeat: nil, fetch: .fetchDelta))
        #expect(client.fetchCompleted(.delta(server.fetchDelta(at: at(30))), at: at(30)) == nil)
        #expect(client.upInstances(of: AppID(1)).isEmpty)
        #expect(client.cachedInstances.map(\.status) == [.outOfService, .up])
        #expect(client.nextFetch == at(60))
    }

    @Test func deltaHashMismatchForcesAFullFetch() {
        let server = EurekaServer(config: EurekaServerConfig(), createdAt: .zero)
        var rng = RandomStream(seed: 3)
        server.register(1, at: .zero); server.register(2, at: .zero)
        var client = EurekaClient(config: EurekaClientConfig(), instance: nil, startedAt: .zero)
        _ = client.fetchCompleted(.full(server.fetchFull(at: .zero)), at: .zero)
        // The client is cut off for 5 minutes; meanwhile 2 is cancelled and the change ages out
        // of the 3-minute delta queue.
        _ = server.handle(.cancel(InstanceID(2)), isReplication: false, at: at(10))
        var t = at(30)
        while t <= at(300) {
            server.tick(at: t, random: &rng)
            if client.nextFetch <= t {
                _ = client.tick(at: t)
                _ = client.fetchCompleted(.failure(.failed), at: t)
            }
            server.renew(1, at: t)
            t = t + .seconds(30)
        }
        #expect(server.recentlyChanged.isEmpty)
        _ = client.tick(at: at(330))
        server.tick(at: at(330), random: &rng)
        let follow = client.fetchCompleted(.delta(server.fetchDelta(at: at(330))), at: at(330))
        #expect(follow == .fetchFull)
        #expect(client.reconcileMismatches == 1)
        #expect(client.nextFetch == .distantFuture)          // disarmed until the full fetch completes
        _ = client.fetchCompleted(.full(server.fetchFull(at: at(330))), at: at(330))
        #expect(client.cachedInstances.map(\.id.rawValue) == [1])
        #expect(client.nextFetch == at(360))
    }

    @Test func unreachableServerKeepsTheLocalCacheAndBacksOffOnTimeouts() {
        var client = EurekaClient(config: EurekaClientConfig(), instance: info(5), startedAt: .zero)
        let snapshot = RegistrySnapshot(instances: [info(5), info(6)], reconcileHash: ReconcileHash([info(5), info(6)]), cacheVersion: 1, builtAt: .zero)
        _ = client.fetchCompleted(.full(snapshot), at: .zero)
        var t = at(30)
        var delays: [Double] = []
        for _ in 0..<6 {
            _ = client.tick(at: t)
            _ = client.fetchCompleted(.failure(.timedOut), at: t)
            delays.append((client.nextFetch - t).seconds)
            t = client.nextFetch
        }
        #expect(delays == [60, 120, 240, 300, 300, 300])   // doubling, bounded by 10 × 30 s
        #expect(client.upInstances(of: AppID(1)).map(\.id.rawValue) == [5, 6])
        _ = client.tick(at: t)
        _ = client.fetchCompleted(.full(snapshot), at: t)
        #expect(client.nextFetch - t == .seconds(30))       // success resets the delay
    }

    @Test func gracefulShutdownCancelsAndStopsTimers() {
        var client = EurekaClient(config: EurekaClientConfig(), instance: info(5), startedAt: .zero)
        #expect(client.startupRequests() == [.fetchFull, .write(.register(info(5), leaseDuration: .seconds(90)))])
        #expect(client.shutdown(at: at(10)) == .write(.cancel(InstanceID(5))))
        #expect(client.nextDeadline == .distantFuture)
        #expect(client.tick(at: at(30)) == EurekaClient.Work(heartbeat: nil, fetch: nil))
    }
}
