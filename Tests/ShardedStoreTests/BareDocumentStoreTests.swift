import Testing
import PropertyBased
import SimulationPrimitives
@testable import ShardedStore

/// The document store keeps *bare* documents (no fields, `_id` `(n, 0)`: the platform's
/// stand-ins) as an (id, shard key) pair each (issue 6, memory). Against a plain dictionary of
/// documents (the simple version), through random puts of bare and full documents on the same ids,
/// removals and initial syncs, every read answers the same: point reads, counts, sorted scans,
/// chunk ranges, targeted, ranged and broadcast candidates, the pre-images `put` and `remove`
/// return, and unique-index checks.
@Suite struct BareDocumentStoreTests {
    /// A random document: bare about half the time, otherwise with a field, a two-part id or
    /// another shard key. Ids and keys are few, so documents replace and share them.
    static func randomDocument(_ random: inout RandomStream) -> Document {
        let n = Int64(random.nextInt(below: 12))
        switch random.nextInt(below: 8) {
        case 0..<4: return Document(id: DocumentID(n), shardKey: ShardKeyValue(n))
        case 4: return Document(id: DocumentID(n), shardKey: ShardKeyValue(Int64(random.nextInt(below: 12))))
        case 5: return Document(id: DocumentID(n, Int64(1 + random.nextInt(below: 2))), shardKey: ShardKeyValue(n))
        default:
            // Fields of the seats collection's unique index (showtime, seat), so clashes happen.
            return Document(id: DocumentID(n), shardKey: ShardKeyValue(n),
                            fields: [.init(id: Fixtures.showtime, value: .int(1)), .init(id: Fixtures.seat, value: .int(Int64(random.nextInt(below: 3))))])
        }
    }

    @Test func readsEqualAPlainDictionary() async {
        await propertyCheck(count: 60, input: Gen.int(in: 1...1_000_000)) { seed in
            var random = RandomStream(seed: UInt64(seed))
            var store = DocumentStore(schema: Fixtures.schema)
            var model: [[DocumentID: Document]] = [[:], [:]]
            for step in 0..<150 {
                let c = random.nextInt(below: 2)
                let collection = CollectionID(Int32(c))
                switch random.nextInt(below: 10) {
                case 0..<6:
                    let document = Self.randomDocument(&random)
                    // The member checks unique indexes before it writes; a clash is not written.
                    let clash = model[c].values.contains { other in
                        other.id != document.id && Fixtures.schema[collection].uniqueIndexes.contains { fields in
                            let mine = fields.map { document[$0] }, theirs = fields.map { other[$0] }
                            return !mine.contains(nil) && mine == theirs
                        }
                    }
                    #expect(store.violatesUniqueIndex(collection, document) == clash, "seed \(seed), step \(step)")
                    if clash { continue }
                    let previous = store.put(collection, document)
                    #expect(previous == model[c][document.id], "seed \(seed), step \(step): put's pre-image")
                    model[c][document.id] = document
                case 6..<9:
                    let id = random.nextBool(probability: 0.8) ? DocumentID(Int64(random.nextInt(below: 12)))
                                                              : DocumentID(Int64(random.nextInt(below: 12)), 1)
                    #expect(store.remove(collection, id) == model[c].removeValue(forKey: id), "seed \(seed), step \(step): remove")
                default:
                    store.replaceAll(with: [store.allDocuments(Fixtures.seats), store.allDocuments(Fixtures.orders)])
                }
                for c in 0..<2 {
                    let collection = CollectionID(Int32(c))
                    let sorted = model[c].values.sorted { $0.id < $1.id }
                    #expect(store.count(collection) == sorted.count)
                    #expect(store.allDocuments(collection) == sorted, "seed \(seed), step \(step)")
                    var visited: [Document] = []
                    store.forEachDocument(collection) { visited.append($0) }
                    #expect(visited.sorted { $0.id < $1.id } == sorted)
                    for n in 0..<12 {
                        for minor in 0..<2 {
                            let id = DocumentID(Int64(n), Int64(minor))
                            #expect(store.document(collection, id) == model[c][id], "seed \(seed), step \(step), id \(id)")
                        }
                        let key = ShardKeyValue(Int64(n))
                        #expect(store.candidates(FindQuery(collection: collection, target: .key(key))) == sorted.filter { $0.shardKey == key })
                        #expect(store.candidates(FindQuery(collection: collection, target: .key(key), documentID: DocumentID(Int64(n))))
                                == sorted.filter { $0.id == DocumentID(Int64(n)) && $0.shardKey == key })
                    }
                    let lower = ShardKeyValue(3), upper = ShardKeyValue(8)
                    #expect(store.candidates(FindQuery(collection: collection, target: .keyRange(lower: lower, upper: upper)))
                            == sorted.filter { $0.shardKey >= lower && $0.shardKey < upper })
                    #expect(store.candidates(FindQuery(collection: collection, target: .broadcast)) == sorted)
                    let pattern = Fixtures.schema[collection].shardKey
                    let range = ChunkRange(lower: 0, upper: Int64.max / 2)
                    #expect(store.documents(collection, in: range) == sorted.filter { range.contains(pattern.chunkSpacePosition(of: $0.shardKey)) })
                }
            }
        }
    }

    /// The stand-in shape (no fields, a one-part `_id`) is what the store keeps bare, and only it.
    @Test func onlyStandInsAreKeptBare() {
        var store = DocumentStore(schema: Fixtures.schema)
        store.put(Fixtures.orders, Document(id: DocumentID(5), shardKey: ShardKeyValue(5)))
        store.put(Fixtures.orders, Document(id: DocumentID(6), shardKey: ShardKeyValue(7)))
        store.put(Fixtures.orders, Document(id: DocumentID(8, 1), shardKey: ShardKeyValue(8)))
        store.put(Fixtures.orders, Fixtures.order(9))
        var data = store.collections[Int(Fixtures.orders.rawValue)]
        #expect(data.bare.ids.sorted() == [5, 6])
        #expect(data.bare[6] == 7)
        #expect(data.documents.keys.sorted() == [DocumentID(8, 1), DocumentID(9)])
        #expect(data.byShardKey[ShardKeyValue(5)] == nil)   // keyed by its own id: found through `bare`
        #expect(data.bareByShardKey[5] == nil && data.bareByShardKey[7] == [6])
        // A field added to a bare document moves it into the full table, and back when removed.
        store.put(Fixtures.orders, Fixtures.order(6, key: 7))
        data = store.collections[Int(Fixtures.orders.rawValue)]
        #expect(data.bare.ids.sorted() == [5] && data.bareByShardKey.isEmpty && data.byShardKey[ShardKeyValue(7)] == DocumentID(6))
        store.put(Fixtures.orders, Document(id: DocumentID(6), shardKey: ShardKeyValue(7)))
        data = store.collections[Int(Fixtures.orders.rawValue)]
        #expect(data.bare.ids.sorted() == [5, 6] && data.byShardKey[ShardKeyValue(7)] == nil)
        #expect(store.candidates(FindQuery(collection: Fixtures.orders, target: .key(ShardKeyValue(7)))) == [Document(id: DocumentID(6), shardKey: ShardKeyValue(7))])
    }
}
