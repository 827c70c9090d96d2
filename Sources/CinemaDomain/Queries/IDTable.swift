/// A table keyed by an entity's `Int64` id, read without hashing for the ids a catalogue uses.
///
/// Catalogue ids come from one counter starting at 1 (`CatalogueGenerator`), so every collection's
/// ids lie below a few tens of thousands: a look-up is an index into `slotOfID` (the slot + 1, 0 =
/// absent) and then into `values`, instead of a SipHash `Dictionary` probe (performance round 4,
/// docs/performance.md). Ids at or above ``denseLimit`` (entities created during a run take ids
/// above 1,000,000) fall back to a dictionary. Values live in a contiguous array in insertion order
/// and are read in place (`values[slot]`); entries are never removed (the read model only upserts).
///
/// Deterministic: nothing iterates the overflow dictionary; ``ids`` is in insertion order.
struct IDTable<Value>: Sendable where Value: Sendable {
    /// Ids below this are indexed directly (`slotOfID` grows to the largest such id seen: at most
    /// 4 B × 2¹⁸ = 1 MiB per table with the default).
    let denseLimit: Int64

    /// Slot + 1 of each id below ``denseLimit``, 0 when absent.
    private var slotOfID: [Int32] = []
    /// Slot of each id at or above ``denseLimit`` (or negative).
    private var overflow: [Int64: Int32] = [:]
    /// The values, by slot (insertion order).
    private(set) var values: [Value] = []
    /// The id of each slot.
    private(set) var ids: [Int64] = []

    /// An empty table indexing ids below `denseLimit` directly (default 2¹⁸: the catalogue's ids).
    init(denseLimit: Int64 = 1 << 18) { self.denseLimit = denseLimit }

    /// Number of entries.
    var count: Int { values.count }

    /// The slot of `id`, or nil when absent.
    @inline(__always) func slot(_ id: Int64) -> Int? {
        if id >= 0 && id < Int64(slotOfID.count) {
            let s = slotOfID[Int(id)]
            return s == 0 ? nil : Int(s - 1)
        }
        if id >= 0 && id < denseLimit { return nil }
        return overflow[id].map { Int($0) }
    }

    /// Whether `id` has an entry.
    @inline(__always) func contains(_ id: Int64) -> Bool { slot(id) != nil }

    /// The value of `id` (a copy), or nil. Set inserts or replaces; setting nil is not supported
    /// (entries are never removed) and traps.
    subscript(id: Int64) -> Value? {
        get { slot(id).map { values[$0] } }
        set {
            guard let newValue else { preconditionFailure("IDTable does not remove entries") }
            if let s = slot(id) { values[s] = newValue } else { append(id, newValue) }
        }
    }

    /// The value at `slot`, read or modified in place.
    @inline(__always) subscript(slot slot: Int) -> Value {
        _read { yield values[slot] }
        _modify { yield &values[slot] }
    }

    /// Calls `body` with `id`'s value in place (no copy of the value); nil when absent.
    @inline(__always) mutating func modify<R>(_ id: Int64, _ body: (inout Value) -> R) -> R? {
        guard let s = slot(id) else { return nil }
        return body(&values[s])
    }

    private mutating func append(_ id: Int64, _ value: Value) {
        let s = Int32(values.count)
        values.append(value)
        ids.append(id)
        if id >= 0 && id < denseLimit {
            if Int(id) >= slotOfID.count {
                // Grow geometrically (ids arrive roughly ascending), never past the limit.
                let wanted = min(Int(denseLimit), max(Int(id) + 1, slotOfID.count * 2))
                slotOfID.append(contentsOf: repeatElement(0, count: wanted - slotOfID.count))
            }
            slotOfID[Int(id)] = s + 1
        } else {
            overflow[id] = s
        }
    }
}
