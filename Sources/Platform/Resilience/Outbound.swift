import SimulationPrimitives
import SimulationKernel
import LoadBalancing

/// One outgoing call through the client call stack (Hystrix over Ribbon's retry loop, DESIGN §10),
/// made by a worker running call `parent` on node `callerNode` to a component.
struct Outbound {
    var stack: ClientCallStack
    var parent: Int32
    var parentGeneration: UInt32
    var callerNode: Int32
    var component: Int32
    var route: Int16
    /// The caller's Ribbon balancer for `component` (-1 for a fixed endpoint such as an external API).
    var balancer: Int32
    /// Index into `commands` (for breaker transition tracking).
    var command: Int32
    /// The attempt in flight: its call slot and generation, attempt number and server node.
    var attemptCall: Int32 = -1
    var attemptGeneration: UInt32 = 0
    var attempt: Int = 0
    var server: Int32 = -1
    /// Whether the attempt's connection is established (so a reset is a read error, not a connect error).
    var connected = false
    var answered = false
    /// The caller's answer held back until the run ends (semaphore isolation after a Hystrix
    /// timeout: the caller's own thread runs the Ribbon loop, see `callerThreadRunsCommand`).
    var deferredOutcome: ClientCallOutcome? = nil
    /// The Hystrix timeout and the latest attempt's read deadline, cancelled when the outbound ends:
    /// their handlers ignore a released outbound, so they would only be popped for nothing
    /// (a pop costs a sift through the whole heap; docs/performance.md).
    var hystrixTimer: TimerHandle? = nil
    var readTimer: TimerHandle? = nil
}
