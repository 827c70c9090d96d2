/// A pool of reusable value slots with a free list: per-request state lives here and is reused
/// when the request ends, so memory follows the number in flight, never the number simulated
/// (DESIGN §2 "Bounded memory").
///
/// Each slot has a generation that changes on release; events carry (index, generation) and a
/// stale event (its slot was released and maybe reused) is recognised and ignored.
struct SlotPool<Element> {
    private(set) var elements: [Element] = []
    private(set) var generations: [UInt32] = []
    private var free: [Int32] = []
    private(set) var live = 0
    /// Most slots ever live at once.
    private(set) var highWater = 0

    /// Stores `element` in a free slot; returns the slot's index and generation.
    mutating func acquire(_ element: consuming Element) -> (index: Int32, generation: UInt32) {
        live += 1
        highWater = max(highWater, live)
        // `last` + `removeLast()`: `popLast()` is not inlined (a call per acquire).
        if let index = free.last {
            free.removeLast()
            elements[Int(index)] = element
            return (index, generations[Int(index)])
        }
        elements.append(element)
        generations.append(0)
        return (Int32(elements.count - 1), 0)
    }

    /// The index the next ``acquire(_:)`` will return (the last released slot, else a new one).
    var nextIndex: Int32 { free.last ?? Int32(elements.count) }

    /// Releases slot `index`; later events holding its old generation become stale.
    mutating func release(_ index: Int32) {
        generations[Int(index)] &+= 1
        free.append(index)
        live -= 1
    }

    @inline(__always) func isCurrent(_ index: Int32, _ generation: UInt32) -> Bool {
        Int(index) < generations.count && generations[Int(index)] == generation
    }

    @inline(__always) func generation(_ index: Int32) -> UInt32 { generations[Int(index)] }

    subscript(index: Int32) -> Element {
        // A borrow, not a copy: `calls[c].step` reads one field without retaining the element's
        // strings and arrays.
        @inline(__always) _read { yield elements[Int(index)] }
        @inline(__always) _modify { yield &elements[Int(index)] }
    }
}
