import SimulationPrimitives
import Scenarios
import Telemetry
import CinemaDomain

/// mongos targeting by the scenario's shard keys (`topology.store.shard_keys`, case F14).
///
/// A key written `field` is **ranged** (`sh.shardCollection(ns, {field: 1})`), `hashed(field)` is
/// hashed (`{field: "hashed"}`). Ranged collections are split into `chunksPerShard × shards`
/// chunks evenly over the key values that exist when the run starts and spread round-robin (the
/// balancer has evened out storage); a key below the first boundary belongs to the MinKey chunk, a
/// key above the last one to the MaxKey chunk — so a monotonically increasing key (`_id` of new
/// purchases, `createdAt`) sends every insert to the one shard that holds the MaxKey chunk
/// (reference/store-auth-logs.md §1.2 "Monotonic"; mongodb.com/docs/manual/core/sharding-troubleshooting-shard-keys).
/// An empty collection is one chunk on the first shard (MongoDB's primary shard), unless its key
/// references existing ids (`funcionId`, `clienteId`): then it is pre-split over those ids.
/// Collections without a configured key keep the domain's own (`StoreCollection.shardKeyField`).
struct ShardKeyRouter {
    /// Chunks per shard at the start of a ranged collection.
    static let chunksPerShard = 4

    enum Field { case domainKey, createdAt, showtimeId, customerId }
    struct Rule {
        var field: Field
        var hashed: Bool
        /// Ranged: the lower bounds of chunks 1…n−1 (chunk 0 starts at MinKey), ascending, and each chunk's shard.
        var boundaries: [Int64] = []
        var chunkShards: [Int] = [0]
    }
    /// Per `StoreCollection.rawValue`; nil = the domain's default (hashed, targeted by its key).
    var rules: [Rule?] = []
    /// Per `StoreCollection.rawValue`: the configured rule's field, `.domainKey` without a rule. Read
    /// per routed operation (a trivial array: reading `rules[c]` retained the rule's arrays).
    var fields: [Field] = []

    init() {}

    /// Builds the rules from the scenario's shard keys over the documents present at the start.
    init(settings: StoreSettings, store: DocumentStore) {
        rules = Array(repeating: nil, count: StoreCollection.allCases.count)
        for (name, text) in settings.shardKeys {
            guard let collection = Self.collection(named: name) else { continue }
            let hashed = text.hasPrefix("hashed(") && text.hasSuffix(")")
            let fieldName = hashed ? String(text.dropFirst(7).dropLast()) : text
            let field = Self.field(fieldName, in: collection)
            var rule = Rule(field: field, hashed: hashed)
            if !hashed {
                var values = store.keys(collection).compactMap { key -> Int64? in
                    guard let document = store.document(collection, key: key) else { return nil }
                    return Self.value(of: document, field: field)
                }.sorted()
                if values.isEmpty {
                    // An empty collection keyed by a reference: pre-split over the referenced ids
                    // (what an operator does before a known on-sale); other keys stay one chunk.
                    switch field {
                    case .showtimeId: values = store.keys(.showtimes)
                    case .customerId: values = store.keys(.users)
                    case .domainKey, .createdAt: break
                    }
                }
                if let low = values.first, let high = values.last, high > low {
                    let chunks = Self.chunksPerShard * settings.shards
                    let step = Double(high - low) / Double(chunks)
                    rule.boundaries = (1..<chunks).map { low + Int64((Double($0) * step).rounded(.down)) }
                    rule.chunkShards = (0..<chunks).map { $0 % settings.shards }
                }
            }
            rules[Int(collection.rawValue)] = rule
        }
        fields = rules.map { $0?.field ?? .domainKey }
    }

    /// The configured shard-key field of collection `c` (a `StoreCollection.rawValue`), `.domainKey`
    /// when the scenario configures none.
    @inline(__always) func field(ofCollection c: Int) -> Field {
        c < fields.count ? fields[c] : .domainKey
    }

    static func collection(named name: String) -> StoreCollection? {
        switch name {
        case "compras": .purchases; case "funciones": .showtimes; case "seats": .seatInventories; case "clientes": .customers
        case "usuarios": .users; case "salas": .auditoriums; case "cines": .cinemas; case "encargados": .managers
        case "peliculas": .movies; case "cadenas": .chains
        default: nil
        }
    }

    /// Which value of a document the configured field names. Fields the domain already keys the
    /// collection by (`_id`, `funcionId` of seats, `cineId` of funciones) use the domain's value.
    static func field(_ name: String, in collection: StoreCollection) -> Field {
        switch (collection, name) {
        case (.purchases, "createdAt"): .createdAt
        case (.purchases, "funcionId"): .showtimeId
        case (.purchases, "clienteId"): .customerId
        default: .domainKey
        }
    }

