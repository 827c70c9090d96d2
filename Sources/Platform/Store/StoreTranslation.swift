import SimulationPrimitives
import ShardedStore
import CinemaDomain

/// Translates the domain's store vocabulary (`CinemaDomain.StoreOperation`, DESIGN §10) into the
/// sharded store's operations for routing and replication, and the store's answers back.
///
/// What is real: the collection, the shard-key value (so mongos targets the chunk that owns it,
/// or broadcasts when the domain has none), read vs write, the write concern and the driver's
/// retry / server selection. What is not: the document contents. The store's members hold a small
/// stand-in per domain document (an upsert without fields, one oplog entry per write; a new
/// purchase is inserted, so mongos's autosplit counts it); the domain's data is applied
/// through `CinemaDomain.DocumentStore` when the driver reports the write acknowledged. A purchase
/// write is followed to the end of the run by the optime its primary answered with
/// (``AcknowledgedWrites``), so a rollback of a w:1 purchase write is seen without keeping a
/// document per write.
enum StoreTranslation {
    /// The store schema for `rules` (the scenario's `shard_keys`, ``ShardKeyRouter``): one collection
    /// per `StoreCollection` (same index), hashed or ranged as configured, otherwise as the domain
    /// declares (hashed on its key, showtimes ranged on `cinemaId`).
    static func schema(rules: [ShardKeyRouter.Rule?]) -> StoreSchema {
        StoreSchema(collections: StoreCollection.allCases.map {
            CollectionSpec(name: $0.name, shardKey: isHashed($0, rules: rules) ? .hashed : .ranged)
        })
    }

    static func isHashed(_ collection: StoreCollection, rules: [ShardKeyRouter.Rule?]) -> Bool {
        let c = Int(collection.rawValue)
        if c < rules.count, let rule = rules[c] { return rule.hashed }
        return collection.isShardKeyHashed
    }

    /// The stand-in's update: no field changes (the document's content is not modelled; the write
    /// still replicates one oplog entry, as the real write of the document would). Stand-ins have no
    /// fields, so a member holds no field array per document (issue 6: memory); until branch
    /// `storeflat` they counted their writes in a field.
    static let noFieldUpdates: [FieldUpdate] = []

    /// The initial chunks of every collection. Hashed collections are pre-split evenly over the shards
    /// (MongoDB's initial chunks for a hashed key). A ranged collection with a configured key gets the
    /// rule's chunks (split over the key values present at the start, spread round-robin: the
    /// balancer has evened out storage, case F14); other ranged ones are one chunk on the first shard.
    static func initialTables(shards: Int, rules: [ShardKeyRouter.Rule?]) -> [RoutingTable] {
        StoreCollection.allCases.map { collection in
            let id = CollectionID(Int32(collection.rawValue))
            if isHashed(collection, rules: rules) {
                return RoutingTable(collection: id, pattern: .hashed, chunks: RoutingTable.evenSplit(shards: shards))
            }
            let c = Int(collection.rawValue)
            guard c < rules.count, let rule = rules[c], !rule.boundaries.isEmpty else {
                return RoutingTable(collection: id, pattern: .ranged, chunks: [Chunk(range: ChunkRange(lower: .min, upper: nil), shard: ShardID(0))])
            }
            var chunks: [Chunk] = []
            chunks.reserveCapacity(rule.boundaries.count + 1)
            for i in 0...rule.boundaries.count {
                let lower = i == 0 ? Int64.min : rule.boundaries[i - 1]
                let upper: Int64? = i == rule.boundaries.count ? nil : rule.boundaries[i]
                chunks.append(Chunk(range: ChunkRange(lower: lower, upper: upper), shard: ShardID(Int32(rule.chunkShards[i] % shards))))
            }
            return RoutingTable(collection: id, pattern: .ranged, chunks: chunks)
        }
    }

    /// The store operation standing for `operation`, whether it is a purchase write (insert or update
    /// of `purchases`: the writes the lost-write check follows, by the optime the store answers with),
    /// and its shard-key value. `shardKey` is the operation's value of its collection's shard key
    /// (``PlatformSimulation/storeShardKey(for:)``); nil: a read is broadcast, a write goes by its
    /// document key.
    static func storeOperation(for operation: CinemaDomain.StoreOperation, shardKey: Int64?) -> (ShardedStore.StoreOperation, isPurchaseWrite: Bool, ShardKeyValue) {
        let collection = CollectionID(Int32(operation.collection.rawValue))
        switch operation {
        case .find(_, let key, _):
            let target: ShardTarget = shardKey.map { .key(ShardKeyValue($0)) } ?? .broadcast
            return (.find(FindQuery(collection: collection, target: target, documentID: DocumentID(key), limit: 1)), false, ShardKeyValue(shardKey ?? 0))
        case .findMany:
            let target: ShardTarget = shardKey.map { .key(ShardKeyValue($0)) } ?? .broadcast
            return (.find(FindQuery(collection: collection, target: target, limit: 1)), false, ShardKeyValue(shardKey ?? 0))
        case .insert(let document) where document.collection == .purchases:
            // A new purchase is a real insert of its stand-in (mongos counts inserts per chunk for
            // autosplit, case F14); its later writes (pay, confirm) are upserts like every stand-in's.
            let value = ShardKeyValue(shardKey ?? document.key)
            return (.insert(collection, Document(id: DocumentID(document.key), shardKey: value)), true, value)
        case .insert(let document):
            return (write(collection: collection, key: document.key, shardKey: shardKey ?? document.key), false,
                    ShardKeyValue(shardKey ?? document.key))
        case .update(let c, let key, _, _, _):
            return (write(collection: collection, key: key, shardKey: shardKey ?? key), c == .purchases, ShardKeyValue(shardKey ?? key))
        case .delete(_, let key, _):
            let value = ShardKeyValue(shardKey ?? key)
            return (.delete(collection: collection, shardKey: value, id: DocumentID(key), filter: .all), false, value)
        }
    }

    /// The write standing for an insert or update of document `key`: an upsert of its stand-in
    /// (every collection alike; a purchase's later writes included).
    static func write(collection: CollectionID, key: Int64, shardKey: Int64) -> ShardedStore.StoreOperation {
        .update(ConditionalUpdate(collection: collection, shardKey: ShardKeyValue(shardKey), id: DocumentID(key),
                                  updates: noFieldUpdates, upsert: true))
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

extension StoreMessage {
    /// Whether the message answers a request (a fault's added latency applies to responses only).
    @inlinable var isResponse: Bool {
        switch self {
        case .reply, .helloReply, .heartbeatReply, .voteReply, .appendReply, .routingTableReply, .splitVectorReply,
             .migrationCloneReply, .migrationImportReply:
            return true
        default:
            return false
        }
    }
}

extension CinemaDomain.StoreOperation {
    /// Whether the operation inserts a new document.
    var isInsert: Bool {
        if case .insert = self { return true }
        return false
    }
}
