import SimulationPrimitives

/// Purchases by id, for the store's `purchases` collection and the query side's projection:
/// the records in one contiguous array (insertion order, a removal moves the last record into the
/// gap) and a paged direct index from id to position.
///
/// Issue 6 (memory flat as the simulated duration grows; docs/performance.md "Round 5 — memory"):
/// purchases are the domain data that grows with sales. Kept in `[Int64: DomainDocument]` each cost
/// a 112-byte bucket (the document enum is as large as its largest case, a seat inventory) at a
/// hash table's 37–75 % load, ~200 bytes; in `[Int64: Purchase]` ~170. Here a purchase costs its
/// 88-byte record plus 4 bytes of index per id of its page: purchase ids come from one run-wide
/// counter, so they fill pages densely. The unused capacity of the record array is never touched,
/// so it costs no resident memory (large buffers are their own mappings, `MemoryTuning`).
///
/// Lookup is two array indexes (no hashing). Deterministic: nothing iterates in hash order;
/// ``ids`` and ``values`` are in slot order, and callers sort when order matters.
struct PurchaseTable: Sendable {
    /// The records, by slot.
    private(set) var values: [Purchase] = []
    /// Id → slot.
    private var index = DenseSlotIndex()

    /// An empty table.
    init() {}

    /// Number of purchases.
    var count: Int { values.count }

    /// Whether the table is empty.
    var isEmpty: Bool { values.isEmpty }

    /// The slot of purchase `id`, or nil.
    @inline(__always) func slot(_ id: Int64) -> Int? { index.slot(id) }

    /// The purchase `id` (a copy), or nil.
    @inline(__always) subscript(id: Int64) -> Purchase? {
        guard let s = index.slot(id) else { return nil }
        return values[s]
    }

    /// The record at `slot`, read or modified in place.
    @inline(__always) subscript(slot slot: Int) -> Purchase {
        _read { yield values[slot] }
        _modify { yield &values[slot] }
    }

    /// Stores `purchase`, replacing the one with its id; returns the replaced one.
    @discardableResult
    mutating func put(_ purchase: Purchase) -> Purchase? {
        let id = purchase.id.rawValue
        if let s = index.slot(id) {
            let old = values[s]
            values[s] = purchase
            return old
        }
        index.set(id, slot: values.count)
        values.append(purchase)
        return nil
    }

    /// Removes purchase `id`; returns it. The last record moves into its slot.
    @discardableResult
    mutating func remove(_ id: Int64) -> Purchase? {
        guard let s = index.slot(id) else { return nil }
        let removed = values[s]
        let last = values.count - 1
        if s != last {
            values[s] = values[last]
            index.set(values[s].id.rawValue, slot: s)
        }
        values.removeLast()
        index.clear(id)
        return removed
    }

    /// Every id, ascending.
    func sortedIDs() -> [Int64] { values.map(\.id.rawValue).sorted() }
}

/// A map from `Int64` ids to slots (`0..<2³¹`) for ids that come mostly from one counter: pages of
/// 4,096 ids, each an array of `slot + 1` (0 = absent), allocated on first use, indexed by the
/// page's distance from the first page seen; ids more than 2²⁶ away from it (or before it) go to a
/// dictionary. 4 bytes per id of a used page, no hashing on the common path.
struct DenseSlotIndex: Sendable {
    static let pageBits: Int64 = 12
    static let pageSize = 1 << 12
    static let maxPages: Int64 = 1 << 14

    /// Page number (id >> pageBits) of `pages[0]`; set by the first id stored.
    private var firstPage: Int64 = 0
    private var started = false
    /// `slot + 1` per id, by page; an empty page has no storage.
    private var pages: [[Int32]] = []
    /// Slots of ids outside the paged span.
    private var overflow: [Int64: Int32] = [:]

    init() {}

    /// The page index of `id` in ``pages``, or nil when `id` lies outside the paged span.
    @inline(__always) private func pageIndex(_ id: Int64) -> Int? {
        guard started else { return nil }
        let p = (id >> Self.pageBits) &- firstPage
        return p >= 0 && p < Self.maxPages ? Int(p) : nil
    }

    /// The slot of `id`, or nil.
    @inline(__always) func slot(_ id: Int64) -> Int? {
        if let p = pageIndex(id) {
            guard p < pages.count else { return nil }
            let page = pages[p]
            guard !page.isEmpty else { return nil }
            let s = page[Int(id & Int64(Self.pageSize - 1))]
            return s == 0 ? nil : Int(s - 1)
        }
        if overflow.isEmpty { return nil }
        return overflow[id].map { Int($0) }
    }

    /// Maps `id` to `slot`.
    mutating func set(_ id: Int64, slot: Int) {
        precondition(slot >= 0 && slot < Int(Int32.max), "slot out of range")
        if !started {
            started = true
            firstPage = id >> Self.pageBits
        }
        guard let p = pageIndex(id) else {
            overflow[id] = Int32(slot)
            return
        }
        if p >= pages.count { pages.append(contentsOf: repeatElement([], count: p + 1 - pages.count)) }
        if pages[p].isEmpty { pages[p] = Array(repeating: 0, count: Self.pageSize) }
        pages[p][Int(id & Int64(Self.pageSize - 1))] = Int32(slot + 1)
    }

    /// Forgets `id`.
    mutating func clear(_ id: Int64) {
        if let p = pageIndex(id) {
            if p < pages.count && !pages[p].isEmpty { pages[p][Int(id & Int64(Self.pageSize - 1))] = 0 }
        } else {
            overflow[id] = nil
        }
    }
}
