import Testing
import PropertyBased
import SimulationPrimitives
@testable import ShardedStore

/// A member's retryable-write table (``RetryTable``, performance round 7: indexed by session id,
/// with a dictionary for large ids) against the dictionary it replaced: through random updates
/// (returning the replaced state), assignments and removals (as a rollback restores pre-images),
/// look-ups and clears, over small session ids and ids beyond the dense range.
@Suite struct RetryTableTests {
    static func session(_ random: inout RandomStream) -> SessionID {
        switch random.nextInt(below: 10) {
        case 0..<7: return SessionID(UInt64(random.nextInt(below: 64)))
        case 7: return SessionID(RetryTable.denseLimit - 1 + UInt64(random.nextInt(below: 3)))
        default: return SessionID(UInt64.max - UInt64(random.nextInt(below: 3)))
        }
    }

    @Test func behavesLikeADictionary() async {
        await propertyCheck(count: 25, input: Gen.int(in: 1...1_000_000)) { seed in
            var random = RandomStream(seed: UInt64(seed))
            var table = RetryTable()
            var reference: [SessionID: ReplicaSetMember.RetryState] = [:]
            for step in 0..<400 {
                let session = Self.session(&random)
                let state = ReplicaSetMember.RetryState(
                    record: RetryRecord(session: session, transactionNumber: Int64(step), outcome: .deleted(matched: random.nextBool(probability: 0.5))),
                    index: Int64(step))
                switch random.nextInt(below: 10) {
                case 0..<5:
                    #expect(table.updateValue(state, forKey: session) == reference.updateValue(state, forKey: session), "seed \(seed), step \(step)")
                case 5..<7:
                    let value: ReplicaSetMember.RetryState? = random.nextBool(probability: 0.5) ? state : nil
                    table[session] = value
                    reference[session] = value
                case 7:
                    if random.nextBool(probability: 0.05) { table.removeAll(); reference.removeAll() }
                default:
                    break
                }
                #expect(table[session] == reference[session], "seed \(seed), step \(step)")
                if step % 40 == 0 {
                    #expect(table.values.sorted { $0.record.session < $1.record.session } == reference.values.sorted { $0.record.session < $1.record.session },
                            "seed \(seed), step \(step)")
                }
            }
        }
    }
}
