import Testing
import SimulationPrimitives
@testable import ServiceDiscovery

/// Seeded random operation sequences against the registry (reference/netflix-oss.md §5.2, §5.3).
@Suite struct RegistryPropertyTests {
    /// Random register / renew / cancel / status / tick sequences keep the registry's invariants,
    /// and an instance that renews at least every 30 s is never evicted.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func randomOperationsKeepInvariants(seed: UInt64) {
        var rng = RandomStream(rootSeed: seed, component: "registry-ops")
        var evictionRng = RandomStream(rootSeed: seed, component: "eureka")
        var config = EurekaServerConfig()
        config.enableSelfPreservation = rng.nextBool(probability: 0.5)
        config.leaseExpiry = rng.nextBool(probability: 0.5) ? .fixed : .stockDoubledAfterRenewal
        let server = EurekaServer(config: config, createdAt: .zero)
        server.openForTraffic(count: 0, at: .zero)
        let faithful = InstanceID(1_000)                      // renews every 30 s, never cancels
        server.register(faithful.rawValue, at: .zero)
        var t = SimTime.zero
        var nextFaithfulRenewal = at(30)
        for _ in 0..<3_000 {
            t = t + .milliseconds(Int64(rng.nextInt(below: 2_000)))
            while nextFaithfulRenewal <= t {
                server.tick(at: nextFaithfulRenewal, random: &evictionRng)
                server.renew(faithful.rawValue, at: nextFaithfulRenewal)
                nextFaithfulRenewal = nextFaithfulRenewal + .seconds(30)
            }
            let id = InstanceID(rng.nextInt(below: 30))
            switch rng.nextInt(below: 5) {
            case 0: _ = server.handle(.register(InstanceInfo(id: id, app: AppID(1)), leaseDuration: .seconds(90)), isReplication: rng.nextBool(probability: 0.3), at: t)
            case 1, 2: _ = server.handle(.renew(id), isReplication: false, at: t)
            case 3: _ = server.handle(.cancel(id), isReplication: false, at: t)
            default: _ = server.handle(.statusUpdate(id, InstanceStatus.allCases[rng.nextInt(below: 4)]), isReplication: false, at: t)
            }
            server.tick(at: t, random: &evictionRng)
            server.checkInvariants()
            #expect(server.lease(of: faithful) != nil)
            #expect(server.nextDeadline > t)
        }
    }
}
