/// A probability distribution as a value: what a scenario file's `lognormal(median: 8ms, p99: 40ms)`
/// parses into (``init(parsing:)``), compared, stored and sampled without closures.
///
/// ```swift
/// let serviceTime = try Distribution(parsing: "lognormal(median: 8ms, p99: 40ms)")
/// var rng = RandomStream(rootSeed: 42, component: "compra-command/1")
/// let d: SimDuration = serviceTime.sampleDuration(using: &rng)   // ~8 ms typical
/// serviceTime.mean                                               // seconds, closed form
/// ```
///
/// Units: a distribution is unitless; by convention a *duration* distribution holds **seconds**
/// (the parser converts `8ms` to `0.008`) and ``sampleDuration(using:)`` turns a sample into a
/// ``SimDuration``. Every case samples by inverse transform from exactly one uniform draw, so a
/// stream advances by one step per sample whatever the distribution (common random numbers across
/// variants of a scenario stay aligned).
///
/// Closed forms: ``mean``, ``variance``, ``quantile(_:)`` and ``cdf(_:)`` (Distribution+Moments.swift).
public enum Distribution: Sendable, Equatable {
    /// Always `value`.
    case constant(Double)
    /// Uniform on [`lower`, `upper`).
    case uniform(lower: Double, upper: Double)
    /// Exponential with the given mean (rate = 1/mean); memoryless inter-arrival and service times.
    case exponential(mean: Double)
    /// Normal with the given mean and standard deviation. ``sample(using:)`` draws the full normal;
    /// ``sampleDuration(using:)`` draws it **truncated at 0** (conditioned on being ≥ 0, not clamped).
    case normal(mean: Double, standardDeviation: Double)
    /// Lognormal: `exp(mu + sigma·Z)` with Z standard normal; the median is `exp(mu)`.
    /// For durations `mu` is the log of the median in seconds. See ``lognormal(median:p99:)``.
    case lognormal(mu: Double, sigma: Double)
    /// Pareto type I: `P(X > x) = (scale/x)^shape` for x ≥ scale (scale = xₘ, shape = α).
    case pareto(scale: Double, shape: Double)
    /// Weibull: `P(X > x) = exp(−(x/scale)^shape)` (scale = λ, shape = k; k = 1 is exponential).
    case weibull(scale: Double, shape: Double)
    /// 1 with `probability`, else 0.
    case bernoulli(probability: Double)
    /// Piecewise-linear inverse CDF through a percentile table (e.g. measured p0/p50/p99/p100).
    case empirical(EmpiricalDistribution)

    /// Exponential by rate (events per unit, e.g. per second): mean = 1/`rate`.
    public static func exponential(rate: Double) -> Distribution { .exponential(mean: 1 / rate) }

    /// Lognormal fitted to a median and a 99th percentile (the way latency SLOs are usually stated):
    /// μ = ln(median), σ = (ln(p99) − ln(median)) / Φ⁻¹(0.99). Precondition-free: an invalid pair
    /// (p99 < median, non-positive values) yields parameters that ``validationProblem`` reports.
    public static func lognormal(median: Double, p99: Double) -> Distribution {
        let mu = naturalLog(median)
        return .lognormal(mu: mu, sigma: (naturalLog(p99) - mu) / SpecialFunctions.normalP99)
    }

    /// The distribution's name as written in scenario files (`lognormal`, `exponential`, …).
    public var name: String {
        switch self {
        case .constant: "constant"
        case .uniform: "uniform"
        case .exponential: "exponential"
        case .normal: "normal"
        case .lognormal: "lognormal"
        case .pareto: "pareto"
        case .weibull: "weibull"
        case .bernoulli: "bernoulli"
        case .empirical: "empirical"
        }
    }

    /// Why the parameters do not define a distribution (`nil` when they do): non-finite numbers,
    /// `upper < lower`, non-positive mean/scale/shape/σ, a probability outside [0, 1].
    public var validationProblem: String? {
        func finite(_ values: Double...) -> Bool { values.allSatisfy(\.isFinite) }
        switch self {
        case .constant(let v):
            return finite(v) ? nil : "constant value must be finite"
        case .uniform(let a, let b):
            if !finite(a, b) { return "uniform bounds must be finite" }
            return b >= a ? nil : "uniform upper bound must be ≥ the lower bound"
        case .exponential(let m):
            return finite(m) && m > 0 ? nil : "exponential mean must be positive"
        case .normal(let m, let sd):
            if !finite(m, sd) { return "normal mean and standard deviation must be finite" }
            return sd >= 0 ? nil : "normal standard deviation must be ≥ 0"
        case .lognormal(let mu, let sigma):
            if !finite(mu, sigma) { return "lognormal mu and sigma must be finite (median and p99 must be positive)" }
            return sigma >= 0 ? nil : "lognormal sigma must be ≥ 0 (p99 must be ≥ the median)"
        case .pareto(let xm, let alpha):
            return finite(xm, alpha) && xm > 0 && alpha > 0 ? nil : "pareto scale and shape must be positive"
        case .weibull(let lambda, let k):
            return finite(lambda, k) && lambda > 0 && k > 0 ? nil : "weibull scale and shape must be positive"
        case .bernoulli(let p):
            return p >= 0 && p <= 1 ? nil : "bernoulli probability must be in [0, 1]"
        case .empirical:
            return nil // checked when the table is built
        }
    }
}
