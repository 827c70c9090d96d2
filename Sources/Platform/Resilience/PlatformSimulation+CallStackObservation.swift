import SimulationPrimitives
import Scenarios
import Resilience
import LoadBalancing

/// What the platform measures about the client call stack besides outcomes (cases F02, F05), and
/// the thread semantics of semaphore isolation.
extension PlatformSimulation {
    /// Observes one call-stack action of outbound `o` before it is performed:
    /// - an attempt that starts after Hystrix timed the command out (Ribbon keeps retrying on the
    ///   non-interruptible worker, spring-cloud-netflix#1772) → `attempts_after_deadline`;
    /// - an attempt that gets a non-5xx response after Hystrix already answered TIMEOUT (the work
    ///   was done, the user saw an error, spring-cloud-netflix#1779) → `false_timeouts`.
    func observeOutboundAction(_ o: Int32, _ action: ClientCallAction) {
        switch action {
        case .connect:
            if outbounds[o].stack.hystrixTimedOut { counters.attemptsAfterDeadline += 1 }
        case let .attemptEnded(_, _, .response(status), _):
            if status < 500 && outbounds[o].stack.hystrixTimedOut { counters.falseTimeouts += 1 }
        default:
            break
        }
    }

    /// Whether the caller's own worker runs outbound `o`'s Ribbon loop and so cannot be handed
    /// the answer before the loop ends: SEMAPHORE isolation executes `run()` on the calling
    /// thread, and a Hystrix timeout cannot interrupt it, so after TIMEOUT the caller still waits
    /// for the remaining attempts (reference/netflix-oss.md §1.2; case F02's "response times
    /// doubled to ~10 s" and busy Tomcat threads). THREAD isolation frees the caller at the
    /// timeout; its pool thread stays busy instead (the stack holds it until `.finished`).
    func callerThreadRunsCommand(_ o: Int32) -> Bool {
        // Read in place: a copy of the stack would retain its command and configuration.
        guard outbounds[o].stack.hystrixTimedOut && !outbounds[o].stack.isFinished else { return false }
        // The gateway's route bulkhead lives in the Zuul filter chain (`zuul.ribbonIsolationStrategy`).
        if nodes[Int(outbounds[o].callerNode)].kind == .gateway { return resilience.gateway.isolation == .semaphore }
        return commands[Int(outbounds[o].command)].properties.executionIsolationStrategy == .semaphore
    }

    /// Per-route bulkhead sizes for the Zuul filter chain: with separate thread pools
    /// (`zuul.threadPool.useSeparateThreadPools`) each service's pool has that service's
    /// `hystrix.thread_pool_size` (case F06). A pool's queue (`thread_pool_queue`) is not modelled
    /// at the gateway: a call that would wait in it is rejected instead.
    func routeIsolationOverrides() -> [String: Int] {
        guard resilience.gateway.isolation == .thread && resilience.gateway.separateThreadPools else { return [:] }
        var overrides: [String: Int] = [:]
        for entry in resilience.perService { overrides[entry.serviceID] = entry.hystrix.threadPoolCoreSize }
        return overrides
    }

    /// Route calls rejected by the gateway's bulkheads: the Zuul filter chain's per-route semaphore
    /// or thread pool (`ZuulGateway.statistics.bulkheadRejections`, case F05).
    var gatewayRejectionCount: Int {
        gateways.reduce(0) { $0 + ($1?.statistics.bulkheadRejections ?? 0) }
    }

    /// Hystrix thread-pool properties for a service's `thread_pool_size` / `thread_pool_queue`
    /// (§1.2: the effective queue stays min(maxQueueSize, queueSizeRejectionThreshold) as in Hystrix).
    func threadPoolProperties(_ settings: HystrixSettings) -> HystrixThreadPoolProperties {
        var poolProperties = (defaultsProfile == .netflix ? HystrixThreadPoolProperties.netflix : HystrixThreadPoolProperties.springCloud)
        poolProperties.coreSize = settings.threadPoolCoreSize
        poolProperties.maximumSize = settings.threadPoolCoreSize
        poolProperties.maxQueueSize = settings.threadPoolMaxQueueSize
        return poolProperties
    }
}
