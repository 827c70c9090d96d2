import SimulationPrimitives

/// A token-bucket rate limiter with exact integer arithmetic.
///
/// ```swift
/// var bucket = TokenBucket(capacity: 50, refillTokens: 50, every: .seconds(1), full: true, at: .zero)
/// if bucket.tryAcquire(at: now) { /* admitted */ } else { let retryAt = bucket.nextAvailable(permits: 1, at: now) }
/// ```
/// `refillTokens` tokens are added every `period`, continuously (pro rata per nanosecond), up to
/// `capacity`. Tokens are stored in units of 1/period-ns so refill never rounds. (resilience4j's
/// RateLimiter refreshes `limitForPeriod` permits per `limitRefreshPeriod` in steps instead,
/// §3.3; `TokenBucket(capacity: n, refillTokens: n, every: p)` is its continuous analogue.)
public struct TokenBucket: Sendable {
    /// Maximum tokens held.
    public let capacity: Int64
    /// Tokens added per `period`.
    public let refillTokens: Int64
    /// The refill period.
    public let period: SimDuration
    private var units: Int64
    private var updatedAt: SimTime

    /// Creates a bucket, full or empty, at `now`.
    public init(capacity: Int, refillTokens: Int, every period: SimDuration, full: Bool = true, at now: SimTime) {
        precondition(capacity > 0 && refillTokens > 0 && period > .zero)
        self.capacity = Int64(capacity)
        self.refillTokens = Int64(refillTokens)
        self.period = period
        units = full ? Int64(capacity) * period.nanoseconds : 0
        updatedAt = now
    }

    /// Whole tokens available at `now`.
    public mutating func availableTokens(at now: SimTime) -> Int64 {
        refill(to: now)
        return units / period.nanoseconds
    }

    /// Takes `permits` tokens if available at `now`.
    public mutating func tryAcquire(permits: Int = 1, at now: SimTime) -> Bool {
        refill(to: now)
        let need = Int64(permits) * period.nanoseconds
        guard units >= need else { return false }
        units -= need
        return true
    }

    /// The earliest time `permits` tokens will be available (`now` if already), for a
    /// Retry-After header or a wait deadline. `.distantFuture` when `permits > capacity`.
    public mutating func nextAvailable(permits: Int = 1, at now: SimTime) -> SimTime {
        refill(to: now)
        let need = Int64(permits) * period.nanoseconds
        if units >= need { return now }
        if Int64(permits) > capacity { return .distantFuture }
        let missing = need - units
        let ns = (missing + refillTokens - 1) / refillTokens
        return now + SimDuration(nanoseconds: ns)
    }

    private mutating func refill(to now: SimTime) {
        let elapsed = (now - updatedAt).nanoseconds
        guard elapsed > 0 else { return }
        let cap = capacity * period.nanoseconds
        let room = cap - units
        // elapsed × refillTokens may overflow for long idle times: cap first.
        if room <= 0 { units = cap } else if elapsed >= room / refillTokens + 1 { units = cap } else { units += elapsed * refillTokens }
        updatedAt = now
    }
}
