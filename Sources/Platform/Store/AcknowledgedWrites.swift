import ShardedStore

/// The acknowledged purchase writes, for the end-of-run check "no majority-acknowledged purchase
/// lost" (DESIGN §2; metric `lost_acknowledged_writes`, invariant `no-lost-majority-writes`), each
/// named by its oplog entry: the shard and optime its primary answered with (``StoreResult/opTime``),
/// plus its chunk-space position (for migrations). 24 bytes per write and no document on the shards.
///
/// A write is lost when the shard's final history (``ReplicaSetMember/history`` of the member the
/// check reads: term starts, so trimmed and initial-synced entries count) does not hold its optime
/// — it was rolled back (§1.8 of reference/store-auth-logs.md) — unless a chunk migration that
/// committed had cloned it first: the donor primary's clone (``StoreEvent/chunkCloned``) carries every
/// entry of its history in the range, uncommitted ones included, so the write lives on at the
/// recipient even if the donor later rolls it back. A write still in its shard's history is present
/// whether or not its chunk moved since (the history does not forget entries whose documents left).
///
/// ```swift
/// var writes = AcknowledgedWrites()
/// writes.insert(ShardOpTime(shard: ShardID(0), opTime: OpTime(term: 1, index: 7)), position: 42, majority: false)
/// writes.lost(finalHistories: [history0], migrated: []).all   // 0 if history0 holds (1, 7)
/// ```
struct AcknowledgedWrites {
    /// One acknowledged write.
    struct Write {
        var index: Int64
        var position: Int64
        var term: Int32
        var shard: Int16
        var majority: Bool

        var opTime: OpTime { OpTime(term: Int64(term), index: index) }
    }

    /// A chunk range of the purchases collection cloned from `shard` by a migration, with the donor
    /// primary's history at the clone.
    struct ClonedRange {
        var shard: ShardID
        var range: ChunkRange
        var history: OpTimeHistory
    }

    private var writes: [Write] = []
    /// Acknowledged purchase writes (all write concerns).
    var count: Int { writes.count }
    /// Of those, acknowledged with `w:"majority"`.
    private(set) var majorityCount = 0

    /// Records the acknowledgement of the write at `opTime`; `position` is its shard key's position in
    /// chunk space.
    mutating func insert(_ opTime: ShardOpTime, position: Int64, majority: Bool) {
        writes.append(Write(index: opTime.opTime.index, position: position, term: Int32(truncatingIfNeeded: opTime.opTime.term),
                            shard: Int16(truncatingIfNeeded: opTime.shard.rawValue), majority: majority))
        if majority { majorityCount += 1 }
    }

    /// Lost writes: those neither in their shard's final history (`finalHistories[shard]`; nil or
    /// missing: the shard holds nothing) nor carried away by one of the `migrated` ranges (committed
    /// migrations). Returns (lost, lost with `w:"majority"`).
    func lost(finalHistories: [OpTimeHistory?], migrated: [ClonedRange]) -> (all: Int, majority: Int) {
        var lost = 0, lostMajority = 0
        for write in writes {
            let shard = Int(write.shard)
            let opTime = write.opTime
            if shard < finalHistories.count, let history = finalHistories[shard], history.contains(opTime) { continue }
            if migrated.contains(where: { Int($0.shard.rawValue) == shard && $0.range.contains(write.position) && $0.history.contains(opTime) }) {
                continue
            }
            lost += 1
            if write.majority { lostMajority += 1 }
        }
        return (lost, lostMajority)
    }
}
