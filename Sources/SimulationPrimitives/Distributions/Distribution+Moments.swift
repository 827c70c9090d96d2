extension Distribution {
    /// E[X] in closed form, or `nil` when it is infinite (Pareto with shape ≤ 1).
    /// For `normal` this is the untruncated mean; see ``durationMean`` for what
    /// ``sampleDuration(using:)`` averages to.
    public var mean: Double? {
        switch self {
        case .constant(let v): return v
        case .uniform(let a, let b): return (a + b) / 2
        case .exponential(let m): return m
        case .normal(let m, _): return m
        case .lognormal(let mu, let sigma): return naturalExp(mu + sigma * sigma / 2)
        case .pareto(let xm, let alpha): return alpha > 1 ? alpha * xm / (alpha - 1) : nil
        case .weibull(let lambda, let k): return lambda * SpecialFunctions.gamma(1 + 1 / k)
        case .bernoulli(let p): return p
        case .empirical(let table): return table.mean
        }
    }

    /// Var[X] in closed form, or `nil` when it is infinite (Pareto with shape ≤ 2).
    /// For `normal` the untruncated variance (σ²).
    public var variance: Double? {
        switch self {
        case .constant: return 0
        case .uniform(let a, let b): return (b - a) * (b - a) / 12
        case .exponential(let m): return m * m
        case .normal(_, let sd): return sd * sd
        case .lognormal(let mu, let sigma):
            let s2 = sigma * sigma
            return (naturalExp(s2) - 1) * naturalExp(2 * mu + s2)
        case .pareto(let xm, let alpha):
            return alpha > 2 ? xm * xm * alpha / ((alpha - 1) * (alpha - 1) * (alpha - 2)) : nil
        case .weibull(let lambda, let k):
            let g1 = SpecialFunctions.gamma(1 + 1 / k)
            return lambda * lambda * (SpecialFunctions.gamma(1 + 2 / k) - g1 * g1)
        case .bernoulli(let p): return p * (1 - p)
        case .empirical(let table): return table.variance
        }
    }

    /// The mean of ``sampleDuration(using:)`` in seconds: equal to ``mean`` except for `normal`,
    /// whose truncation at 0 gives μ + σ·φ(α)/(1 − Φ(α)) with α = −μ/σ (Johnson, Kotz &
    /// Balakrishnan, *Continuous Univariate Distributions* vol. 1, §10.1).
    public var durationMean: Double? {
        guard case .normal(let m, let sd) = self else { return mean }
        if sd == 0 { return max(m, 0) }
        let alpha = -m / sd
        return m + sd * SpecialFunctions.normalPDF(alpha) / (1 - SpecialFunctions.normalCDF(alpha))
    }

    /// The p-quantile (inverse CDF) for p in [0, 1], in closed form. For `bernoulli`, 0 when
    /// p ≤ 1 − probability, else 1; for `constant`, the value.
    public func quantile(_ p: Double) -> Double {
        switch self {
        case .constant(let v): return v
        case .uniform(let a, let b): return a + (b - a) * p
        case .exponential(let m): return -m * naturalLog(1 - p)
        case .normal(let m, let sd): return m + sd * SpecialFunctions.normalQuantile(p)
        case .lognormal(let mu, let sigma): return naturalExp(mu + sigma * SpecialFunctions.normalQuantile(p))
        case .pareto(let xm, let alpha): return xm * power(1 - p, -1 / alpha)
        case .weibull(let lambda, let k): return lambda * power(-naturalLog(1 - p), 1 / k)
        case .bernoulli(let q): return p <= 1 - q ? 0 : 1
        case .empirical(let table): return table.quantile(p)
        }
    }

    /// P(X ≤ x) in closed form.
    public func cdf(_ x: Double) -> Double {
        switch self {
        case .constant(let v): return x >= v ? 1 : 0
        case .uniform(let a, let b):
            if b == a { return x >= a ? 1 : 0 }
            return min(1, max(0, (x - a) / (b - a)))
        case .exponential(let m): return x <= 0 ? 0 : 1 - naturalExp(-x / m)
        case .normal(let m, let sd):
            if sd == 0 { return x >= m ? 1 : 0 }
            return SpecialFunctions.normalCDF((x - m) / sd)
        case .lognormal(let mu, let sigma):
            if x <= 0 { return 0 }
            if sigma == 0 { return naturalLog(x) >= mu ? 1 : 0 }
            return SpecialFunctions.normalCDF((naturalLog(x) - mu) / sigma)
        case .pareto(let xm, let alpha): return x < xm ? 0 : 1 - power(xm / x, alpha)
        case .weibull(let lambda, let k): return x <= 0 ? 0 : 1 - naturalExp(-power(x / lambda, k))
        case .bernoulli(let q): return x < 0 ? 0 : (x < 1 ? 1 - q : 1)
        case .empirical(let table): return table.cdf(x)
        }
    }
}
