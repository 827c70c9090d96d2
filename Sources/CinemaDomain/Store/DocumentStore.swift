import SimulationPrimitives

/// The in-memory data of the cinema database: every collection keyed by `_id`, plus the
/// secondary indexes the handlers use. ``apply(_:now:)`` executes one ``StoreOperation`` exactly as
/// a single MongoDB node would (single-document atomicity, unique indexes); the platform routes the
/// op through the sharded store's latency/topology model first and then calls `apply` on the data.
///
/// ```swift
/// var store = DocumentStore()
/// store.load(catalogue.documents)
/// let result = store.apply(.find(.movies, key: 3, shardKeyValue: 3), now: now)
/// ```
///
/// Dictionaries are used only for lookup; anything iterated (`findMany`, invariants) is sorted by
/// `_id` first (DESIGN §2, determinism).
public struct DocumentStore: Sendable {
    /// Documents per collection, keyed by `_id`; `purchases` is empty (see ``purchases``).
    var collections: [[Int64: DomainDocument]] = Array(repeating: [:], count: StoreCollection.allCases.count)
    /// The `purchases` collection: the data that grows with sales, kept as dense records instead
    /// of enum-sized dictionary buckets (issue 6, memory; ``PurchaseTable``).
    var purchases = PurchaseTable()
    /// Unique index `users.username` → user `_id`.
    var usernameIndex: [String: Int64] = [:]
    /// Secondary index `showtimes.auditoriumId` → showtime `_id`s (insertion order).
    var showtimesByAuditorium: [Int64: [Int64]] = [:]

    /// An empty database.
    public init() {}

    /// Number of documents in `collection`.
    public func count(_ collection: StoreCollection) -> Int {
        collection == .purchases ? purchases.count : collections[Int(collection.rawValue)].count
    }

    /// The document with `key` in `collection`, if any (direct read for tests and checkers).
    public func document(_ collection: StoreCollection, key: Int64) -> DomainDocument? {
        if collection == .purchases { return purchases[key].map { .purchase($0) } }
        return collections[Int(collection.rawValue)][key]
    }

    /// The showtime, customer and creation time of purchase `id`, or nil when there is none: the
    /// fields a shard key on `purchases` can name, read without building the ``Purchase`` (its seat
    /// array) that ``document(_:key:)`` returns (performance round 7).
    public func purchaseKeyFields(_ id: Int64) -> PurchaseKeyFields? {
        guard let slot = purchases.slot(id) else { return nil }
        return purchases.keyFields(slot: slot)
    }

    /// How many seats purchase `id` has, or nil when there is none (no ``Purchase`` built).
    public func purchaseSeatCount(_ id: Int64) -> Int? {
        guard let slot = purchases.slot(id) else { return nil }
        return purchases.seatCount(slot: slot)
    }

    /// All `_id`s of `collection`, ascending.
    public func keys(_ collection: StoreCollection) -> [Int64] {
        collection == .purchases ? purchases.sortedIDs() : collections[Int(collection.rawValue)].keys.sorted()
    }

    /// Bulk-loads documents (catalogue seeding), replacing any with the same `_id`.
    public mutating func load(_ documents: [DomainDocument]) {
        for d in documents { put(d) }
    }

    mutating func put(_ d: DomainDocument) {
        if case .purchase(let p) = d { purchases.put(p); return }
        let c = Int(d.collection.rawValue)
        // One probe: `updateValue` hands back the replaced document, if any.
        let isNew = collections[c].updateValue(d, forKey: d.key) == nil
        if case .user(let u) = d { usernameIndex[u.username] = u.id.rawValue }
        if case .showtime(let s) = d, isNew { showtimesByAuditorium[s.auditoriumId.rawValue, default: []].append(s.id.rawValue) }
    }

