import SimulationPrimitives

/// A read filter for ``StoreOperation/findMany(_:filter:shardKeyValue:)``.
public enum QueryFilter: Hashable, Sendable {
    /// Showtimes of one auditorium (overlap check when scheduling).
    case showtimesOfAuditorium(AuditoriumID)
    /// The user with this username (unique index `users.username`).
    case userWithUsername(String)
}

/// The precondition of a conditional update, evaluated by the store **atomically with the update**
/// against the document as it is when the op is applied (and the store's `now`): the filter part of
/// MongoDB's `findAndModify`/`updateOne` (reference §1.1, F16 fix "update seat where status ==
/// AVAILABLE, check modified count == 1").
public enum UpdateCondition: Hashable, Sendable {
    /// No precondition: the update overwrites whatever is there (the unsafe pattern of
    /// reference §4.2 race 4, an `UPDATE` with no `AND status='available'` guard).
    case none
    /// The document's version equals this (optimistic concurrency).
    case versionEquals(UInt64)
    /// Every listed seat is claimable at apply time (available, held by an expired hold, or
    /// already held by this same hold, so a duplicate delivery is harmless), the showtime is not
    /// cancelled and has not started.
    case seatsClaimable([UInt16], by: PurchaseID)
    /// Every listed seat is held by this hold unexpired at apply time, or already sold to it (so a
    /// retried confirm is harmless); the showtime is not cancelled.
    case seatsHeldOrSoldTo([UInt16], PurchaseID)
    /// The purchase is in this state at this version.
    case purchaseState(PurchaseState, version: UInt64)
}

/// What a conditional update changes once its condition holds.
public enum UpdateMutation: Hashable, Sendable {
    /// Replace the whole document (same collection and `_id`).
    case replace(DomainDocument)
    /// Mark `seats` held by `holdId` until `expiresAt` (inventory).
    case holdSeats([UInt16], holdId: PurchaseID, expiresAt: SimTime)
    /// Mark `seats` sold to `holdId` (inventory).
    case sellSeats([UInt16], holdId: PurchaseID)
    /// Return to available each of `seats` still held or sold by `ownedBy`; seats someone else
    /// owns by now are left alone (the per-seat check is part of the same atomic update).
    case releaseSeats([UInt16], ownedBy: PurchaseID)
    /// Mark the inventory cancelled: nothing more is sold.
    case cancelInventory
    /// Move a purchase to `state`, recording `paymentReference` when non-zero.
    case setPurchaseState(PurchaseState, paymentReference: Int64)
}

/// One store operation a command handler asks the platform to execute: the domain's own small
/// vocabulary (DESIGN §10), so CinemaDomain never imports ShardedStore. The platform routes it
/// through the sharded store's latency and topology model using ``collection``,
/// ``shardKeyValue`` and ``isWrite``, then applies it to the data with ``DocumentStore/apply(_:now:)``.
///
/// Every op touches one document except `findMany`. Writes are single-document and therefore
/// retryable writes (reference §1.5).
///
/// `indirect`: the payload (up to a whole ``DomainDocument`` and an update's condition and
/// mutation) lives in one immutable heap box, so an operation is one reference. The platform
/// keeps the operation of every store step in flight and a handler's ``Step`` carries it, so it
/// was copied field by field (~210 instructions a copy, 0.45 M copies in the full reference run,
/// plus `memcpy`s of the steps around it, round 8); a copy is now a retain. The price is one
/// allocation per operation built (one per store step).
public indirect enum StoreOperation: Hashable, Sendable {
    /// Read one document by `_id`. `shardKeyValue` nil → broadcast.
    case find(StoreCollection, key: Int64, shardKeyValue: Int64?)
    /// Read every document matching `filter`, sorted by `_id`.
    case findMany(StoreCollection, filter: QueryFilter, shardKeyValue: Int64?)
    /// Insert a document; fails with ``StoreResult/duplicateKey`` on an existing `_id` or a unique
    /// index clash (`users.username`).
    case insert(DomainDocument)
    /// Atomic single-document conditional update (`findAndModify` returning the new document).
    case update(StoreCollection, key: Int64, shardKeyValue: Int64?, condition: UpdateCondition, mutation: UpdateMutation)
    /// Delete one document by `_id`.
    case delete(StoreCollection, key: Int64, shardKeyValue: Int64?)

    /// The collection the op runs on.
    public var collection: StoreCollection {
        switch self {
        case .find(let c, _, _), .findMany(let c, _, _), .update(let c, _, _, _, _), .delete(let c, _, _): c
        case .insert(let d): d.collection
        }
    }

    /// The shard-key value the router targets; nil means scatter-gather.
    public var shardKeyValue: Int64? {
        switch self {
        case .find(_, _, let s), .findMany(_, _, let s), .update(_, _, let s, _, _), .delete(_, _, let s): s
        case .insert(let d): d.shardKeyValue
        }
    }

    /// The MongoDB command name for traces and logs: `find`, `insert`, `findAndModify`, `delete`
    /// (static strings, no allocation).
    public var commandName: StaticString {
        switch self {
        case .find, .findMany: "find"
        case .insert: "insert"
        case .update: "findAndModify"
        case .delete: "delete"
        }
    }

    /// Whether the op writes (needs the primary and a write concern).
    public var isWrite: Bool {
        switch self {
        case .find, .findMany: false
        case .insert, .update, .delete: true
        }
    }
}

/// Why the platform could not execute an op (mapped by handlers to 503, ``DomainError/storeUnavailable(_:)``).
public enum StoreFailure: UInt8, Hashable, Sendable {
    /// Socket or operation timeout; the op may or may not have been applied.
    case timeout
    /// `NotWritablePrimary` (10107) during an election (reference §1.4).
    case notWritablePrimary
    /// No server selectable within `serverSelectionTimeoutMS`, or the shard is down.
    case unavailable
    /// The write concern could not be satisfied (`wtimeout`); the write may stay applied.
    case writeConcernFailed
}

/// The outcome of one ``StoreOperation``, fed back to the handler's next step.
public enum StoreResult: Hashable, Sendable {
    /// `find`: the document, or nil if none has that `_id`.
    case found(DomainDocument?)
    /// `findMany`: matching documents sorted by `_id`.
    case foundMany([DomainDocument])
    /// `insert` succeeded.
    case inserted
    /// `insert` hit a unique index (E11000).
    case duplicateKey
    /// `update`: documents matched by key and condition (0 or 1), modified (0 or 1), and the
    /// document after the update when matched (nil otherwise).
    case updated(matched: Int, modified: Int, document: DomainDocument?)
    /// `delete`: documents removed (0 or 1).
    case deleted(count: Int)
    /// The platform could not execute the op.
    case failed(StoreFailure)
}
