import SimulationPrimitives

/// What a successful operation returned.
public enum StoreOutcome: Hashable, Sendable {
    /// A read's documents, sorted by `_id`; `partial` when some shard did not answer and the query
    /// allowed partial results (§1.1).
    case found([Document], partial: Bool)
    /// The insert was applied.
    case inserted
    /// The conditional update: `matched` is false when no document satisfied the filter (the seat is
    /// taken); `document` is the post-image when matched or upserted.
    case updated(matched: Bool, upserted: Bool, document: Document?)
    /// The delete: `matched` is false when nothing matched.
    case deleted(matched: Bool)
}

/// The answer to one operation, with what it cost so the platform can charge time (issue 4:
/// "operations return results plus what happened").
public struct StoreResult: Hashable, Sendable {
    /// The outcome or the typed failure.
    public var outcome: Result<StoreOutcome, StoreError>
    /// Shards the router sent the operation to (1 when targeted).
    public var shardsTouched: Int
    /// Documents the shards examined (a collection scan examines every document of the shard).
    public var documentsExamined: Int
    /// For writes: the write applied but its write concern failed (`wtimeout` expired, or the
    /// primary stepped down while waiting): the modification is **not** undone (§1.6).
    public var writeConcernError: StoreError?
    /// Attempts the driver made (2 after a retryable-write retry).
    public var attempts: Int
    /// For writes answered by a primary: the shard and optime of the write's oplog entry (MongoDB
    /// write replies carry `opTime`), which identifies the write in the shard's replication history
    /// (``ReplicaSetMember/history``): whether it survived rollbacks can be asked later of any member.
    /// A retry answered from the retryable-write record carries the original entry's optime; a write
    /// that changed nothing carries the optime of the state it read. Nil for reads and failures
    /// before execution.
    public var opTime: ShardOpTime?

    /// A result; see the properties.
    public init(outcome: Result<StoreOutcome, StoreError>, shardsTouched: Int = 1, documentsExamined: Int = 0,
                writeConcernError: StoreError? = nil, attempts: Int = 1) {
        self.outcome = outcome; self.shardsTouched = shardsTouched; self.documentsExamined = documentsExamined
        self.writeConcernError = writeConcernError; self.attempts = attempts
    }

    /// Whether the operation succeeded with no write-concern error.
    @inlinable public var isSuccess: Bool {
        if case .success = outcome { return writeConcernError == nil }
        return false
    }
}
