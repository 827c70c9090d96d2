import DequeModule
import SimulationPrimitives
import Scenarios

/// One simulated node instance: an M/G/c/K station (c workers, a bounded accept queue) in a zone,
/// with its fault state. A worker is held for the whole program of a call, including waits on
/// downstream calls (synchronous Django/Tomcat worker model), which is what makes thread
/// exhaustion and cascades happen.
struct SimNode {
    var component: Int32
    var kind: NodeKind
    var zone: Int16
    var workers: Int32
    var busy: Int32 = 0
    var queueCapacity: Int32
    /// Calls accepted and waiting for a worker, FIFO.
    var waiting = Deque<Int32>()
    /// Calls accepted by a hung node (never answered until the hang ends).
    var parked: [Int32] = []
    var health: NodeHealth = .up
    /// Whether the instance is registered with Eureka (false after a graceful stop).
    var registered = true
    /// Toxiproxy-style extra latency and jitter on every response from this node.
    var faultLatency: SimDuration = .zero
    var faultJitter: SimDuration = .zero
    /// Error injection: share of calls answered with `errorStatus` after the compute step.
    var errorRate: Double = 0
    var errorStatus: Int16 = 500
    /// Service time multiplier (shard / OAuth slowdown).
    var slowFactor: Double = 1
    /// Clock skew of this node (affects token checks and leases on it).
    var clockSkew: SimDuration = .zero
    var serviceTime: DistributionSampler
    /// Index of this node's `StationRecorder`.
    var station: Int32
    /// Round-robin cursor for this node's own outgoing choices.
    var cursor: Int32 = 0

    var isAlive: Bool { health == .up || health == .hung }
}

/// A component (node kind with its instances): `compra-command`, `gateway`, `shard-2`, `facebook`.
struct ComponentInfo {
    var name: String
    var kind: NodeKind
    var instances: [Int32]
    /// For services: index into `ServiceCatalog.serviceIDs`; for externals: index of the API; for members: shard.
    var detail: Int
    /// Round-robin cursor used when a client or the edge picks among instances.
    var cursor: Int = 0
    /// Current primary member index into `instances` (replica sets only).
    var primary: Int = 0
}
