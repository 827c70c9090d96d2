import SimulationPrimitives

/// Zones, node kinds with their instances, network links and the store (DESIGN §4 `topology`).
public struct Topology: Sendable {
    public var zones: [String]
    /// Infrastructure node kinds in a fixed order (edge, frontend, gateway, oauth, config, eureka,
    /// turbine, logstash, mongos).
    public var infrastructure: [InfrastructureKind: NodeSettings]
    /// The 18 CQRS services by id, in ``ServiceCatalog/serviceIDs`` order.
    public var services: [ServiceSettings]
    /// External APIs (facebook, twitter, payment).
    public var externals: [ExternalSettings]
    public var network: NetworkSettings
    public var store: StoreSettings
}

/// Infrastructure components of the seed (DESIGN §1 table).
public enum InfrastructureKind: String, Sendable, CaseIterable, Codable, Comparable {
    case edge, frontend, gateway, oauth, config, eureka, turbine, logstash, mongos
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// One node kind's deployment and capacity: an M/G/c/K station per instance.
public struct NodeSettings: Sendable, Equatable {
    public var instances: Int
    /// Worker pool size c (threads / gunicorn workers).
    public var workers: Int
    /// Accept queue capacity (K − c): waiting requests beyond it are refused.
    public var queueCapacity: Int
    /// CPU time per request on this node.
    public var serviceTime: DistributionField
    /// Zones to place instances in round-robin; empty = all topology zones.
    public var zones: [String]
    public init(instances: Int, workers: Int, queueCapacity: Int, serviceTime: DistributionField, zones: [String]) {
        self.instances = instances; self.workers = workers; self.queueCapacity = queueCapacity
        self.serviceTime = serviceTime; self.zones = zones
    }
}

/// A CQRS service (`compra-command`, …) with its node settings.
public struct ServiceSettings: Sendable, Equatable {
    public var id: String
    public var node: NodeSettings
}

/// A third-party API: latency, optional rate limit (429 above it), instances = 1 logical endpoint.
public struct ExternalSettings: Sendable, Equatable {
    public var name: String
    public var latency: DistributionField
    /// Requests per second above which the API answers 429; nil = unlimited.
    public var rateLimit: Rate?
}

/// Per-hop network latency by link class (one-way).
public struct NetworkSettings: Sendable, Equatable {
    public var sameZone: DistributionField
    public var crossZone: DistributionField
    /// From any node to an external API (internet round trip half).
    public var external: DistributionField
}

/// Sharded store layout (MongoDB, reference/store-auth-logs.md §1).
public struct StoreSettings: Sendable, Equatable {
    public var shards: Int
    /// Replica-set members per shard (1 primary + secondaries).
    public var replicas: Int
    /// Shard key field per collection, e.g. `compras: funcionId`.
    public var shardKeys: [(collection: String, field: String)]
    public var writeConcern: WriteConcern
    /// Time a member spends applying one operation.
    public var memberServiceTime: DistributionField
    /// Worker slots per member (concurrent operations).
    public var memberWorkers: Int
    public var memberQueueCapacity: Int
    /// Hold strategy: `atomic` (one conditional update, safe) or `read-then-write` (unsafe, case F16).
    public var holdStrategy: HoldStrategy
    /// Who names a purchase: `idempotency-key` (the client's key is the purchase `_id`, unique
    /// index, so a retried hold replays the original answer) or `server-generated` (compra-command
    /// assigns a fresh id per execution, so a retried POST is a new purchase — case F13).
    public var purchaseIDs: PurchaseIDs = .idempotencyKey
    /// The services' MongoDB driver (`topology.store.driver`; case F12).
    public var driver = StoreDriverSettings()

    public static func == (a: StoreSettings, b: StoreSettings) -> Bool {
        a.shards == b.shards && a.replicas == b.replicas && a.shardKeys.map(\.collection) == b.shardKeys.map(\.collection)
            && a.shardKeys.map(\.field) == b.shardKeys.map(\.field) && a.writeConcern == b.writeConcern
            && a.memberServiceTime == b.memberServiceTime && a.memberWorkers == b.memberWorkers
            && a.memberQueueCapacity == b.memberQueueCapacity && a.holdStrategy == b.holdStrategy && a.purchaseIDs == b.purchaseIDs
            && a.driver == b.driver
    }
}

public enum WriteConcern: String, Sendable, CaseIterable, Codable {
    case w1 = "1", majority
}

/// A service's MongoDB driver: how it finds a replica set's primary. Defaults are the drivers'
/// (reference/store-auth-logs.md §1.4–§1.5): `heartbeatFrequencyMS` 10 s, re-discovery on a
/// "not primary" error, `retryWrites` true, `serverSelectionTimeoutMS` 30 s. Case F12's buggy
/// driver: refresh every 300 s, no re-discovery, no retryable writes
/// (github.com/mongoid/moped/issues/267).
public struct StoreDriverSettings: Sendable, Equatable {
    /// How often the driver refreshes its view of each replica set (`heartbeatFrequencyMS`).
    public var heartbeatFrequency: SimDuration = .seconds(10)
    /// Whether a "not primary" error makes the driver re-discover the topology at once.
    public var rediscoverOnNotPrimary = true
    /// `retryWrites`: retry a write once after a retryable error, on the newly selected primary.
    public var retryWrites = true
    /// `serverSelectionTimeoutMS`: how long an operation waits for a primary to be known.
    public var serverSelectionTimeout: SimDuration = .seconds(30)
    /// `socketTimeoutMS`: an operation sent to mongos without a reply for this long fails with a
    /// network timeout (retried once for retryable writes). `nil` = 0, the drivers' default: wait
    /// forever, so a worker thread stays pinned while its store host is unreachable
    /// (reference/store-auth-logs.md §1.4–§1.5; scenario key `socket_timeout`, `0s` = forever).
    public var socketTimeout: SimDuration?
    /// `readPreference` of the driver's reads: `primary` (the drivers' default,
    /// reference/store-auth-logs.md §1.7); case F12's reported driver reads `secondaryPreferred`,
    /// so its reads keep working on a stale topology while its writes fail.
    public var readPreference: DriverReadPreference = .primary
    public init() {}
}

/// A driver's read preference (MongoDB's mode names, reference/store-auth-logs.md §1.7).
public enum DriverReadPreference: String, Sendable, CaseIterable, Codable {
    case primary
    case primaryPreferred
    case secondary
    case secondaryPreferred
    case nearest
}

public enum PurchaseIDs: String, Sendable, CaseIterable, Codable {
    case idempotencyKey = "idempotency-key"
    case serverGenerated = "server-generated"
}

public enum HoldStrategy: String, Sendable, CaseIterable, Codable {
    case atomic
    case readThenWrite = "read-then-write"
}
