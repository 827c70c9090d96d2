import Testing
@testable import SimulationPrimitives

/// Sample statistics against closed forms. Tolerances are derived from the sample size: a sample
/// mean is within z·σ/√n of the true mean, a sample variance within z·√((m₄ − s⁴)/n), the fraction
/// of samples below the true p-quantile within z·√(p(1−p)/n), and the Kolmogorov–Smirnov distance
/// below 1.95/√n (α = 0.001). z = 5 (two-sided p ≈ 6e-7 per check); the seeds are fixed, so a
/// pass or fail is reproducible.
@Suite struct DistributionSamplingTests {
    static let sampleCount = 100_000
    static let z = 5.0

    static let cases: [(String, Distribution)] = [
        ("uniform", .uniform(lower: 0.001, upper: 0.003)),
        ("exponential", .exponential(mean: 2)),
        ("normal", .normal(mean: 0.020, standardDeviation: 0.005)),
        ("lognormal(median,p99)", .lognormal(median: 0.008, p99: 0.040)),
        ("lognormal(mu,sigma)", .lognormal(mu: -1, sigma: 0.5)),
        ("pareto", .pareto(scale: 0.002, shape: 6)),
        ("weibull", .weibull(scale: 0.010, shape: 1.5)),
        ("empirical", .empirical(try! EmpiricalDistribution(points: [(0, 0.001), (0.5, 0.008), (0.99, 0.040), (1, 0.120)]))),
    ]

    static func draw(_ d: Distribution, seed: UInt64) -> [Double] {
        var rng = RandomStream(rootSeed: seed, component: "distribution-test/\(d.name)")
        return (0..<sampleCount).map { _ in d.sample(using: &rng) }
    }

    @Test(arguments: cases)
    func meanVarianceQuantilesAndShapeMatchClosedForms(label: String, distribution: Distribution) throws {
        let samples = Self.draw(distribution, seed: 20_261_130)
        let n = Double(samples.count)
        let mean = try #require(distribution.mean)
        let variance = try #require(distribution.variance)

        let sampleMean = samples.reduce(0, +) / n
        #expect(abs(sampleMean - mean) <= Self.z * (variance / n).squareRoot(), "\(label) mean \(sampleMean) vs \(mean)")

        let centered2 = samples.reduce(0) { $0 + ($1 - sampleMean) * ($1 - sampleMean) }
        let sampleVariance = centered2 / (n - 1)
        let m4 = samples.reduce(0) { let d = $1 - sampleMean; return $0 + d * d * d * d } / n
        let varianceError = ((m4 - sampleVariance * sampleVariance) / n).squareRoot()
        #expect(abs(sampleVariance - variance) <= Self.z * varianceError, "\(label) variance \(sampleVariance) vs \(variance)")

        let sorted = samples.sorted()
        for p in [0.01, 0.1, 0.5, 0.9, 0.99] {
            let q = distribution.quantile(p)
            #expect(abs(distribution.cdf(q) - p) < 1e-9, "\(label) cdf(quantile(\(p)))")
            let below = Double(Self.countAtOrBelow(q, in: sorted)) / n
            #expect(abs(below - p) <= Self.z * (p * (1 - p) / n).squareRoot(), "\(label) P(X ≤ q\(p)) = \(below)")
        }

        var ks = 0.0
        for (i, x) in sorted.enumerated() {
            let f = distribution.cdf(x)
            ks = max(ks, f - Double(i) / n, Double(i + 1) / n - f)
        }
        #expect(ks <= 1.95 / n.squareRoot(), "\(label) Kolmogorov–Smirnov distance \(ks)")
    }

