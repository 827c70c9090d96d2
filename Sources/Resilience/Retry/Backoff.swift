import SimulationPrimitives

/// How long to wait before a retry (reference/netflix-oss.md §3.2 `IntervalFunction`; the jitter
/// variants are the "full", "equal" and "decorrelated" jitter of AWS's *Exponential Backoff And
/// Jitter*, 2015).
///
/// ```swift
/// let backoff = Backoff.exponential(initial: .milliseconds(500), multiplier: 1.5, maximum: .seconds(5), jitter: .full)
/// let wait = backoff.delay(retry: 2, previous: lastWait, random: stream.nextDouble())
/// ```
/// The randomness is a drawn `Double` in [0, 1) passed in by the caller (sans-I/O).
public enum Backoff: Sendable, Equatable {
    /// Jitter applied to the exponential base `b`.
    public enum Jitter: Sendable, Equatable {
        /// No jitter: `b`.
        case none
        /// Full jitter: `u · b`.
        case full
        /// Equal jitter: `b/2 + u · b/2`.
        case equal
        /// Decorrelated jitter: `min(maximum, initial + u · (3 · previous − initial))`, i.e.
        /// uniform in `[initial, 3 · previous)`, with `previous = initial` for the first retry.
        case decorrelated
        /// resilience4j `ofRandomized` / `ofExponentialRandomBackoff` (§3.2): with `i` the
        /// interval in ms, `i − f·i + u · (2·f·i + 1)`, at least 1, truncated to whole ms, where
        /// `factor` f ∈ [0, 1] (resilience4j default 0.5); then capped at `maximum`.
        case resilience4jRandomized(factor: Double)
    }

    /// No wait (Spring Cloud's Ribbon retries have no backoff by default, §4.1).
    case none
    /// A constant wait (resilience4j `IntervalFunction.of(d)`; default 500 ms, §3.2).
    case fixed(SimDuration)
    /// `initial · multiplier^(retry−1)`, computed step by step in whole milliseconds truncating each
    /// step as resilience4j does, capped at `maximum`, then jittered.
    case exponential(initial: SimDuration, multiplier: Double, maximum: SimDuration, jitter: Jitter)

    /// The wait before retry number `retry` (1 = the first retry).
    /// - Parameters:
    ///   - previous: the previous wait (decorrelated jitter only).
    ///   - random: a uniform draw in [0, 1).
    public func delay(retry: Int, previous: SimDuration = .zero, random u: Double) -> SimDuration {
        precondition(retry >= 1, "retry numbers start at 1")
        switch self {
        case .none: return .zero
        case let .fixed(d): return d
        case let .exponential(initial, multiplier, maximum, jitter):
            let base = Self.exponentialMilliseconds(initialMs: initial.nanoseconds / 1_000_000, multiplier: multiplier,
                                                    retry: retry, capMs: maximum.nanoseconds / 1_000_000)
            let b = Double(base) * 1e6
            let ns: Double
            switch jitter {
            case .none: ns = b
            case .full: ns = u * b
            case .equal: ns = b / 2 + u * b / 2
            case .decorrelated:
                let lo = Double(initial.nanoseconds)
                let prev = previous > .zero ? Double(previous.nanoseconds) : lo
                ns = min(Double(maximum.nanoseconds), lo + u * max(0, 3 * prev - lo))
            case let .resilience4jRandomized(f):
                precondition(f >= 0 && f <= 1, "randomization factor must be in [0, 1]")
                let i = Double(base)
                let delta = f * i
                let valueMs = max(1, Int64(i - delta + u * (2 * delta + 1)))
                ns = Double(min(valueMs, maximum.nanoseconds / 1_000_000)) * 1e6
            }
            return SimDuration(nanoseconds: Int64(ns))
        }
    }

    /// resilience4j's iterative exponential interval in ms: `(long)(prev · multiplier)` per step,
    /// capped at `capMs` (§3.2).
    public static func exponentialMilliseconds(initialMs: Int64, multiplier: Double, retry: Int, capMs: Int64) -> Int64 {
        var v = initialMs
        if retry > 1 {
            for _ in 1..<retry {
                let next = Double(v) * multiplier
                if next >= Double(capMs) { return capMs }
                v = Int64(next)
            }
        }
        return min(v, capMs)
    }
}
