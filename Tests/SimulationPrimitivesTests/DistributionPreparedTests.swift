import Testing
@testable import SimulationPrimitives

/// `Distribution.Prepared` and the rewritten `Distribution.sampleDuration` against the reference
/// sampler they replace (`sample(using:)`, the truncated normal, then the nanosecond conversion,
/// as written before round 7): bit for bit the same durations and the same stream state after
/// each draw, for random parameters of every family.
@Suite struct DistributionPreparedTests {
    /// The duration sampler as it was: one draw, then seconds → ns with the clamp and round half up.
    static func referenceDuration(_ d: Distribution, _ rng: inout RandomStream) -> SimDuration {
        let seconds: Double
        if case .normal(let mean, let sd) = d {
            let u = rng.nextDoubleExcludingEndpoints()
            if sd == 0 {
                seconds = max(mean, 0)
            } else {
                let lowerMass = SpecialFunctions.normalCDF(-mean / sd)
                seconds = max(0, mean + sd * SpecialFunctions.normalQuantile(lowerMass + u * (1 - lowerMass)))
            }
        } else {
            seconds = d.sample(using: &rng)
        }
        let nanoseconds = seconds * 1e9
        if !(nanoseconds > 0) { return .zero }
        if nanoseconds >= 1e17 { return SimDuration(nanoseconds: 100_000_000_000_000_000) }
        return SimDuration(nanoseconds: Int64(nanoseconds + 0.5))
    }

    /// A random distribution of family `family` (0...7) with parameters spanning µs to minutes.
    static func randomDistribution(_ family: Int, _ rng: inout RandomStream) -> Distribution {
        func scale() -> Double { 1e-6 * Double(1 << rng.nextInt(below: 27)) * (0.5 + rng.nextDouble()) }
        switch family {
        case 0: return .constant(scale())
        case 1: let a = scale(); return .uniform(lower: a, upper: a + scale())
        case 2: return .exponential(mean: scale())
        case 3: return .normal(mean: scale() * (rng.nextBool(probability: 0.2) ? -1 : 1), standardDeviation: rng.nextBool(probability: 0.1) ? 0 : scale())
        case 4: return .lognormal(median: scale(), p99: scale() * 10)
        case 5: return .pareto(scale: scale(), shape: 0.3 + 5 * rng.nextDouble())
        case 6: return .weibull(scale: scale(), shape: 0.3 + 5 * rng.nextDouble())
        default: return .bernoulli(probability: rng.nextDouble())
        }
    }

    @Test func preparedAndDirectDrawsMatchTheReferenceBitForBit() {
        var params = RandomStream(rootSeed: 7, component: "prepared-params")
        for family in 0..<8 {
            for trial in 0..<150 {
                let d = Self.randomDistribution(family, &params)
                let prepared = Distribution.Prepared(d)
                #expect(!prepared.needsTable)
                var reference = RandomStream(rootSeed: UInt64(trial), component: "prepared/\(family)")
                var direct = reference, viaPrepared = reference
                for _ in 0..<100 {
                    let expected = Self.referenceDuration(d, &reference)
                    let a = d.sampleDuration(using: &direct)
                    let b = prepared.sampleDuration(using: &viaPrepared)
                    if a != expected || b != expected {
                        Issue.record("\(d): reference \(expected), sampleDuration \(a), prepared \(String(describing: b))")
                        return
                    }
                }
                // One draw per sample each way: the three streams end in the same state.
                let next = reference.next()
                #expect(next == direct.next())
                #expect(next == viaPrepared.next())
            }
        }
    }

    @Test func closedFormEdgesMatch() {
        let cases: [Distribution] = [
            .constant(0.004), .constant(0), .uniform(lower: 0.002, upper: 0.002), .normal(mean: -0.01, standardDeviation: 0),
            .normal(mean: 0.02, standardDeviation: 0), .exponential(mean: 1e12), .pareto(scale: 1, shape: 0.01),
        ]
        for d in cases {
            var reference = RandomStream(seed: 99), viaPrepared = reference
            for _ in 0..<1_000 {
                #expect(Distribution.Prepared(d).sampleDuration(using: &viaPrepared) == Self.referenceDuration(d, &reference))
            }
        }
        // Closed forms: a constant 4 ms is 4,000,000 ns; a huge exponential clamps at 10¹⁷ ns.
        var rng = RandomStream(seed: 1)
        #expect(Distribution.Prepared(.constant(0.004)).sampleDuration(using: &rng) == .milliseconds(4))
        #expect(Distribution.Prepared(.exponential(mean: 1e30)).sampleDuration(using: &rng) == Distribution.maximumSampledDuration)
    }

    @Test func empiricalNeedsItsTableAndDrawsNothing() throws {
        let table = try EmpiricalDistribution(points: [(0, 0.001), (0.5, 0.008), (1, 0.120)])
        let prepared = Distribution.Prepared(.empirical(table))
        #expect(prepared.needsTable)
        var rng = RandomStream(seed: 5), untouched = rng
        #expect(prepared.sampleDuration(using: &rng) == nil)
        #expect(rng.next() == untouched.next())
        // The direct sampler still draws it, as before.
        var a = RandomStream(seed: 6), b = a
        #expect(Distribution.empirical(table).sampleDuration(using: &a) == Self.referenceDuration(.empirical(table), &b))
    }

    @Test func zeroAndDistantFutureKeepTheirValues() {
        #expect(SimDuration.zero.nanoseconds == 0)
        #expect(SimTime.zero.nanosecondsSinceStart == 0)
        #expect(SimTime.distantFuture.nanosecondsSinceStart == Int64.max)
        #expect(Distribution.maximumSampledDuration.nanoseconds == 100_000_000_000_000_000)
    }
}
