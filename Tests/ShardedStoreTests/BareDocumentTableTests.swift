import Testing
import PropertyBased
import SimulationPrimitives
@testable import ShardedStore

/// ``BareDocumentTable`` (the bare documents' open-addressing table, round 7 `perfstore4`) against
/// the `[Int64: Int64]` it replaced: through random writes, overwrites and removals (backward-shift
/// deletion in long probe runs, growth), every lookup, the returned previous values, the count and
/// the set of entries visited answer the same.
@Suite struct BareDocumentTableTests {
    /// An id from one of several shapes: a small dense range (many collisions of probe runs after
    /// removals), a counter-like range far from zero, negatives, and the table's free-slot marker.
    static func randomID(_ random: inout RandomStream) -> Int64 {
        switch random.nextInt(below: 10) {
        case 0..<5: return Int64(random.nextInt(below: 64))
        case 5..<8: return 1_045_000 + Int64(random.nextInt(below: 200))
        case 8: return -Int64(random.nextInt(below: 8))
        default: return random.nextBool(probability: 0.5) ? Int64.min : Int64.max - Int64(random.nextInt(below: 3))
        }
    }

    @Test func answersEqualADictionary() async {
        await propertyCheck(count: 80, input: Gen.int(in: 1...1_000_000)) { seed in
            var random = RandomStream(seed: UInt64(seed))
            var table = BareDocumentTable()
            var model: [Int64: Int64] = [:]
            for step in 0..<600 {
                let id = Self.randomID(&random)
                if random.nextInt(below: 3) < 2 {
                    let key = Int64(random.nextInt(below: 5)) - 2
                    #expect(table.updateValue(key, forKey: id) == model.updateValue(key, forKey: id), "seed \(seed), step \(step): update \(id)")
                } else {
                    #expect(table.removeValue(forKey: id) == model.removeValue(forKey: id), "seed \(seed), step \(step): remove \(id)")
                }
                #expect(table.count == model.count && table.isEmpty == model.isEmpty)
                if step % 25 == 0 || step == 599 {
                    for probe in 0..<64 { #expect(table[Int64(probe)] == model[Int64(probe)]) }
                    for probe in 1_045_000..<1_045_200 { #expect(table[Int64(probe)] == model[Int64(probe)]) }
                    #expect(table[Int64.min] == model[Int64.min] && table[Int64.max] == model[Int64.max])
                    var visited: [Int64: Int64] = [:]
                    table.forEach { id, key in
                        #expect(visited.updateValue(key, forKey: id) == nil, "seed \(seed): \(id) visited twice")
                    }
                    #expect(visited == model, "seed \(seed), step \(step)")
                    #expect(table.ids.sorted() == model.keys.sorted())
                }
            }
        }
    }

    /// A dense run of ids, then every other one removed and reinserted: the table grows past
    /// several doublings and keeps every value.
    @Test func growthAndRemovalKeepEveryValue() {
        var table = BareDocumentTable()
        for id in Int64(0)..<5_000 { #expect(table.updateValue(id * 7, forKey: 1_000_000 + id) == nil) }
        #expect(table.count == 5_000)
        for id in stride(from: Int64(0), to: 5_000, by: 2) { #expect(table.removeValue(forKey: 1_000_000 + id) == id * 7) }
        #expect(table.count == 2_500)
        for id in Int64(0)..<5_000 {
            #expect(table[1_000_000 + id] == (id % 2 == 0 ? nil : id * 7))
        }
        for id in stride(from: Int64(0), to: 5_000, by: 2) { #expect(table.updateValue(-id, forKey: 1_000_000 + id) == nil) }
        for id in Int64(0)..<5_000 { #expect(table[1_000_000 + id] == (id % 2 == 0 ? -id : id * 7)) }
        #expect(table.count == 5_000 && table[999_999] == nil && table[1_005_000] == nil)
    }
}
