import Testing
import PropertyBased
import SimulationPrimitives
@testable import ShardedStore

/// Write concern and rollback (reference/store-auth-logs.md §1.6, §1.8): `w:1` writes that never
/// reached another member roll back after a failover; `w:"majority"` writes never do.
@Suite struct WriteConcernRollbackTests {
    @Test func unreplicatedW1WritesRollBackAndMajorityWritesSurvive() {
        var cluster = Fixtures.replicaSet()
        let n1 = StoreCluster.node(1), n2 = StoreCluster.node(2), n3 = StoreCluster.node(3)
        cluster.run(until: SimTime.zero + .seconds(5))
        cluster.sendCommand(from: 99, to: 1, Fixtures.command(1, Fixtures.insertOrder(100), .majority))
        cluster.run(for: .seconds(1))
        #expect(cluster.rawReply(1)?.isSuccess == true)

        // Cut the primary off from both secondaries; the client still reaches it.
        cluster.partitioned = [(n1, n2), (n1, n3)]
        cluster.sendCommand(from: 99, to: 1, Fixtures.command(2, Fixtures.insertOrder(200), .primary))
        cluster.sendCommand(from: 99, to: 1, Fixtures.command(3, Fixtures.insertOrder(300), WriteConcern(w: .majority, wtimeout: .seconds(2))))
        cluster.run(for: .seconds(3))
        #expect(cluster.rawReply(2)?.isSuccess == true)            // w:1 acknowledged by the primary alone
        let timedOut = cluster.rawReply(3)
        #expect(timedOut?.outcome == .success(.inserted))          // wtimeout does not undo the write…
        #expect(timedOut?.writeConcernError == .writeConcernTimeout) // …but reports WriteConcernFailed
        #expect(StoreError.writeConcernTimeout.code == 64)

        cluster.run(for: .seconds(14))                             // old primary steps down; 2 or 3 elected
        #expect(cluster.member(1).state == .secondary)
        #expect(cluster.primaries.count == 1)
        cluster.partitioned = []
        cluster.run(for: .seconds(10))

        #expect(cluster.member(1).rolledBackOperations == 2)
        #expect(cluster.events.contains { if case .rolledBack(n1, 2, _) = $0.1 { return true } else { return false } })
        for n in 1...3 {
            let data = cluster.member(n).data
            #expect(data.document(Fixtures.orders, DocumentID(100)) != nil)   // majority write survives everywhere
            #expect(data.document(Fixtures.orders, DocumentID(200)) == nil)   // w:1 write is gone everywhere
            #expect(data.document(Fixtures.orders, DocumentID(300)) == nil)
        }
    }

    /// PSA set (2 data-bearing + arbiter): majority is 2 of 3 votes, so with the secondary down a
    /// `w:"majority"` write cannot be acknowledged and times out, while `w:1` succeeds (§1.6).
    @Test func arbiterDoesNotAcknowledgeMajorityWrites() {
        var cluster = StoreTestCluster()
        cluster.addReplicaSet(nodes: [1, 2], schema: Fixtures.schema, arbiterNodes: [3], bootstrapPrimary: 1)
        cluster.run(until: SimTime.zero + .seconds(3))
        #expect(cluster.member(3).state == .arbiter)
        cluster.crash(2)
        cluster.sendCommand(from: 99, to: 1, Fixtures.command(1, Fixtures.insertOrder(1), WriteConcern(w: .majority, wtimeout: .seconds(1))))
        cluster.sendCommand(from: 99, to: 1, Fixtures.command(2, Fixtures.insertOrder(2), .primary))
        cluster.run(for: .seconds(2))
        #expect(cluster.rawReply(1)?.writeConcernError == .writeConcernTimeout)
        #expect(cluster.rawReply(2)?.isSuccess == true)
        #expect(cluster.member(1).state == .primary)  // the arbiter's vote keeps it in contact with a majority
    }

    @Test func wNWaitsForNDataBearingMembers() {
        var cluster = Fixtures.replicaSet()
        cluster.run(until: SimTime.zero + .seconds(3))
        cluster.crash(3)
        cluster.sendCommand(from: 99, to: 1, Fixtures.command(1, Fixtures.insertOrder(1), WriteConcern(w: .members(2))))
        cluster.sendCommand(from: 99, to: 1, Fixtures.command(2, Fixtures.insertOrder(2), WriteConcern(w: .members(3), wtimeout: .milliseconds(500))))
        cluster.run(for: .seconds(1))
        #expect(cluster.rawReply(1)?.isSuccess == true)
        #expect(cluster.rawReply(2)?.writeConcernError == .writeConcernTimeout)
    }

