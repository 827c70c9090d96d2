import SimulationPrimitives

/// A retry budget that stops retry storms: over a rolling window, retries ≤
/// `floor(ratio × requests) + minimumRetries` (in the spirit of Finagle's `RetryBudget` and
/// gRPC's retry throttling; case §8.4 shows multiplicative retries without one).
///
/// ```swift
/// var budget = RetryBudget(ratio: 0.2, minimumRetries: 10, window: .seconds(10), origin: .zero)
/// budget.recordRequest(at: now)
/// if budget.tryWithdrawRetry(at: now) { /* retry */ }
/// ```
/// The window is 10 one-tenth buckets (completed and in-progress buckets both count, so the
/// bound holds at every instant). Integer arithmetic: `ratio` is stored in parts per million.
public struct RetryBudget: Sendable {
    /// Retries allowed per original request, in parts per million.
    public let ratioPPM: Int64
    /// Retries always allowed per window regardless of traffic.
    public let minimumRetries: Int64
    private var counts: RollingCounters

    /// Creates a budget.
    /// - Parameters:
    ///   - ratio: retries per request, e.g. 0.2 for 20 %.
    ///   - minimumRetries: retries allowed per window at low traffic.
    ///   - window: the rolling window (split into 10 buckets).
    public init(ratio: Double, minimumRetries: Int, window: SimDuration = .seconds(10), origin: SimTime) {
        precondition(ratio >= 0 && minimumRetries >= 0)
        ratioPPM = Int64((ratio * 1_000_000).rounded())
        self.minimumRetries = Int64(minimumRetries)
        counts = RollingCounters(counterCount: 2, window: window, bucketCount: 10, origin: origin)
    }

    /// Counts an original (non-retry) request.
    public mutating func recordRequest(at now: SimTime) { counts.add(0, at: now) }

    /// Takes a retry token if `retries + 1 ≤ floor(ratio × requests) + minimumRetries` in the window.
    public mutating func tryWithdrawRetry(at now: SimTime) -> Bool {
        let requests = counts.sum(0, at: now) + counts.inProgress(0)
        let retries = counts.sum(1, at: now) + counts.inProgress(1)
        guard retries + 1 <= allowance(requests: requests) else { return false }
        counts.add(1, at: now)
        return true
    }

    /// `(requests, retries)` in the window at `now`.
    public mutating func windowCounts(at now: SimTime) -> (requests: Int64, retries: Int64) {
        (counts.sum(0, at: now) + counts.inProgress(0), counts.sum(1, at: now) + counts.inProgress(1))
    }

    /// Retries allowed for `requests` requests in a window.
    public func allowance(requests: Int64) -> Int64 { requests * ratioPPM / 1_000_000 + minimumRetries }
}
