import Testing
import SimulationPrimitives
@testable import ShardedStore

/// Chunks, splits, the balancer, jumbo chunks and stale routing (reference/store-auth-logs.md §1.1, §1.3).
@Suite struct ChunkBalancingTests {
    static func smallChunks(_ maxDocuments: Int) -> (ConfigServerSettings, MongosSettings) {
        var config = ConfigServerSettings()
        config.maxChunkDocuments = maxDocuments
        var router = MongosSettings()
        router.splitCheckEveryDocuments = maxDocuments / 5
        return (config, router)
    }

    @Test func chunksSplitAtMaxSizeAndTheBalancerMigratesThem() {
        let (config, router) = Self.smallChunks(100)
        var cluster = Fixtures.shardedCluster(config: config, router: router, secondRouter: true)
        let ids = cluster.submitAll((1...600).map { Fixtures.insertOrder(Int64($0)) }, gap: .milliseconds(5))
        #expect(ids.allSatisfy { cluster.completion($0)?.result.isSuccess == true })
        cluster.run(for: .seconds(120))

        let table = cluster.configServer!.tables[1]
        #expect(table.chunks.count >= 6)                 // 600 documents in chunks of at most 100
        #expect(table.version > PlacementVersion(1))
        #expect(cluster.events.contains { if case .chunkSplit = $0.1 { return true } else { return false } })
        #expect(cluster.configServer!.migrationsCommitted >= 1)
        // 6.0+ rule: balanced once the most and least loaded shards differ by < 3 chunk sizes.
        let perShard = table.documentsPerShard(shardCount: 3)
        #expect(perShard.max()! - perShard.min()! < 300, "per-shard documents \(perShard)")
        // The data moved with the chunks: the shards' real counts match the table and add up.
        let real = (0..<3).map { cluster.shardCount($0, Fixtures.orders) }
        #expect(real.reduce(0, +) == 600)
        #expect(real.filter { $0 > 0 }.count >= 2, "real counts \(real)")

        // Every order is still found by a targeted read through router 6.
        let reads = (1...600).filter { $0 % 37 == 0 }.map { Fixtures.findOrder(Int64($0)) }
        let readIDs = cluster.submitAll(reads)
        for (k, id) in readIDs.enumerated() {
            let n = Int64((k + 1) * 37)
            #expect(cluster.completion(id)?.result.outcome == .success(.found([Fixtures.order(n)], partial: false)))
        }
    }

    /// §1.1: a router with a stale routing table gets StaleConfig from the donor shard, refreshes from
    /// the config server and retries on the right shard.
    @Test func staleRouterRefreshesAfterStaleConfig() {
        let (config, router) = Self.smallChunks(100)
        var cluster = Fixtures.shardedCluster(config: config, router: router, secondRouter: true)
        _ = cluster.submitAll((1...600).map { Fixtures.insertOrder(Int64($0)) }, gap: .milliseconds(5))
        cluster.run(for: .seconds(120))
        #expect(cluster.configServer!.migrationsCommitted >= 1)
        #expect(cluster.routers[1].tables[1]?.version == PlacementVersion(1))   // router 7 never refreshed

        // Find a migrated order: one whose chunk is no longer on shard 0.
        let table = cluster.configServer!.tables[1]
        guard let moved = (1...600).first(where: { table.shard(forKey: ShardKeyValue(Int64($0))) != ShardID(0) }) else {
            Issue.record("nothing migrated"); return
        }
        let update = StoreOperation.update(ConditionalUpdate(collection: Fixtures.orders, shardKey: ShardKeyValue(Int64(moved)),
                                                              id: DocumentID(Int64(moved)), updates: [.set(Fixtures.status, .int(2))]))
        cluster.sendCommand(from: 99, to: 7, StoreCommand(requestID: 1, operation: update))
        cluster.run(for: .seconds(1))
        guard case .success(.updated(true, false, _))? = cluster.rawReply(1)?.outcome else {
            Issue.record("update through stale router failed: \(String(describing: cluster.rawReply(1)))"); return
        }
        #expect(cluster.routers[1].tables[1]?.version == table.version)
        #expect(cluster.events.contains { if case .routingTableRefreshed(StoreCluster.node(7), _, _) = $0.1 { return true } else { return false } })
        #expect(StoreError.staleConfig.code == 13388)
    }

