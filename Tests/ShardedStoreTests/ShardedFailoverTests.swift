import Testing
import PropertyBased
import SimulationPrimitives
@testable import ShardedStore

/// Failover seen through mongos: the driver's one retry waits for the router to find the shard's new
/// primary (reference/store-auth-logs.md §1.4–§1.5).
@Suite struct ShardedFailoverTests {
    @Test func retryableWriteThroughMongosSurvivesAShardFailover() {
        var cluster = Fixtures.shardedCluster(membersPerShard: 3, tables: Fixtures.threeRangedChunks())
        cluster.run(for: .seconds(5))
        let primaryOfShard0 = Fixtures.memberNode(shard: 0, member: 0)
        cluster.crash(primaryOfShard0)
        let submitted = cluster.now
        let write = cluster.submit(driver: 50, Fixtures.insertOrder(10))
        let other = cluster.submit(driver: 50, Fixtures.insertOrder(150))   // shard 1 is unaffected
        cluster.run(for: .seconds(25))
        #expect(cluster.completion(other)?.result.outcome == .success(.inserted))
        #expect(cluster.completion(other)?.result.attempts == 1)
        guard let done = cluster.completion(write) else { Issue.record("write never completed"); return }
        #expect(done.result.outcome == .success(.inserted))
        #expect(done.result.attempts == 2)
        if let at = cluster.completionTime(write) {
            #expect(at - submitted >= .seconds(8) && at - submitted <= .seconds(12))
        }
        let newPrimary = cluster.members.first { $0.shard == ShardID(0) && $0.state == .primary && $0.node != StoreCluster.node(primaryOfShard0) }
        #expect(newPrimary?.data.document(Fixtures.orders, DocumentID(10)) != nil)
    }

    /// Routing-table lookup (binary search) agrees with a linear scan for random chunk maps.
    @Test func routingLookupAgreesWithLinearScan() async {
        await propertyCheck(count: 100, input: Gen.int(in: 1...1_000_000)) { seed in
            var rng = RandomStream(seed: UInt64(seed))
            var bounds = Set<Int64>()
            let count = 1 + rng.nextInt(below: 20)
            while bounds.count < count { bounds.insert(Int64(rng.nextInt(below: 2_000)) - 1_000) }
            let sorted = bounds.sorted()
            var chunks: [Chunk] = []
            var lower = Int64.min
            for b in sorted where b > lower {
                chunks.append(Chunk(range: ChunkRange(lower: lower, upper: b), shard: ShardID(Int32(rng.nextInt(below: 4)))))
                lower = b
            }
            chunks.append(Chunk(range: ChunkRange(lower: lower, upper: nil), shard: ShardID(Int32(rng.nextInt(below: 4)))))
            let table = RoutingTable(collection: Fixtures.orders, pattern: .ranged, chunks: chunks)
            for _ in 0..<50 {
                let key = Int64(rng.nextInt(below: 2_400)) - 1_200
                #expect(table.shard(forKey: ShardKeyValue(key)) == chunks.first { $0.range.contains(key) }!.shard)
            }
        }
    }
}
