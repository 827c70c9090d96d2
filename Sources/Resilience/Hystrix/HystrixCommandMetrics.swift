import SimulationPrimitives

/// The metrics Hystrix keeps per command key (reference/netflix-oss.md §2.1): rolling counters of
/// every event type, concurrency, and rolling execute/total latency percentiles.
public struct HystrixCommandMetrics: Sendable {
    var counters: RollingCounters
    var maxConcurrent: RollingMaximum
    var executeLatency: RollingPercentile
    var totalLatency: RollingPercentile
    /// Executions currently running (`currentConcurrentExecutionCount`).
    public internal(set) var currentConcurrentExecutionCount = 0
    let percentilesEnabled: Bool

    init(properties p: HystrixCommandProperties, origin: SimTime) {
        counters = RollingCounters(counterCount: HystrixEventType.allCases.count, window: p.metricsRollingStatsWindow,
                                   bucketCount: p.metricsRollingStatsNumBuckets, origin: origin)
        maxConcurrent = RollingMaximum(window: p.metricsRollingStatsWindow, bucketCount: p.metricsRollingStatsNumBuckets,
                                       origin: origin)
        executeLatency = RollingPercentile(window: p.metricsRollingPercentileWindow, bucketCount: p.metricsRollingPercentileNumBuckets,
                                           bucketSize: p.metricsRollingPercentileBucketSize, origin: origin)
        totalLatency = RollingPercentile(window: p.metricsRollingPercentileWindow, bucketCount: p.metricsRollingPercentileNumBuckets,
                                         bucketSize: p.metricsRollingPercentileBucketSize, origin: origin)
        percentilesEnabled = p.metricsRollingPercentileEnabled
    }

    mutating func count(_ event: HystrixEventType, at now: SimTime) { counters.add(event.rawValue, at: now) }

    /// The rolling count of `event` at `now` (completed buckets of the rolling-stats window).
    public mutating func rollingCount(_ event: HystrixEventType, at now: SimTime) -> Int64 {
        counters.sum(event.rawValue, at: now)
    }

    /// `rollingMaxConcurrentExecutionCount` at `now`.
    public mutating func rollingMaxConcurrentExecutionCount(at now: SimTime) -> Int64 { maxConcurrent.maximum(at: now) }

    mutating func executionStarted(at now: SimTime) {
        currentConcurrentExecutionCount += 1
        maxConcurrent.observe(Int64(currentConcurrentExecutionCount), at: now)
    }

    mutating func executionEnded() { currentConcurrentExecutionCount -= 1 }

    mutating func latencies(execute: SimDuration?, total: SimDuration, at now: SimTime) {
        guard percentilesEnabled else { return }
        if let execute { executeLatency.add(latencyMilliseconds: Int(execute.nanoseconds / 1_000_000), at: now) }
        totalLatency.add(latencyMilliseconds: Int(total.nanoseconds / 1_000_000), at: now)
    }

    /// Execute-latency percentiles at `now` (`latencyExecute`).
    public mutating func executeLatencySnapshot(at now: SimTime) -> PercentileSnapshot { executeLatency.snapshot(at: now) }
    /// Total-latency percentiles at `now` (`latencyTotal`).
    public mutating func totalLatencySnapshot(at now: SimTime) -> PercentileSnapshot { totalLatency.snapshot(at: now) }
}
