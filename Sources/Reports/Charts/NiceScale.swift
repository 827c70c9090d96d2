/// "Nice" axis ranges and ticks: steps of 1, 2, 5 or 10 × 10ᵏ that cover the data
/// (P. S. Heckbert, "Nice Numbers for Graph Labels", Graphics Gems, 1990).
///
/// ```swift
/// NiceScale(min: 0, max: 97, maxTicks: 6).ticks   // [0, 20, 40, 60, 80, 100]
/// ```
public struct NiceScale: Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public var step: Double

    /// A scale covering `min…max` with at most about `maxTicks` ticks. A flat or empty range
    /// (max ≤ min) widens to `min…min+1` so a constant series still gets an axis.
    public init(min: Double, max: Double, maxTicks: Int = 6) {
        var lo = min, hi = max
        if !(hi > lo) { hi = lo + 1 }
        let range = NiceScale.nice(hi - lo, round: false)
        step = NiceScale.nice(range / Double(Swift.max(1, maxTicks - 1)), round: true)
        lower = (lo / step).rounded(.down) * step
        upper = (hi / step).rounded(.up) * step
        if upper <= lower { upper = lower + step }
        lo = lower
    }

    /// Tick values from ``lower`` to ``upper`` inclusive (computed by index, no drift).
    public var ticks: [Double] {
        let n = Int(((upper - lower) / step).rounded())
        return (0...n).map { let v = lower + Double($0) * step; return abs(v) < step * 1e-9 ? 0 : v }
    }

    /// Heckbert's `nicenum`: a 1/2/5/10 multiple of a power of ten near `x`.
    static func nice(_ x: Double, round: Bool) -> Double {
        guard x > 0, x.isFinite else { return 1 }
        let exponent = (log10(x)).rounded(.down)
        let power = pow(10, exponent)
        let fraction = x / power
        let niceFraction: Double
        if round {
            niceFraction = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            niceFraction = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return niceFraction * power
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
