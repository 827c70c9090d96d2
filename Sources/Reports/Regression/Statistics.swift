/// Small-sample statistics for regression checks over replications: mean, sample standard
/// deviation, Student-t confidence intervals and Welch's unequal-variance t-test.
///
/// The Student-t CDF uses the regularized incomplete beta function
/// `F(t; ν) = 1 − ½ I_{ν/(ν+t²)}(ν/2, ½)` for t ≥ 0, evaluated by Lentz's continued fraction
/// (Press et al., *Numerical Recipes*, 3rd ed., §6.4). Welch–Satterthwaite degrees of freedom:
/// `ν = (s₁²/n₁ + s₂²/n₂)² / ((s₁²/n₁)²/(n₁−1) + (s₂²/n₂)²/(n₂−1))` (Welch 1947).
public enum Statistics {
    public static func mean(_ x: [Double]) -> Double { x.isEmpty ? .nan : x.reduce(0, +) / Double(x.count) }

    /// Sample variance with n − 1 in the denominator (0 for fewer than two values).
    public static func variance(_ x: [Double]) -> Double {
        guard x.count > 1 else { return 0 }
        let m = mean(x)
        return x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)
    }

    public static func standardDeviation(_ x: [Double]) -> Double { variance(x).squareRoot() }

    /// ln Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9; accurate to ~1e-15).
    static func logGamma(_ x: Double) -> Double {
        let g = 7.0
        let c: [Double] = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                           -176.61502916214059, 12.507343278686905, -0.13857109526572012,
                           9.9843695780195716e-6, 1.5056327351493116e-7]
        if x < 0.5 { return log(Double.pi / abs(sin(Double.pi * x))) - logGamma(1 - x) }
        let xm = x - 1
        var a = c[0]
        let t = xm + g + 0.5
        for i in 1..<9 { a += c[i] / (xm + Double(i)) }
        return 0.5 * log(2 * Double.pi) + (xm + 0.5) * log(t) - t + log(a)
    }

    /// Regularized incomplete beta I_x(a, b).
    static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let front = exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * log(x) + b * log(1 - x))
        if x < (a + 1) / (a + b + 2) { return front * betaContinuedFraction(x, a, b) / a }
        return 1 - front * betaContinuedFraction(1 - x, b, a) / b
    }

    static func betaContinuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d; h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return h
    }

    /// P(T ≤ t) for Student's t with `degreesOfFreedom` ν > 0.
    public static func studentTCDF(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        if t.isInfinite { return t > 0 ? 1 : 0 }
        let tail = 0.5 * incompleteBeta(nu / (nu + t * t), nu / 2, 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// The `p`-quantile of Student's t (bisection on the CDF; |error| < 1e-10).
    public static func studentTQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(p > 0 && p < 1)
        var lo = -1e4, hi = 1e4
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if studentTCDF(mid, degreesOfFreedom: nu) < p { lo = mid } else { hi = mid }
            if hi - lo < 1e-12 { break }
        }
        return (lo + hi) / 2
    }

    /// Welch's t statistic, degrees of freedom and one-sided p-value for "mean(b) > mean(a)".
    /// Both samples need ≥ 2 values; with zero variance on both sides the test degenerates to
    /// "any difference is certain" (p = 0) or "no difference" (p = 1).
    public static func welch(_ a: [Double], _ b: [Double]) -> (t: Double, degreesOfFreedom: Double, pGreater: Double)? {
        guard a.count >= 2, b.count >= 2 else { return nil }
        let va = variance(a) / Double(a.count), vb = variance(b) / Double(b.count)
        let diff = mean(b) - mean(a)
        let se2 = va + vb
        if se2 <= 0 {
            if diff > 0 { return (.infinity, .infinity, 0) }
            return (diff < 0 ? -.infinity : 0, .infinity, 1)
        }
        let t = diff / se2.squareRoot()
        let nu = se2 * se2 / (va * va / Double(a.count - 1) + vb * vb / Double(b.count - 1))
        return (t, nu, 1 - studentTCDF(t, degreesOfFreedom: nu))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
