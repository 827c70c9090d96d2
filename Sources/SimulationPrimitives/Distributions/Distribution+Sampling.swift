extension Distribution {
    /// The longest duration ``sampleDuration(using:)`` returns: 10¹⁷ ns (about 3.2 years). Heavy
    /// tails (Pareto with a small shape) can draw astronomically large values; a clamp keeps virtual
    /// time far from `Int64` overflow without changing any realistic sample.
    @inlinable public static var maximumSampledDuration: SimDuration { SimDuration(nanoseconds: 100_000_000_000_000_000) }

    /// One sample, by inverse transform of exactly one uniform draw from `rng`.
    ///
    /// Cost: one `next()` plus at most one `log`/`exp`/`pow` (normal and lognormal: a rational
    /// approximation of Φ⁻¹, AS 241); empirical: a binary search. No allocation.
    @inlinable public func sample(using rng: inout RandomStream) -> Double {
        switch self {
        case .constant(let value):
            _ = rng.next() // keep one draw per sample for every case (stream alignment)
            return value
        case .uniform(let lower, let upper):
            return lower + (upper - lower) * rng.nextDouble()
        case .exponential(let mean):
            return -mean * naturalLog(rng.nextOpenDouble())
        case .normal(let mean, let sd):
            return mean + sd * SpecialFunctions.normalQuantile(rng.nextDoubleExcludingEndpoints())
        case .lognormal(let mu, let sigma):
            return naturalExp(mu + sigma * SpecialFunctions.normalQuantile(rng.nextDoubleExcludingEndpoints()))
        case .pareto(let scale, let shape):
            return scale * power(rng.nextOpenDouble(), -1 / shape)
        case .weibull(let scale, let shape):
            return scale * power(-naturalLog(rng.nextOpenDouble()), 1 / shape)
        case .bernoulli(let probability):
            return rng.nextDouble() < probability ? 1 : 0
        case .empirical(let table):
            return table.quantile(rng.nextDouble())
        }
    }

    /// One sample of a distribution in seconds, as a ``SimDuration`` rounded to the nanosecond.
    ///
    /// `normal` is truncated at 0 (sampled from the normal conditioned on X ≥ 0 by inverse
    /// transform, one draw); any other negative sample (only possible from a `uniform` or
    /// `constant` with negative bounds, which the scenario parser rejects) becomes zero. Samples
    /// above ``maximumSampledDuration`` are clamped to it.
    ///
    /// The latency families of the hot path (exponential, lognormal) are drawn here directly with
    /// the same floating-point operations as ``sample(using:)``, so the value is bit for bit the
    /// same and the call through `sample` is saved; the others go through `sample`.
    @inlinable public func sampleDuration(using rng: inout RandomStream) -> SimDuration {
        let seconds: Double
        switch self {
        case .exponential(let mean):
            seconds = -mean * naturalLog(rng.nextOpenDouble())
        case .lognormal(let mu, let sigma):
            seconds = naturalExp(mu + sigma * SpecialFunctions.normalQuantile(rng.nextDoubleExcludingEndpoints()))
        case .normal(let mean, let sd):
            seconds = Distribution.truncatedNormalSample(mean: mean, standardDeviation: sd, uniform: rng.nextDoubleExcludingEndpoints())
        default:
            seconds = sample(using: &rng)
        }
        return Distribution.duration(seconds: seconds)
    }

    /// A sample in seconds as a ``SimDuration``: ≤ 0 and NaN give zero, values at or above
    /// ``maximumSampledDuration`` give it, anything else rounds half up to the nanosecond.
    @inlinable @inline(__always) static func duration(seconds: Double) -> SimDuration {
        let nanoseconds = seconds * 1e9
        if !(nanoseconds > 0) { return .zero } // also maps NaN to zero
        if nanoseconds >= Double(Distribution.maximumSampledDuration.nanoseconds) { return Distribution.maximumSampledDuration }
        // Round half up by truncating x + ½ (x > 0 here): same result as rounded() for positive
        // values, without a libm call on the hot path.
        return SimDuration(nanoseconds: Int64(nanoseconds + 0.5))
    }

    /// Inverse transform for N(mean, sd²) conditioned on X ≥ 0: x = μ + σ·Φ⁻¹(F₀ + u·(1 − F₀))
    /// with F₀ = Φ(−μ/σ) and u in (0, 1).
    @inlinable static func truncatedNormalSample(mean: Double, standardDeviation sd: Double, uniform u: Double) -> Double {
        if sd == 0 { return max(mean, 0) }
        let lowerMass = SpecialFunctions.normalCDF(-mean / sd)
        let p = lowerMass + u * (1 - lowerMass)
        return max(0, mean + sd * SpecialFunctions.normalQuantile(p))
    }
}

extension RandomStream {
    /// A uniform `Double` strictly inside (0, 1): (k + ½)·2⁻⁵² for a random 52-bit k, so both
    /// ends are excluded and every value is exact. Used where an inverse CDF is infinite at 0 or 1
    /// (normal, lognormal).
    @inline(__always) @inlinable public mutating func nextDoubleExcludingEndpoints() -> Double {
        (Double(next() >> 12) + 0.5) * 0x1.0p-52
    }
}
