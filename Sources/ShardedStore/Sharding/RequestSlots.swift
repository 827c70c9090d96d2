/// A table of requests in progress whose ids carry their slot: `id = sequence << slotBits | slot`.
/// Finding a request by id is an array index and one comparison instead of a hash probe, the
/// request is changed in place (no take-out and re-insert to keep its arrays uniquely referenced),
/// and a finished request's slot is reused, so memory follows the requests in flight.
///
/// An id names one request only: the slot check compares the whole id (sequence included), so a
/// late answer for a finished request whose slot was reused is not mistaken for the new one.
/// `sequence` is the caller's counter (positive, strictly increasing), so ids are unique for the
/// table's lifetime. Nothing here depends on iteration order: callers that visit requests in
/// creation order keep their own list of ids (``MongosRouter``'s `requestOrder`).
///
/// Slots hold plain elements, not optionals: a free slot holds the `vacant` element (no payload),
/// and which slots are occupied is kept apart, so reading or changing a request through
/// ``subscript(slot:)`` touches it in place (through an optional, each access copied the request).
struct RequestSlots<Element> {
    /// Bits of an id holding the slot: at most 2²⁰ requests in progress at once.
    static var slotBits: UInt64 { 20 }
    static var slotMask: UInt64 { (1 << slotBits) - 1 }
    /// Largest sequence number: ids must fit 52 bits (a mongos shard request id adds 12 bits of
    /// attempt and sub-request, ``MongosRouter/encode(_:attempt:sub:)``).
    static var maxSequence: UInt64 { (1 << (52 - slotBits)) - 1 }

    /// Slot storage (``vacant`` when free: see ``isOccupied(_:)``).
    private(set) var elements: [Element] = []
    /// Id of each slot's occupant, 0 when free.
    private var ids: [UInt64] = []
    private var free: [Int32] = []
    /// Requests in the table.
    private(set) var count = 0
    /// What a free slot holds.
    let vacant: Element

    /// An empty table whose free slots hold `vacant` (choose one without heap payload, so freeing
    /// a slot releases the finished request's storage).
    init(vacant: Element) { self.vacant = vacant }

    /// Whether slot `slot` (an index of ``elements``) holds a request.
    @inline(__always) func isOccupied(_ slot: Int) -> Bool { ids[slot] != 0 }

    /// Stores `element` under a new id made of `sequence` (> 0, increasing) and a free slot.
    mutating func insert(_ element: consuming Element, sequence: UInt64) -> UInt64 {
        precondition(sequence > 0 && sequence <= Self.maxSequence, "request sequence out of range")
        let slot: Int
        if let reused = free.popLast() {
            slot = Int(reused)
            elements[slot] = element
        } else {
            slot = elements.count
            precondition(UInt64(slot) <= Self.slotMask, "more than 2^20 requests in progress")
            elements.append(element)
            ids.append(0)
        }
        let id = sequence << Self.slotBits | UInt64(slot)
        ids[slot] = id
        count += 1
        return id
    }

    /// The slot of request `id`, or `nil` when it is not in the table (finished, or never was).
    @inline(__always) func slot(of id: UInt64) -> Int? {
        let slot = Int(truncatingIfNeeded: id & Self.slotMask)
        return slot < ids.count && ids[slot] == id && id != 0 ? slot : nil
    }

    /// Whether request `id` is in the table.
    @inline(__always) func contains(_ id: UInt64) -> Bool { slot(of: id) != nil }

    /// Request `id`, copied out, or `nil`.
    subscript(id: UInt64) -> Element? {
        guard let slot = slot(of: id) else { return nil }
        return elements[slot]
    }

    /// The request in `slot` (from ``slot(of:)``), read and changed in place. Precondition: occupied.
    subscript(slot slot: Int) -> Element {
        @inline(__always) _read { yield elements[slot] }
        @inline(__always) _modify { yield &elements[slot] }
    }

    /// Frees slot `slot` (from ``slot(of:)``) and leaves its request there until the slot is reused
    /// (``insert(_:sequence:)`` then replaces it): no copy when a request finishes. A free slot so
    /// holds at most one finished request, so memory stays bounded by the peak in flight.
    mutating func release(slot: Int) {
        precondition(ids[slot] != 0, "slot \(slot) is free")
        ids[slot] = 0
        free.append(Int32(slot))
        count -= 1
    }

    /// Takes request `id` out of the table (moved, not copied); `nil` when absent.
    mutating func remove(_ id: UInt64) -> Element? {
        guard let slot = slot(of: id) else { return nil }
        ids[slot] = 0
        free.append(Int32(slot))
        count -= 1
        var element = vacant
        swap(&element, &elements[slot])
        return element
    }
}

extension RequestSlots: Sendable where Element: Sendable {}