    @Test func majorityReadsDoNotSeeUncommittedWrites() {
        var cluster = Fixtures.replicaSet()
        let n1 = StoreCluster.node(1), n2 = StoreCluster.node(2), n3 = StoreCluster.node(3)
        cluster.run(until: SimTime.zero + .seconds(3))
        cluster.partitioned = [(n1, n2), (n1, n3)]
        cluster.sendCommand(from: 99, to: 1, Fixtures.command(1, Fixtures.insertOrder(7), .primary))
        cluster.run(for: .milliseconds(10))
        cluster.sendCommand(from: 99, to: 1, Fixtures.command(2, Fixtures.findOrder(7), readConcern: .local))
        cluster.sendCommand(from: 99, to: 1, Fixtures.command(3, Fixtures.findOrder(7), readConcern: .majority))
        cluster.run(for: .milliseconds(10))
        #expect(cluster.rawReply(2)?.outcome == .success(.found([Fixtures.order(7)], partial: false)))
        #expect(cluster.rawReply(3)?.outcome == .success(.found([], partial: false)))
    }

    @Test func readPreferenceDecidesWhetherASecondaryAnswers() {
        var cluster = Fixtures.replicaSet()
        cluster.run(until: SimTime.zero + .seconds(3))
        cluster.sendCommand(from: 99, to: 1, Fixtures.command(1, Fixtures.insertOrder(5)))
        cluster.run(for: .seconds(1))
        cluster.sendCommand(from: 99, to: 2, Fixtures.command(2, Fixtures.findOrder(5), readPreference: .primary))
        cluster.sendCommand(from: 99, to: 2, Fixtures.command(3, Fixtures.findOrder(5), readPreference: .secondaryPreferred))
        cluster.run(for: .seconds(1))
        #expect(cluster.rawReply(2)?.outcome == .failure(.notPrimaryNoSecondaryOk))
        #expect(cluster.rawReply(3)?.outcome == .success(.found([Fixtures.order(5)], partial: false)))
    }

    /// Invariant (DESIGN §2: "no confirmed purchase is lost after failover with majority write
    /// concern"): under random crashes, restarts, partitions and step-downs, every write acknowledged
    /// with `w:"majority"` is on every member once the faults heal; `w:1` writes may be lost.
    @Test func majorityAcknowledgedWritesSurviveRandomFailovers() async {
        await propertyCheck(count: 12, input: Gen.int(in: 1...1_000_000)) { seed in
            var cluster = Fixtures.failoverCluster(seed: seed)
            var faults = RandomStream(seed: UInt64(seed) &* 31)
            var written: [(UInt64, Int64, WriteConcern)] = []
            var next: Int64 = 1
            for _ in 0..<40 {
                cluster.run(for: .milliseconds(Int64(500 + faults.nextInt(below: 2_500))))
                let wc: WriteConcern = faults.nextBool(probability: 0.5) ? .majority : .primary
                let id = cluster.submit(driver: 50, Fixtures.insertOrder(next), writeConcern: wc)
                written.append((id, next, wc))
                next += 1
                let roll = faults.nextInt(below: 100)
                let victim = 1 + faults.nextInt(below: 3)
                switch roll {
                case 0..<8: cluster.crash(victim, refuse: faults.nextBool(probability: 0.5))
                case 8..<16: if cluster.down[StoreCluster.node(victim)] != nil { cluster.restart(victim) }
                case 16..<22:
                    let other = 1 + (victim % 3)
                    cluster.partitioned.append((StoreCluster.node(victim), StoreCluster.node(other)))
                case 22..<28: cluster.partitioned = []
                case 28..<32: cluster.stepDown(victim, for: .seconds(5))
                default: break
                }
            }
            cluster.healAll()
            #expect(cluster.primaries.count == 1)
            let acknowledgedMajority = written.filter { id, _, wc in
                wc == .majority && cluster.completion(id)?.result.isSuccess == true
            }
            #expect(!acknowledgedMajority.isEmpty)
            for (_, n, _) in acknowledgedMajority {
                for m in 1...3 {
                    #expect(cluster.member(m).data.document(Fixtures.orders, DocumentID(n)) != nil,
                            "majority-acknowledged order \(n) missing on member \(m)")
                }
            }
            // Converged: every member holds the same documents.
            let reference = cluster.member(1).data.allDocuments(Fixtures.orders)
            #expect(cluster.member(2).data.allDocuments(Fixtures.orders) == reference)
            #expect(cluster.member(3).data.allDocuments(Fixtures.orders) == reference)
        }
    }
}
