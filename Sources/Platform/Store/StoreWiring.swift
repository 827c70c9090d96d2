import SimulationPrimitives
import SimulationKernel
import ShardedStore
import Telemetry
import CinemaDomain

/// Which store process a store node id names (an index into one of ``StoreWiring``'s arrays).
enum StoreActorRef: Equatable {
    case none
    case member(Int32)
    case router(Int32)
    case driver(Int32)
    case config
}

/// A domain store operation waiting for its driver completion: the service call whose command
/// handler submitted it, and what to apply to the domain data when the store acknowledges it.
struct InFlightStoreOperation {
    var call: Int32
    var callGeneration: UInt32
    var operation: CinemaDomain.StoreOperation
    /// A purchase write's shard-key value (followed by the lost-write check once acknowledged);
    /// nil for other operations.
    var purchaseWriteKey: ShardKeyValue?
    /// Tracing of a sampled call's operation (the service → mongos hop); nil when unsampled.
    var trace: StoreHopTrace?
}

/// The trace context of one sampled store hop (service → mongos, or mongos → shard member): its
/// ids, sampling, where it goes and when it started.
struct StoreHopTrace {
    var traceID: UInt64
    var spanID: UInt64
    var parentSpanID: UInt64
    var sampling: SamplingDecision
    var start: SimTime
    var route: Int16
    /// The receiving node (router or member); -1 until the command is sent.
    var callee: Int32 = -1
}

/// A router's command to a shard member: (router node, the router's shard request id).
struct ShardHopKey: Hashable {
    var router: Int32
    var requestID: UInt64
}

/// A store message on the wire or being processed by its receiver (since `acceptedAt`).
struct StoreMessageInFlight {
    var envelope: StoreEnvelope
    var acceptedAt: SimTime = .zero

    /// A payload-free envelope left behind when a message moves out of a slot or the outbox
    /// (copying or destroying it touches no reference counts).
    static let placeholder = StoreEnvelope(from: StoreNodeID(-1), to: StoreNodeID(-1), message: .hello(requestID: 0))

    /// Moves the envelope at `address` out and leaves a payload-free placeholder there: one move,
    /// where `swap` with a placeholder copied the envelope three times.
    @inline(__always) static func take(from address: UnsafeMutablePointer<StoreEnvelope>) -> StoreEnvelope {
        let envelope = address.move()
        address.initialize(to: StoreEnvelope(from: StoreNodeID(-1), to: StoreNodeID(-1), message: .hello(requestID: 0)))
        return envelope
    }
}

/// How a member or mongos takes a delivered message (``PlatformSimulation/storeDeliver(_:)``):
/// a client write command or a replication batch takes the node's service time (a write also counts
/// towards the shard's write rate), anything else is received at once.
enum StoreProcessingKind: Equatable {
    case write
    case processed
    case immediate
}

extension StoreMessage {
    /// This message's ``StoreProcessingKind``, read without copying the payload out.
    var processingKind: StoreProcessingKind {
        switch self {
        case .command(let command): return command.operation.isWrite ? .write : .processed
        case .append, .syncSnapshot: return .processed
        default: return .immediate
        }
    }
}

