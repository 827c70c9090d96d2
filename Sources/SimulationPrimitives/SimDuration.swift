/// A span of virtual time: a signed count of nanoseconds.
///
/// Virtual time is integer nanoseconds so that runs are exact and reproducible (DESIGN §2,
/// "Determinism is a contract"); no floating-point clock ever decides the order of events.
///
/// ```swift
/// let timeout = SimDuration.milliseconds(250)
/// let total = timeout * 3                       // 750 ms
/// let parsed = try SimDuration(parsing: "1h30m") // 5_400 s
/// ```
///
/// Arithmetic traps on overflow (Swift's checked `Int64` arithmetic): a silently wrapped clock
/// would corrupt a run, a crash names the bug.
public struct SimDuration: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The duration in nanoseconds.
    public var nanoseconds: Int64

    /// Creates a duration of `nanoseconds` ns.
    @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// The zero duration. Computed and inlinable rather than a `static let`: other modules read a
    /// `static let` through its lazy-initialisation accessor (a call per use; 120 M instructions
    /// in a full reference run), while this folds into a constant.
    @inlinable public static var zero: SimDuration { SimDuration(nanoseconds: 0) }

    /// `n` nanoseconds.
    @inlinable public static func nanoseconds(_ n: Int64) -> SimDuration { SimDuration(nanoseconds: n) }
    /// `n` microseconds.
    @inlinable public static func microseconds(_ n: Int64) -> SimDuration { SimDuration(nanoseconds: n * 1_000) }
    /// `n` milliseconds.
    @inlinable public static func milliseconds(_ n: Int64) -> SimDuration { SimDuration(nanoseconds: n * 1_000_000) }
    /// `n` seconds.
    @inlinable public static func seconds(_ n: Int64) -> SimDuration { SimDuration(nanoseconds: n * 1_000_000_000) }
    /// `n` minutes.
    @inlinable public static func minutes(_ n: Int64) -> SimDuration { SimDuration(nanoseconds: n * 60_000_000_000) }

    /// A duration from a floating-point number of seconds, rounded to the nearest nanosecond.
    /// Precondition: the value is finite and fits in `Int64` nanoseconds (about ±292 years).
    @inlinable public init(seconds: Double) {
        let ns = (seconds * 1e9).rounded()
        precondition(ns.isFinite && abs(ns) < 9.2e18, "SimDuration(seconds:) out of range: \(seconds) s")
        self.nanoseconds = Int64(ns)
    }

    /// The duration in (fractional) seconds, for statistics and display only.
    @inlinable public var seconds: Double { Double(nanoseconds) / 1e9 }
    /// The duration in (fractional) milliseconds, for statistics and display only.
    @inlinable public var milliseconds: Double { Double(nanoseconds) / 1e6 }

    @inlinable public static func < (a: SimDuration, b: SimDuration) -> Bool { a.nanoseconds < b.nanoseconds }
    @inlinable public static func + (a: SimDuration, b: SimDuration) -> SimDuration { SimDuration(nanoseconds: a.nanoseconds + b.nanoseconds) }
    @inlinable public static func - (a: SimDuration, b: SimDuration) -> SimDuration { SimDuration(nanoseconds: a.nanoseconds - b.nanoseconds) }
    @inlinable public static func * (a: SimDuration, k: Int64) -> SimDuration { SimDuration(nanoseconds: a.nanoseconds * k) }
    @inlinable public static func * (k: Int64, a: SimDuration) -> SimDuration { SimDuration(nanoseconds: a.nanoseconds * k) }
    @inlinable public static func += (a: inout SimDuration, b: SimDuration) { a.nanoseconds += b.nanoseconds }
    @inlinable public static func -= (a: inout SimDuration, b: SimDuration) { a.nanoseconds -= b.nanoseconds }
    @inlinable public static prefix func - (a: SimDuration) -> SimDuration { SimDuration(nanoseconds: -a.nanoseconds) }

    /// The shortest human form that round-trips through ``init(parsing:)``: `250ms`, `1.5s`, `2m`,
    /// `1h30m`, `0s`, `17ns`.
    public var description: String { DurationFormat.format(self) }
}
