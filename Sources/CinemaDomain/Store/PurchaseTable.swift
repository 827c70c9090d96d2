import SimulationPrimitives

/// Purchases by id, for the store's `purchases` collection and the query side's projection:
/// fixed-layout 64-byte records (``PurchaseRecord``: 32-bit ids and amount, up to four seats packed
/// in one word) in one contiguous array (insertion order; a removal moves the last record into the
/// gap), and a paged direct index from id to position.
///
/// Issue 6 (memory flat as the simulated duration grows; docs/performance.md "Round 5 — memory"):
/// purchases are the domain data that grows with sales. Kept in `[Int64: DomainDocument]` each cost
/// a 112-byte bucket (the document enum is as large as its largest case, a seat inventory) at a
/// hash table's 37–75 % load, ~200 bytes, and in `[Int64: Purchase]` ~170, plus a 48-byte seat array
/// both shared. Here a purchase costs its 64-byte record plus 4 bytes of index per id of its page
/// (purchase ids come from one run-wide counter, so they fill pages densely). The unused capacity
/// of the record array is never touched, so it costs no resident memory (large buffers are their
/// own mappings, `MemoryTuning`). A purchase a record cannot hold exactly (more than four seats, a
/// field beyond 32 bits) keeps its full value in a side table, so reads always give back exactly
/// what was stored (``CompactTableTests``).
///
/// Lookup is two array indexes (no hashing); a read builds the `Purchase` (one small seat array).
/// Deterministic: nothing iterates in hash order; callers sort when order matters.
struct PurchaseTable: Sendable {
    /// The records, by slot.
    private var records: [PurchaseRecord] = []
    /// Full values of the purchases whose record is marked spilled, by slot.
    private var spilled: [Int32: Purchase] = [:]
    /// Id → slot.
    private var index = DenseSlotIndex()

    /// An empty table.
    init() {}

    /// Number of purchases.
    var count: Int { records.count }

    /// Whether the table is empty.
    var isEmpty: Bool { records.isEmpty }

    /// The slot of purchase `id`, or nil.
    @inline(__always) func slot(_ id: Int64) -> Int? { index.slot(id) }

    /// The purchase `id`, or nil.
    @inline(__always) subscript(id: Int64) -> Purchase? {
        guard let s = index.slot(id) else { return nil }
        return self[slot: s]
    }

    /// The purchase at `slot`; setting stores a purchase with the same id there.
    subscript(slot slot: Int) -> Purchase {
        get {
            let record = records[slot]
            return record.isSpilled ? spilled[Int32(slot)]! : record.purchase
        }
        set {
            precondition(newValue.id.rawValue == records[slot].id, "a slot keeps its purchase id")
            store(newValue, at: slot)
        }
    }

    /// The version of the purchase at `slot` (no `Purchase` built).
    @inline(__always) func version(slot: Int) -> UInt64 {
        let record = records[slot]
        return record.isSpilled ? spilled[Int32(slot)]!.version : UInt64(record.version)
    }

    /// The showtime, customer and creation time of the purchase at `slot`, read from its record
    /// (no `Purchase` built, so no seat array): what a shard key on purchases reads (round 7).
    @inline(__always) func keyFields(slot: Int) -> PurchaseKeyFields {
        let record = records[slot]
        if record.isSpilled {
            let p = spilled[Int32(slot)]!
            return PurchaseKeyFields(showtimeId: p.showtimeId.rawValue, customerId: p.customerId.rawValue, createdAt: p.createdAt)
        }
        return PurchaseKeyFields(showtimeId: Int64(record.showtimeId), customerId: Int64(record.customerId),
                                 createdAt: SimTime(nanosecondsSinceStart: record.createdAtNs))
    }

    /// How many seats the purchase at `slot` has (no `Purchase` built).
    @inline(__always) func seatCount(slot: Int) -> Int {
        let record = records[slot]
        return record.isSpilled ? spilled[Int32(slot)]!.seats.count : Int(record.seatCount)
    }

    /// Every id, in slot order.
    var ids: [Int64] { records.map(\.id) }

    /// Every id, ascending.
    func sortedIDs() -> [Int64] { ids.sorted() }

    /// Stores `purchase`, replacing the one with its id; returns the replaced one.
    @discardableResult
    mutating func put(_ purchase: Purchase) -> Purchase? {
        if let s = index.slot(purchase.id.rawValue) {
            let old = self[slot: s]
            store(purchase, at: s)
            return old
        }
        let s = records.count
        index.set(purchase.id.rawValue, slot: s)
        records.append(PurchaseRecord(id: purchase.id.rawValue))
        store(purchase, at: s)
        return nil
    }

