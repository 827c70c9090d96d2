import Testing
import SimulationPrimitives
@testable import ServiceDiscovery

/// Peer replication by messages, reference/netflix-oss.md §5.2, §5.6.
@Suite struct PeerReplicationTests {
    /// Delivers `op` to `origin` and, when it says so, to every peer as a replication.
    func send(_ op: RegistryOperation, to origin: EurekaServer, peers: [EurekaServer], at t: SimTime) -> [RegistryReply] {
        let reply = origin.handle(op, isReplication: false, at: t)
        guard reply.replicateToPeers else { return [] }
        return peers.map { peer in
            let r = peer.handle(op, isReplication: true, at: t)
            if !r.succeeded, let repair = origin.repairOperation(forFailedReplicationOf: op) {
                _ = peer.handle(repair, isReplication: true, at: t)
            }
            return r
        }
    }

    @Test func writesReplicateOnceAndReplicasDoNotReReplicate() {
        let a = EurekaServer(config: EurekaServerConfig(), createdAt: .zero)
        let b = EurekaServer(config: EurekaServerConfig(), createdAt: .zero)
        let replies = send(.register(info(1), leaseDuration: .seconds(90)), to: a, peers: [b], at: at(1))
        #expect(replies == [RegistryReply(succeeded: true, replicateToPeers: false)])
        #expect(b.lease(of: InstanceID(1))?.registrationTime == at(1))
        _ = send(.renew(InstanceID(1)), to: a, peers: [b], at: at(31))
        #expect(b.lease(of: InstanceID(1))?.lastRenewal == at(31))
        #expect(b.renewsCurrentBucket == 1)                    // replicated renewals count too (§5.3)
        _ = send(.cancel(InstanceID(1)), to: a, peers: [b], at: at(40))
        #expect(a.registrySize == 0 && b.registrySize == 0)
    }

    @Test func renewUnknownAtAPeerIsRepairedByARegistration() {
        let a = EurekaServer(config: EurekaServerConfig(), createdAt: .zero)
        let b = EurekaServer(config: EurekaServerConfig(), createdAt: .zero)
        _ = a.register(1, at: at(1))                          // registered while b was partitioned away
        let replies = send(.renew(InstanceID(1)), to: a, peers: [b], at: at(31))
        #expect(replies.map(\.succeeded) == [false])
        #expect(b.lease(of: InstanceID(1)) != nil)
    }

    @Test func evictionIsLocalToEachPeer() {
        var config = EurekaServerConfig()
        config.enableSelfPreservation = false
        let a = EurekaServer(config: config, createdAt: .zero)
        let b = EurekaServer(config: config, createdAt: .zero)
        a.openForTraffic(count: 0, at: .zero)
        b.openForTraffic(count: 0, at: at(40))                 // b's eviction timer runs at 100, 160, …
        for s in [a, b] { _ = s.handle(.register(info(1), leaseDuration: .seconds(90)), isReplication: s === b, at: .zero) }
        var rng = RandomStream(seed: 1)
        a.tick(at: at(100), random: &rng)
        b.tick(at: at(100), random: &rng)
        #expect(a.registrySize == 1)                           // a's eviction ran at 60 (not > 90 yet)
        #expect(b.registrySize == 0)                           // b's ran at 100 (> 90)
        a.tick(at: at(120), random: &rng)
        #expect(a.registrySize == 0)
    }
}
