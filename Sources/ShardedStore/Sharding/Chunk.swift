import SimulationPrimitives

/// A half-open range of chunk space `[lower, upper)`; `upper == nil` is `MaxKey`. Chunk space is the
/// shard key itself for ranged keys and its 64-bit hash for hashed keys (``ShardKeyPattern``).
/// `Int64.min` plays `MinKey`.
public struct ChunkRange: Hashable, Sendable, CustomStringConvertible {
    /// Inclusive lower bound.
    public var lower: Int64
    /// Exclusive upper bound; `nil` is `MaxKey` (the range includes `Int64.max`).
    public var upper: Int64?
    /// The range `[lower, upper)`.
    @inlinable public init(lower: Int64, upper: Int64?) { self.lower = lower; self.upper = upper }
    /// The whole of chunk space: a freshly sharded collection's single chunk.
    public static let all = ChunkRange(lower: .min, upper: nil)
    /// Whether `position` lies in the range.
    @inlinable public func contains(_ position: Int64) -> Bool {
        position >= lower && (upper.map { position < $0 } ?? true)
    }
    public var description: String { "[\(lower == .min ? "MinKey" : "\(lower)"), \(upper.map { "\($0)" } ?? "MaxKey"))" }
}

/// A chunk: a range of one collection's chunk space owned by one shard (reference §1.3).
public struct Chunk: Hashable, Sendable {
    /// The range.
    public var range: ChunkRange
    /// The owning shard.
    public var shard: ShardID
    /// Documents in the chunk at its last split check (the size proxy for splits and balancing).
    public var documentCount: Int
    /// A chunk over its size that cannot be split (one key value): the balancer skips it (§1.3).
    public var jumbo: Bool
    /// A chunk.
    public init(range: ChunkRange, shard: ShardID, documentCount: Int = 0, jumbo: Bool = false) {
        self.range = range; self.shard = shard; self.documentCount = documentCount; self.jumbo = jumbo
    }
}

/// A collection's chunk map at one ``PlacementVersion``: contiguous chunks sorted by lower bound,
/// covering all of chunk space. The config server owns the authoritative copy; routers cache one.
///
/// ```swift
/// let table = RoutingTable(collection: seats, pattern: .hashed, chunks: RoutingTable.evenSplit(shards: 3))
/// table.shard(forPosition: ShardKeyPattern.hashed.chunkSpacePosition(of: key))
/// ```
/// Lookup is a binary search over the boundaries: O(log chunks) (mongos does the same, SERVER-46487).
public struct RoutingTable: Hashable, Sendable {
    /// The collection.
    public var collection: CollectionID
    /// Ranged or hashed.
    public var pattern: ShardKeyPattern
    /// The version; bumped at every split and migration.
    public var version: PlacementVersion
    /// The chunks, sorted, contiguous, covering `MinKey..MaxKey`.
    public var chunks: [Chunk]

    /// A table; `chunks` must be sorted and contiguous (checked by ``checkInvariants()``).
    public init(collection: CollectionID, pattern: ShardKeyPattern, version: PlacementVersion = PlacementVersion(1), chunks: [Chunk]) {
        self.collection = collection; self.pattern = pattern; self.version = version; self.chunks = chunks
        checkInvariants()
    }

    /// `shards` chunks of equal width over all of chunk space, chunk i on shard i: the initial chunks
    /// MongoDB creates for an empty collection with a hashed key (one range per shard, pre-split).
    public static func evenSplit(shards: Int) -> [Chunk] {
        precondition(shards > 0)
        let width = UInt64.max / UInt64(shards)
        return (0..<shards).map { i in
            let lower = i == 0 ? Int64.min : Int64(bitPattern: UInt64(bitPattern: Int64.min) &+ width &* UInt64(i))
            let upper: Int64? = i == shards - 1 ? nil : Int64(bitPattern: UInt64(bitPattern: Int64.min) &+ width &* UInt64(i + 1))
            return Chunk(range: ChunkRange(lower: lower, upper: upper), shard: ShardID(Int32(i)))
        }
    }

    /// The index of the chunk containing chunk-space `position`.
    @inlinable public func chunkIndex(forPosition position: Int64) -> Int {
        var low = 0, high = chunks.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if chunks[mid].range.lower <= position { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The shard owning chunk-space `position`.
    @inlinable public func shard(forPosition position: Int64) -> ShardID { chunks[chunkIndex(forPosition: position)].shard }

    /// The shard owning shard-key value `key`.
    @inlinable public func shard(forKey key: ShardKeyValue) -> ShardID { shard(forPosition: pattern.chunkSpacePosition(of: key)) }

    /// The shards a read with `target` must visit, ascending, without duplicates: one for a key; the
    /// owners of overlapping chunks for a range under a ranged key; every chunk owner otherwise.
    public func shards(for target: ShardTarget) -> [ShardID] {
        switch target {
        case .key(let key):
            return [shard(forKey: key)]
        case let .keyRange(lower, upper) where pattern == .ranged:
            guard lower < upper else { return [] }
            let first = chunkIndex(forPosition: lower.rawValue)
            let last = chunkIndex(forPosition: upper.rawValue - 1)
            return Self.distinctSorted(chunks[first...last].map(\.shard))
        default:
            return Self.distinctSorted(chunks.map(\.shard))
        }
    }

    static func distinctSorted(_ shards: [ShardID]) -> [ShardID] {
        var result: [ShardID] = []
        for s in shards.sorted() where result.last != s { result.append(s) }
        return result
    }

    /// Documents per shard (sum of chunk counts), indexed by shard number, for `shardCount` shards.
    public func documentsPerShard(shardCount: Int) -> [Int] {
        var totals = Array(repeating: 0, count: shardCount)
        for chunk in chunks { totals[Int(chunk.shard.rawValue)] += chunk.documentCount }
        return totals
    }

    /// Chunks per shard, indexed by shard number.
    public func chunksPerShard(shardCount: Int) -> [Int] {
        var totals = Array(repeating: 0, count: shardCount)
        for chunk in chunks { totals[Int(chunk.shard.rawValue)] += 1 }
        return totals
    }

    /// Traps unless the chunks are sorted, contiguous and cover `MinKey..MaxKey`.
    public func checkInvariants() {
        precondition(!chunks.isEmpty, "routing table without chunks")
        precondition(chunks[0].range.lower == .min, "first chunk must start at MinKey")
        precondition(chunks[chunks.count - 1].range.upper == nil, "last chunk must end at MaxKey")
        for i in 1..<chunks.count {
            precondition(chunks[i - 1].range.upper == chunks[i].range.lower, "chunks must be contiguous")
        }
    }
}
