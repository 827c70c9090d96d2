import SimulationPrimitives

/// The properties of one Hystrix thread pool key, with Hystrix's defaults
/// (reference/netflix-oss.md §1.2, `HystrixThreadPoolProperties.java`).
///
/// `maxQueueSize` is fixed when the pool is built (`getBlockingQueue`); `coreSize`, `maximumSize`
/// and `queueSizeRejectionThreshold` are re-read on every admission (`touchConfig()`, §1.1).
public struct HystrixThreadPoolProperties: Sendable, Equatable {
    /// `coreSize`, default 10 threads.
    public var coreSize: Int = 10
    /// `maximumSize`, default 10; used only when `allowMaximumSizeToDivergeFromCoreSize`.
    public var maximumSize: Int = 10
    /// `allowMaximumSizeToDivergeFromCoreSize`, default false.
    public var allowMaximumSizeToDivergeFromCoreSize: Bool = false
    /// `maxQueueSize`, default -1: ≤ 0 is a `SynchronousQueue` (no queueing).
    public var maxQueueSize: Int = -1
    /// `queueSizeRejectionThreshold`, default 5; consulted only when `maxQueueSize > 0`.
    public var queueSizeRejectionThreshold: Int = 5
    /// `metrics.rollingStats.timeInMilliseconds`, default 10000 ms.
    public var metricsRollingStatsWindow: SimDuration = .milliseconds(10_000)
    /// `metrics.rollingStats.numBuckets`, default 10.
    public var metricsRollingStatsNumBuckets: Int = 10

    /// Hystrix's defaults (§1.2).
    public init() {}

    /// Hystrix defaults; Spring Cloud does not change them (§1.2).
    public static let netflix = HystrixThreadPoolProperties()
    /// Spring Cloud defaults: identical to Hystrix's.
    public static let springCloud = HystrixThreadPoolProperties()

    /// `actualMaximumSize()`: `maximumSize` if allowed to diverge and ≥ core, else `coreSize` (§1.2).
    public var actualMaximumSize: Int {
        allowMaximumSizeToDivergeFromCoreSize ? max(coreSize, maximumSize) : coreSize
    }

    /// The queue bound that actually applies: `min(maxQueueSize, queueSizeRejectionThreshold)` when
    /// `maxQueueSize > 0`, else 0 (§1.2, §8.10).
    public var effectiveQueueBound: Int {
        maxQueueSize > 0 ? max(0, min(maxQueueSize, queueSizeRejectionThreshold)) : 0
    }
}