    /// Executes `op` against the data at store time `now` (the instant the shard's primary applies
    /// it: holds are judged expired against this `now`, not the handler's).
    /// - Returns: the ``StoreResult`` the handler's next step consumes. Never `.failed`: failures are
    ///   the platform's (topology, timeouts), not the data's.
    public mutating func apply(_ op: StoreOperation, now: SimTime) -> StoreResult {
        if op.collection == .purchases { return applyToPurchases(op, now: now) }
        switch op {
        case .find(let c, let key, _):
            return .found(collections[Int(c.rawValue)][key])
        case .findMany(let c, let filter, _):
            return .foundMany(findMany(c, filter))
        case .insert(let d):
            let c = Int(d.collection.rawValue)
            if collections[c].index(forKey: d.key) != nil { return .duplicateKey } // no copy of the stored document
            if case .user(let u) = d, usernameIndex[u.username] != nil { return .duplicateKey }
            var fresh = d
            fresh.version = 1
            put(fresh)
            return .inserted
        case .update(let c, let key, _, let condition, let mutation):
            let ci = Int(c.rawValue)
            guard let at = collections[ci].index(forKey: key) else { return .updated(matched: 0, modified: 0, document: nil) }
            // Checked and mutated in place in the dictionary's storage (one probe, no remove and
            // re-insert; the seat arrays stay uniquely referenced, so a sale copies no inventory).
            // Through `inout`: each read of `values[at]` copied the document (round 7).
            return Self.update(&collections[ci].values[at], condition: condition, mutation: mutation, now: now, usernames: &usernameIndex)
        case .delete(let c, let key, _):
            let ci = Int(c.rawValue)
            guard let old = collections[ci].removeValue(forKey: key) else { return .deleted(count: 0) }
            if case .user(let u) = old { usernameIndex[u.username] = nil }
            if case .showtime(let s) = old { showtimesByAuditorium[s.auditoriumId.rawValue]?.removeAll { $0 == key } }
            return .deleted(count: 1)
        }
    }

    /// A conditional update of the stored document `doc` (any collection but `purchases`), in place:
    /// the condition, the username unique index for a user's new name, the mutation and the version.
    static func update(_ doc: inout DomainDocument, condition: UpdateCondition, mutation: UpdateMutation, now: SimTime,
                       usernames: inout [String: Int64]) -> StoreResult {
        guard holds(condition, on: doc, now: now) else { return .updated(matched: 0, modified: 0, document: nil) }
        let oldVersion = doc.version
        if case .user(let old) = doc, case .replace(.user(let new)) = mutation, old.username != new.username {
            if usernames[new.username] != nil { return .duplicateKey }
            usernames[old.username] = nil
            usernames[new.username] = new.id.rawValue
        }
        guard mutate(&doc, mutation, now: now) else { return .updated(matched: 1, modified: 0, document: doc) }
        doc.version = oldVersion + 1
        return .updated(matched: 1, modified: 1, document: doc)
    }

    /// ``apply(_:now:)`` on the `purchases` collection (its ``PurchaseTable``): the same answers as
    /// the dictionary path gives every other collection.
    mutating func applyToPurchases(_ op: StoreOperation, now: SimTime) -> StoreResult {
        switch op {
        case .find(_, let key, _):
            return .found(purchases[key].map { .purchase($0) })
        case .findMany:
            return .foundMany([])   // no filter reads purchases (see ``findMany(_:_:)``)
        case .insert(let d):
            guard case .purchase(var p) = d, purchases.slot(p.id.rawValue) == nil else { return .duplicateKey }
            p.version = 1
            purchases.put(p)
            return .inserted
        case .update(_, let key, _, let condition, let mutation):
            guard let at = purchases.slot(key) else { return .updated(matched: 0, modified: 0, document: nil) }
            var doc = DomainDocument.purchase(purchases[slot: at])
            guard Self.holds(condition, on: doc, now: now) else { return .updated(matched: 0, modified: 0, document: nil) }
            let oldVersion = doc.version
            guard Self.mutate(&doc, mutation, now: now) else { return .updated(matched: 1, modified: 0, document: doc) }
            doc.version = oldVersion + 1
            guard case .purchase(let p) = doc else { preconditionFailure("a purchase mutated into another collection") }
            purchases[slot: at] = p
            return .updated(matched: 1, modified: 1, document: doc)
        case .delete(_, let key, _):
            return .deleted(count: purchases.remove(key) == nil ? 0 : 1)
        }
    }

