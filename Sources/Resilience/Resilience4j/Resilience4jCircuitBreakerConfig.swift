import SimulationPrimitives

/// resilience4j `CircuitBreakerConfig` with its defaults (reference/netflix-oss.md §3.1,
/// `CircuitBreakerConfig.java` l.43–99). Selectable per command instead of Hystrix's breaker.
public struct Resilience4jCircuitBreakerConfig: Sendable, Equatable {
    /// `slidingWindowType`.
    public enum SlidingWindowType: String, Sendable, Equatable {
        /// A ring of the last `slidingWindowSize` outcomes.
        case countBased = "COUNT_BASED"
        /// `slidingWindowSize` one-second buckets.
        case timeBased = "TIME_BASED"
    }

    /// `failureRateThreshold`, default 50 (%).
    public var failureRateThreshold: Double = 50
    /// `slowCallRateThreshold`, default 100 (%).
    public var slowCallRateThreshold: Double = 100
    /// `slowCallDurationThreshold`, default 60 s; a call is slow when its duration is strictly greater.
    public var slowCallDurationThreshold: SimDuration = .seconds(60)
    /// `slidingWindowType`, default COUNT_BASED.
    public var slidingWindowType: SlidingWindowType = .countBased
    /// `slidingWindowSize`, default 100 (calls, or seconds when TIME_BASED).
    public var slidingWindowSize: Int = 100
    /// `minimumNumberOfCalls`, default 100 (capped at the window size when COUNT_BASED).
    public var minimumNumberOfCalls: Int = 100
    /// `permittedNumberOfCallsInHalfOpenState`, default 10.
    public var permittedNumberOfCallsInHalfOpenState: Int = 10
    /// `waitDurationInOpenState`, default 60 s (constant interval function).
    public var waitDurationInOpenState: SimDuration = .seconds(60)
    /// `automaticTransitionFromOpenToHalfOpenEnabled`, default false.
    public var automaticTransitionFromOpenToHalfOpenEnabled: Bool = false
    /// `maxWaitDurationInHalfOpenState`, default 0 (wait forever in HALF_OPEN).
    public var maxWaitDurationInHalfOpenState: SimDuration = .zero
    /// `transitionToStateAfterWaitDuration`, default OPEN (used only when maxWait ≥ 1 ms).
    public var transitionToStateAfterWaitDuration: Resilience4jCircuitBreaker.State = .open

    /// resilience4j's defaults.
    public init() {}

    /// The effective minimum number of calls: capped at `slidingWindowSize` for COUNT_BASED only.
    public var effectiveMinimumNumberOfCalls: Int {
        slidingWindowType == .countBased ? min(minimumNumberOfCalls, slidingWindowSize) : minimumNumberOfCalls
    }
}
