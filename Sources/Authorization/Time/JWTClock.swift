import SimulationPrimitives

/// Maps virtual time (``SimTime``) onto JWT `NumericDate` seconds (RFC 7519 §2: seconds since
/// 1970-01-01T00:00:00Z, ignoring leap seconds).
///
/// `SimTime.zero` (the start of a run) is ``epochUnixSeconds`` in JWT time. The default epoch is
/// 2025-01-01T00:00:00Z (`SimTime.epochUnixSeconds`, shared with the report writers), fixed so that every run issues byte-identical claims
/// (DESIGN §2, determinism). A token's `iat`/`exp` are whole seconds; instants are truncated
/// towards the start of the run.
///
/// ```swift
/// let clock = JWTClock()
/// clock.numericDate(at: .zero + .seconds(90))   // 1_735_689_690
/// clock.instant(ofNumericDate: 1_735_689_690)   // T+1m30s
/// ```
public struct JWTClock: Sendable, Hashable {
    /// The JWT `NumericDate` of the start of the run: 2025-01-01T00:00:00Z by default.
    public var epochUnixSeconds: Int64

    /// The default epoch, 2025-01-01T00:00:00Z in Unix seconds.
    public static let defaultEpochUnixSeconds: Int64 = SimTime.epochUnixSeconds

    /// A clock whose run start is `epochUnixSeconds` (Unix seconds).
    public init(epochUnixSeconds: Int64 = JWTClock.defaultEpochUnixSeconds) {
        self.epochUnixSeconds = epochUnixSeconds
    }

    /// The `NumericDate` (whole Unix seconds) of `instant`, truncated.
    @inlinable public func numericDate(at instant: SimTime) -> Int64 {
        let ns = instant.nanosecondsSinceStart
        // Floor division so instants before the run start round down too.
        let seconds = ns >= 0 ? ns / 1_000_000_000 : -((-ns + 999_999_999) / 1_000_000_000)
        return epochUnixSeconds + seconds
    }

    /// The virtual instant at which `numericDate` begins. Saturates at the representable range
    /// (about ±292 years around the run start) so hostile claim values cannot trap.
    @inlinable public func instant(ofNumericDate numericDate: Int64) -> SimTime {
        let (delta, o1) = numericDate.subtractingReportingOverflow(epochUnixSeconds)
        if o1 { return numericDate > 0 ? .distantFuture : SimTime(nanosecondsSinceStart: Int64.min) }
        let (ns, o2) = delta.multipliedReportingOverflow(by: 1_000_000_000)
        if o2 { return delta > 0 ? .distantFuture : SimTime(nanosecondsSinceStart: Int64.min) }
        return SimTime(nanosecondsSinceStart: ns)
    }
}
