import SimulationPrimitives

/// The properties of one Hystrix command key, with Hystrix's defaults
/// (reference/netflix-oss.md §1.1, `HystrixCommandProperties.java` `default_*` constants).
///
/// ```swift
/// var properties = HystrixCommandProperties.springCloud
/// properties.executionTimeout = .milliseconds(2_000)
/// let command = try HystrixCommand(key: "compra-command", properties: properties, createdAt: .zero)
/// ```
///
/// Hystrix reads these through Archaius on every access, so a runtime change applies to the next
/// call (§1.1): `HystrixCommand.properties` is a mutable property read on every `begin`. The
/// exceptions, fixed when the command is built, are the rolling-window geometry
/// (`metricsRollingStats*`, `metricsRollingPercentile*`, `metricsHealthSnapshotInterval`), as the
/// metric streams are created once per key.
public struct HystrixCommandProperties: Sendable, Equatable {
    /// Hystrix's isolation strategies (§1.1 `execution.isolation.strategy`).
    public enum IsolationStrategy: String, Sendable, Equatable {
        /// Run on a thread of the command's thread pool (`HystrixThreadPool`).
        case thread = "THREAD"
        /// Run on the caller's thread, bounded by a counting semaphore.
        case semaphore = "SEMAPHORE"
    }

    /// `execution.isolation.strategy`, default THREAD.
    public var executionIsolationStrategy: IsolationStrategy = .thread
    /// `execution.isolation.thread.timeoutInMilliseconds`, default 1000 ms; applies under both
    /// strategies when `executionTimeoutEnabled`.
    public var executionTimeout: SimDuration = .milliseconds(1_000)
    /// `execution.timeout.enabled`, default true.
    public var executionTimeoutEnabled: Bool = true
    /// `execution.isolation.thread.interruptOnTimeout`, default true (echoed in the stream; a
    /// simulated blocking socket read ignores interrupts, case F02).
    public var executionIsolationThreadInterruptOnTimeout: Bool = true
    /// `execution.isolation.semaphore.maxConcurrentRequests`, default 10.
    public var executionIsolationSemaphoreMaxConcurrentRequests: Int = 10
    /// `fallback.isolation.semaphore.maxConcurrentRequests`, default 10 (also under THREAD).
    public var fallbackIsolationSemaphoreMaxConcurrentRequests: Int = 10
    /// `fallback.enabled`, default true.
    public var fallbackEnabled: Bool = true
    /// `circuitBreaker.enabled`, default true; false behaves as `NoOpCircuitBreaker`.
    public var circuitBreakerEnabled: Bool = true
    /// `circuitBreaker.requestVolumeThreshold`, default 20 requests in the rolling window.
    public var circuitBreakerRequestVolumeThreshold: Int = 20
    /// `circuitBreaker.sleepWindowInMilliseconds`, default 5000 ms.
    public var circuitBreakerSleepWindow: SimDuration = .milliseconds(5_000)
    /// `circuitBreaker.errorThresholdPercentage`, default 50 (%).
    public var circuitBreakerErrorThresholdPercentage: Int = 50
    /// `circuitBreaker.forceOpen`, default false; takes precedence over `forceClosed`.
    public var circuitBreakerForceOpen: Bool = false
    /// `circuitBreaker.forceClosed`, default false.
    public var circuitBreakerForceClosed: Bool = false
    /// `metrics.rollingStats.timeInMilliseconds`, default 10000 ms (fixed at construction).
    public var metricsRollingStatsWindow: SimDuration = .milliseconds(10_000)
    /// `metrics.rollingStats.numBuckets`, default 10 (rolling counters only, not the health window).
    public var metricsRollingStatsNumBuckets: Int = 10
    /// `metrics.rollingPercentile.enabled`, default true.
    public var metricsRollingPercentileEnabled: Bool = true
    /// `metrics.rollingPercentile.timeInMilliseconds`, default 60000 ms.
    public var metricsRollingPercentileWindow: SimDuration = .milliseconds(60_000)
    /// `metrics.rollingPercentile.numBuckets`, default 6.
    public var metricsRollingPercentileNumBuckets: Int = 6
    /// `metrics.rollingPercentile.bucketSize`, default 100 values kept per bucket.
    public var metricsRollingPercentileBucketSize: Int = 100
    /// `metrics.healthSnapshot.intervalInMilliseconds`, default 500 ms; 0 is invalid (§1.1).
    public var metricsHealthSnapshotInterval: SimDuration = .milliseconds(500)
    /// `requestCache.enabled`, default true.
    public var requestCacheEnabled: Bool = true
    /// `requestLog.enabled`, default true.
    public var requestLogEnabled: Bool = true
    /// cinesim option (case F05, DESIGN §10 "Stock vs improved"): stock Hystrix counts
    /// THREAD_POOL_REJECTED and SEMAPHORE_REJECTED in the health window's total and errors
    /// (§1.6). `false` treats rejections as shed load: they count in neither.
    public var rejectionsCountAsFailures: Bool = true

