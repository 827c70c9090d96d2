import Testing
import PropertyBased
import SimulationPrimitives
@testable import ShardedStore

/// A member's oplog ring (``OplogRing``, performance round 8: trims without moving the kept
/// entries) against the `Array` it replaced: through random appends (growing the ring while its
/// head is anywhere), pops from the end (rollback), drops from the front (the window trim) and
/// clears (initial sync), the entries, their order, `first`/`last` and `count` must be the array's.
@Suite struct OplogRingTests {
    static func entry(_ index: Int64, _ random: inout RandomStream) -> OplogEntry {
        let change: OplogEntry.Change
        switch random.nextInt(below: 4) {
        case 0: change = .noop
        case 1: change = .remove(CollectionID(1), DocumentID(index))
        case 2: change = .placementVersion(CollectionID(0), PlacementVersion(index))
        default:
            change = .put(CollectionID(2), Document(id: DocumentID(index), shardKey: ShardKeyValue(index),
                                                    fields: [.init(id: FieldID(1), value: .string("v\(index)"))]))
        }
        let retry = random.nextBool(probability: 0.3)
            ? RetryRecord(session: SessionID(UInt64(index % 5)), transactionNumber: index, outcome: .inserted) : nil
        return OplogEntry(opTime: OpTime(term: 1, index: index), change: change, retry: retry)
    }

    @Test func behavesLikeAnArray() async {
        await propertyCheck(count: 30, input: Gen.int(in: 1...1_000_000)) { seed in
            var random = RandomStream(seed: UInt64(seed))
            var ring = OplogRing()
            var reference: [OplogEntry] = []
            var next: Int64 = 1
            for step in 0..<600 {
                switch random.nextInt(below: 20) {
                case 0..<11:
                    let entry = Self.entry(next, &random)
                    next += 1
                    ring.append(entry)
                    reference.append(entry)
                case 11..<14:
                    #expect(ring.popLast() == reference.popLast(), "seed \(seed), step \(step)")
                case 14..<19:
                    let k = random.nextInt(below: reference.count + 1)
                    ring.removeFirst(k)
                    reference.removeFirst(k)
                default:
                    if random.nextBool(probability: 0.1) { ring.removeAll(); reference.removeAll() }
                }
                #expect(ring.count == reference.count, "seed \(seed), step \(step)")
                #expect(ring.first == reference.first && ring.last == reference.last, "seed \(seed), step \(step)")
                if step % 25 == 0 { #expect(Array(ring) == reference, "seed \(seed), step \(step)") }
            }
            #expect(Array(ring) == reference, "seed \(seed)")
        }
    }

    /// A window trimmed by a quarter as it passes 1¼ of its capacity (as ``ReplicaSetMember`` does),
    /// its head wrapping around the ring many times: offsets still count from the oldest entry.
    @Test func trimmedWindowKeepsOffsets() {
        var random = RandomStream(seed: 7)
        var ring = OplogRing()
        var base: Int64 = 0
        for index in 1...2_000 as ClosedRange<Int64> {
            ring.append(Self.entry(index, &random))
            if ring.count > 100 + 25 {
                ring.removeFirst(25)
                base += 25
            }
            for offset in [0, ring.count / 2, ring.count - 1] {
                #expect(ring[offset].opTime.index == base + Int64(offset) + 1)
            }
        }
        // 75 trims (at entries 126, 151, …, 1,976), then 24 more appends.
        #expect(base == 1_875 && ring.count == 125 && ring.first?.opTime.index == 1_876 && ring.last?.opTime.index == 2_000)
    }
}