    static func countAtOrBelow(_ x: Double, in sorted: [Double]) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] <= x { low = mid + 1 } else { high = mid }
        }
        return low
    }

    @Test func bernoulliFrequencyMatchesProbability() {
        let p = 0.1
        let samples = Self.draw(.bernoulli(probability: p), seed: 7)
        let frequency = samples.reduce(0, +) / Double(samples.count)
        #expect(samples.allSatisfy { $0 == 0 || $0 == 1 })
        #expect(abs(frequency - p) <= Self.z * (p * (1 - p) / Double(samples.count)).squareRoot())
        #expect(Distribution.bernoulli(probability: p).variance == p * (1 - p))
    }

    @Test func constantIsConstantAndStillAdvancesTheStream() {
        var a = RandomStream(seed: 3), b = RandomStream(seed: 3)
        #expect(Distribution.constant(0.005).sampleDuration(using: &a) == .milliseconds(5))
        _ = b.next()
        #expect(a.next() == b.next())
    }

    @Test func normalDurationsAreTruncatedAtZeroNotClamped() {
        // Mean 1 ms, sd 2 ms: 31 % of the untruncated mass is negative.
        let d = Distribution.normal(mean: 0.001, standardDeviation: 0.002)
        var rng = RandomStream(seed: 11)
        let n = Self.sampleCount
        var sum = 0.0, zeros = 0
        for _ in 0..<n {
            let s = d.sampleDuration(using: &rng)
            #expect(s >= .zero)
            if s == .zero { zeros += 1 }
            sum += s.seconds
        }
        let expected = try! #require(d.durationMean)
        // Truncated-normal mean μ + σφ(α)/(1−Φ(α)), α = −0.5: 0.001 + 0.002·0.352065/0.691462.
        #expect(abs(expected - 0.0020183) < 1e-6)
        // The truncated variance is below σ², so σ bounds the standard error.
        #expect(abs(sum / Double(n) - expected) <= Self.z * 0.002 / Double(n).squareRoot())
        #expect(zeros < 10, "clamping would put ~31 % of samples at exactly zero")
    }

    @Test func lognormalFromMedianAndP99HitsBothPercentiles() {
        let d = Distribution.lognormal(median: 0.008, p99: 0.040)
        #expect(abs(d.quantile(0.5) - 0.008) < 1e-15)
        #expect(abs(d.quantile(0.99) - 0.040) < 1e-14)
        guard case .lognormal(let mu, let sigma) = d else { Issue.record("not lognormal"); return }
        #expect(abs(mu - (-4.8283137373023015)) < 1e-12)             // ln 0.008
        #expect(abs(sigma - 1.6094379124341003 / 2.3263478740408408) < 1e-12) // ln 5 / z₀.₉₉
    }

    @Test func sampleDurationRoundsToNanosecondsAndClampsHeavyTails() {
        var rng = RandomStream(seed: 1)
        #expect(Distribution.constant(1.5e-9).sampleDuration(using: &rng) == .nanoseconds(2))
        #expect(Distribution.constant(-1).sampleDuration(using: &rng) == .zero)
        #expect(Distribution.constant(1e30).sampleDuration(using: &rng) == Distribution.maximumSampledDuration)
    }

    @Test func sameSeedSameSamplesDifferentComponentDifferentSamples() {
        let d = Distribution.lognormal(median: 0.008, p99: 0.040)
        var a = RandomStream(rootSeed: 5, component: "funcion-query/1")
        var b = RandomStream(rootSeed: 5, component: "funcion-query/1")
        var c = RandomStream(rootSeed: 5, component: "funcion-query/2")
        let xa = (0..<64).map { _ in d.sampleDuration(using: &a) }
        let xb = (0..<64).map { _ in d.sampleDuration(using: &b) }
        let xc = (0..<64).map { _ in d.sampleDuration(using: &c) }
        #expect(xa == xb)
        #expect(xa != xc)
    }
}

@Suite struct SpecialFunctionTests {
    /// Standard normal quantiles from published tables (Abramowitz & Stegun 26.2, NIST).
    @Test(arguments: [(0.975, 1.959963984540054), (0.99, 2.3263478740408408), (0.5, 0.0),
                      (0.8413447460685429, 1.0), (1e-10, -6.361340902404056), (0.999999, 4.753424308817089)])
    func normalQuantileMatchesTables(p: Double, z: Double) {
        #expect(abs(SpecialFunctions.normalQuantile(p) - z) < 1e-12 * max(1, abs(z)))
        #expect(abs(SpecialFunctions.normalCDF(z) - p) < 1e-12)
    }

    @Test func closedFormMomentsMatchKnownValues() {
        // Weibull k = 1.5, λ = 1: mean Γ(5/3) = 0.9027452929509336.
        #expect(abs(Distribution.weibull(scale: 1, shape: 1.5).mean! - 0.9027452929509336) < 1e-12)
        // Weibull k = 1 is exponential: mean λ, variance λ².
        #expect(abs(Distribution.weibull(scale: 2, shape: 1).variance! - 4) < 1e-12)
        // Pareto α = 3, xₘ = 1: mean 1.5, variance 0.75; α ≤ 1 has no mean, α ≤ 2 no variance.
        #expect(Distribution.pareto(scale: 1, shape: 3).mean == 1.5)
        #expect(Distribution.pareto(scale: 1, shape: 3).variance == 0.75)
        #expect(Distribution.pareto(scale: 1, shape: 1).mean == nil)
        #expect(Distribution.pareto(scale: 1, shape: 2).variance == nil)
        // Lognormal μ = 0, σ = 1: mean e^0.5, variance (e − 1)e.
        #expect(abs(Distribution.lognormal(mu: 0, sigma: 1).mean! - 1.6487212707001282) < 1e-12)
        #expect(abs(Distribution.lognormal(mu: 0, sigma: 1).variance! - 4.670774270471604) < 1e-12)
        // Uniform on [0, 12]: variance 12.
        #expect(Distribution.uniform(lower: 0, upper: 12).variance == 12)
    }
}
