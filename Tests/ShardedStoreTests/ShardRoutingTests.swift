import Testing
import SimulationPrimitives
@testable import ShardedStore

/// mongos routing (reference/store-auth-logs.md §1.1–§1.2, case F14).
@Suite struct ShardRoutingTests {
    @Test func targetedQueriesHitOneShardAndBroadcastHitsEveryShard() {
        var cluster = Fixtures.shardedCluster(tables: Fixtures.threeRangedChunks())
        let inserts = (0..<30).map { Fixtures.insertOrder(Int64($0 * 10)) }
        let ids = cluster.submitAll(inserts)
        #expect(ids.allSatisfy { cluster.completion($0)?.result.isSuccess == true })
        #expect((0..<3).map { cluster.shardCount($0, Fixtures.orders) } == [10, 10, 10])

        let targeted = cluster.submit(driver: 50, Fixtures.findOrder(150))
        let range = cluster.submit(driver: 50, .find(FindQuery(collection: Fixtures.orders,
                                                               target: .keyRange(lower: ShardKeyValue(50), upper: ShardKeyValue(150)))))
        let broadcast = cluster.submit(driver: 50, .find(FindQuery(collection: Fixtures.orders, target: .broadcast,
                                                                   filter: .equal(Fixtures.status, .int(1)))))
        cluster.run(for: .seconds(1))
        #expect(cluster.completion(targeted)?.result.shardsTouched == 1)
        #expect(cluster.completion(targeted)?.result.outcome == .success(.found([Fixtures.order(150)], partial: false)))
        #expect(cluster.completion(range)?.result.shardsTouched == 2)
        if case .success(.found(let docs, false))? = cluster.completion(range)?.result.outcome {
            #expect(docs.map(\.id.major) == Array(stride(from: Int64(50), to: 150, by: 10)))
        } else { Issue.record("range query failed") }
        #expect(cluster.completion(broadcast)?.result.shardsTouched == 3)
        #expect(cluster.completion(broadcast)?.result.documentsExamined == 30)
        if case .success(.found(let docs, false))? = cluster.completion(broadcast)?.result.outcome {
            #expect(docs.map(\.id.major) == (0..<30).map { Int64($0 * 10) })   // merged, sorted by _id
        } else { Issue.record("broadcast failed") }
        #expect(cluster.routers[0].targetedCount >= 31 && cluster.routers[0].broadcastCount == 2)
    }

    /// §1.1: a range query on a hashed key broadcasts; an equality targets one shard.
    @Test func hashedKeyRangeQueriesBroadcast() {
        let table = RoutingTable.initial(collection: Fixtures.seats, pattern: .hashed, shardCount: 3)
        #expect(table.shards(for: .key(ShardKeyValue(42))).count == 1)
        #expect(table.shards(for: .keyRange(lower: ShardKeyValue(1), upper: ShardKeyValue(3))).count == 3)
    }

    /// Issue 4: hashed keys spread inserts within ±10 % across shards (3,000 keys, expected 1,000 each;
    /// binomial standard deviation ≈ 26, so ±100 is ≈ 4 σ).
    @Test func hashedShardKeySpreadsInsertsEvenly() {
        var cluster = Fixtures.shardedCluster()
        let inserts = (1...3_000).map { StoreOperation.insert(Fixtures.seats, Fixtures.seat(showtime: Int64($0), seat: 1)) }
        let ids = cluster.submitAll(inserts, gap: .microseconds(200))
        #expect(ids.allSatisfy { cluster.completion($0)?.result.isSuccess == true })
        let counts = (0..<3).map { cluster.shardCount($0, Fixtures.seats) }
        #expect(counts.reduce(0, +) == 3_000)
        #expect(counts.allSatisfy { $0 >= 900 && $0 <= 1_100 }, "per-shard counts \(counts)")
    }

    /// Case F14: with a ranged key, monotonically increasing values all sort above the last boundary,
    /// so every insert lands on the shard owning the MaxKey chunk; the hashed key spreads them.
    @Test func monotonicRangedKeySendsEveryInsertToOneShard() {
        var cluster = Fixtures.shardedCluster(tables: Fixtures.threeRangedChunks())
        let monotonic = (0..<300).map { Fixtures.insertOrder(5_000 + Int64($0)) }
        _ = cluster.submitAll(monotonic, gap: .microseconds(500))
        #expect((0..<3).map { cluster.shardCount($0, Fixtures.orders) } == [0, 0, 300])

        let hashed = (0..<300).map { StoreOperation.insert(Fixtures.seats, Fixtures.seat(showtime: 5_000 + Int64($0), seat: 1)) }
        _ = cluster.submitAll(hashed, gap: .microseconds(500))
        let counts = (0..<3).map { cluster.shardCount($0, Fixtures.seats) }
        #expect(counts.allSatisfy { $0 >= 60 }, "hashed counts \(counts)")
        #expect(Double(counts.max()!) / Double(counts.min()!) < 1.7)
    }

