import SimulationPrimitives

/// Maps virtual time onto wall-clock text for outputs that need a date (ECS `@timestamp`,
/// JUnit `timestamp`).
///
/// The epoch is fixed and documented (docs/reports.md): `SimTime.zero` is
/// **2025-01-01T00:00:00.000Z**, so the same run always writes the same timestamps
/// (DESIGN §2 "Determinism is a contract"). Dates are computed with the proleptic Gregorian
/// civil-from-days algorithm (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"), not
/// with a locale-dependent formatter.
public enum VirtualClock {
    /// Unix seconds of the epoch `SimTime.zero` maps to (2025-01-01T00:00:00Z).
    public static let epochUnixSeconds: Int64 = SimTime.epochUnixSeconds

    /// `2025-01-01T00:01:30.250Z` for `T+1m30.25s` (millisecond precision, truncated).
    public static func iso8601(_ t: SimTime) -> String {
        let totalMs = epochUnixSeconds * 1000 + floorDiv(t.nanosecondsSinceStart, 1_000_000)
        return iso8601(unixMilliseconds: totalMs, withZone: true)
    }

    /// ISO 8601 without zone (`2025-01-01T00:00:00`), as the Ant JUnit schema asks.
    public static func iso8601NoZone(_ t: SimTime) -> String {
        let s = epochUnixSeconds * 1000 + floorDiv(t.nanosecondsSinceStart, 1_000_000)
        let full = iso8601(unixMilliseconds: s, withZone: false)
        return String(full.prefix(19))
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    static func iso8601(unixMilliseconds: Int64, withZone: Bool) -> String {
        let ms = Int((unixMilliseconds % 1000 + 1000) % 1000)
        let secondsTotal = floorDiv(unixMilliseconds, 1000)
        let days = floorDiv(secondsTotal, 86_400)
        let secondOfDay = Int(secondsTotal - days * 86_400)
        let (y, m, d) = civil(fromDays: days)
        func pad(_ v: Int, _ width: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, width - s.count)) + s }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
            + ".\(pad(ms, 3))" + (withZone ? "Z" : "")
    }

    /// Days since 1970-01-01 → (year, month, day) (Hinnant's `civil_from_days`).
    static func civil(fromDays z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }
}
