import Testing
import PropertyBased
import SimulationPrimitives
@testable import ShardedStore

/// A write's identity in its shard's replication history: the optime a primary answers a write with
/// (MongoDB write replies carry `opTime`) and ``OpTimeHistory``, which tells whether a member's
/// history still holds it — after rollbacks (reference/store-auth-logs.md §1.8), oplog trimming and
/// initial syncs. The platform's lost-write check relies on both.
@Suite struct WriteOpTimeTests {
    /// The simple version: the history as the full list of its optimes.
    struct ModelHistory {
        var entries: [OpTime] = []
        func contains(_ opTime: OpTime) -> Bool { entries.contains(opTime) }
    }

    /// Random appends (terms rising now and then) and truncations: term starts answer exactly like
    /// the full list, for every index (in range, beyond the end, 0) and for a wrong term.
    @Test func termStartsAnswerLikeTheFullListOfOptimes() async {
        await propertyCheck(count: 150, input: Gen.int(in: 1...1_000_000)) { seed in
            var random = RandomStream(seed: UInt64(seed))
            var history = OpTimeHistory()
            var model = ModelHistory()
            var term: Int64 = 1
            for _ in 0..<60 {
                switch random.nextInt(below: 10) {
                case 0..<2: term += Int64(1 + random.nextInt(below: 3))
                case 2 where !model.entries.isEmpty:
                    let keep = random.nextInt(below: model.entries.count + 1)
                    model.entries.removeLast(model.entries.count - keep)
                    history.truncate(through: model.entries.last ?? .zero)
                    // A new primary has a later term than anything rolled back.
                    term += 1
                default:
                    let next = OpTime(term: term, index: Int64(model.entries.count) + 1)
                    model.entries.append(next)
                    history.append(next)
                }
                #expect(history.last == (model.entries.last ?? .zero))
            }
            #expect(history.termStarts.count <= Set(model.entries.map(\.term)).count)
            for index in 0...Int64(model.entries.count + 2) {
                for t in 0...term + 1 {
                    let opTime = OpTime(term: t, index: index)
                    #expect(history.contains(opTime) == model.contains(opTime), "seed \(seed): \(opTime)")
                }
                #expect(history.opTime(at: index) == (index >= 1 && index <= Int64(model.entries.count) ? model.entries[Int(index - 1)] : nil))
            }
        }
    }

    /// The w:1 write acknowledged by an isolated primary is rolled back: its reply's optime is in no
    /// member's history afterwards, while the majority write's optime is in every one. (The same
    /// scenario as the rollback test of `WriteConcernRollbackTests`.)
    @Test func aRolledBackWritesOptimeLeavesEveryHistory() throws {
        var cluster = Fixtures.replicaSet()
        let n1 = StoreCluster.node(1), n2 = StoreCluster.node(2), n3 = StoreCluster.node(3)
        cluster.run(until: SimTime.zero + .seconds(5))
        cluster.sendCommand(from: 99, to: 1, Fixtures.command(1, Fixtures.insertOrder(100), .majority))
        cluster.run(for: .seconds(1))
        cluster.partitioned = [(n1, n2), (n1, n3)]
        cluster.sendCommand(from: 99, to: 1, Fixtures.command(2, Fixtures.insertOrder(200), .primary))
        cluster.run(for: .seconds(17))
        cluster.partitioned = []
        cluster.run(for: .seconds(10))
        let majority = try #require(cluster.rawReply(1)?.opTime)
        let w1 = try #require(cluster.rawReply(2)?.opTime)
        #expect(majority.shard == ShardID(0) && w1.shard == ShardID(0))
        #expect(w1.opTime.index == majority.opTime.index + 1 && w1.opTime.term == majority.opTime.term)
        #expect(cluster.member(1).rolledBackOperations == 1)
        for n in 1...3 {
            #expect(cluster.member(n).history.contains(majority.opTime))
            #expect(!cluster.member(n).history.contains(w1.opTime), "member \(n) still holds the rolled-back write")
            #expect(cluster.member(n).history.last == cluster.member(n).lastApplied)
            cluster.member(n).checkInvariants()
        }
    }