/// The `ShardedStore` processes the platform hosts (reference/store-auth-logs.md §1): every
/// replica-set member, the mongos routers, the config server and one `StoreDriver` per service
/// instance, addressed by `StoreNodeID` = the platform node index (the config server, which has no
/// platform node of its own, gets id `nodes.count`).
///
/// A class so the platform can pass `&random` and `&outbox` into a mutating call on `members[i]`
/// (distinct stored properties of one object, no overlapping access).
final class StoreWiring {
    var members: [ReplicaSetMember] = []
    var routers: [MongosRouter] = []
    var drivers: [StoreDriver] = []
    var config: ConfigServer?
    /// Actor per store node id.
    var actors: [StoreActorRef] = []
    /// The pending tick of each actor (one per actor, replaced after each call).
    var tickHandles: [TimerHandle?] = []
    var tickTimes: [SimTime] = []
    /// Store node id of the config server (virtual: no platform node).
    var configNode: Int32 = -1
    /// The driver of each platform node (service instances), -1 when none.
    var driverOfNode: [Int32] = []
    /// Shard index of each member (by member array index).
    var memberShard: [Int32] = []
    /// Messages in flight on the simulated network.
    var messages = SlotPool<StoreMessageInFlight>()
    /// Operations submitted by command handlers, per driver by operation id (a direct-mapped
    /// table: no hashing, ``InFlightOperations``).
    var inFlight: [InFlightOperations] = []
    var outbox = StoreOutbox()
    /// An empty completions buffer swapped with the outbox's while completions are handed out.
    var spareCompletions: [DriverCompletion] = []
    var random: RandomStream
    /// Latency draws of store messages (own stream: store traffic never shifts the HTTP calls' draws).
    var networkRandom: RandomStream
    var writeConcern: WriteConcern = .majority
    /// Acknowledged purchase writes by optime, for the end-of-run lost-write check.
    var acknowledged = AcknowledgedWrites()
    /// The purchases collection's shard-key pattern (chunk-space positions of purchase writes).
    var purchasesPattern: ShardKeyPattern = .hashed
    /// Purchases chunk ranges cloned by migrations not finished yet, and by committed ones (the
    /// writes they carried survive a rollback on the donor).
    var pendingClones: [AcknowledgedWrites.ClonedRange] = []
    var committedClones: [AcknowledgedWrites.ClonedRange] = []
    /// Sampled operations in flight (0: the message path skips all tracing work).
    var tracedOperations = 0
    /// Sampled mongos → member hops waiting for the member's reply.
    var shardHops: [ShardHopKey: StoreHopTrace] = [:]

    // Measurements.
    var elections = 0
    var stepDowns = 0
    var rollbacks = 0
    var rolledBackOperations = 0
    var primaryChangesSeen = 0
    var failedOperations = 0
    var chunkSplits = 0
    var chunkMigrations = 0
    /// Dense index of each store process (by store node id; -1 for platform nodes hosting none),
    /// and how many there are: the pair tables below are `participants²` flat arrays.
    var participantIndex: [Int32] = []
    var participants = 0
    /// Last arrival time per (sender, receiver) pair: keeps one connection's messages in order.
    var lastArrival: [SimTime] = []
    /// Last end of processing per (sender, receiver) pair, same purpose.
    var lastProcessed: [SimTime] = []

    /// The pair tables' index of (`from`, `to`), both store node ids of store processes.
    @inline(__always) func pair(_ from: Int32, _ to: Int32) -> Int {
        Int(participantIndex[Int(from)]) * participants + Int(participantIndex[Int(to)])
    }
    var messagesDelivered = 0
    var messagesDropped = 0
    /// Client commands and their replies caught by a partition, in send order. They ride
    /// established TCP connections, which retransmit until the link heals (Linux gives up only
    /// after `tcp_retries2` ≈ 15 min), so they are delivered when the partition ends rather than
    /// lost: a driver without `socketTimeoutMS` (the default) would otherwise wait forever.
    /// Monitoring, heartbeats, votes and replication are dropped instead: their senders time out
    /// and retry, so a late answer would be discarded anyway.
    var heldByPartition: [StoreEnvelope] = []
    /// Client commands and replies sent to a node whose host stopped answering (blackhole, zone
    /// outage, hang), or accepted by it and not answered before it stopped, in send order. TCP
    /// keeps retransmitting them; when the host answers again the restarted process has no such
    /// connection and resets it, so the sender learns of the failure then (a mongos or a router
    /// kept alive gets the retransmission instead). Without this, a driver with the default
    /// infinite `socketTimeoutMS` waited forever and its worker thread never came back (a 5 s
    /// blackhole of one primary stopped seat sales for the rest of the run).
    var heldForUnreachable: [StoreEnvelope] = []
    var messagesHeldForUnreachable = 0
    var messagesHeld = 0
    var lostAcknowledged = 0
    var lostMajorityAcknowledged = 0
    var timeline: [BreakerTransition] = []

    init(seed: UInt64) {
        random = RandomStream(rootSeed: seed, component: "store")
        networkRandom = RandomStream(rootSeed: seed, component: "store.network")
    }
}
