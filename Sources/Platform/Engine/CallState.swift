import SimulationPrimitives
import SimulationKernel
import Gateway

/// Where a call is in its life.
enum CallPhase: UInt8 {
    /// SYN sent; not yet at the callee.
    case connecting
    /// Accepted, waiting for a worker.
    case queued
    /// Accepted by a hung node; never served while the hang lasts.
    case parked
    /// A worker runs a compute step.
    case computing
    /// A worker waits for a child call.
    case waitingChild
    /// The response is on its way back.
    case responding
}

/// Flags a response carries besides its status.
struct ResponseFlags: OptionSet {
    let rawValue: UInt8
    /// Served by a fallback (Hystrix) — degraded but answered.
    static let degraded = ResponseFlags(rawValue: 1)
    /// Rejected by admission before doing work (queue full, rate limit, breaker open, semaphore).
    static let shed = ResponseFlags(rawValue: 2)
    /// The caller gave up (timeout) rather than receiving a response.
    static let timedOut = ResponseFlags(rawValue: 4)
    /// The request carried no valid token.
    static let unauthorised = ResponseFlags(rawValue: 8)
}

/// One RPC from a caller (a client session or a node's worker) to a callee node. Lives in a
/// ``SlotPool`` and is released when its response (or failure) reaches the caller.
struct Call {
    /// The client request this call serves (-1 for background traffic).
    var request: Int32
    /// The call whose program made this call (-1 when a client sent it).
    var parent: Int32
    var parentGeneration: UInt32
    /// Caller node (-1 for a client) and its zone.
    var caller: Int32
    var callerZone: Int16
    var callee: Int32
    var route: Int16
    /// Program counter on the callee.
    var step: Int16 = 0
    var phase: CallPhase = .connecting
    var status: Int16 = 0
    var flags: ResponseFlags = []
    /// False once the caller stopped waiting (timeout, crash): the response will be discarded.
    var callerWaiting = true
    var sentAt: SimTime
    var acceptedAt: SimTime = .zero
    /// Read timeout measured from the request reaching the callee; nil = none.
    var readTimeout: SimDuration?
    /// Request keys: the funcion (seats, compras) and the cliente.
    var funcionKey: UInt32
    var clienteKey: UInt32
    /// Whether the request's token is valid (ground truth carried for the invariant check).
    var tokenValid: Bool
    /// Attempts made by the caller's call stack for this logical call (1 = no retry).
    var attempt: Int8 = 1
    /// Deadline timer of the caller.
    var deadline: TimerHandle? = nil
    /// Result of the last child call (the program's input for its next step).
    var childStatus: Int16 = 0
    var childFlags: ResponseFlags = []
    /// Whether this call's program has a child in flight.
    var awaitingChild = false
    /// Store collection a store operation addresses (-1 for other calls).
    var collection: Int16 = -1
    /// A Eureka message carried by this call (-1 for none).
    var payload: Int32 = -1
    /// The caller's Ribbon balancer that chose the callee (-1 when no balancer chose it).
    var balancer: Int32 = -1
    /// The request body this call carries (a reference into `bodies`, -1 for none).
    var body: Int32 = -1
    /// The command handler a service runs for this call (-1 for none).
    var handler: Int32 = -1
    /// For an attempt of a call-stack call: its `Outbound` slot, generation and attempt number.
    var outbound: Int32 = -1
    var outboundGeneration: UInt32 = 0
    var attemptNumber: Int16 = 0
    /// The gateway exchange this call is (gateway calls only).
    var exchange: ExchangeID? = nil
    /// How the last call-stack call ended: 0 response, 1 timeout, 2 short-circuited, 3 semaphore
    /// rejected, 4 thread-pool rejected, 5 no server, 6 other failure.
    var childEvent: UInt8 = 0
    /// Trace state of a sampled call (index into `observability.spans`), -1 when unsampled.
    var span: Int32 = -1
}

extension Call {
    /// Status and flags of the last child call this call's program made.
    typealias ChildResult = (status: Int16, flags: ResponseFlags)
}
