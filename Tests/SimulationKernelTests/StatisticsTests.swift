import Testing
import SimulationPrimitives
@testable import SimulationKernel

@Suite struct StatisticsTests {
    @Test func welfordMatchesTextbookExampleAndMerges() {
        var s = RunningStatistics()
        let xs: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]
        for x in xs { s.add(x) }
        #expect(s.count == 8 && s.mean == 5 && s.populationVariance == 4)
        #expect(abs(s.variance - 32.0 / 7) < 1e-12)
        #expect(s.minimum == 2 && s.maximum == 9)
        var a = RunningStatistics(), b = RunningStatistics()
        for x in xs[..<3] { a.add(x) }
        for x in xs[3...] { b.add(x) }
        a.merge(b)
        #expect(a.count == s.count && abs(a.mean - s.mean) < 1e-12 && abs(a.variance - s.variance) < 1e-12)
    }

    @Test func welfordIsStableAtLargeOffsets() {
        // Σx² − (Σx)²/n loses every digit here; Welford keeps the variance of 4, 7, 13, 16 (= 30).
        var s = RunningStatistics()
        for x in [4.0, 7, 13, 16] { s.add(1e9 + x) }
        #expect(abs(s.variance - 30) < 1e-6)
    }

    @Test func timeWeightedAverageIntegratesPiecewiseConstantValues() {
        var q = TimeWeightedAverage(startingAt: .zero)
        q.update(to: 3, at: .zero + .seconds(1))    // 0 for 1 s
        q.update(to: 1, at: .zero + .seconds(2))    // 3 for 1 s
        #expect(q.average(until: .zero + .seconds(4)) == (0 + 3 + 2) / 4.0) // then 1 for 2 s
        #expect(q.integral(until: .zero + .seconds(4)) == 5)
        q.restartWindow(at: .zero + .seconds(4))
        q.update(to: 0, at: .zero + .seconds(5))
        #expect(q.average(until: .zero + .seconds(6)) == 0.5)
    }

    /// Two-sided 95 % and 99 % critical values from the printed t table (e.g. NIST/SEMATECH
    /// e-Handbook 1.3.6.7.2), three decimals.
    @Test(arguments: [(1, 12.706), (2, 4.303), (3, 3.182), (5, 2.571), (9, 2.262), (10, 2.228), (19, 2.093),
                      (20, 2.086), (29, 2.045), (30, 2.042), (40, 2.021), (60, 2.000), (120, 1.980)])
    func studentT95MatchesTable(degreesOfFreedom: Int, critical: Double) {
        #expect(abs(StudentT.twoSidedCriticalValue(level: 0.95, degreesOfFreedom: degreesOfFreedom) - critical) <= 5e-4)
    }

    @Test func studentT99AndLimits() {
        #expect(abs(StudentT.quantile(0.995, degreesOfFreedom: 10) - 3.169) <= 5e-4)
        #expect(abs(StudentT.quantile(0.995, degreesOfFreedom: 30) - 2.750) <= 5e-4)
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 100_000) - 1.959963984540054) < 1e-4)
        // ν = 1 is Cauchy: quantile tan(π(p − ½)).
        #expect(abs(StudentT.quantile(0.9, degreesOfFreedom: 1) - 3.077683537175253) < 1e-9)
        #expect(abs(StudentT.cdf(-1.5, degreesOfFreedom: 7) + StudentT.cdf(1.5, degreesOfFreedom: 7) - 1) < 1e-15)
    }

    @Test func batchMeansIntervalByHand() {
        let ci = ConfidenceInterval(batchMeans: [1, 2, 3, 4, 5], level: 0.95)
        // mean 3, s = √2.5, t₀.₉₇₅,₄ = 2.776445: half-width 2.776445·√2.5/√5 = 1.963243.
        #expect(ci.mean == 3 && ci.degreesOfFreedom == 4)
        #expect(abs(ci.halfWidth - 1.963243) < 1e-5)
        var batches = BatchMeans(batchSize: 3)
        for x in 1...7 { batches.add(Double(x)) }
        #expect(batches.batchMeans == [2, 5]) // the incomplete batch (7) is ignored
    }

    /// Coverage: over 4,000 samples of 10 iid normal batch means, the 95 % interval covers the true
    /// mean 95 % of the time, within 5 binomial standard errors (√(0.95·0.05/4000) = 0.0034).
    @Test func batchMeansIntervalsCoverAtTheirLevel() {
        var rng = RandomStream(seed: 2026)
        let normal = Distribution.normal(mean: 7, standardDeviation: 3)
        let trials = 4_000
        var covered95 = 0, covered99 = 0
        for _ in 0..<trials {
            let batches = (0..<10).map { _ in normal.sample(using: &rng) }
            if ConfidenceInterval(batchMeans: batches, level: 0.95).contains(7) { covered95 += 1 }
            if ConfidenceInterval(batchMeans: batches, level: 0.99).contains(7) { covered99 += 1 }
        }
        #expect(abs(Double(covered95) / Double(trials) - 0.95) <= 5 * (0.95 * 0.05 / Double(trials)).squareRoot())
        #expect(abs(Double(covered99) / Double(trials) - 0.99) <= 5 * (0.99 * 0.01 / Double(trials)).squareRoot())
    }

    @Test func latencyHistogramKeepsThreeSignificantDigits() {
        var h = LatencyHistogram()
        // 1 µs … 100 ms in 1 µs steps: the p-th percentile is p·1000 µs.
        for us in 1...100_000 { h.record(.microseconds(Int64(us))) }
        #expect(h.count == 100_000)
        for p in [50.0, 90.0, 99.0, 99.9] {
            let exact = p / 100 * 100_000 * 1_000 // ns
            let got = Double(h.valueAtPercentile(p).nanoseconds)
            #expect(abs(got - exact) / exact <= 0.001, "p\(p): \(got) vs \(exact)")
        }
        #expect(abs(h.meanSeconds - 0.0500005) / 0.0500005 <= 0.001)
        var other = LatencyHistogram()
        other.record(.seconds(2))
        h.merge(other)
        #expect(h.count == 100_001)
        #expect(abs(Double(h.maximum.nanoseconds) - 2e9) / 2e9 <= 0.001)
    }
}
