import SimulationPrimitives

/// resilience4j's `CircuitBreakerStateMachine` (reference/netflix-oss.md §3.1), sans-I/O.
///
/// ```swift
/// var breaker = Resilience4jCircuitBreaker(config: .init())
/// guard breaker.tryAcquirePermission(at: now) else { /* CallNotPermitted */ }
/// breaker.onResult(.error, duration: .milliseconds(30), at: later)
/// ```
/// Thresholds are evaluated on every recorded call: below `minimumNumberOfCalls` the rates are -1;
/// otherwise OPEN when failure rate ≥ `failureRateThreshold` or slow-call rate ≥
/// `slowCallRateThreshold` (slow: duration > `slowCallDurationThreshold`). OPEN admits again
/// when `now` is strictly after `openedAt + waitDurationInOpenState` (moving to HALF_OPEN), or at
/// that time through `tick(at:)` when automatic transition is enabled. HALF_OPEN grants
/// `permittedNumberOfCallsInHalfOpenState` permits over a fresh count window of that size and
/// closes when the window reaches its minimum below both thresholds; it has no time limit unless
/// `maxWaitDurationInHalfOpenState` is set (then `tick(at:)` applies it).
/// Memory: the window, allocated at construction and on each state change.
public struct Resilience4jCircuitBreaker: Sendable {
    /// resilience4j's states.
    public enum State: String, Sendable, Equatable {
        case closed = "CLOSED", open = "OPEN", halfOpen = "HALF_OPEN"
        case disabled = "DISABLED", forcedOpen = "FORCED_OPEN", metricsOnly = "METRICS_ONLY"
    }

    /// How a call ended, after the caller applied its record/ignore predicates (§3.1: an
    /// exception matching neither is recorded as a success).
    public enum CallOutcome: Sendable, Equatable {
        /// Recorded as a success.
        case success
        /// Recorded as an error.
        case error
        /// Matches `ignoreExceptions`: not recorded, permit released.
        case ignored
    }

    /// `CircuitBreakerMetrics`' evaluation result.
    public enum ThresholdResult: Sendable, Equatable {
        case belowMinimumCallsThreshold, belowThresholds, aboveThresholds
    }

    /// The configuration.
    public let config: Resilience4jCircuitBreakerConfig
    /// The current state.
    public private(set) var state: State = .closed
    /// Calls rejected while OPEN/HALF_OPEN/FORCED_OPEN (`numberOfNotPermittedCalls`).
    public private(set) var notPermittedCalls = 0
    /// Consecutive OPEN transitions (the interval function's attempt number).
    public private(set) var attempts = 0
    /// When the breaker last entered OPEN.
    public private(set) var openedAt: SimTime?
    /// When the breaker last entered HALF_OPEN.
    public private(set) var halfOpenedAt: SimTime?
    private var window: Resilience4jSlidingWindow
    private var minimumCalls: Int
    private var halfOpenPermits = 0

    /// A CLOSED breaker with fresh metrics.
    public init(config: Resilience4jCircuitBreakerConfig) {
        self.config = config
        window = Resilience4jSlidingWindow(type: config.slidingWindowType, size: config.slidingWindowSize)
        minimumCalls = config.effectiveMinimumNumberOfCalls
    }

    /// `tryAcquirePermission()` at `now`.
    public mutating func tryAcquirePermission(at now: SimTime) -> Bool {
        switch state {
        case .closed, .disabled, .metricsOnly: return true
        case .forcedOpen:
            notPermittedCalls += 1
            return false
        case .open:
            if let retryAfter = retryAfter, now > retryAfter {
                toHalfOpen(at: now)
                return acquireHalfOpen()
            }
            notPermittedCalls += 1
            return false
        case .halfOpen:
            return acquireHalfOpen()
        }
    }

    /// `releasePermission()`: returns a HALF_OPEN permit for a call that was not made.
    public mutating func releasePermission() {
        if state == .halfOpen { halfOpenPermits = min(halfOpenPermits + 1, config.permittedNumberOfCallsInHalfOpenState) }
    }

    /// Records a permitted call's outcome and applies the transitions of §3.1.
    @discardableResult
    public mutating func onResult(_ outcome: CallOutcome, duration: SimDuration, at now: SimTime) -> ThresholdResult {
        if outcome == .ignored { releasePermission(); return evaluate(at: now) }
        if state == .disabled || state == .forcedOpen { return evaluate(at: now) }
        window.record(failed: outcome == .error, slow: duration > config.slowCallDurationThreshold, at: now)
        let result = evaluate(at: now)
        switch state {
        case .closed:
            if result == .aboveThresholds { toOpen(at: now) }
        case .halfOpen:
            if result == .aboveThresholds { toOpen(at: now) } else if result == .belowThresholds { toClosed() }
        default: break  // OPEN keeps recording into its frozen metrics; METRICS_ONLY never trips.
        }
        return result
    }

