import SimulationPrimitives

/// How a collection's shard key maps documents to chunks (reference/store-auth-logs.md §1.2).
public enum ShardKeyPattern: Hashable, Sendable {
    /// `{key: 1}`: chunks are ranges of the key itself. Range queries stay targeted; a monotonic key
    /// sends every insert to the chunk ending at `MaxKey` (case F14).
    case ranged
    /// `{key: "hashed"}`: chunks are ranges of a 64-bit hash of the key. Even spread; range queries broadcast.
    case hashed

    /// The position of `key` in chunk space.
    ///
    /// Hashed keys use the SplitMix64 finaliser (Steele, Lea, Flood 2014), a bijective 64-bit mixer.
    /// Deliberate difference: MongoDB hashes the BSON value with MD5 and keeps 64 bits; both spread
    /// keys uniformly, which is all the simulation relies on.
    @inlinable public func chunkSpacePosition(of key: ShardKeyValue) -> Int64 {
        switch self {
        case .ranged: return key.rawValue
        case .hashed:
            var z = UInt64(bitPattern: key.rawValue) &+ 0x9e37_79b9_7f4a_7c15
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return Int64(bitPattern: z ^ (z >> 31))
        }
    }
}

/// One collection's definition.
public struct CollectionSpec: Hashable, Sendable {
    /// The collection name, for reports (e.g. `showtime_seats`).
    public var name: String
    /// Ranged or hashed shard key.
    public var shardKey: ShardKeyPattern
    /// Unique indexes besides `_id`, each a list of fields (e.g. `[showtime, seat]`). A document
    /// lacking any field of an index is not indexed by it (sparse semantics; deliberate difference:
    /// MongoDB indexes a missing field as null). Enforced per shard, as MongoDB does for unique
    /// indexes not prefixed by the shard key.
    public var uniqueIndexes: [[FieldID]]

    /// A collection definition.
    public init(name: String, shardKey: ShardKeyPattern, uniqueIndexes: [[FieldID]] = []) {
        self.name = name; self.shardKey = shardKey; self.uniqueIndexes = uniqueIndexes
    }
}

/// The collections of the deployment; ``CollectionID`` is an index into ``collections``.
public struct StoreSchema: Hashable, Sendable {
    /// The collections.
    public var collections: [CollectionSpec]
    /// A schema of `collections`.
    public init(collections: [CollectionSpec]) { self.collections = collections }
    /// The spec of `collection`.
    @inlinable public subscript(collection: CollectionID) -> CollectionSpec { collections[Int(collection.rawValue)] }
}
