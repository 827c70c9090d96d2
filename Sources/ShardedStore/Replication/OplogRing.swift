import SimulationPrimitives

/// A member's oplog window: the kept entries in order, as a ring buffer, so dropping the oldest
/// entries (``removeFirst(_:)``, the capped-collection trim) costs the entries' destruction only.
///
/// An `Array` shifted every remaining entry to the front on each trim: with the platform's
/// 10,000-entry window trimmed by a quarter (2,500 entries) at a time, every trim moved the other
/// ~10,000 entries (`Array.replaceSubrange` → `memmove`, about 1.1 M instructions a trim; 0.24 G of
/// the full reference run for 213 trims, round 8). Here the trim overwrites the dropped slots with
/// a payload-free placeholder and advances the head.
///
/// Offsets run `0..<count` from the oldest kept entry (what `Array` indices were), so the member's
/// code reads it as before: `oplog[offset]`, `first`, `last`, `enumerated()`, `filter`.
/// Slots are a power of two long (grown by doubling, never shrunk but by ``removeAll()``), so an
/// offset maps to a slot with one add and one mask.
struct OplogRing: RandomAccessCollection, Sendable {
    /// The ring's slots: `slots.count` is 0 or a power of two; free slots hold ``vacant``.
    private var slots: [OplogEntry] = []
    /// Slot of the oldest entry (offset 0).
    private var head = 0
    /// Number of entries kept.
    private(set) var count = 0

    /// What a free slot holds: no document, no retry record (nothing to release).
    static let vacant = OplogEntry(opTime: .zero, change: .noop, retry: nil)

    /// An empty oplog.
    init() {}

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    /// The entry at `offset` (0 is the oldest kept). Precondition: `0 <= offset < count`.
    subscript(offset: Int) -> OplogEntry {
        precondition(offset >= 0 && offset < count, "oplog offset out of range")
        return slots[(head &+ offset) & (slots.count &- 1)]
    }

    /// Appends `entry` after the newest (doubling the ring when full).
    mutating func append(_ entry: OplogEntry) {
        if count == slots.count { grow() }
        slots[(head &+ count) & (slots.count &- 1)] = entry
        count += 1
    }

    /// Removes and returns the newest entry, `nil` when empty.
    mutating func popLast() -> OplogEntry? {
        guard count > 0 else { return nil }
        count -= 1
        let slot = (head &+ count) & (slots.count &- 1)
        var entry = Self.vacant
        swap(&entry, &slots[slot])
        return entry
    }

    /// Drops the `k` oldest entries. Precondition: `0 <= k <= count`.
    mutating func removeFirst(_ k: Int) {
        precondition(k >= 0 && k <= count, "cannot drop \(k) of \(count) oplog entries")
        let mask = slots.count &- 1
        for _ in 0..<k {
            slots[head] = Self.vacant
            head = (head &+ 1) & mask
        }
        count -= k
        if count == 0 { head = 0 }
    }

    /// Drops every entry and the ring's storage.
    mutating func removeAll() {
        slots = []
        head = 0
        count = 0
    }

    /// Twice the slots (16 at first), the entries moved to the front in order.
    private mutating func grow() {
        let newCapacity = Swift.max(16, slots.count * 2)
        var newSlots = [OplogEntry]()
        newSlots.reserveCapacity(newCapacity)
        let mask = slots.count &- 1
        for offset in 0..<count {
            var entry = Self.vacant
            swap(&entry, &slots[(head &+ offset) & mask])
            newSlots.append(entry)
        }
        while newSlots.count < newCapacity { newSlots.append(Self.vacant) }
        slots = newSlots
        head = 0
    }
}