    /// The next time `tick(at:)` has work: the automatic OPEN→HALF_OPEN transition, or the
    /// HALF_OPEN maximum wait. Nil when no timer is needed.
    public var nextDeadline: SimTime? {
        switch state {
        case .open where config.automaticTransitionFromOpenToHalfOpenEnabled: retryAfter
        case .halfOpen where config.maxWaitDurationInHalfOpenState >= .milliseconds(1):
            halfOpenedAt.map { $0 + config.maxWaitDurationInHalfOpenState }
        default: nil
        }
    }

    /// Applies timer-driven transitions due at `now` (see `nextDeadline`).
    public mutating func tick(at now: SimTime) {
        guard let deadline = nextDeadline, now >= deadline else { return }
        if state == .open {
            toHalfOpen(at: now)
        } else if state == .halfOpen {
            if config.transitionToStateAfterWaitDuration == .closed { toClosed() } else { toOpen(at: now) }
        }
    }

    /// Failure rate in % at `now`, or -1 below the minimum number of calls.
    public func failureRate(at now: SimTime) -> Double {
        let t = window.snapshot(at: now)
        return t.calls == 0 || t.calls < minimumCalls ? -1 : Double(t.failed) * 100 / Double(t.calls)
    }

    /// Slow-call rate in % at `now`, or -1 below the minimum number of calls.
    public func slowCallRate(at now: SimTime) -> Double {
        let t = window.snapshot(at: now)
        return t.calls == 0 || t.calls < minimumCalls ? -1 : Double(t.slow) * 100 / Double(t.calls)
    }

    /// Calls in the current window (`numberOfBufferedCalls`).
    public func bufferedCalls(at now: SimTime) -> Int { window.snapshot(at: now).calls }
    /// Failed calls in the current window.
    public func failedCalls(at now: SimTime) -> Int { window.snapshot(at: now).failed }

    /// `transitionToForcedOpenState()`.
    public mutating func transitionToForcedOpen() { state = .forcedOpen; resetWindow(size: config.slidingWindowSize, type: config.slidingWindowType) }
    /// `transitionToDisabledState()`.
    public mutating func transitionToDisabled() { state = .disabled; resetWindow(size: config.slidingWindowSize, type: config.slidingWindowType) }
    /// `transitionToMetricsOnlyState()`.
    public mutating func transitionToMetricsOnly() { state = .metricsOnly; resetWindow(size: config.slidingWindowSize, type: config.slidingWindowType) }
    /// `transitionToClosedState()` (also `reset()`).
    public mutating func transitionToClosed() { toClosed(); attempts = 0; notPermittedCalls = 0 }

    private var retryAfter: SimTime? { openedAt.map { $0 + config.waitDurationInOpenState } }

    private mutating func acquireHalfOpen() -> Bool {
        if halfOpenPermits > 0 { halfOpenPermits -= 1; return true }
        notPermittedCalls += 1
        return false
    }

    private func evaluate(at now: SimTime) -> ThresholdResult {
        let t = window.snapshot(at: now)
        if t.calls == 0 || t.calls < minimumCalls { return .belowMinimumCallsThreshold }
        let failureRate = Double(t.failed) * 100 / Double(t.calls)
        let slowRate = Double(t.slow) * 100 / Double(t.calls)
        return failureRate >= config.failureRateThreshold || slowRate >= config.slowCallRateThreshold
            ? .aboveThresholds : .belowThresholds
    }

    private mutating func toOpen(at now: SimTime) {
        state = .open
        attempts += 1
        openedAt = now
        notPermittedCalls = 0
    }

    private mutating func toHalfOpen(at now: SimTime) {
        state = .halfOpen
        halfOpenedAt = now
        halfOpenPermits = config.permittedNumberOfCallsInHalfOpenState
        let permitted = config.permittedNumberOfCallsInHalfOpenState
        window = Resilience4jSlidingWindow(type: .countBased, size: max(1, permitted))
        minimumCalls = min(config.minimumNumberOfCalls, permitted)
        notPermittedCalls = 0
    }

    private mutating func toClosed() {
        state = .closed
        openedAt = nil
        resetWindow(size: config.slidingWindowSize, type: config.slidingWindowType)
        attempts = 0
    }

    private mutating func resetWindow(size: Int, type: Resilience4jCircuitBreakerConfig.SlidingWindowType) {
        window = Resilience4jSlidingWindow(type: type, size: size)
        minimumCalls = config.effectiveMinimumNumberOfCalls
        notPermittedCalls = 0
    }
}
