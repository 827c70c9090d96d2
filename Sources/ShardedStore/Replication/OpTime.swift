import SimulationPrimitives

/// An oplog position: the election term that wrote the entry and its index in the oplog.
///
/// Ordered by term, then index, as MongoDB orders optimes (term first, then timestamp). The index
/// plays the role of MongoDB's oplog timestamp: it grows by one per entry.
public struct OpTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The term of the primary that wrote the entry.
    public var term: Int64
    /// The entry's position in the oplog (1-based; 0 is "before the first entry").
    public var index: Int64
    /// The optime `(term, index)`.
    @inlinable public init(term: Int64, index: Int64) { self.term = term; self.index = index }
    /// The position before any entry.
    public static let zero = OpTime(term: 0, index: 0)
    @inlinable public static func < (a: Self, b: Self) -> Bool { a.term != b.term ? a.term < b.term : a.index < b.index }
    public var description: String { "(\(term),\(index))" }
}

/// A retryable write's recorded answer, replicated with the oplog (MongoDB's `config.transactions`
/// table): a retry with the same session and transaction number returns it instead of applying again.
public struct RetryRecord: Hashable, Sendable {
    /// The session of the write.
    public var session: SessionID
    /// The transaction number of the write within its session.
    public var transactionNumber: Int64
    /// The answer of the original execution.
    public var outcome: StoreOutcome
}

/// One replicated oplog entry. Entries are idempotent "set document" / "remove document" changes
/// (as MongoDB's oplog is idempotent), so applying one needs no re-evaluation of the filter.
public struct OplogEntry: Hashable, Sendable {
    /// The effect of an entry on the data.
    public enum Change: Hashable, Sendable {
        /// No data change: the new primary's first entry, or a retryable write that matched nothing.
        case noop
        /// Store this full document (insert or post-update image).
        case put(CollectionID, Document)
        /// Remove the document.
        case remove(CollectionID, DocumentID)
        /// The shard now enforces this placement version for the collection (a migration committed).
        /// Replicated so a new primary keeps refusing stale routers.
        case placementVersion(CollectionID, PlacementVersion)
    }
    /// The entry's position.
    public var opTime: OpTime
    /// The data change.
    public var change: Change
    /// The retryable-write record this entry writes, if the write carried a session.
    public var retry: RetryRecord?

    /// Whether this entry changes user data (rollback counts only these).
    @inlinable public var isWrite: Bool {
        switch change {
        case .noop, .placementVersion: return retry != nil
        case .put, .remove: return true
        }
    }
}
