/// An instant of virtual time: nanoseconds since the start of the simulated run.
///
/// `SimTime` and ``SimDuration`` are distinct types so an instant is never passed where a span is
/// expected. `SimTime(0)` is the start of the run; reports map it onto a fixed, documented epoch
/// (docs/ARCHITECTURE.md) when a wall-clock form is needed (ECS `@timestamp`).
///
/// ```swift
/// let now = SimTime.zero + .seconds(30)
/// let deadline = now + .milliseconds(1_000)
/// deadline - now   // SimDuration 1 s
/// ```
public struct SimTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Nanoseconds since the start of the run.
    public var nanosecondsSinceStart: Int64

    /// The instant `nanosecondsSinceStart` ns after the start of the run.
    @inlinable public init(nanosecondsSinceStart: Int64) { self.nanosecondsSinceStart = nanosecondsSinceStart }

    /// The start of the run. Computed and inlinable (as ``SimDuration/zero``): a `static let` is read
    /// through an accessor call from other modules.
    @inlinable public static var zero: SimTime { SimTime(nanosecondsSinceStart: 0) }
    /// A time later than any event of a run (used as "never" for deadlines).
    @inlinable public static var distantFuture: SimTime { SimTime(nanosecondsSinceStart: Int64.max) }

    /// Seconds since the start of the run, for statistics and display only.
    @inlinable public var secondsSinceStart: Double { Double(nanosecondsSinceStart) / 1e9 }

    @inlinable public static func < (a: SimTime, b: SimTime) -> Bool { a.nanosecondsSinceStart < b.nanosecondsSinceStart }
    @inlinable public static func + (t: SimTime, d: SimDuration) -> SimTime { SimTime(nanosecondsSinceStart: t.nanosecondsSinceStart + d.nanoseconds) }
    @inlinable public static func - (t: SimTime, d: SimDuration) -> SimTime { SimTime(nanosecondsSinceStart: t.nanosecondsSinceStart - d.nanoseconds) }
    @inlinable public static func - (a: SimTime, b: SimTime) -> SimDuration { SimDuration(nanoseconds: a.nanosecondsSinceStart - b.nanosecondsSinceStart) }
    @inlinable public static func += (t: inout SimTime, d: SimDuration) { t.nanosecondsSinceStart += d.nanoseconds }

    /// `T+<duration>`, e.g. `T+1m30s`.
    public var description: String { "T+" + DurationFormat.format(SimDuration(nanoseconds: nanosecondsSinceStart)) }
}

extension SimTime {
    /// Unix seconds of the wall-clock instant that `SimTime.zero` stands for wherever an output or
    /// a protocol needs a date: ECS `@timestamp`, JUnit `timestamp`, JWT `iat`/`exp`/`nbf`.
    /// 2025-01-01T00:00:00Z, fixed so that the same run always writes the same dates and tokens
    /// (DESIGN §2 "Determinism is a contract"). One constant for every module, so a log line's
    /// `@timestamp` and a token's `iat` agree.
    public static let epochUnixSeconds: Int64 = 1_735_689_600
}
