import SimulationPrimitives

/// Ribbon's per-server statistics (`ServerStats`, reference/netflix-oss.md §4.2): active requests,
/// cumulative response-time mean, recent response-time percentiles, and the consecutive
/// connection-failure "circuit" with its blackout.
///
/// ```swift
/// var s = ServerStats(windowCapacity: 128)
/// s.noteRequestStarted(at: t0)
/// s.noteRequestCompleted(outcome: .connectionFailure, responseTime: .seconds(1), at: t1, config: config)
/// s.isCircuitTripped(at: t1, config: config)   // true after 3 consecutive connection failures
/// ```
///
/// Recording is O(1) and allocation-free; percentiles sort a copy of the window (reporting only).
public struct ServerStats: Sendable {
    /// Requests started and not yet completed (may be stale, see ``activeRequests(at:config:)``).
    public private(set) var rawActiveRequests: Int = 0
    /// When ``rawActiveRequests`` last changed.
    public private(set) var activeRequestsLastChange: SimTime = .zero
    /// Completed requests (any outcome).
    public private(set) var totalRequests: Int64 = 0
    /// Completions that were circuit-tripping connection failures.
    public private(set) var failureCount: Int64 = 0
    /// Ribbon's `successiveConnectionFailureCount`: +1 on a circuit-tripping error
    /// (`SocketException`/`SocketTimeoutException`), reset by any response or other error (§4.2).
    public private(set) var successiveConnectionFailures: Int = 0
    /// When the last circuit-tripping failure happened.
    public private(set) var lastConnectionFailure: SimTime = .zero
    /// Sum of all response times in ns (the cumulative `Distribution` Ribbon never clears, §4.2).
    public private(set) var responseTimeSumNanoseconds: Double = 0
    /// Number of response times summed.
    public private(set) var responseTimeCount: Int64 = 0
    /// Ring buffer of the most recent response times (ns).
    @usableFromInline var window: [Int64]
    @usableFromInline var windowNext: Int = 0
    @usableFromInline var windowFilled: Int = 0

    /// Fresh stats keeping the last `windowCapacity` (≥ 1) response times for percentiles.
    public init(windowCapacity: Int) {
        precondition(windowCapacity >= 1, "ServerStats window needs at least one slot")
        window = Array(repeating: 0, count: windowCapacity)
    }

    /// A request was sent to the server (Ribbon `incrementActiveRequestsCount`).
    public mutating func noteRequestStarted(at now: SimTime) {
        rawActiveRequests += 1
        activeRequestsLastChange = now
    }

    /// A request finished (Ribbon `LoadBalancerContext.noteRequestCompletion`): active −1, response
    /// time recorded, and the successive-failure count bumped (circuit-tripping error) or cleared.
    public mutating func noteRequestCompleted(outcome: AttemptOutcome, responseTime: SimDuration, at now: SimTime) {
        rawActiveRequests -= 1
        activeRequestsLastChange = now
        totalRequests += 1
        let ns = responseTime.nanoseconds
        responseTimeSumNanoseconds += Double(ns)
        responseTimeCount += 1
        window[windowNext] = ns
        windowNext = windowNext + 1 == window.count ? 0 : windowNext + 1
        if windowFilled < window.count { windowFilled += 1 }
        switch outcome {
        case .connectionFailure:
            successiveConnectionFailures += 1
            failureCount += 1
            lastConnectionFailure = now
        case .response, .otherError:
            successiveConnectionFailures = 0
        }
    }

    /// Active requests as Ribbon reports them: 0 when the count is negative or unchanged for longer
    /// than `activeRequestsCountEffectiveWindow` (600 s, §4.2).
    @inlinable public func activeRequests(at now: SimTime, config: RibbonClientConfig) -> Int {
        Self.activeRequests(raw: rawActiveRequests, lastChange: activeRequestsLastChange, at: now, config: config)
    }

    /// ``activeRequests(at:config:)`` from the two fields it reads (for callers reading in place).
    @inlinable static func activeRequests(raw: Int, lastChange: SimTime, at now: SimTime, config: RibbonClientConfig) -> Int {
        if raw < 0 || now - lastChange > config.activeRequestsCountEffectiveWindow { return 0 }
        return raw
    }

    /// The cumulative mean response time in ms since the stats were created (Ribbon's
    /// `getResponseTimeAvg()`, never windowed, §4.2); 0 before the first response.
    @inlinable public var responseTimeAverageMilliseconds: Double {
        responseTimeCount == 0 ? 0 : responseTimeSumNanoseconds / Double(responseTimeCount) / 1e6
    }

    /// The `percent` (0...100) percentile of the recent response-time window, nearest-rank; nil when
    /// nothing was recorded. Allocates (sorts a copy): for reporting, not for rules.
    public func responseTimePercentile(_ percent: Double) -> SimDuration? {
        guard windowFilled > 0 else { return nil }
        let sorted = window[0..<windowFilled].sorted()
        let rank = Int((percent / 100 * Double(windowFilled)).rounded(.up))
        return .nanoseconds(sorted[min(max(rank, 1), windowFilled) - 1])
    }
}

/// How one attempt on a server ended, as Ribbon's stats classify it (§4.2).
public enum AttemptOutcome: Sendable, Hashable {
    /// Any HTTP response, including 5xx: clears the successive connection-failure count.
    case response
    /// A circuit-tripping error: connection refused, connect timeout or read (socket) timeout.
    case connectionFailure
    /// Any other error: clears the successive connection-failure count.
    case otherError
}
