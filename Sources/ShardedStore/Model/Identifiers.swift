import SimulationPrimitives

/// The address of one store process the platform hosts as a node: a replica-set member (mongod),
/// a mongos router, the config server, or a service-side driver.
///
/// Every ``StoreEnvelope`` names its sender and receiver by this id; the platform maps ids to its
/// simulated nodes and links. Integer ids keep the hot path free of string hashing.
public struct StoreNodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The raw id, unique across the whole store deployment (the platform chooses them).
    public var rawValue: Int32
    /// The node `rawValue`.
    @inlinable public init(_ rawValue: Int32) { self.rawValue = rawValue }
    @inlinable public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "node\(rawValue)" }
}

/// A shard of the cluster (one replica set), numbered `0..<shardCount` in the order of
/// ``ClusterTopology/shards``.
public struct ShardID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The shard's index in ``ClusterTopology/shards``.
    public var rawValue: Int32
    /// Shard number `rawValue`.
    @inlinable public init(_ rawValue: Int32) { self.rawValue = rawValue }
    @inlinable public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "shard\(rawValue)" }
}

/// A collection, numbered by its index in ``StoreSchema/collections``.
public struct CollectionID: Hashable, Comparable, Sendable {
    /// The collection's index in ``StoreSchema/collections``.
    public var rawValue: Int32
    /// Collection number `rawValue`.
    @inlinable public init(_ rawValue: Int32) { self.rawValue = rawValue }
    @inlinable public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// A document field, numbered by the platform's translation of its domain vocabulary
/// (e.g. `status` = 1, `holdId` = 2). Small integers instead of names keep documents compact.
public struct FieldID: Hashable, Comparable, Sendable {
    /// The field number.
    public var rawValue: UInt16
    /// Field number `rawValue`.
    @inlinable public init(_ rawValue: UInt16) { self.rawValue = rawValue }
    @inlinable public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// A document's `_id`: a compact two-part key, unique within its collection.
///
/// Two integers cover the ids the platform needs without string work: `(showtimeId, seatIndex)`
/// for a seat document, `(purchaseId, 0)` for a purchase. Ordered by `major`, then `minor`.
public struct DocumentID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The first part of the id (e.g. the showtime id of a seat document).
    public var major: Int64
    /// The second part of the id (e.g. the seat index); 0 when unused.
    public var minor: Int64
    /// The id `(major, minor)`.
    @inlinable public init(_ major: Int64, _ minor: Int64 = 0) { self.major = major; self.minor = minor }
    @inlinable public static func < (a: Self, b: Self) -> Bool {
        a.major != b.major ? a.major < b.major : a.minor < b.minor
    }
    public var description: String { minor == 0 ? "\(major)" : "\(major):\(minor)" }
}

/// The value of a document's shard key, as a signed 64-bit integer.
///
/// The platform maps the domain's key to an integer that preserves the order a ranged key needs:
/// an id, a timestamp in milliseconds, or a compound key packed as `(cinemaId << 32) | showtimeId`.
/// Hashed shard keys hash this value (``ShardKeyPattern``).
public struct ShardKeyValue: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The key value.
    public var rawValue: Int64
    /// The key value `rawValue`.
    @inlinable public init(_ rawValue: Int64) { self.rawValue = rawValue }
    @inlinable public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "\(rawValue)" }
}

/// A logical session id (`lsid`), unique per driver session. With a ``StoreCommand/transactionNumber``
/// it makes a retryable write at-most-once (reference/store-auth-logs.md §1.5, the retryable-writes spec).
public struct SessionID: Hashable, Comparable, Sendable {
    /// The raw session id; the platform gives each driver a disjoint range (``DriverSettings/sessionID``).
    public var rawValue: UInt64
    /// Session `rawValue`.
    @inlinable public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    @inlinable public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
