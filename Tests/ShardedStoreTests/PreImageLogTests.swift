import Testing
import PropertyBased
import SimulationPrimitives
@testable import ShardedStore

/// A member's rollback pre-images (``PreImageLog``, performance round 7: released from the front
/// by moving a head index instead of `Array.removeFirst`) against the array they replaced: through
/// random appends (as entries apply), releases of the oldest (as the commit point advances, past the
/// compaction threshold too), rollbacks from the back and clears, both hold the same pre-images in
/// the same order.
@Suite struct PreImageLogTests {
    static func preImage(_ n: Int) -> ReplicaSetMember.PreImage {
        ReplicaSetMember.PreImage(previousDocument: n % 3 == 0 ? nil : Document(id: DocumentID(Int64(n)), shardKey: ShardKeyValue(Int64(n))),
                                  previousRetry: nil, previousVersion: nil)
    }

    @Test func behavesLikeAnArray() async {
        await propertyCheck(count: 60, input: Gen.int(in: 1...1_000_000)) { seed in
            var random = RandomStream(seed: UInt64(seed))
            var log = PreImageLog()
            var reference: [ReplicaSetMember.PreImage] = []
            var n = 0
            for step in 0..<2_000 {
                switch random.nextInt(below: 20) {
                case 0..<10:
                    n += 1
                    log.append(Self.preImage(n))
                    reference.append(Self.preImage(n))
                case 10..<17:
                    let k = random.nextInt(below: reference.count + 1)
                    log.removeFirst(k)
                    reference.removeFirst(k)
                case 17..<19:
                    guard !reference.isEmpty else { continue }
                    #expect(log.removeLast().previousDocument == reference.removeLast().previousDocument, "seed \(seed), step \(step)")
                default:
                    if random.nextBool(probability: 0.1) { log.removeAll(); reference.removeAll() }
                }
                #expect(log.count == reference.count, "seed \(seed), step \(step)")
                for i in 0..<reference.count { #expect(log[i].previousDocument == reference[i].previousDocument, "seed \(seed), step \(step), \(i)") }
            }
        }
    }
}
