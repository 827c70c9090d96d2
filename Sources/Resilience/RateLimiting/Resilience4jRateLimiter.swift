import SimulationPrimitives

/// resilience4j's `AtomicRateLimiter` (reference/netflix-oss.md §3.3 defaults): `limitForPeriod`
/// permissions per `limitRefreshPeriod` cycle; a caller may wait up to `timeoutDuration` for a
/// later cycle, reserving permissions in advance (the count may go negative).
///
/// ```swift
/// var limiter = Resilience4jRateLimiter(limitForPeriod: 50, limitRefreshPeriod: .seconds(1),
///                                       timeout: .zero, origin: .zero)
/// switch limiter.acquire(permits: 1, at: now) { case .permitted(let startAt): …; case .rejected: … }
/// ```
/// Cycles are counted from `origin`; at each new cycle the available permissions become
/// `min(available + elapsedCycles × limitForPeriod, limitForPeriod)`.
public struct Resilience4jRateLimiter: Sendable {
    /// The decision for one acquisition.
    public enum Decision: Sendable, Equatable {
        /// Permitted: the call may proceed at `startAt` (`now`, or later after waiting).
        case permitted(startAt: SimTime)
        /// `RequestNotPermitted`: the wait would exceed `timeoutDuration`.
        case rejected
    }

    /// `limitForPeriod`, default 50.
    public let limitForPeriod: Int64
    /// `limitRefreshPeriod`, default 500 ns.
    public let limitRefreshPeriod: SimDuration
    /// `timeoutDuration`, default 5 s.
    public let timeoutDuration: SimDuration
    private let origin: Int64
    private var activeCycle: Int64 = 0
    private var activePermissions: Int64

    /// Creates a limiter; defaults are resilience4j's (`RateLimiterConfig` l.152–154).
    public init(limitForPeriod: Int = 50, limitRefreshPeriod: SimDuration = .nanoseconds(500),
                timeout: SimDuration = .seconds(5), origin: SimTime) {
        precondition(limitForPeriod > 0 && limitRefreshPeriod > .zero && timeout >= .zero)
        self.limitForPeriod = Int64(limitForPeriod)
        self.limitRefreshPeriod = limitRefreshPeriod
        timeoutDuration = timeout
        self.origin = origin.nanosecondsSinceStart
        activePermissions = Int64(limitForPeriod)
    }

    /// Tries to acquire `permits` at `now` (`acquirePermission` / `reservePermission`).
    public mutating func acquire(permits: Int = 1, at now: SimTime) -> Decision {
        let period = limitRefreshPeriod.nanoseconds
        let nanos = now.nanosecondsSinceStart - origin
        let cycle = nanos / period
        var available = activePermissions
        if cycle != activeCycle {
            let accumulated = (cycle - activeCycle) * limitForPeriod
            available = min(available + accumulated, limitForPeriod)
        }
        let need = Int64(permits)
        var wait: Int64 = 0
        if available < need {
            let toNextCycle = (cycle + 1) * period - nanos
            let atNextCycle = available + limitForPeriod
            let fullCycles = atNextCycle >= need ? 0 : (need - atNextCycle + limitForPeriod - 1) / limitForPeriod
            wait = fullCycles * period + toNextCycle
        }
        activeCycle = cycle
        guard wait <= timeoutDuration.nanoseconds else {
            activePermissions = available
            return .rejected
        }
        activePermissions = available - need
        return .permitted(startAt: now + SimDuration(nanoseconds: wait))
    }
}
