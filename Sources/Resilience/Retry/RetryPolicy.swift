import SimulationPrimitives

/// A retry policy: attempts, backoff and idempotency rules (resilience4j `RetryConfig`
/// semantics, reference/netflix-oss.md §3.2; idempotency per Ribbon's `OkToRetryOnAllOperations`,
/// §4.1, and case §8.4 on duplicated POSTs).
///
/// ```swift
/// let policy = RetryPolicy.resilience4jDefault
/// switch policy.decide(failedAttempt: 1, idempotent: true, previousDelay: .zero, random: u) {
/// case .retry(let after): …   case .giveUp(let reason): …
/// }
/// ```
public struct RetryPolicy: Sendable, Equatable {
    /// Total calls including the first (`maxAttempts`, resilience4j default 3).
    public var maxAttempts: Int
    /// The wait between attempts.
    public var backoff: Backoff
    /// Retry non-idempotent calls too (like `OkToRetryOnAllOperations = true`); default false.
    public var retryNonIdempotent: Bool

    /// Creates a policy.
    public init(maxAttempts: Int, backoff: Backoff, retryNonIdempotent: Bool = false) {
        precondition(maxAttempts >= 1)
        self.maxAttempts = maxAttempts
        self.backoff = backoff
        self.retryNonIdempotent = retryNonIdempotent
    }

    /// resilience4j's defaults: 3 attempts, constant 500 ms (§3.2).
    public static let resilience4jDefault = RetryPolicy(maxAttempts: 3, backoff: .fixed(.milliseconds(500)))

    /// Why a retry is not made.
    public enum GiveUpReason: Sendable, Equatable {
        /// `failedAttempt >= maxAttempts`.
        case attemptsExhausted
        /// The call is not idempotent and `retryNonIdempotent` is false.
        case notIdempotent
        /// The retry budget refused a token.
        case budgetExhausted
    }

    /// The decision after a failed attempt.
    public enum Decision: Sendable, Equatable {
        /// Retry after the given wait.
        case retry(after: SimDuration)
        /// Stop and surface the error.
        case giveUp(GiveUpReason)
    }

    /// Decides after attempt number `failedAttempt` (1-based) failed.
    /// - Parameters:
    ///   - idempotent: whether repeating the call is safe (GET, or a keyed write).
    ///   - previousDelay: the previous wait (decorrelated jitter).
    ///   - random: a uniform draw in [0, 1) for jitter.
    public func decide(failedAttempt: Int, idempotent: Bool, previousDelay: SimDuration = .zero, random: Double) -> Decision {
        if failedAttempt >= maxAttempts { return .giveUp(.attemptsExhausted) }
        if !idempotent && !retryNonIdempotent { return .giveUp(.notIdempotent) }
        return .retry(after: backoff.delay(retry: failedAttempt, previous: previousDelay, random: random))
    }

    /// As `decide`, also asking `budget` for a retry token at `now`.
    public func decide(failedAttempt: Int, idempotent: Bool, previousDelay: SimDuration = .zero, random: Double,
                       budget: inout RetryBudget, at now: SimTime) -> Decision {
        let d = decide(failedAttempt: failedAttempt, idempotent: idempotent, previousDelay: previousDelay, random: random)
        guard case .retry = d else { return d }
        return budget.tryWithdrawRetry(at: now) ? d : .giveUp(.budgetExhausted)
    }
}