    func findMany(_ c: StoreCollection, _ filter: QueryFilter) -> [DomainDocument] {
        let docs = collections[Int(c.rawValue)]
        switch filter {
        case .showtimesOfAuditorium(let a):
            guard c == .showtimes else { return [] }
            return (showtimesByAuditorium[a.rawValue] ?? []).sorted().compactMap { docs[$0] }
        case .userWithUsername(let name):
            guard c == .users, let id = usernameIndex[name], let d = docs[id] else { return [] }
            return [d]
        }
    }

    /// Whether `condition` holds for `doc` at `now`.
    static func holds(_ condition: UpdateCondition, on doc: DomainDocument, now: SimTime) -> Bool {
        switch condition {
        case .none:
            return true
        case .versionEquals(let v):
            return doc.version == v
        case .seatsClaimable(let seats, let hold):
            guard case .seatInventory(let inv) = doc, !inv.cancelled, now < inv.startsAt else { return false }
            return seats.allSatisfy { inv.isSellable($0) && (inv.isClaimable($0, now: now) || inv.isHeld($0, by: hold, now: now)) }
        case .seatsHeldOrSoldTo(let seats, let hold):
            guard case .seatInventory(let inv) = doc, !inv.cancelled else { return false }
            return seats.allSatisfy { inv.isSellable($0) && (inv.isHeld($0, by: hold, now: now) || inv.isSold($0, to: hold)) }
        case .purchaseState(let state, let version):
            guard case .purchase(let p) = doc else { return false }
            return p.state == state && p.version == version
        }
    }

    /// Applies `mutation` to `doc` in place at `now`; false (and `doc` unchanged) if the mutation
    /// does not fit the document (wrong collection, or a replacement with another `_id`).
    static func mutate(_ doc: inout DomainDocument, _ mutation: UpdateMutation, now: SimTime) -> Bool {
        switch mutation {
        case .replace(let new):
            guard new.collection == doc.collection, new.key == doc.key else { return false }
            doc = new
            return true
        case .setPurchaseState(let state, let reference):
            guard case .purchase(var p) = doc else { return false }
            p.state = state
            if reference != 0 { p.paymentReference = reference }
            doc = .purchase(p)
            return true
        case .holdSeats, .sellSeats, .releaseSeats, .cancelInventory:
            guard case .seatInventory(var inv) = doc else { return false }
            doc = .chain(Chain(id: ChainID(0), name: "")) // drop the enum's reference so `inv` is unique
            switch mutation {
            case .holdSeats(let seats, let hold, let expiresAt):
                // A seat this hold already holds keeps its expiry: a duplicate delivery of the
                // hold must not extend it beyond the purchase's recorded expiry.
                for s in seats where inv.isSellable(s) && !inv.isHeld(s, by: hold, now: now) {
                    let i = Int(s)
                    inv.state[i] = .held; inv.holder[i] = hold.rawValue; inv.holdExpiresAt[i] = expiresAt.nanosecondsSinceStart
                }
            case .sellSeats(let seats, let hold):
                for s in seats where inv.isSellable(s) {
                    let i = Int(s)
                    inv.state[i] = .sold; inv.holder[i] = hold.rawValue; inv.holdExpiresAt[i] = 0
                }
            case .releaseSeats(let seats, let owner):
                for s in seats where inv.isSellable(s) && inv.holder[Int(s)] == owner.rawValue
                    && (inv.state[Int(s)] == .held || inv.state[Int(s)] == .sold) {
                    let i = Int(s)
                    inv.state[i] = .available; inv.holder[i] = 0; inv.holdExpiresAt[i] = 0
                }
            default:
                inv.cancelled = true
            }
            doc = .seatInventory(inv)
            return true
        }
    }
}

/// The fields of a stored purchase a shard key can name (``DocumentStore/purchaseKeyFields(_:)``):
/// its showtime and customer ids and its creation time.
public struct PurchaseKeyFields: Hashable, Sendable {
    /// `funcionId`.
    public var showtimeId: Int64
    /// `clienteId`.
    public var customerId: Int64
    /// `createdAt`.
    public var createdAt: SimTime

    /// The three fields.
    public init(showtimeId: Int64, customerId: Int64, createdAt: SimTime) {
        self.showtimeId = showtimeId; self.customerId = customerId; self.createdAt = createdAt
    }
}