    static func value(of document: DomainDocument, field: Field) -> Int64? {
        switch (field, document) {
        case (.domainKey, _): document.shardKeyValue
        case (.createdAt, .purchase(let p)): p.createdAt.nanosecondsSinceStart / 1_000_000
        case (.showtimeId, .purchase(let p)): p.showtimeId.rawValue
        case (.customerId, .purchase(let p)): p.customerId.rawValue
        default: nil
        }
    }

    /// ``value(of:field:)`` of a stored purchase, from the fields the store reads without building
    /// the purchase (``DocumentStore/purchaseKeyFields(_:)``); nil for `.domainKey`, which the
    /// caller answers from the operation.
    static func value(of purchase: PurchaseKeyFields, field: Field) -> Int64? {
        switch field {
        case .domainKey: nil
        case .createdAt: purchase.createdAt.nanosecondsSinceStart / 1_000_000
        case .showtimeId: purchase.showtimeId
        case .customerId: purchase.customerId
        }
    }
}

/// Writes applied per shard primary in the measured window (case F14's per-shard write share).
struct ShardLoad {
    var writes: [Int] = []
}

extension PlatformSimulation {
    /// The value of `operation`'s collection shard key (the scenario's `shard_keys` rule, else the
    /// domain's key): what mongos targets by. A configured field the operation does not carry (an
    /// update of a purchase keyed by `createdAt`) is read from the stored document, as the
    /// application includes the shard key in its filter; nil when unknown (a read is broadcast).
    func storeShardKey(for operation: StoreOperation) -> Int64? {
        let field = shardKeyRouter.field(ofCollection: Int(operation.collection.rawValue))
        guard field != .domainKey else { return operation.shardKeyValue }
        if case .insert(let document) = operation { return ShardKeyRouter.value(of: document, field: field) }
        let key: Int64
        switch operation {
        case .find(_, let k, _), .update(_, let k, _, _, _), .delete(_, let k, _): key = k
        case .findMany, .insert: return nil
        }
        // Only `purchases` has fields other than the domain key (`ShardKeyRouter.field(_:in:)`); any
        // other collection's document has no such field (nil), as `value(of:field:)` answers.
        guard operation.collection == .purchases, let fields = Self.purchaseKeyFields(key, in: &documentStore) else { return nil }
        return ShardKeyRouter.value(of: fields, field: field)
    }

    /// ``DocumentStore/purchaseKeyFields(_:)`` on the simulation's store borrowed `inout`: a
    /// non-mutating method called on a struct stored in a class property copies the whole struct
    /// first (a retain and a release per table; round 7: ~400 instructions per routed operation).
    @inline(__always) static func purchaseKeyFields(_ id: Int64, in store: inout DocumentStore) -> PurchaseKeyFields? {
        store.purchaseKeyFields(id)
    }

    /// ``DocumentStore/purchaseSeatCount(_:)`` on the simulation's store borrowed `inout` (no copy
    /// of the store, as ``purchaseKeyFields(_:in:)``).
    @inline(__always) static func purchaseSeatCount(_ id: Int64, in store: inout DocumentStore) -> Int? {
        store.purchaseSeatCount(id)
    }

    /// Counts a write applied by a shard primary (after warm-up).
    func noteShardWrite(member node: Int32) {
        guard queue.now >= .zero + scenario.warmup else { return }
        let shard = components[Int(nodes[Int(node)].component)].detail
        if shardLoad.writes.count < shardComponents.count { shardLoad.writes = Array(repeating: 0, count: shardComponents.count) }
        if shard >= 0 && shard < shardLoad.writes.count { shardLoad.writes[shard] += 1 }
    }

    /// `shard_write_imbalance` (busiest ÷ least busy shard's writes; the least busy counts as ≥ 1)
    /// and `hottest_shard_write_percent` (the busiest shard's share of all writes).
    func shardLoadMetrics() -> [PlatformMetric] {
        let writes = shardLoad.writes.isEmpty ? Array(repeating: 0, count: shardComponents.count) : shardLoad.writes
        let total = writes.reduce(0, +)
        let most = writes.max() ?? 0, least = writes.min() ?? 0
        return [
            PlatformMetric(name: "shard_write_imbalance", value: total > 0 ? Double(most) / Double(max(least, 1)) : 1),
            PlatformMetric(name: "hottest_shard_write_percent", value: total > 0 ? Double(most) * 100 / Double(total) : 0),
        ]
    }
}
