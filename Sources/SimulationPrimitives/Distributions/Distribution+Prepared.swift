extension Distribution {
    /// A duration distribution resolved once for the hot path: the family as a one-byte tag and
    /// the parameters each draw needs, precomputed (an exponential's −mean, a Pareto's −1/shape, a
    /// Weibull's 1/shape, a uniform's width, a truncated normal's lower mass Φ(−μ/σ)).
    ///
    /// ```swift
    /// let latency = Distribution.Prepared(.exponential(mean: 0.000_25))
    /// var rng = RandomStream(rootSeed: 42, component: "network")
    /// let hop = latency.sampleDuration(using: &rng)!   // nil only for `empirical`
    /// ```
    ///
    /// A plain value with no references (copying it retains nothing), so a table of them can sit
    /// in a class and be read per draw without the enum copy ``Distribution`` costs. Every draw
    /// runs the same floating-point operations in the same order as
    /// ``Distribution/sampleDuration(using:)`` on the distribution it was built from, with the
    /// same single draw from the stream, so the durations are bit for bit the same and the stream
    /// ends in the same state (property test in `DistributionPreparedTests`). The precomputed
    /// parameters are the same expressions that method evaluates per draw, so they round the same.
    ///
    /// `empirical` needs its percentile table: ``sampleDuration(using:)`` answers nil for it
    /// without drawing, and the caller samples the ``Distribution`` itself.
    public struct Prepared: Sendable, Equatable {
        /// The family, as the draw dispatches on it.
        @usableFromInline enum Form: UInt8, Sendable {
            case constant, uniform, exponential, normal, lognormal, pareto, weibull, bernoulli, empirical
        }

        @usableFromInline let form: Form
        /// constant: value; uniform: lower; exponential: −mean; normal: mean; lognormal: μ;
        /// pareto, weibull: scale; bernoulli: probability.
        @usableFromInline let first: Double
        /// uniform: upper − lower; normal: standard deviation; lognormal: σ; pareto: −1/shape;
        /// weibull: 1/shape.
        @usableFromInline let second: Double
        /// normal: Φ(−mean/sd), the mass the truncation at 0 removes (unused when sd = 0).
        @usableFromInline let third: Double

        /// Resolves `distribution`'s parameters.
        public init(_ distribution: Distribution) {
            switch distribution {
            case .constant(let value):
                (form, first, second, third) = (.constant, value, 0, 0)
            case .uniform(let lower, let upper):
                (form, first, second, third) = (.uniform, lower, upper - lower, 0)
            case .exponential(let mean):
                (form, first, second, third) = (.exponential, -mean, 0, 0)
            case .normal(let mean, let sd):
                let lowerMass = sd == 0 ? 0 : SpecialFunctions.normalCDF(-mean / sd)
                (form, first, second, third) = (.normal, mean, sd, lowerMass)
            case .lognormal(let mu, let sigma):
                (form, first, second, third) = (.lognormal, mu, sigma, 0)
            case .pareto(let scale, let shape):
                (form, first, second, third) = (.pareto, scale, -1 / shape, 0)
            case .weibull(let scale, let shape):
                (form, first, second, third) = (.weibull, scale, 1 / shape, 0)
            case .bernoulli(let probability):
                (form, first, second, third) = (.bernoulli, probability, 0, 0)
            case .empirical:
                (form, first, second, third) = (.empirical, 0, 0, 0)
            }
        }

        /// Whether ``sampleDuration(using:)`` answers nil (an `empirical` table).
        @inlinable public var needsTable: Bool { form == .empirical }

        /// One sample as a ``SimDuration``, exactly as ``Distribution/sampleDuration(using:)`` on
        /// the distribution this was built from; nil (and no draw) for `empirical`.
        @inlinable @inline(__always) public func sampleDuration(using rng: inout RandomStream) -> SimDuration? {
            let seconds: Double
            switch form {
            case .exponential:
                seconds = first * naturalLog(rng.nextOpenDouble())
            case .lognormal:
                seconds = naturalExp(first + second * SpecialFunctions.normalQuantile(rng.nextDoubleExcludingEndpoints()))
            case .normal:
                let u = rng.nextDoubleExcludingEndpoints()
                if second == 0 {
                    seconds = max(first, 0)
                } else {
                    seconds = max(0, first + second * SpecialFunctions.normalQuantile(third + u * (1 - third)))
                }
            case .constant:
                _ = rng.next()
                seconds = first
            case .uniform:
                seconds = first + second * rng.nextDouble()
            case .pareto:
                seconds = first * power(rng.nextOpenDouble(), second)
            case .weibull:
                seconds = first * power(-naturalLog(rng.nextOpenDouble()), second)
            case .bernoulli:
                seconds = rng.nextDouble() < first ? 1 : 0
            case .empirical:
                return nil
            }
            return Distribution.duration(seconds: seconds)
        }
    }
}
