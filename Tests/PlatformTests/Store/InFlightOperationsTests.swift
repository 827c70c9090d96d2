import Testing
import SimulationPrimitives
import CinemaDomain
@testable import Platform

/// The drivers' in-flight operation table (``InFlightOperations``, performance round 7: direct
/// mapped by operation id instead of a dictionary) against the dictionary it replaced: through
/// sequential ids finishing out of order, operations left in flight long enough to make the table
/// grow and then spill into its overflow (a small `maxCapacity` window is forced by keeping many
/// alive), trace updates, look-ups of finished and never-issued ids, and clears.
@Suite struct InFlightOperationsTests {
    static func operation(_ n: Int, traced: Bool) -> InFlightStoreOperation {
        var op = InFlightStoreOperation(call: Int32(n % 1_000), callGeneration: UInt32(n % 7),
                                        operation: .find(.movies, key: Int64(n), shardKeyValue: Int64(n)), purchaseWriteKey: nil)
        if traced {
            op.trace = StoreHopTrace(traceID: UInt64(n), spanID: UInt64(n) + 1, parentSpanID: 0, sampling: .traced, start: .zero, route: 3)
        }
        return op
    }

    static func same(_ a: InFlightStoreOperation?, _ b: InFlightStoreOperation?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return a.call == b.call && a.callGeneration == b.callGeneration && a.operation == b.operation
            && a.trace?.traceID == b.trace?.traceID && a.trace?.callee == b.trace?.callee
    }

    @Test func behavesLikeADictionary() {
        for seed in 1...16 {
            var random = RandomStream(seed: UInt64(seed))
            var table = InFlightOperations(capacity: 4)
            var reference: [UInt64: InFlightStoreOperation] = [:]
            var nextID: UInt64 = 0
            // Some seeds keep a few operations alive for thousands of ids (past `maxCapacity`).
            let keepRate = random.nextBool(probability: 0.5) ? 0.002 : 0.0
            var kept: Set<UInt64> = []
            for step in 0..<6_000 {
                switch random.nextInt(below: 10) {
                case 0..<5:
                    nextID += 1
                    let op = Self.operation(Int(nextID), traced: random.nextBool(probability: 0.3))
                    table.insert(nextID, op)
                    reference[nextID] = op
                    if random.nextBool(probability: keepRate) { kept.insert(nextID) }
                case 5..<9:
                    // Finish a recent operation (ids near the newest), or an old or unknown one.
                    let back = UInt64(random.nextInt(below: 24))
                    let id = random.nextBool(probability: 0.9) && nextID > back ? nextID - back : UInt64(random.nextInt(below: Int(nextID) + 3))
                    guard !kept.contains(id) else { continue }
                    #expect(Self.same(table.remove(id), reference.removeValue(forKey: id)), "seed \(seed), step \(step)")
                default:
                    let id = UInt64(random.nextInt(below: Int(nextID) + 3))
                    if random.nextBool(probability: 0.5) {
                        let callee = Int32(random.nextInt(below: 50))
                        table.setTraceCallee(id, callee)
                        if reference[id]?.trace != nil { reference[id]!.trace!.callee = callee }
                    }
                    #expect(table.contains(id) == (reference[id] != nil), "seed \(seed), step \(step)")
                    #expect(table.trace(id)?.callee == reference[id]?.trace?.callee, "seed \(seed), step \(step)")
                    #expect(table.trace(id)?.traceID == reference[id]?.trace?.traceID, "seed \(seed), step \(step)")
                }
                #expect(table.count == reference.count, "seed \(seed), step \(step)")
                if step % 500 == 0 {
                    #expect(table.tracedCount == reference.values.filter { $0.trace != nil }.count, "seed \(seed), step \(step)")
                }
            }
            #expect(table.capacity <= InFlightOperations.maxCapacity)
            for (id, op) in reference { #expect(Self.same(table.remove(id), op), "seed \(seed): id \(id) at the end") }
            #expect(table.count == 0)
            table.insert(nextID + 1, Self.operation(1, traced: true))
            table.removeAll()
            #expect(table.count == 0 && table.tracedCount == 0 && !table.contains(nextID + 1))
        }
    }
}
