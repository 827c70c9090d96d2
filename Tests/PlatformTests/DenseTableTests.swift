import Testing
import PropertyBased
@testable import Platform

/// ``DenseTable`` (the simulation's pointer-backed `nodes`, `balancers` and `gateways`) against
/// `Array` (what it replaces): after any sequence of appends and in-place writes both hold the same
/// values at the same indices, with the same count, indices and reductions.
@Suite("Dense table")
struct DenseTableTests {
    /// A value holding references (a string and an array), so moves on growth and teardown of
    /// non-trivial elements are exercised.
    struct Element: Equatable {
        var id: Int
        var text: String
        var waiting: [Int32]
    }

    static func element(_ n: Int) -> Element {
        Element(id: n, text: "node-\(n)-" + String(repeating: "y", count: n % 30), waiting: Array(repeating: Int32(n % 11), count: n % 4))
    }

    /// The table lives in a class, as in the simulation (a non-copyable stored property).
    final class Box {
        var table = DenseTable<Element>()
        var optionals = DenseTable<Element?>()
    }

    @Test func tableBehavesLikeAnArray() async {
        // Each op: 0…3 append, 4…7 write fields of the op-th element in place, 8…9 replace it whole.
        await propertyCheck(count: 200, input: Gen.int(in: 0...9).array(of: 0...300), Gen.int(in: 0...1_000)) { ops, salt in
            let box = Box()
            var array: [Element] = []
            for (step, op) in ops.enumerated() {
                let pick = array.isEmpty ? 0 : (step &* 37 &+ salt) % array.count
                switch op {
                case 0...3:
                    box.table.append(Self.element(step + salt))
                    array.append(Self.element(step + salt))
                case 4...7 where !array.isEmpty:
                    box.table[pick].id += step
                    box.table[pick].waiting.append(Int32(step))
                    array[pick].id += step
                    array[pick].waiting.append(Int32(step))
                case 8...9 where !array.isEmpty:
                    box.table[pick] = Self.element(salt * 3 + step + 1_000)
                    array[pick] = Self.element(salt * 3 + step + 1_000)
                default:
                    break
                }
            }
            #expect(box.table.count == array.count)
            #expect(box.table.indices == array.indices)
            #expect(box.table.isEmpty == array.isEmpty)
            for index in array.indices { #expect(box.table[index] == array[index]) }
            let sum = box.table.reduce(0) { $0 + $1.id + $1.waiting.count }
            #expect(sum == array.reduce(0) { $0 + $1.id + $1.waiting.count })
        }
    }

    @Test func growthKeepsEveryValueAndOptionalsWriteInPlace() {
        // Past the first capacity (16) several times: values move, none is lost or duplicated.
        let box = Box()
        for n in 0..<1_000 {
            box.table.append(Self.element(n))
            box.optionals.append(n % 3 == 0 ? Self.element(n) : nil)
        }
        #expect(box.table.count == 1_000)
        for n in 0..<1_000 { #expect(box.table[n] == Self.element(n)) }
        // In-place mutation through the optional, as `gateways[node]!.receiveCompact(…)` does.
        for n in stride(from: 0, to: 1_000, by: 3) { box.optionals[n]!.id = -n }
        let present = box.optionals.reduce(0) { $0 + ($1 == nil ? 0 : 1) }
        #expect(present == 334)
        for n in 0..<1_000 { #expect(box.optionals[n]?.id == (n % 3 == 0 ? -n : nil)) }
    }
}
