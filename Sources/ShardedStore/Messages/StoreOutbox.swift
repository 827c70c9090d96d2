import SimulationPrimitives

/// A completed driver operation: what the service gets back.
public struct DriverCompletion: Hashable, Sendable {
    /// The id ``StoreDriver/submit(_:now:random:into:)`` returned.
    public var operationID: UInt64
    /// The result (success or typed failure, with shards touched, documents examined and attempts).
    public var result: StoreResult

    /// Operation `operationID`'s completion with `result`.
    public init(operationID: UInt64, result: StoreResult) {
        self.operationID = operationID; self.result = result
    }
}

/// Something that happened inside the store, for telemetry, logs and invariant checks.
public enum StoreEvent: Hashable, Sendable {
    /// `node` won an election and became primary in `term`.
    case becamePrimary(node: StoreNodeID, term: Int64)
    /// `node` stopped being primary.
    case steppedDown(node: StoreNodeID, term: Int64, reason: StepDownReason)
    /// `node` rolled back `operations` writes that never reached the majority (§1.8), the earliest at
    /// oplog index `fromIndex`.
    case rolledBack(node: StoreNodeID, operations: Int, fromIndex: Int64)
    /// A chunk was split in two at `position` (chunk space).
    case chunkSplit(collection: CollectionID, position: Int64, version: PlacementVersion)
    /// A chunk could not be split (one key value) and was flagged jumbo; the balancer skips it (§1.3).
    case chunkMarkedJumbo(collection: CollectionID, range: ChunkRange)
    /// A donor primary of `shard` sent `range`'s documents to a migration: they reflect every entry of
    /// `history` (its history at that moment, uncommitted entries included).
    case chunkCloned(shard: ShardID, collection: CollectionID, range: ChunkRange, history: OpTimeHistory)
    /// A migration committed: `range` moved `from` → `to`.
    case chunkMigrated(collection: CollectionID, range: ChunkRange, from: ShardID, to: ShardID, version: PlacementVersion)
    /// A migration aborted (a primary changed or a step timed out).
    case migrationAborted(collection: CollectionID, range: ChunkRange)
    /// A router (or driver) installed a newer routing table.
    case routingTableRefreshed(node: StoreNodeID, collection: CollectionID, version: PlacementVersion)
    /// A driver or router changed its view of which server is primary (`nil`: none known).
    case primaryChanged(observer: StoreNodeID, primary: StoreNodeID?)
}

/// Why a primary stepped down.
public enum StepDownReason: Hashable, Sendable {
    /// An administrative `replSetStepDown` (fault injection).
    case requested
    /// It saw a member with a higher term.
    case higherTerm
    /// It could not see a majority for `electionTimeoutMillis` (§1.4 network partition rule).
    case lostMajority
}

/// Where a store core writes its outputs; the platform owns one, passes it `inout` to every call, sends
/// ``messages``, hands ``completions`` to services, records ``events``, then empties it
/// (``removeAll()`` keeps capacity, so the hot path does not allocate).
public struct StoreOutbox: Sendable {
    /// Messages to deliver.
    public var messages: [StoreEnvelope] = []
    /// Driver operations that finished.
    public var completions: [DriverCompletion] = []
    /// Things that happened.
    public var events: [StoreEvent] = []

    /// An empty outbox.
    public init() {}

    /// Empties the outbox, keeping its storage.
    public mutating func removeAll() {
        // Most flushes carry messages only: skip the (uniqueness check, destroy loop) of empty lists.
        // A flush carries one or two messages and at most a completion or two: removing them one by
        // one is far cheaper than `removeAll(keepingCapacity:)`'s generic `replaceSubrange` path.
        if !messages.isEmpty {
            if messages.count <= 4 { repeat { messages.removeLast() } while !messages.isEmpty } else { messages.removeAll(keepingCapacity: true) }
        }
        if !completions.isEmpty {
            if completions.count <= 4 { repeat { completions.removeLast() } while !completions.isEmpty } else { completions.removeAll(keepingCapacity: true) }
        }
        if !events.isEmpty { events.removeAll(keepingCapacity: true) }
    }

    mutating func send(_ message: StoreMessage, from: StoreNodeID, to: StoreNodeID) {
        messages.append(StoreEnvelope(from: from, to: to, message: message))
    }
}

/// The shape every store process has, so the platform can host members, routers, the config server
/// and drivers alike (generically, without existentials).
///
/// Contract: after every call, read ``nextDeadline`` and schedule one ``tick(now:random:into:)`` at
/// that time (replacing any earlier one); `SimTime.distantFuture` means "no timer".
public protocol StoreActor {
    /// This process's address.
    var node: StoreNodeID { get }
    /// When the process next needs ``tick(now:random:into:)``.
    var nextDeadline: SimTime { get }
    /// Handles a delivered message, which it takes (`consuming`: its payload moves into the
    /// process's state or answer without a copy of the envelope).
    mutating func receive(_ envelope: consuming StoreEnvelope, now: SimTime, random: inout RandomStream, into out: inout StoreOutbox)
    /// Runs the timers due at `now`.
    mutating func tick(now: SimTime, random: inout RandomStream, into out: inout StoreOutbox)
    /// The platform could not deliver `envelope`, which this process sent (receiver down: connection
    /// refused). Drivers and routers fail or retry the request at once; members ignore it (their
    /// heartbeat timeouts notice).
    mutating func deliveryFailed(_ envelope: StoreEnvelope, now: SimTime, random: inout RandomStream, into out: inout StoreOutbox)
}
