import Testing
import SimulationPrimitives
@testable import ServiceDiscovery

/// Lease semantics and the doubled-expiry quirk, reference/netflix-oss.md §5.2 and §8.7.
@Suite struct LeaseTests {
    @Test func renewedLeaseExpiresAtLastRenewalPlusTwiceTheDuration() {
        var lease = Lease(instance: info(1), duration: .seconds(90), registeredAt: .zero)
        lease.renew(at: at(30), expiry: .stockDoubledAfterRenewal)
        #expect(!lease.isExpired(at: at(210)))                 // 30 + 2 × 90, not strictly after
        #expect(lease.isExpired(at: at(210) + .nanoseconds(1)))
        #expect(!lease.isExpired(at: at(250), extra: .seconds(40)))
    }

    @Test func neverRenewedLeaseExpiresAfterOneDuration() {
        let lease = Lease(instance: info(1), duration: .seconds(90), registeredAt: at(5))
        #expect(!lease.isExpired(at: at(95)))
        #expect(lease.isExpired(at: at(95.001)))
    }

    @Test func fixedExpiryIsLastRenewalPlusOneDuration() {
        var lease = Lease(instance: info(1), duration: .seconds(90), registeredAt: .zero)
        lease.renew(at: at(30), expiry: .fixed)
        #expect(!lease.isExpired(at: at(120)))
        #expect(lease.isExpired(at: at(120.001)))
    }

    @Test func renewOfUnknownLeaseFailsSoTheClientReRegisters() {
        let server = EurekaServer(config: EurekaServerConfig(), createdAt: .zero)
        #expect(server.renew(9, at: at(1)) == RegistryReply(succeeded: false, replicateToPeers: false))
        var client = EurekaClient(config: EurekaClientConfig(), instance: info(9), startedAt: .zero)
        _ = client.tick(at: at(30))
        let follow = client.heartbeatCompleted(reply: server.renew(9, at: at(30)), at: at(30))
        #expect(follow == .write(.register(info(9), leaseDuration: .seconds(90))))
        #expect(client.nextHeartbeat == at(60))
    }
}
