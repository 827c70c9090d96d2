import Testing
import PropertyBased
@testable import Platform

/// ``SlotTable`` (the simulation's pointer-backed tables) against ``SlotPool`` (the `Array`
/// version it replaces): after any sequence of acquisitions, releases and in-place writes both
/// hand out the same slots and generations, report the same current/stale answers, keep the same
/// values in every slot (released slots keep their old value in both) and the same counts.
@Suite("Slot table")
struct SlotTableTests {
    /// A value holding a reference (a string and an array), so moves, reuse and teardown of
    /// non-trivial elements are exercised.
    struct Element: Equatable {
        var id: Int
        var text: String
        var seats: [UInt16]
    }

    static func element(_ n: Int) -> Element {
        Element(id: n, text: "element-\(n)-" + String(repeating: "x", count: n % 40), seats: Array(repeating: UInt16(n % 7), count: n % 5))
    }

    @Test func tableBehavesLikeThePool() async {
        // Each op: 0…4 acquire, 5…7 release the op-th live slot, 8…9 write a field in place.
        await propertyCheck(count: 200, input: Gen.int(in: 0...9).array(of: 0...400), Gen.int(in: 0...1_000)) { ops, salt in
            let table = Box()
            var pool = SlotPool<Element>()
            var live: [(index: Int32, generation: UInt32)] = []
            for (step, op) in ops.enumerated() {
                let pick = live.isEmpty ? 0 : (step &* 31 &+ salt) % live.count
                switch op {
                case 0...4:
                    #expect(table.slots.nextIndex == pool.nextIndex)
                    let value = Self.element(step + salt)
                    let a = table.slots.acquire(value)
                    let b = pool.acquire(value)
                    #expect(a == b)
                    live.append(a)
                case 5...7 where !live.isEmpty:
                    let slot = live.remove(at: pick)
                    table.slots.release(slot.index)
                    pool.release(slot.index)
                    let stale = !table.slots.isCurrent(slot.index, slot.generation)
                    #expect(stale)
                case 8...9 where !live.isEmpty:
                    let slot = live[pick].index
                    table.slots[slot].seats.append(UInt16(step))
                    table.slots[slot].id += 1
                    pool[slot].seats.append(UInt16(step))
                    pool[slot].id += 1
                default:
                    break
                }
            }
            #expect(table.slots.count == pool.elements.count)
            #expect(table.slots.elements.count == pool.elements.count)
            #expect(table.slots.live == pool.live)
            #expect(table.slots.highWater == pool.highWater)
            #expect(table.slots.nextIndex == pool.nextIndex)
            for index in 0..<Int32(pool.elements.count) {
                #expect(table.slots[index] == pool[index])
                let generation = table.slots.generation(index)
                #expect(generation == pool.generation(index))
            }
            for slot in live {
                let current = table.slots.isCurrent(slot.index, slot.generation) && pool.isCurrent(slot.index, slot.generation)
                #expect(current)
            }
            // Out of range (negative or past the end) is never current.
            let outOfRange = table.slots.isCurrent(-1, 0) || table.slots.isCurrent(Int32(pool.elements.count), 0)
            #expect(!outOfRange)
        }
    }

    @Test func growthKeepsEveryValue() {
        // Past the first capacity (16) several times: values move, generations and the free list stay.
        let table = Box()
        for n in 0..<1_000 {
            let slot = table.slots.acquire(Self.element(n))
            #expect(slot == (Int32(n), 0))
        }
        for n in stride(from: 0, to: 1_000, by: 3) { table.slots.release(Int32(n)) }
        #expect(table.slots.live == 1_000 - 334)
        #expect(table.slots.nextIndex == 999)
        for n in 0..<1_000 {
            #expect(table.slots[Int32(n)] == Self.element(n))
            let generation = table.slots.generation(Int32(n))
            #expect(generation == (n % 3 == 0 ? 1 : 0))
        }
        // Reuse: last released first, with its bumped generation.
        let reused = table.slots.acquire(Self.element(5_000))
        #expect(reused == (999, 1))
        #expect(table.slots[999] == Self.element(5_000))
        #expect(table.slots.highWater == 1_000)
    }

    /// The table lives in a class, as in the simulation (a non-copyable stored property).
    final class Box {
        var slots = SlotTable<Element>()
    }
}
