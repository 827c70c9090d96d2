import Resilience
import SimulationPrimitives

/// `t` milliseconds after the run start.
func ms(_ t: Int64) -> SimTime { SimTime(nanosecondsSinceStart: t * 1_000_000) }

/// `HystrixCommandPropertiesTest.getUnitTestPropertiesSetter()` as used by
/// `HystrixCircuitBreakerTest` (reference/netflix-oss.md §1.9): error threshold 40 %, rolling
/// window 5000 ms / 5 buckets, health snapshot 100 ms, request volume 1, sleep window 200 ms,
/// execution timeout 500 ms. SEMAPHORE isolation with ample permits stands in for the suite's
/// thread pool (the breaker cases do not depend on isolation).
func unitTestProperties(sleepWindowMs: Int64 = 200, requestVolumeThreshold: Int = 1) -> HystrixCommandProperties {
    var p = HystrixCommandProperties.netflix
    p.circuitBreakerErrorThresholdPercentage = 40
    p.metricsRollingStatsWindow = .milliseconds(5_000)
    p.metricsRollingStatsNumBuckets = 5
    p.metricsHealthSnapshotInterval = .milliseconds(100)
    p.circuitBreakerRequestVolumeThreshold = requestVolumeThreshold
    p.circuitBreakerSleepWindow = .milliseconds(sleepWindowMs)
    p.executionTimeout = .milliseconds(500)
    p.executionIsolationStrategy = .semaphore
    p.executionIsolationSemaphoreMaxConcurrentRequests = 1_000
    p.fallbackIsolationSemaphoreMaxConcurrentRequests = 1_000
    return p
}

/// Drives one command execution to completion; returns the terminal event.
@discardableResult
func run(_ command: HystrixCommand, _ result: HystrixRunResult, at start: Int64, durationMs: Int64 = 1, callID: Int = 0) -> HystrixEventType? {
    switch command.begin(at: ms(start), callID: callID) {
    case var .running(exec):
        let c = command.complete(&exec, result: result, at: ms(start + durationMs))
        if c.fallback == .run { command.fallbackFinished(success: true, at: ms(start + durationMs)) }
        return c.event
    case let .rejected(event, fallback):
        if fallback == .run { command.fallbackFinished(success: true, at: ms(start)) }
        return event
    case .queued, .responseFromCache:
        return nil
    }
}

/// Runs a `TimeoutCommand` (sleeps 2000 ms, so Hystrix times it out at 500 ms).
@discardableResult
func runTimeout(_ command: HystrixCommand, at start: Int64, callID: Int = 0) -> HystrixEventType? {
    switch command.begin(at: ms(start), callID: callID) {
    case var .running(exec):
        let deadline = exec.timeoutDeadline!
        let decision = command.timeout(&exec, at: deadline)?.fallback
        if decision == .run { command.fallbackFinished(success: true, at: deadline) }
        _ = command.complete(&exec, result: .success, at: ms(start + 2_000))  // the sleeping work ends later
        return .timeout
    case let .rejected(event, _):
        return event
    default:
        return nil
    }
}