    /// §1.1 (issue 4): scatter-gather with partial results returns the healthy shards' documents
    /// flagged partial; without `allowPartialResults` the query fails.
    @Test func scatterGatherWithPartialResults() {
        var cluster = Fixtures.shardedCluster(tables: Fixtures.threeRangedChunks())
        _ = cluster.submitAll([0, 150, 250].map { Fixtures.insertOrder($0) })
        cluster.crash(Fixtures.memberNode(shard: 1, member: 0))
        let partial = StoreCommand(requestID: 1, operation: .find(FindQuery(collection: Fixtures.orders, target: .broadcast, allowPartialResults: true)))
        let strict = StoreCommand(requestID: 2, operation: .find(FindQuery(collection: Fixtures.orders, target: .broadcast)))
        cluster.sendCommand(from: 99, to: 6, partial)
        cluster.sendCommand(from: 99, to: 6, strict)
        cluster.run(for: .seconds(1))
        #expect(cluster.rawReply(1)?.outcome == .success(.found([Fixtures.order(0), Fixtures.order(250)], partial: true)))
        #expect(cluster.rawReply(2)?.outcome == .failure(.hostUnreachable))
    }

    /// Issue 4 "per-shard timeouts": a black-holed shard (accepts, never answers) is cut off after the
    /// router's shard request timeout; with partial results allowed the others' documents come back.
    @Test func perShardTimeoutCutsOffABlackHoledShard() {
        var router = MongosSettings()
        router.shardRequestTimeout = .seconds(2)
        var cluster = Fixtures.shardedCluster(tables: Fixtures.threeRangedChunks(), router: router)
        _ = cluster.submitAll([0, 150, 250].map { Fixtures.insertOrder($0) })
        cluster.crash(Fixtures.memberNode(shard: 2, member: 0), refuse: false)
        let partial = StoreCommand(requestID: 1, operation: .find(FindQuery(collection: Fixtures.orders, target: .broadcast, allowPartialResults: true)))
        cluster.sendCommand(from: 99, to: 6, partial)
        cluster.run(for: .milliseconds(1_990))
        #expect(cluster.rawReply(1) == nil)
        cluster.run(for: .milliseconds(20))
        #expect(cluster.rawReply(1)?.outcome == .success(.found([Fixtures.order(0), Fixtures.order(150)], partial: true)))
        #expect(StoreMessage.reply(CommandReply(requestID: 1, result: cluster.rawReply(1)!)).payloadDocumentCount == 2)
    }

    @Test func conditionalUpdateIsAtomicAndUniqueIndexRejectsDuplicates() {
        var cluster = Fixtures.shardedCluster()
        _ = cluster.submitAll([.insert(Fixtures.seats, Fixtures.seat(showtime: 7, seat: 3))])
        let available = DocumentFilter.equal(Fixtures.status, .int(0))
        func hold(_ holder: Int64) -> StoreOperation {
            .update(ConditionalUpdate(collection: Fixtures.seats, shardKey: ShardKeyValue(7), id: DocumentID(7, 3), filter: available,
                                      updates: [.set(Fixtures.status, .int(1)), .set(Fixtures.holdID, .int(holder))]))
        }
        let first = cluster.submit(driver: 50, hold(1))
        let second = cluster.submit(driver: 50, hold(2))
        // Same (showtime, seat) under another _id: the unique index refuses it (E11000).
        var clash = Fixtures.seat(showtime: 7, seat: 3)
        clash.id = DocumentID(7, 999)
        let duplicate = cluster.submit(driver: 50, .insert(Fixtures.seats, clash))
        cluster.run(for: .seconds(1))
        guard case .success(.updated(true, false, let held?))? = cluster.completion(first)?.result.outcome else {
            Issue.record("first hold failed"); return
        }
        #expect(held[Fixtures.holdID] == .int(1))
        #expect(cluster.completion(second)?.result.outcome == .success(.updated(matched: false, upserted: false, document: nil)))
        #expect(cluster.completion(duplicate)?.result.outcome == .failure(.duplicateKey))
    }
}