    /// Removes purchase `id`; returns it. The last record moves into its slot.
    @discardableResult
    mutating func remove(_ id: Int64) -> Purchase? {
        guard let s = index.slot(id) else { return nil }
        let removed = self[slot: s]
        let last = records.count - 1
        spilled[Int32(s)] = nil
        if s != last {
            records[s] = records[last]
            if let moved = spilled.removeValue(forKey: Int32(last)) { spilled[Int32(s)] = moved }
            index.set(records[s].id, slot: s)
        }
        records.removeLast()
        index.clear(id)
        return removed
    }

    private mutating func store(_ purchase: Purchase, at slot: Int) {
        if let record = PurchaseRecord(purchase) {
            records[slot] = record
            if !spilled.isEmpty { spilled[Int32(slot)] = nil }
        } else {
            records[slot] = PurchaseRecord(spilledID: purchase.id.rawValue)
            spilled[Int32(slot)] = purchase
        }
    }
}

/// One purchase in 64 bytes: the times and the payment reference in full, ids, amount and version
/// narrowed, up to four seat indices packed 16 bits each. ``init(_:)`` fails for a purchase that
/// does not fit exactly; ``purchase`` rebuilds the value stored.
struct PurchaseRecord: Sendable, Equatable {
    var id: Int64
    var createdAtNs: Int64 = 0
    var holdExpiresAtNs: Int64 = 0
    var paymentReference: Int64 = 0
    /// Seat `i` in bits `16 i ..< 16 i + 16`.
    var seats: UInt64 = 0
    var customerId: Int32 = 0
    var showtimeId: Int32 = 0
    var cinemaId: Int32 = 0
    var amountCents: Int32 = 0
    var version: UInt16 = 0
    /// 0…4 seats, or ``spilledMark`` when the full value is kept elsewhere.
    var seatCount: UInt8 = 0
    var state: UInt8 = 0

    static let spilledMark: UInt8 = .max
    static let maxSeats = 4

    /// A placeholder for purchase `id` (filled by the table right after).
    init(id: Int64) { self.id = id }

    /// The mark of a purchase kept in full elsewhere.
    init(spilledID id: Int64) {
        self.id = id
        seatCount = Self.spilledMark
    }

    /// `purchase` packed, or nil when a field does not fit.
    init?(_ p: Purchase) {
        guard p.seats.count <= Self.maxSeats, let customer = Int32(exactly: p.customerId.rawValue),
              let showtime = Int32(exactly: p.showtimeId.rawValue), let cinema = Int32(exactly: p.cinemaId.rawValue),
              let amount = Int32(exactly: p.amountCents), let version = UInt16(exactly: p.version) else { return nil }
        id = p.id.rawValue
        createdAtNs = p.createdAt.nanosecondsSinceStart
        holdExpiresAtNs = p.holdExpiresAt.nanosecondsSinceStart
        paymentReference = p.paymentReference
        for (i, seat) in p.seats.enumerated() { seats |= UInt64(seat) << UInt64(16 * i) }
        customerId = customer; showtimeId = showtime; cinemaId = cinema; amountCents = amount
        self.version = version
        seatCount = UInt8(p.seats.count)
        state = p.state.rawValue
    }

    /// Whether the full value is kept elsewhere.
    @inline(__always) var isSpilled: Bool { seatCount == Self.spilledMark }

    /// The purchase this record holds (not for a spilled record).
    var purchase: Purchase {
        var seatList: [UInt16] = []
        if seatCount > 0 {
            seatList.reserveCapacity(Int(seatCount))
            for i in 0..<Int(seatCount) { seatList.append(UInt16(truncatingIfNeeded: seats >> UInt64(16 * i))) }
        }
        var p = Purchase(id: PurchaseID(id), customerId: UserID(Int64(customerId)), showtimeId: ShowtimeID(Int64(showtimeId)),
                         cinemaId: CinemaID(Int64(cinemaId)), seats: seatList, amountCents: Int64(amountCents),
                         holdExpiresAt: SimTime(nanosecondsSinceStart: holdExpiresAtNs), createdAt: SimTime(nanosecondsSinceStart: createdAtNs))
        p.state = PurchaseState(rawValue: state)!
        p.paymentReference = paymentReference
        p.version = UInt64(version)
        return p
    }
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