    /// Hystrix's own defaults (§1.1).
    public init() {}

    /// Raw Netflix Hystrix defaults (§1.1).
    public static let netflix = HystrixCommandProperties()

    /// Spring Cloud Netflix 2.2.x defaults for a command it does not wrap itself: identical to
    /// Hystrix's (Spring Cloud does not override command defaults; Zuul routes are the exception,
    /// see `zuulRoute(defaults:ribbonTimeout:explicitTimeout:semaphorePermits:)`).
    public static let springCloud = HystrixCommandProperties()

    /// The defaults a `profile` selects.
    public static func defaults(_ profile: DefaultsProfile) -> HystrixCommandProperties {
        profile == .netflix ? .netflix : .springCloud
    }

    /// The properties of a Zuul route's command (commandKey = serviceId, group "RibbonCommand").
    ///
    /// Both profiles use SEMAPHORE isolation with 100 permits (§6.1, §6.2). The timeout is
    /// `explicitTimeout` when set and positive; otherwise Spring Cloud uses `ribbonTimeout`
    /// (`AbstractRibbonCommand.getHystrixTimeout`, §6.3) and Netflix Zuul the Hystrix default
    /// 1000 ms (§6.1).
    /// - Parameters:
    ///   - ribbonTimeout: `(ConnectTimeout + ReadTimeout) × attempts` (see `ClientCallConfiguration`).
    ///   - explicitTimeout: `hystrix.command.<serviceId|default>…timeoutInMilliseconds` if configured.
    ///   - semaphorePermits: `zuul.semaphore.maxSemaphores` (default 100).
    public static func zuulRoute(
        defaults profile: DefaultsProfile, ribbonTimeout: SimDuration,
        explicitTimeout: SimDuration? = nil, semaphorePermits: Int = 100
    ) -> HystrixCommandProperties {
        var p = HystrixCommandProperties.defaults(profile)
        p.executionIsolationStrategy = .semaphore
        p.executionIsolationSemaphoreMaxConcurrentRequests = semaphorePermits
        if let explicitTimeout, explicitTimeout > .zero {
            p.executionTimeout = explicitTimeout
        } else if profile == .springCloud {
            p.executionTimeout = ribbonTimeout
        }
        return p
    }

    /// The health window's bucket count: `rollingStats.timeInMilliseconds /
    /// healthSnapshot.intervalInMilliseconds` (integer division, §1.5), at least 1.
    public var healthWindowBucketCount: Int {
        max(1, Int(metricsRollingStatsWindow.nanoseconds / max(1, metricsHealthSnapshotInterval.nanoseconds)))
    }

    /// Checks the values Hystrix rejects.
    /// - Throws: `HystrixConfigurationError` naming the property and the value.
    public func validate() throws(HystrixConfigurationError) {
        if metricsHealthSnapshotInterval <= .zero {
            throw .invalid(property: "metrics.healthSnapshot.intervalInMilliseconds",
                           value: metricsHealthSnapshotInterval.description,
                           reason: "must be > 0 (HealthCountsStream throws on 0)")
        }
        if metricsRollingStatsNumBuckets <= 0
            || metricsRollingStatsWindow.nanoseconds % Int64(metricsRollingStatsNumBuckets) != 0 {
            throw .invalid(property: "metrics.rollingStats.numBuckets", value: String(metricsRollingStatsNumBuckets),
                           reason: "must be > 0 and divide metrics.rollingStats.timeInMilliseconds")
        }
        if metricsRollingPercentileNumBuckets <= 0 || metricsRollingPercentileBucketSize <= 0 {
            throw .invalid(property: "metrics.rollingPercentile.numBuckets", value: String(metricsRollingPercentileNumBuckets),
                           reason: "numBuckets and bucketSize must be > 0")
        }
        if executionTimeout <= .zero {
            throw .invalid(property: "execution.isolation.thread.timeoutInMilliseconds",
                           value: executionTimeout.description, reason: "must be > 0")
        }
        if executionIsolationSemaphoreMaxConcurrentRequests < 0 || fallbackIsolationSemaphoreMaxConcurrentRequests < 0 {
            throw .invalid(property: "execution.isolation.semaphore.maxConcurrentRequests",
                           value: String(executionIsolationSemaphoreMaxConcurrentRequests), reason: "must be >= 0")
        }
    }
}

/// A Hystrix property value Hystrix itself would refuse.
public enum HystrixConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `property` (its Hystrix key suffix) has `value`, which is invalid for `reason`.
    case invalid(property: String, value: String, reason: String)

    /// A message naming the key, the value and the fix.
    public var description: String {
        switch self {
        case let .invalid(property, value, reason): "hystrix property '\(property)' = \(value): \(reason)"
        }
    }
}