    /// The placement version a migration commit gives the donor is replicated: after the donor
    /// shard's primary fails over, the new primary still refuses a stale router, which refreshes.
    @Test func placementVersionSurvivesDonorFailover() {
        let (config, router) = Self.smallChunks(100)
        var cluster = Fixtures.shardedCluster(membersPerShard: 3, config: config, router: router, secondRouter: true)
        _ = cluster.submitAll((1...600).map { Fixtures.insertOrder(Int64($0)) }, gap: .milliseconds(5))
        cluster.run(for: .seconds(120))
        let table = cluster.configServer!.tables[1]
        guard let moved = (1...600).first(where: { table.shard(forKey: ShardKeyValue(Int64($0))) != ShardID(0) }) else {
            Issue.record("nothing migrated"); return
        }
        cluster.crash(Fixtures.memberNode(shard: 0, member: 0))
        cluster.run(for: .seconds(15))
        let update = StoreOperation.update(ConditionalUpdate(collection: Fixtures.orders, shardKey: ShardKeyValue(Int64(moved)),
                                                              id: DocumentID(Int64(moved)), updates: [.set(Fixtures.status, .int(2))]))
        cluster.sendCommand(from: 99, to: 7, StoreCommand(requestID: 1, operation: update))
        cluster.run(for: .seconds(2))
        guard case .success(.updated(true, false, _))? = cluster.rawReply(1)?.outcome else {
            Issue.record("update through stale router after donor failover: \(String(describing: cluster.rawReply(1)))"); return
        }
    }

    /// §1.3: a chunk over the size whose documents share one shard-key value cannot be split: it is
    /// flagged jumbo and the balancer skips it.
    @Test func singleKeyChunkBecomesJumboAndIsNotMigrated() {
        let (config, router) = Self.smallChunks(50)
        var cluster = Fixtures.shardedCluster(config: config, router: router)
        _ = cluster.submitAll((1...200).map { Fixtures.insertOrder(Int64($0), key: 7) }, gap: .milliseconds(5))
        cluster.run(for: .seconds(60))
        #expect(cluster.events.contains { if case .chunkMarkedJumbo = $0.1 { return true } else { return false } })
        let table = cluster.configServer!.tables[1]
        #expect(table.chunks.count == 1 && table.chunks[0].jumbo)
        #expect(cluster.configServer!.migrationsCommitted == 0)
        #expect(cluster.shardCount(0, Fixtures.orders) == 200)
    }

    @Test func routingTableLookupMatchesLinearScan() {
        let table = RoutingTable(collection: Fixtures.orders, pattern: .ranged, chunks: [
            Chunk(range: ChunkRange(lower: .min, upper: -5), shard: ShardID(2)),
            Chunk(range: ChunkRange(lower: -5, upper: 0), shard: ShardID(0)),
            Chunk(range: ChunkRange(lower: 0, upper: 10), shard: ShardID(1)),
            Chunk(range: ChunkRange(lower: 10, upper: nil), shard: ShardID(0)),
        ])
        for key in Int64(-20)...20 {
            let expected = table.chunks.first { $0.range.contains(key) }!.shard
            #expect(table.shard(forKey: ShardKeyValue(key)) == expected)
        }
        #expect(table.shard(forKey: ShardKeyValue(.max)) == ShardID(0))
        #expect(table.shard(forKey: ShardKeyValue(.min)) == ShardID(2))
        #expect(table.shards(for: .keyRange(lower: ShardKeyValue(-3), upper: ShardKeyValue(5))) == [ShardID(0), ShardID(1)])
    }
}
