/// A growable array of `Element` in memory the table owns, for the simulation's per-node and
/// per-balancer state (`nodes`, `balancers`; ``GatewayTable`` is built on it): the `Array` API
/// those use (`append`, `count`, `indices`, `reduce`, an `Int` subscript), without copy-on-write.
///
/// Why: the simulation stores these in its class, and a write through `Array`'s subscript
/// (`nodes[n].busy += 1` in `callArrives`/`releaseWorker`, `balancers[b].noteRequestStarted(…)` in
/// `performOutboundActions`) checks that the buffer is uniquely referenced
/// (`swift_isUniquelyReferenced_nonNull_native`) every time. Here a write is a load of the base
/// pointer and a store into the element (docs/performance.md, round 7 — optional moves and node writes).
///
/// Non-copyable (it owns its memory and frees it in `deinit`), like ``SlotTable``: a stored
/// property is only borrowed in place, with no retain around an access. Addresses are stable only
/// between appends: ``append(_:)`` may move the elements, so do not hold an element `inout` across
/// a call that can append to the same table (the simulation appends only while building its topology).
struct DenseTable<Element>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    /// Elements stored (all initialised).
    private(set) var count = 0

    init() {
        capacity = 16
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    /// `0..<count`, as `Array.indices`.
    var indices: Range<Int> { 0..<count }

    /// Adds `element` at index `count` (capacity doubles when full; elements are moved, not copied).
    mutating func append(_ element: consuming Element) {
        if count == capacity {
            let newCapacity = capacity * 2
            let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
            newBase.moveInitialize(from: base, count: count)
            base.deallocate()
            base = newBase
            capacity = newCapacity
        }
        (base + count).initialize(to: element)
        count &+= 1
    }

    /// The address of element `index` (bounds-checked), for tables built on this one
    /// (``GatewayTable``); valid until the next ``append(_:)``.
    @inline(__always) func pointer(at index: Int) -> UnsafeMutablePointer<Element> {
        precondition(UInt(bitPattern: index) < UInt(count), "DenseTable: index out of range")
        return base + index
    }

    /// Combines the elements in index order, as `Sequence.reduce(_:_:)` (a non-copyable table is
    /// not a `Sequence`; for summaries over a table, not per event).
    func reduce<Result>(_ initialResult: Result, _ nextPartialResult: (Result, Element) throws -> Result) rethrows -> Result {
        var result = initialResult
        for index in 0..<count { result = try nextPartialResult(result, base[index]) }
        return result
    }

    /// Element `index` in place: a read borrows it, a write stores into it (no copy of the table,
    /// no uniqueness check). Bounds-checked like `Array`.
    subscript(index: Int) -> Element {
        @inline(__always) unsafeAddress {
            precondition(UInt(bitPattern: index) < UInt(count), "DenseTable: index out of range")
            return UnsafePointer(base + index)
        }
        @inline(__always) nonmutating unsafeMutableAddress {
            precondition(UInt(bitPattern: index) < UInt(count), "DenseTable: index out of range")
            return base + index
        }
    }
}
