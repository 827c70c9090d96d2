/// ``SlotPool``'s slots in memory the table owns, for the simulation's hot per-request tables
/// (calls, outbounds, requests, sessions, bodies, handlers…): same slots, generations, free list
/// and reuse order, without copy-on-write.
///
/// Why: a write through `Array`'s subscript checks that the buffer is uniquely referenced
/// (`swift_isUniquelyReferenced_nonNull_native`), and the simulation's handlers write these tables
/// a dozen times per event through `self` — about 100 M checks (≈ 1.5 G instructions) in the
/// full reference run (docs/performance.md, round 7). Here an element is reached through a raw
/// pointer held by the table: a write is a load of the base pointer and a store.
///
/// Its three buffers are its own rather than three ``DenseTable``s: built that way (slots,
/// generations and a free-list stack) the 90 s reference run took 0.7 % more instructions, the
/// free-list push on every release and the optional pop on every acquire not folding away
/// (docs/performance.md, round 7 review).
///
/// The table is non-copyable (it owns its memory and frees it in `deinit`), so a stored property
/// of the simulation is only ever borrowed in place: no retain/release around an access either
/// (round 5 tried a class-owned buffer inside a copyable pool and lost the saving to retains).
///
/// Like ``SlotPool``, every slot below ``count`` stays initialised: a released slot keeps its old
/// value until reused (code that scans all slots and checks ``isCurrent(_:_:)`` reads it).
/// Addresses are stable only between acquisitions: ``acquire(_:)`` may move the elements, so do
/// not hold an element `inout` across a call that can acquire in the same table (debug builds'
/// exclusivity checks catch such an overlap on the simulation's properties).
struct SlotTable<Element>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private var generationBase: UnsafeMutablePointer<UInt32>
    private var freeBase: UnsafeMutablePointer<Int32>
    private var capacity: Int
    /// Slots created so far (live or free); every one is initialised.
    private(set) var count = 0
    private var freeCount = 0
    /// Slots in use.
    private(set) var live = 0
    /// Most slots ever live at once.
    private(set) var highWater = 0

    init() {
        capacity = 16
        base = .allocate(capacity: capacity)
        generationBase = .allocate(capacity: capacity)
        freeBase = .allocate(capacity: capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
        generationBase.deallocate()
        freeBase.deallocate()
    }

    /// The slots created so far, for scans over every slot (`elements.count`, as on ``SlotPool``).
    var elements: UnsafeMutableBufferPointer<Element> { UnsafeMutableBufferPointer(start: base, count: count) }

    /// Stores `element` in a free slot (the last one released, else a new one); returns the slot's
    /// index and generation.
    ///
    /// Inlined into its callers so that an element built in the argument (`calls.acquire(Call(…))`)
    /// is stored field by field into its slot: as a call, the caller built it on its stack and
    /// the table copied it in with `memcpy` (docs/performance.md, round 8). Growth stays out of line.
    @inline(__always)
    mutating func acquire(_ element: consuming Element) -> (index: Int32, generation: UInt32) {
        live &+= 1
        if live > highWater { highWater = live }
        if freeCount > 0 {
            freeCount &-= 1
            let index = freeBase[freeCount]
            // Destroy the stale value, then move the new one in: assigning through `pointee` ran
            // the type's generic assign-with-take value witness (~155 instructions of its own per
            // `Outbound`, which holds two references; docs/performance.md round 8).
            let slot = base + Int(index)
            slot.deinitialize(count: 1)
            slot.initialize(to: element)
            return (index, generationBase[Int(index)])
        }
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        generationBase[count] = 0
        count &+= 1
        return (Int32(count &- 1), 0)
    }

    /// Doubles the capacity of the three buffers (elements moved, not copied).
    @inline(never)
    private mutating func grow() {
        let newCapacity = capacity * 2
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        let newGenerations = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity)
        newGenerations.initialize(from: generationBase, count: count)
        generationBase.deallocate()
        generationBase = newGenerations
        let newFree = UnsafeMutablePointer<Int32>.allocate(capacity: newCapacity)
        newFree.initialize(from: freeBase, count: freeCount)
        freeBase.deallocate()
        freeBase = newFree
        capacity = newCapacity
    }

    /// The index the next ``acquire(_:)`` will return (the last released slot, else a new one).
    var nextIndex: Int32 { freeCount > 0 ? freeBase[freeCount - 1] : Int32(count) }

    /// Releases slot `index`; later events holding its old generation become stale.
    mutating func release(_ index: Int32) {
        precondition(UInt(bitPattern: Int(index)) < UInt(count), "SlotTable.release: index out of range")
        generationBase[Int(index)] &+= 1
        freeBase[freeCount] = index
        freeCount &+= 1
        live &-= 1
    }

    @inline(__always) func isCurrent(_ index: Int32, _ generation: UInt32) -> Bool {
        UInt(bitPattern: Int(index)) < UInt(count) && generationBase[Int(index)] == generation
    }

    @inline(__always) func generation(_ index: Int32) -> UInt32 {
        precondition(UInt(bitPattern: Int(index)) < UInt(count), "SlotTable: index out of range")
        return generationBase[Int(index)]
    }

    /// Element `index` in place: a read borrows it, a write stores into it (no copy of the table,
    /// no uniqueness check). Bounds-checked like `Array`.
    subscript(index: Int32) -> Element {
        @inline(__always) unsafeAddress {
            precondition(UInt(bitPattern: Int(index)) < UInt(count), "SlotTable: index out of range")
            return UnsafePointer(base + Int(index))
        }
        @inline(__always) nonmutating unsafeMutableAddress {
            precondition(UInt(bitPattern: Int(index)) < UInt(count), "SlotTable: index out of range")
            return base + Int(index)
        }
    }
}
