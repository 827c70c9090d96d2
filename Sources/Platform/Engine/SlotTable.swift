/// ``SlotPool``'s slots in memory the table owns, for the simulation's hot per-request tables
/// (calls, outbounds, requests, sessions, bodies, handlers…): same slots, generations, free list
/// and reuse order, without copy-on-write.
///
/// Why: a write through `Array`'s subscript checks that the buffer is uniquely referenced
/// (`swift_isUniquelyReferenced_nonNull_native`), and the simulation's handlers write these tables
/// a dozen times per event through `self` — about 100 M checks (≈ 1.5 G instructions) in the
/// full reference run (docs/performance.md, round 7). The slots, their generations and the free
/// list are three ``DenseTable``s: a write is a load of the base pointer and a store.
///
/// The table is non-copyable (its dense tables own their memory), so a stored property
/// of the simulation is only ever borrowed in place: no retain/release around an access either
/// (round 5 tried a class-owned buffer inside a copyable pool and lost the saving to retains).
///
/// Like ``SlotPool``, every slot below ``count`` stays initialised: a released slot keeps its old
/// value until reused (code that scans all slots and checks ``isCurrent(_:_:)`` reads it).
/// Addresses are stable only between acquisitions: ``acquire(_:)`` may move the elements, so do
/// not hold an element `inout` across a call that can acquire in the same table (debug builds'
/// exclusivity checks catch such an overlap on the simulation's properties).
struct SlotTable<Element>: ~Copyable {
    /// Every slot created so far (live or free), each initialised; `elements` scans them.
    private var slots = DenseTable<Element>()
    /// Generation of each slot (bumped on release).
    private var generations = DenseTable<UInt32>()
    /// Released slots, the last released on top.
    private var freeSlots = DenseTable<Int32>()
    /// Slots in use.
    private(set) var live = 0
    /// Most slots ever live at once.
    private(set) var highWater = 0

    init() {}

    /// Slots created so far (live or free).
    var count: Int { slots.count }

    /// The slots created so far, for scans over every slot (`elements.count`, as on ``SlotPool``).
    var elements: UnsafeMutableBufferPointer<Element> { slots.buffer }

    /// Stores `element` in a free slot (the last one released, else a new one); returns the slot's
    /// index and generation.
    mutating func acquire(_ element: consuming Element) -> (index: Int32, generation: UInt32) {
        live &+= 1
        if live > highWater { highWater = live }
        if let index = freeSlots.popLast() {
            slots[Int(index)] = element
            return (index, generations[Int(index)])
        }
        slots.append(element)
        generations.append(0)
        return (Int32(slots.count &- 1), 0)
    }

    /// The index the next ``acquire(_:)`` will return (the last released slot, else a new one).
    var nextIndex: Int32 { freeSlots.isEmpty ? Int32(slots.count) : freeSlots[freeSlots.count - 1] }

    /// Releases slot `index`; later events holding its old generation become stale.
    mutating func release(_ index: Int32) {
        generations[Int(index)] &+= 1      // bounds-checked
        freeSlots.append(index)
        live &-= 1
    }

    @inline(__always) func isCurrent(_ index: Int32, _ generation: UInt32) -> Bool {
        UInt(bitPattern: Int(index)) < UInt(generations.count) && generations[Int(index)] == generation
    }

    @inline(__always) func generation(_ index: Int32) -> UInt32 {
        generations[Int(index)]
    }

    /// Element `index` in place: a read borrows it, a write stores into it (no copy of the table,
    /// no uniqueness check). Bounds-checked like `Array`.
    subscript(index: Int32) -> Element {
        @inline(__always) unsafeAddress { UnsafePointer(slots.pointer(at: Int(index))) }
        @inline(__always) nonmutating unsafeMutableAddress { slots.pointer(at: Int(index)) }
    }
}
