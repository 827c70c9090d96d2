import SimulationPrimitives

/// A token bucket with exact integer arithmetic: `capacity` tokens, refilled at `capacity` tokens
/// per `refillPeriod` (continuously), each request taking one.
///
/// The level is an integer `credit`: one token costs `refillPeriod.nanoseconds` units, a full bucket
/// holds `capacity × refillPeriod.nanoseconds`, and each elapsed nanosecond adds `capacity` units.
/// No floating point decides admission.
///
/// ```swift
/// var bucket = RateLimitBucket(capacity: 10, refillPeriod: .seconds(60), now: .zero)
/// bucket.tryTake(now: .zero)   // true, 9 left
/// ```
public struct RateLimitBucket: Sendable, Hashable {
    /// Tokens when full.
    public let capacity: Int64
    /// Time to refill `capacity` tokens from empty.
    public let refillPeriod: SimDuration
    var credit: Int64
    var updatedAt: SimTime

    /// A full bucket at `now`. Preconditions: `capacity > 0`, `refillPeriod > 0`.
    public init(capacity: Int, refillPeriod: SimDuration, now: SimTime) {
        precondition(capacity > 0 && refillPeriod > .zero, "RateLimitBucket needs a positive capacity and period")
        self.capacity = Int64(capacity)
        self.refillPeriod = refillPeriod
        self.credit = Int64(capacity) * refillPeriod.nanoseconds
        self.updatedAt = now
    }

    mutating func refill(now: SimTime) {
        guard now > updatedAt else { return }
        let maximum = capacity * refillPeriod.nanoseconds
        let (gain, overflow) = (now - updatedAt).nanoseconds.multipliedReportingOverflow(by: capacity)
        credit = overflow ? maximum : min(maximum, credit + min(gain, maximum))
        updatedAt = now
    }

    /// Takes one token if available at `now`.
    public mutating func tryTake(now: SimTime) -> Bool {
        refill(now: now)
        guard credit >= refillPeriod.nanoseconds else { return false }
        credit -= refillPeriod.nanoseconds
        return true
    }

    /// Whole tokens available at `now` (after refill).
    public mutating func available(now: SimTime) -> Int64 {
        refill(now: now)
        return credit / refillPeriod.nanoseconds
    }

    /// Time from `now` until one token is available (zero if one is).
    public mutating func timeUntilNextToken(now: SimTime) -> SimDuration {
        refill(now: now)
        let missing = refillPeriod.nanoseconds - credit
        guard missing > 0 else { return .zero }
        return .nanoseconds((missing + capacity - 1) / capacity)
    }
}
