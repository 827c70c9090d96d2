import Testing
import PropertyBased
import SimulationPrimitives
@testable import ShardedStore

/// The document store's shard-key index (one id per key value inline, further ones apart): a
/// targeted read finds exactly the documents a scan of the whole collection finds, through random
/// inserts, shard-key changes, removals, initial syncs and rollbacks' re-puts.
@Suite struct ShardKeyIndexTests {
    @Test func targetedCandidatesEqualAScan() async {
        await propertyCheck(count: 40, input: Gen.int(in: 1...1_000_000)) { seed in
            var random = RandomStream(seed: UInt64(seed))
            var store = DocumentStore(schema: Fixtures.schema)
            for step in 0..<120 {
                let id = DocumentID(Int64(random.nextInt(below: 30)))
                let key = ShardKeyValue(Int64(random.nextInt(below: 6)))   // few keys: documents share them
                switch random.nextInt(below: 10) {
                case 0..<6: store.put(Fixtures.orders, Document(id: id, shardKey: key))
                case 6..<9: store.remove(Fixtures.orders, id)
                default: store.replaceAll(with: [[], store.allDocuments(Fixtures.orders)])
                }
                for k in 0..<6 {
                    let key = ShardKeyValue(Int64(k))
                    let found = store.candidates(FindQuery(collection: Fixtures.orders, target: .key(key)))
                    let scanned = store.allDocuments(Fixtures.orders).filter { $0.shardKey == key }
                    #expect(found == scanned, "seed \(seed), step \(step), key \(k)")
                }
            }
        }
    }
}
