#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Student's t distribution with integer degrees of freedom: the CDF in closed form and quantiles
/// by bisection on it, for confidence intervals from a small number of batch means.
///
/// ```swift
/// StudentT.quantile(0.975, degreesOfFreedom: 29)   // 2.045 (the textbook 95 % two-sided value)
/// ```
///
/// The CDF uses the finite series of Abramowitz & Stegun 26.7.3 (odd ν) and 26.7.4 (even ν) in
/// θ = atan(t/√ν), exact up to rounding for every integer ν, so Bonferroni levels (e.g. 1 − 0.05/200)
/// get exact quantiles instead of a table lookup. Tests compare it with the printed t table.
public enum StudentT {
    /// P(|T| ≤ t) for t ≥ 0 (A&S's A(t|ν)).
    public static func centralProbability(_ t: Double, degreesOfFreedom nu: Int) -> Double {
        precondition(nu >= 1, "StudentT needs at least one degree of freedom")
        if t <= 0 { return 0 }
        if t.isInfinite { return 1 }
        let theta = atan(t / Double(nu).squareRoot())
        let s = sin(theta), c = cos(theta), c2 = c * c
        if nu % 2 == 0 {
            // sinθ · (1 + ½c² + (1·3)/(2·4)c⁴ + … up to c^(ν−2))
            var term = 1.0, sum = 1.0
            var k = 2
            while k <= nu - 2 {
                term *= c2 * Double(k - 1) / Double(k)
                sum += term
                k += 2
            }
            return s * sum
        }
        if nu == 1 { return 2 * theta / Double.pi }
        // (2/π)(θ + sinθ cosθ (1 + (2/3)c² + (2·4)/(3·5)c⁴ + … up to c^(ν−3)))
        var term = 1.0, sum = 1.0
        var k = 3
        while k <= nu - 2 {
            term *= c2 * Double(k - 1) / Double(k)
            sum += term
            k += 2
        }
        return 2 / Double.pi * (theta + s * c * sum)
    }

    /// P(T ≤ t).
    public static func cdf(_ t: Double, degreesOfFreedom nu: Int) -> Double {
        let a = centralProbability(abs(t), degreesOfFreedom: nu)
        return t >= 0 ? 0.5 + a / 2 : 0.5 - a / 2
    }

    /// The p-quantile, p in (0, 1), by bisection on ``cdf(_:degreesOfFreedom:)`` to 1e-12 relative.
    public static func quantile(_ p: Double, degreesOfFreedom nu: Int) -> Double {
        precondition(p > 0 && p < 1, "StudentT.quantile needs p in (0, 1), got \(p)")
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p, degreesOfFreedom: nu) }
        let target = 2 * p - 1 // central probability
        var low = 0.0, high = 1.0
        while centralProbability(high, degreesOfFreedom: nu) < target { high *= 2 }
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if centralProbability(mid, degreesOfFreedom: nu) < target { low = mid } else { high = mid }
            if high - low <= 1e-12 * high { break }
        }
        return (low + high) / 2
    }

    /// The two-sided critical value t such that P(|T| ≤ t) = `level` (e.g. 0.95 → t₀.₉₇₅).
    public static func twoSidedCriticalValue(level: Double, degreesOfFreedom nu: Int) -> Double {
        quantile(0.5 + level / 2, degreesOfFreedom: nu)
    }
}
