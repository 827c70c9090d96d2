import SimulationPrimitives

/// The bare documents of one collection on one member (see ``DocumentStore``): `_id` major part →
/// shard-key value, in an open-addressing hash table (linear probing, Fibonacci hashing of the id,
/// backward-shift deletion, grown ×2 at 3/4 load).
///
/// It replaces an `[Int64: Int64]` (issue 6, round 7, branch `perfstore4`): the dictionary hashed
/// every id through SipHash (`Hasher`), ~280 instructions an `updateValue` and ~150 a lookup on the
/// full reference run; here a probe is a multiply, a shift and a compare or two. Same memory per
/// entry as the dictionary (16 bytes a slot, at most 3/4 full). A paged direct index (as
/// `CinemaDomain`'s `DenseSlotIndex`) was not used: most collections' ids are sparse in the id
/// space (catalogue ids are shared by ten collections, run-time ids by purchases, showtimes and
/// users), so pages would hold a few ids each.
///
/// Iteration order (``forEach(_:)``) is the table's slot order: deterministic for one sequence of
/// operations, but callers must not depend on it (``DocumentStore`` sorts what it returns).
struct BareDocumentTable: Sendable {
    /// One slot: an id and its shard-key value; `id == empty` marks a free slot.
    struct Entry: Sendable {
        var id: Int64
        var key: Int64
    }

    /// The free-slot marker. The id `Int64.min` itself is kept apart in ``minIDKey``.
    static let empty = Int64.min

    /// Power-of-two number of slots (or none).
    private var slots: [Entry] = []
    /// `64 − log2(slots.count)`: the home slot is the top bits of `id × 2⁶⁴/φ`.
    private var shift: UInt64 = 64
    /// Ids in ``slots``.
    private var used = 0
    /// The shard-key value of id `Int64.min`, if present.
    private var minIDKey: Int64?

    init() {}

    /// Number of ids held.
    var count: Int { used + (minIDKey == nil ? 0 : 1) }

    var isEmpty: Bool { used == 0 && minIDKey == nil }

    @inline(__always) private func home(_ id: Int64) -> Int { Self.home(id, shift: shift) }

    /// The home slot of `id` in a table of `2^(64 − shift)` slots: the top bits of `id × 2⁶⁴/φ`.
    @inline(__always) private static func home(_ id: Int64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: id) &* 0x9E37_79B9_7F4A_7C15) &>> shift)
    }

    /// The slot holding `id` (not `empty`), or nil.
    @inline(__always) private func slot(of id: Int64) -> Int? {
        if used == 0 { return nil }
        return slots.withUnsafeBufferPointer { buffer in
            let mask = buffer.count - 1
            var i = home(id)
            while true {
                let found = buffer[i].id
                if found == id { return i }
                if found == Self.empty { return nil }
                i = (i + 1) & mask
            }
        }
    }

    /// The shard-key value of `id`, or nil when absent.
    @inline(__always) subscript(id: Int64) -> Int64? {
        if id == Self.empty { return minIDKey }
        guard let i = slot(of: id) else { return nil }
        return slots.withUnsafeBufferPointer { $0[i].key }
    }

    /// Sets `id`'s value to `key`; returns the previous value (nil: `id` is new).
    @discardableResult
    mutating func updateValue(_ key: Int64, forKey id: Int64) -> Int64? {
        if id == Self.empty {
            let old = minIDKey
            minIDKey = key
            return old
        }
        if (used + 1) * 4 > slots.count * 3 { grow() }
        let start = home(id)
        let old: Int64? = slots.withUnsafeMutableBufferPointer { buffer in
            let mask = buffer.count - 1
            var i = start
            while true {
                let found = buffer[i].id
                if found == id {
                    let old = buffer[i].key
                    buffer[i].key = key
                    return old
                }
                if found == Self.empty {
                    buffer[i] = Entry(id: id, key: key)
                    return nil
                }
                i = (i + 1) & mask
            }
        }
        if old == nil { used += 1 }
        return old
    }

    /// Removes `id`; returns its value (nil: absent).
    @discardableResult
    mutating func removeValue(forKey id: Int64) -> Int64? {
        if id == Self.empty {
            let old = minIDKey
            minIDKey = nil
            return old
        }
        guard let at = slot(of: id) else { return nil }
        let shift = self.shift
        used -= 1
        return slots.withUnsafeMutableBufferPointer { buffer in
            let mask = buffer.count - 1
            let old = buffer[at].key
            // Backward shift: move up each later entry of the probe run whose home slot does not
            // lie cyclically in (hole, j], so every entry stays reachable from its home.
            var hole = at
            var j = (at + 1) & mask
            while buffer[j].id != Self.empty {
                let h = Self.home(buffer[j].id, shift: shift)
                let stays = hole <= j ? (h > hole && h <= j) : (h > hole || h <= j)
                if !stays {
                    buffer[hole] = buffer[j]
                    hole = j
                }
                j = (j + 1) & mask
            }
            buffer[hole] = Entry(id: Self.empty, key: 0)
            return old
        }
    }

    /// Calls `body` with every (id, value), in slot order (not sorted).
    func forEach(_ body: (Int64, Int64) -> Void) {
        for entry in slots where entry.id != Self.empty { body(entry.id, entry.key) }
        if let key = minIDKey { body(Self.empty, key) }
    }

    /// Every id held, in slot order (not sorted).
    var ids: [Int64] {
        var all: [Int64] = []
        all.reserveCapacity(count)
        forEach { id, _ in all.append(id) }
        return all
    }

    /// Doubles the slots (16 at first) and reinserts every entry.
    private mutating func grow() {
        let old = slots
        let capacity = Swift.max(16, old.count * 2)
        slots = Array(repeating: Entry(id: Self.empty, key: 0), count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        let shift = self.shift
        slots.withUnsafeMutableBufferPointer { buffer in
            let mask = capacity - 1
            for entry in old where entry.id != Self.empty {
                var i = Self.home(entry.id, shift: shift)
                while buffer[i].id != Self.empty { i = (i + 1) & mask }
                buffer[i] = entry
            }
        }
    }
}
