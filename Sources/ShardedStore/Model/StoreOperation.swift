import SimulationPrimitives

/// Which shards a read must visit (reference/store-auth-logs.md §1.1).
public enum ShardTarget: Hashable, Sendable {
    /// Equality on the shard key: targeted to the one shard owning the key's chunk.
    case key(ShardKeyValue)
    /// A key range `[lower, upper)`: targeted to the shards owning overlapping chunks under a ranged
    /// key; broadcast under a hashed key (a range query on a hashed field broadcasts, §1.1).
    case keyRange(lower: ShardKeyValue, upper: ShardKeyValue)
    /// No shard key in the query: scatter-gather to every shard owning chunks of the collection.
    case broadcast
}

/// A read: `find(filter).limit(n)` on one collection.
public struct FindQuery: Hashable, Sendable {
    /// The collection read.
    public var collection: CollectionID
    /// Which shards to visit.
    public var target: ShardTarget
    /// When set, only the document with this `_id` can match (an `_id` point lookup).
    public var documentID: DocumentID?
    /// The predicate documents must satisfy.
    public var filter: DocumentFilter
    /// At most this many documents are returned (after sorting by `_id`); 0 means no limit.
    public var limit: Int
    /// With a broadcast, return the documents of the shards that answered, flagged partial, instead of
    /// failing when a shard is unavailable (`allowPartialResults`, §1.1).
    public var allowPartialResults: Bool

    /// A query; see the properties for the meaning of each argument.
    public init(collection: CollectionID, target: ShardTarget, documentID: DocumentID? = nil,
                filter: DocumentFilter = .all, limit: Int = 0, allowPartialResults: Bool = false) {
        self.collection = collection; self.target = target; self.documentID = documentID
        self.filter = filter; self.limit = limit; self.allowPartialResults = allowPartialResults
    }
}

/// A conditional single-document update (`findAndModify` / `findOneAndUpdate`, §1.9): atomically, if
/// the document `id` exists and matches `filter`, apply `updates` and return the new document.
public struct ConditionalUpdate: Hashable, Sendable {
    /// The collection written.
    public var collection: CollectionID
    /// The document's shard-key value: single-document writes must target one shard (§1.1).
    public var shardKey: ShardKeyValue
    /// The document's `_id`.
    public var id: DocumentID
    /// The condition the current document must satisfy (the "expected current value" guard, §1.9).
    public var filter: DocumentFilter
    /// The modifications.
    public var updates: [FieldUpdate]
    /// When no document `id` exists, insert one built from `updates` (`upsert: true`).
    public var upsert: Bool

    /// An update; see the properties.
    public init(collection: CollectionID, shardKey: ShardKeyValue, id: DocumentID,
                filter: DocumentFilter = .all, updates: [FieldUpdate], upsert: Bool = false) {
        self.collection = collection; self.shardKey = shardKey; self.id = id
        self.filter = filter; self.updates = updates; self.upsert = upsert
    }
}

/// The general operation vocabulary the platform translates domain steps into. Each value is one
/// store step with its own latency in the simulation (DESIGN §10).
///
/// Writes (`insert`, `update`, `delete`) are single-document and retryable (§1.5); `find` is a read.
///
/// `indirect`: every payload lives in one immutable heap box, so an operation is one reference and
/// copying a ``StoreCommand`` (the router keeps its command and sends a copy to each shard; actors
/// copy a command out of its message) is a retain instead of a per-case copy of the query, document,
/// filter and update list (round 8: 2.85 M command copies in the full reference run, ~120
/// instructions each through the value witness). The price is one allocation per operation built.
public indirect enum StoreOperation: Hashable, Sendable {
    /// A read.
    case find(FindQuery)
    /// `insertOne`: fails with ``StoreError/duplicateKey`` when the `_id` or a unique index value exists.
    case insert(CollectionID, Document)
    /// `findOneAndUpdate` with a filter guard (and optional upsert).
    case update(ConditionalUpdate)
    /// `deleteOne({_id, ...filter})`: deletes the document `id` if it matches `filter`.
    case delete(collection: CollectionID, shardKey: ShardKeyValue, id: DocumentID, filter: DocumentFilter)

    /// Whether the operation writes.
    @inlinable public var isWrite: Bool { if case .find = self { return false } else { return true } }

    /// The collection the operation touches.
    @inlinable public var collection: CollectionID {
        switch self {
        case .find(let q): return q.collection
        case .insert(let c, _): return c
        case .update(let u): return u.collection
        case .delete(let c, _, _, _): return c
        }
    }

    /// The shards the operation needs: one key for writes, the query's target for reads.
    @inlinable public var target: ShardTarget {
        switch self {
        case .find(let q): return q.target
        case .insert(_, let d): return .key(d.shardKey)
        case .update(let u): return .key(u.shardKey)
        case .delete(_, let k, _, _): return .key(k)
        }
    }
}
