import ShardedStore

/// The acknowledged purchase writes, for the end-of-run check "no majority-acknowledged purchase
/// lost" (DESIGN §2; metric `lost_acknowledged_writes`, invariant `no-lost-majority-writes`), each
/// named by its oplog entry: the shard and optime its primary answered with (``StoreResult/opTime``),
/// plus its chunk-space position (for migrations). 16 bytes per write and no document on the shards.
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
    /// One acknowledged write in 16 bytes: its optime and shard packed in one word (oplog index: 40
    /// bits, term: 16 bits, shard: 7 bits, write concern: 1 bit), and its chunk-space position.
    struct Write {
        var packed: UInt64
        var position: Int64

        static let indexBits: UInt64 = 40, termBits: UInt64 = 16, shardBits: UInt64 = 7

        init(_ opTime: ShardOpTime, position: Int64, majority: Bool) {
            let index = UInt64(opTime.opTime.index), term = UInt64(opTime.opTime.term), shard = UInt64(opTime.shard.rawValue)
            precondition(opTime.opTime.index >= 0 && index < 1 << Self.indexBits && opTime.opTime.term >= 0 && term < 1 << Self.termBits
                         && opTime.shard.rawValue >= 0 && shard < 1 << Self.shardBits, "optime \(opTime.opTime) of \(opTime.shard) beyond the packing")
            packed = index | term << Self.indexBits | shard << (Self.indexBits + Self.termBits)
                | (majority ? 1 : 0) << (Self.indexBits + Self.termBits + Self.shardBits)
            self.position = position
        }

        var opTime: OpTime {
            OpTime(term: Int64((packed >> Self.indexBits) & (1 << Self.termBits - 1)), index: Int64(packed & (1 << Self.indexBits - 1)))
        }
        var shard: Int { Int((packed >> (Self.indexBits + Self.termBits)) & (1 << Self.shardBits - 1)) }
        var majority: Bool { packed >> (Self.indexBits + Self.termBits + Self.shardBits) != 0 }
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
        writes.append(Write(opTime, position: position, majority: majority))
        if majority { majorityCount += 1 }
    }

    /// Lost writes: those neither in their shard's final history (`finalHistories[shard]`; nil or
    /// missing: the shard holds nothing) nor carried away by one of the `migrated` ranges (committed
    /// migrations). Returns (lost, lost with `w:"majority"`).
    func lost(finalHistories: [OpTimeHistory?], migrated: [ClonedRange]) -> (all: Int, majority: Int) {
        var lost = 0, lostMajority = 0
        for write in writes {
            let shard = write.shard
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
