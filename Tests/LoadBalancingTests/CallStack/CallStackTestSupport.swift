import LoadBalancing
import Resilience
import SimulationPrimitives

/// `t` milliseconds after the run start.
func msAt(_ t: Int64) -> SimTime { SimTime(nanosecondsSinceStart: t * 1_000_000) }

/// All pending actions of `call`.
func drainActions(_ call: inout ClientCallStack) -> [ClientCallAction] {
    var out: [ClientCallAction] = []
    while let a = call.nextAction() { out.append(a) }
    return out
}

/// A SEMAPHORE-isolated command (Zuul style) with `timeoutMs`.
func semaphoreCommand(timeoutMs: Int64, hasFallback: Bool = false, key: String = "catalog") throws -> HystrixCommand {
    var p = HystrixCommandProperties.springCloud
    p.executionIsolationStrategy = .semaphore
    p.executionIsolationSemaphoreMaxConcurrentRequests = 100
    p.executionTimeout = .milliseconds(timeoutMs)
    return try HystrixCommand(key: key, group: "RibbonCommand", properties: p, hasFallback: hasFallback, createdAt: .zero)
}

/// Case F02's Ribbon settings: ConnectTimeout 1000 ms, ReadTimeout 5000 ms, MaxAutoRetries 0,
/// MaxAutoRetriesNextServer 1.
func f02Configuration(_ behaviour: ClientCallConfiguration.HystrixTimeoutBehaviour) -> ClientCallConfiguration {
    var c = ClientCallConfiguration.zuulRoute(defaults: .springCloud, retryable: true)
    c.ribbon.connectTimeout = .milliseconds(1_000)
    c.ribbon.readTimeout = .milliseconds(5_000)
    c.ribbon.maxAutoRetries = 0
    c.ribbon.maxAutoRetriesNextServer = 1
    c.hystrixTimeoutBehaviour = behaviour
    return c
}