    /// With a tiny oplog window, trimmed entries stay in the history, and a member that came back
    /// through an initial sync (it fell behind the window) adopts the primary's history.
    @Test func trimmedAndInitialSyncedEntriesStayInTheHistory() throws {
        var settings = ReplicaSetSettings()
        settings.oplogCapacityEntries = 4
        var cluster = Fixtures.replicaSet(settings: settings)
        cluster.run(until: SimTime.zero + .seconds(3))
        cluster.crash(3)
        for i in 1...20 {
            cluster.sendCommand(from: 99, to: 1, Fixtures.command(UInt64(i), Fixtures.insertOrder(Int64(i)), .majority))
            cluster.run(for: .milliseconds(50))
        }
        cluster.restart(3)
        cluster.run(for: .seconds(5))
        #expect(cluster.member(3).lastIndex == 20 && cluster.member(3).oplogCount == 0)   // synced from a snapshot
        for i in 1...20 {
            let written = try #require(cluster.rawReply(UInt64(i))?.opTime)
            for n in 1...3 { #expect(cluster.member(n).history.contains(written.opTime), "write \(i) on member \(n)") }
        }
        #expect(cluster.member(1).oplogCount <= 4 + 1)
    }

    /// Under random crashes, restarts, partitions and step-downs (w:1 and w:"majority" writes mixed),
    /// an acknowledged write's document is on the final primary exactly when the primary's history
    /// holds the write's optime: the optime check sees every rollback the documents show, and no more.
    @Test func historyContainmentMatchesTheDocumentsAfterRandomFailovers() async {
        await propertyCheck(count: 10, input: Gen.int(in: 1...1_000_000)) { seed in
            var cluster = Fixtures.failoverCluster(seed: seed)
            var faults = RandomStream(seed: UInt64(seed) &* 31)
            var written: [(UInt64, Int64)] = []
            for next in Int64(1)...40 {
                cluster.run(for: .milliseconds(Int64(500 + faults.nextInt(below: 2_500))))
                let wc: WriteConcern = faults.nextBool(probability: 0.5) ? .majority : .primary
                written.append((cluster.submit(driver: 50, Fixtures.insertOrder(next), writeConcern: wc), next))
                let roll = faults.nextInt(below: 100)
                let victim = 1 + faults.nextInt(below: 3)
                switch roll {
                case 0..<8: cluster.crash(victim, refuse: faults.nextBool(probability: 0.5))
                case 8..<16: if cluster.down[StoreCluster.node(victim)] != nil { cluster.restart(victim) }
                case 16..<26:
                    // Isolate the primary (w:1 writes it acknowledges meanwhile roll back).
                    if let primary = cluster.primaries.first {
                        for n in 1...3 where StoreCluster.node(n) != primary { cluster.partitioned.append((primary, StoreCluster.node(n))) }
                    }
                case 26..<32: cluster.partitioned = []
                case 32..<36: cluster.stepDown(victim, for: .seconds(5))
                default: break
                }
            }
            cluster.healAll()
            guard let primaryNode = cluster.primaries.first else { Issue.record("seed \(seed): no primary"); return }
            let primary = cluster.member(Int(primaryNode.rawValue))
            var acknowledged = 0
            for (id, n) in written {
                guard let result = cluster.completion(id)?.result, result.isSuccess else { continue }
                guard let opTime = result.opTime else { Issue.record("seed \(seed): acknowledged write without optime"); continue }
                acknowledged += 1
                let present = primary.data.document(Fixtures.orders, DocumentID(n)) != nil
                #expect(primary.history.contains(opTime.opTime) == present, "seed \(seed): order \(n) at \(opTime.opTime)")
            }
            #expect(acknowledged > 0)
        }
    }

    /// A donor primary's clone reports its history with the range, uncommitted entries included.
    @Test func aMigrationCloneReportsTheDonorsHistory() {
        var cluster = Fixtures.replicaSet()
        let n1 = StoreCluster.node(1), n2 = StoreCluster.node(2), n3 = StoreCluster.node(3)
        cluster.run(until: SimTime.zero + .seconds(3))
        cluster.partitioned = [(n1, n2), (n1, n3)]
        cluster.sendCommand(from: 99, to: 1, Fixtures.command(1, Fixtures.insertOrder(5), .primary))
        cluster.run(for: .milliseconds(10))
        cluster.send(StoreEnvelope(from: StoreCluster.node(98), to: n1,
                                   message: .migrationCloneRequest(migrationID: 1, collection: Fixtures.orders, range: .all)))
        cluster.run(for: .milliseconds(10))
        let cloned = cluster.events.compactMap { event -> OpTimeHistory? in
            if case let .chunkCloned(shard, collection, range, history) = event.1, shard == ShardID(0),
               collection == Fixtures.orders, range == .all { return history }
            return nil
        }
        #expect(cloned.count == 1)
        if let history = cloned.first, let written = cluster.rawReply(1)?.opTime {
            #expect(history.contains(written.opTime))
            #expect(cluster.member(1).commitIndex < written.opTime.index)   // not committed when cloned
        }
    }
}
