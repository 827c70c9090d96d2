import Testing
import ShardedStore
@testable import Platform

/// The lost-write check's bookkeeping (``AcknowledgedWrites``): a write is lost when its shard's final
/// history no longer holds its optime, unless a committed migration cloned it (with its chunk range)
/// before the donor rolled it back; `w:"majority"` ones are counted apart.
@Suite struct AcknowledgedWritesTests {
    static func history(_ opTimes: [(term: Int64, index: Int64)]) -> OpTimeHistory {
        var history = OpTimeHistory()
        for o in opTimes { history.append(OpTime(term: o.term, index: o.index)) }
        return history
    }

    static func write(_ shard: Int32, _ term: Int64, _ index: Int64) -> ShardOpTime {
        ShardOpTime(shard: ShardID(shard), opTime: OpTime(term: term, index: index))
    }

    @Test func aWriteIsLostWhenItsShardsHistoryNoLongerHoldsItsOptime() {
        // Shard 0: entries 1–3 of term 1, then a rollback of 3 and entries 3–4 of term 2.
        var shard0 = Self.history([(1, 1), (1, 2), (1, 3)])
        shard0.truncate(through: OpTime(term: 1, index: 2))
        shard0.append(OpTime(term: 2, index: 3))
        shard0.append(OpTime(term: 2, index: 4))
        let shard1 = Self.history([(1, 1), (1, 2)])
        var writes = AcknowledgedWrites()
        writes.insert(Self.write(0, 1, 2), position: 10, majority: true)    // kept
        writes.insert(Self.write(0, 1, 3), position: 11, majority: false)   // rolled back (index 3 is term 2 now)
        writes.insert(Self.write(0, 2, 4), position: 12, majority: true)    // kept
        writes.insert(Self.write(1, 1, 2), position: 13, majority: true)    // kept on shard 1
        writes.insert(Self.write(1, 1, 3), position: 14, majority: true)    // beyond shard 1's end: lost
        writes.insert(Self.write(0, 1, 2), position: 15, majority: false)   // same entry on shard 0: kept
        #expect(writes.count == 6 && writes.majorityCount == 4)
        let lost = writes.lost(finalHistories: [shard0, shard1], migrated: [])
        #expect(lost.all == 2)
        #expect(lost.majority == 1)
    }

    @Test func aCommittedMigrationsCloneKeepsWritesItCarriedInItsRange() {
        // The donor (shard 0) acknowledged (1, 3) with w:1, cloned range [0, 100) while it held it,
        // then rolled it back.
        var donor = Self.history([(1, 1), (1, 2), (1, 3)])
        let atClone = donor
        donor.truncate(through: OpTime(term: 1, index: 2))
        donor.append(OpTime(term: 2, index: 3))
        var writes = AcknowledgedWrites()
        writes.insert(Self.write(0, 1, 3), position: 50, majority: false)
        let cloned = AcknowledgedWrites.ClonedRange(shard: ShardID(0), range: ChunkRange(lower: 0, upper: 100), history: atClone)
        #expect(writes.lost(finalHistories: [donor], migrated: []).all == 1)
        #expect(writes.lost(finalHistories: [donor], migrated: [cloned]).all == 0)
        // Not in the range, from another shard, or cloned before the write: still lost.
        let elsewhere = AcknowledgedWrites.ClonedRange(shard: ShardID(0), range: ChunkRange(lower: 100, upper: nil), history: atClone)
        let otherShard = AcknowledgedWrites.ClonedRange(shard: ShardID(1), range: .all, history: atClone)
        let early = AcknowledgedWrites.ClonedRange(shard: ShardID(0), range: .all, history: Self.history([(1, 1), (1, 2)]))
        #expect(writes.lost(finalHistories: [donor], migrated: [elsewhere, otherShard, early]).all == 1)
    }

    /// The packed record gives back the optime, shard and write concern it was given, at the edges
    /// of its fields.
    @Test func packedRecordsRoundTrip() {
        for (shard, term, index, majority) in [(Int32(0), Int64(0), Int64(0), false), (0, 1, 1, true), (126, 65_535, (1 << 40) - 1, true),
                                               (127, 3, 123_456_789, false), (5, 65_534, 1, true)] {
            let write = AcknowledgedWrites.Write(Self.write(shard, term, index), position: -7, majority: majority)
            #expect(write.opTime == OpTime(term: term, index: index))
            #expect(write.shard == Int(shard) && write.majority == majority && write.position == -7)
        }
        #expect(MemoryLayout<AcknowledgedWrites.Write>.stride == 16)
    }

    @Test func nothingAcknowledgedNothingLostAndAMissingShardLosesItsWrites() {
        #expect(AcknowledgedWrites().lost(finalHistories: [], migrated: []).all == 0)
        var writes = AcknowledgedWrites()
        writes.insert(Self.write(2, 1, 1), position: 0, majority: true)
        let lost = writes.lost(finalHistories: [Self.history([(1, 1)]), nil], migrated: [])
        #expect(lost.all == 1 && lost.majority == 1)
    }
}
