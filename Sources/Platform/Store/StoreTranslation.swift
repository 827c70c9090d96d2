import SimulationPrimitives
import ShardedStore
import CinemaDomain

/// Translates the domain's store vocabulary (`CinemaDomain.StoreOperation`, DESIGN §10) into the
/// sharded store's operations for routing and replication, and the store's answers back.
///
/// What is real: the collection, the shard-key value (so mongos targets the chunk that owns it,
/// or broadcasts when the domain has none), read vs write, the write concern and the driver's
/// retry / server selection. What is not: the document contents. The store's members hold a small
/// stand-in per domain document (an upsert that counts writes) and one marker document per
/// purchase write (so a rollback of a w:1 purchase write really removes it); the domain's data is
/// applied through `CinemaDomain.DocumentStore` when the driver reports the write acknowledged.
enum StoreTranslation {
    /// The store schema: one collection per `StoreCollection` (same index), hashed on the domain's
    /// shard key except showtimes (ranged on `cinemaId`), as the domain declares.
    static let schema = StoreSchema(collections: StoreCollection.allCases.map {
        CollectionSpec(name: $0.name, shardKey: $0.isShardKeyHashed ? .hashed : .ranged)
    })

    /// The counter field of a stand-in document.
    static let writesField = FieldID(0)

    /// The initial chunks of every collection: hashed collections pre-split evenly over the shards
    /// (MongoDB's initial chunks for a hashed key); ranged ones one chunk on the first shard.
    static func initialTables(shards: Int) -> [RoutingTable] {
        StoreCollection.allCases.map { collection in
            let id = CollectionID(Int32(collection.rawValue))
            if collection.isShardKeyHashed {
                return RoutingTable(collection: id, pattern: .hashed, chunks: RoutingTable.evenSplit(shards: shards))
            }
            return RoutingTable(collection: id, pattern: .ranged, chunks: [Chunk(range: ChunkRange(lower: .min, upper: nil), shard: ShardID(0))])
        }
    }

    /// The store operation standing for `operation`. `marker` is the purchase write's marker id
    /// (minor part), used only for writes to `purchases`.
    static func storeOperation(for operation: CinemaDomain.StoreOperation, marker: Int64) -> (ShardedStore.StoreOperation, DocumentID?, ShardKeyValue) {
        let collection = CollectionID(Int32(operation.collection.rawValue))
        switch operation {
        case .find(_, let key, let shardKey):
            let target: ShardTarget = shardKey.map { .key(ShardKeyValue($0)) } ?? .broadcast
            return (.find(FindQuery(collection: collection, target: target, documentID: DocumentID(key), limit: 1)), nil, ShardKeyValue(shardKey ?? 0))
        case .findMany(_, _, let shardKey):
            let target: ShardTarget = shardKey.map { .key(ShardKeyValue($0)) } ?? .broadcast
            return (.find(FindQuery(collection: collection, target: target, limit: 1)), nil, ShardKeyValue(shardKey ?? 0))
        case .insert(let document):
            return write(collection: collection, key: document.key, shardKey: document.shardKeyValue, purchase: document.collection == .purchases, marker: marker)
        case .update(let c, let key, let shardKey, _, _):
            return write(collection: collection, key: key, shardKey: shardKey ?? key, purchase: c == .purchases, marker: marker)
        case .delete(_, let key, let shardKey):
            let value = ShardKeyValue(shardKey ?? key)
            return (.delete(collection: collection, shardKey: value, id: DocumentID(key), filter: .all), nil, value)
        }
    }

    static func write(collection: CollectionID, key: Int64, shardKey: Int64, purchase: Bool, marker: Int64) -> (ShardedStore.StoreOperation, DocumentID?, ShardKeyValue) {
        let value = ShardKeyValue(shardKey)
        if purchase {
            let id = DocumentID(key, marker)
            return (.insert(collection, Document(id: id, shardKey: value)), id, value)
        }
        let update = ConditionalUpdate(collection: collection, shardKey: value, id: DocumentID(key),
                                       updates: [.increment(writesField, by: 1)], upsert: true)
        return (.update(update), nil, value)
    }

    /// The domain's view of a store failure (handlers map every one to 503).
    static func failure(_ error: StoreError) -> StoreFailure {
        switch error {
        case .networkTimeout: return .timeout
        case .writeConcernTimeout: return .writeConcernFailed
        case .notWritablePrimary, .notPrimaryNoSecondaryOk, .notPrimaryOrSecondary, .interruptedDueToReplStateChange, .primarySteppedDown:
            return .notWritablePrimary
        case .duplicateKey, .typeMismatch, .staleConfig, .shardUnavailable, .hostUnreachable, .serverSelectionTimeout:
            return .unavailable
        }
    }
}
