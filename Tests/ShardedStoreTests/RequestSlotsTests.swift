import Testing
import PropertyBased
import SimulationPrimitives
@testable import ShardedStore

/// Mongos's request table (ids carry their slot) against the dictionary it replaced: through random
/// inserts, in-place changes, removals and look-ups of finished and never-issued ids, both hold the
/// same requests under the same ids, and a finished request's id is never found again even after
/// its slot is reused.
@Suite struct RequestSlotsTests {
    @Test func behavesLikeADictionary() async {
        await propertyCheck(count: 60, input: Gen.int(in: 1...1_000_000)) { seed in
            var random = RandomStream(seed: UInt64(seed))
            var slots = RequestSlots<Int>(vacant: -1)
            var reference: [UInt64: Int] = [:]
            var issued: [UInt64] = []
            var sequence: UInt64 = 0
            for step in 0..<400 {
                switch random.nextInt(below: 10) {
                case 0..<4:
                    sequence += 1
                    let value = random.nextInt(below: 1_000)
                    let id = slots.insert(value, sequence: sequence)
                    #expect(reference[id] == nil, "seed \(seed), step \(step): id \(id) issued twice")
                    reference[id] = value
                    issued.append(id)
                case 4..<7:
                    guard !issued.isEmpty else { continue }
                    let id = issued[random.nextInt(below: issued.count)]
                    if random.nextBool(probability: 0.5), let s = slots.slot(of: id) {
                        slots.release(slot: s)   // freed in place (as mongos finishes a request)
                        #expect(reference.removeValue(forKey: id) != nil, "seed \(seed), step \(step)")
                    } else {
                        #expect(slots.remove(id) == reference.removeValue(forKey: id), "seed \(seed), step \(step)")
                    }
                case 7..<9:
                    guard !issued.isEmpty else { continue }
                    let id = issued[random.nextInt(below: issued.count)]
                    if let s = slots.slot(of: id) {
                        slots[slot: s] += 1
                        reference[id]! += 1
                    } else {
                        #expect(reference[id] == nil, "seed \(seed), step \(step)")
                    }
                default:
                    // An id never issued: an occupied slot under another sequence, or a slot past the end.
                    let id = (sequence + 1 + UInt64(random.nextInt(below: 5))) << RequestSlots<Int>.slotBits
                        | UInt64(random.nextInt(below: 8))
                    #expect(slots[id] == nil && !slots.contains(id), "seed \(seed), step \(step)")
                }
                #expect(slots.count == reference.count, "seed \(seed), step \(step)")
                for id in issued { #expect(slots[id] == reference[id], "seed \(seed), step \(step), id \(id)") }
            }
            // Memory follows the requests in flight: slots are reused, never more than the peak.
            #expect(slots.elements.count <= max(1, issued.count))
        }
    }

    @Test func idsCarryTheirSlotAndReuseFreedSlots() {
        var slots = RequestSlots<String>(vacant: "")
        let a = slots.insert("a", sequence: 1)
        let b = slots.insert("b", sequence: 2)
        #expect(a == 1 << 20 | 0)
        #expect(b == 2 << 20 | 1)
        #expect(slots.remove(a) == "a")
        let c = slots.insert("c", sequence: 3)
        #expect(c == 3 << 20 | 0)          // slot 0 reused under a new id
        #expect(slots[a] == nil)           // the finished request is not found in its old slot
        #expect(slots[c] == "c" && slots[b] == "b" && slots.count == 2 && slots.elements.count == 2)
        #expect(slots.slot(of: 0) == nil)
        #expect(slots.isOccupied(0) && slots.isOccupied(1))
        #expect(slots.remove(b) == "b" && !slots.isOccupied(1) && slots.elements[1] == "")   // a freed slot holds `vacant`
    }
}

/// `release(slot:)` frees a slot in place, as `remove` does, without handing the element back.
@Suite struct RequestSlotsReleaseTests {
    @Test func releaseFreesTheSlotAndTheIdIsNotFoundAgain() {
        var slots = RequestSlots<String>(vacant: "")
        let a = slots.insert("a", sequence: 1)
        let s = slots.slot(of: a)!
        slots.release(slot: s)
        #expect(slots[a] == nil && slots.count == 0 && !slots.isOccupied(s))
        let b = slots.insert("b", sequence: 2)
        #expect(slots.slot(of: b) == s && slots[b] == "b")   // the freed slot is reused
    }
}
