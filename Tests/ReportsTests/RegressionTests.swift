import Foundation
import Testing
import SimulationPrimitives
import Telemetry
@testable import Reports

@Suite struct RegressionTests {
    /// Reference values from SciPy 1.17 (`scipy.stats.t.cdf`, `t.ppf`, `ttest_ind(equal_var=False)`).
    @Test func studentTMatchesReferenceValues() {
        #expect(abs(Statistics.studentTCDF(2.0, degreesOfFreedom: 10) - 0.9633059826146299) < 1e-9)
        #expect(abs(Statistics.studentTQuantile(0.975, degreesOfFreedom: 4) - 2.7764451051977934) < 1e-7)
        #expect(abs(Statistics.studentTQuantile(0.975, degreesOfFreedom: 2) - 4.302652729749462) < 1e-7)
        #expect(abs(Statistics.studentTQuantile(0.975, degreesOfFreedom: 30) - 2.0422724563012378) < 1e-7)
        #expect(Statistics.studentTCDF(0, degreesOfFreedom: 3) == 0.5)
    }

    @Test func welchMatchesTheClosedForm() throws {
        // Means 100 and 110, both sample variances 2.5, n = 5: se = 1, t = 10, ν = 8; SciPy p(two-sided) = 8.488e-6.
        let w = try #require(Statistics.welch([100, 102, 98, 101, 99], [110, 112, 108, 111, 109]))
        #expect(abs(w.t - 10) < 1e-12 && abs(w.degreesOfFreedom - 8) < 1e-9)
        #expect(abs(w.pGreater - 8.488181527628489e-06 / 2) < 1e-10)
        #expect(Statistics.welch([1], [2, 3]) == nil)
    }

    @Test func sampleEstimateHasStudentInterval() {
        let e = SampleEstimate([10, 12, 14])
        // mean 12, s = 2, half-width t(0.975, 2) × 2/√3 = 4.302653 × 1.154701 = 4.968275
        #expect(e.mean == 12 && e.standardDeviation == 2 && e.minimum == 10 && e.maximum == 14)
        #expect(abs(e.confidenceHigh - 16.968275) < 1e-5 && abs(e.confidenceLow - 7.031725) < 1e-5)
    }

    /// Normal samples from a seeded stream (Box–Muller).
    static func normal(_ rng: inout RandomStream, mean: Double, sd: Double, count: Int) -> [Double] {
        (0..<count).map { _ in
            let u1 = rng.nextOpenDouble(), u2 = rng.nextDouble()
            return mean + sd * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        }
    }

    func falseAlarms(sd: Double, trials: Int, seed: UInt64) -> Int {
        var rng = RandomStream(seed: seed)
        var flagged = 0
        for _ in 0..<trials {
            let base = Self.normal(&rng, mean: 400, sd: sd, count: 5), current = Self.normal(&rng, mean: 400, sd: sd, count: 5)
            if RegressionCheck.compare(metric: "POST /api/compras p99_ms", baseline: base, current: current).regressed { flagged += 1 }
        }
        return flagged
    }

    @Test func noiseDoesNotFlagRegressions() {
        // Seed-to-seed noise of 3 % never crosses the 10 % band: no false alarm in 1000 checks.
        #expect(falseAlarms(sd: 12, trials: 1000, seed: 2026) == 0)
        // Heavy noise (8 %): the band alone would fire in ≈ 2.3 % of checks (|Δ| > 40 ms with
        // sd(Δ) = 32·√(2/5) ≈ 20 ms); requiring significance keeps false alarms at or below α = 1 %.
        #expect(falseAlarms(sd: 32, trials: 1000, seed: 2026) <= 10)
    }

    @Test func aRealShiftIsFlagged() {
        var rng = RandomStream(seed: 7)
        var flagged = 0
        for _ in 0..<200 {
            let base = Self.normal(&rng, mean: 400, sd: 12, count: 5), current = Self.normal(&rng, mean: 500, sd: 12, count: 5)
            let f = RegressionCheck.compare(metric: "POST /api/compras p99_ms", baseline: base, current: current)
            if f.regressed { flagged += 1 }
        }
        #expect(flagged == 200) // +25 % against a 10 % band with 3 % noise: t ≈ 13
    }

    @Test func beyondTheBandButNoisyIsNotARegression() {
        let f = RegressionCheck.compare(metric: "POST /api/compras p99_ms", baseline: [300, 500, 400], current: [280, 700, 520])
        #expect(f.beyondTolerance && !f.significant && !f.regressed)
        #expect(f.note.contains("not significant"))
        #expect(abs(f.changePercent - 25) < 1e-9)
    }

    @Test func availabilityDropsAreRegressionsHigherIsBetter() {
        let f = RegressionCheck.compare(metric: "buy-tickets availability_percent", baseline: [99.9, 99.8, 99.9, 99.85], current: [98.1, 98.3, 98.0, 98.2])
        #expect(f.direction == .higherIsBetter && f.regressed)
        let better = RegressionCheck.compare(metric: "buy-tickets availability_percent", baseline: [98.1, 98.3, 98.0], current: [99.9, 99.8, 99.9])
        #expect(!better.regressed && better.note == "improved or unchanged")
    }

    @Test func oneReplicationFallsBackToTheBand() {
        let f = RegressionCheck.compare(metric: "x p99_ms", baseline: [400], current: [460])
        #expect(f.pValue == nil && f.regressed && f.note.contains("not testable"))
        let g = RegressionCheck.compare(metric: "x p99_ms", baseline: [400], current: [430])
        #expect(!g.regressed)
    }

    @Test func baselineRoundTripsAndComparesSummaries() throws {
        let seeds: [UInt64] = [1, 2, 3]
        let base = seeds.map { ReportFixtures.summary(seed: $0, purchaseP99: 400 + Double($0)) }
        let baseline = Baseline(summaries: base)
        #expect(baseline.values("POST /api/compras p99_ms") == [401, 402, 403])
        #expect(baseline.seeds == seeds)
        let decoded = try JSONDecoder().decode(Baseline.self, from: try baseline.encoded())
        #expect(decoded == baseline)
        let slower = seeds.map { ReportFixtures.summary(seed: $0 + 10, purchaseP99: 600 + Double($0)) }
        let findings = RegressionCheck.compare(current: slower, baseline: baseline)
        #expect(findings.filter(\.regressed).map(\.metric) == ["POST /api/compras p99_ms"])
        #expect(RegressionCheck.compare(current: base, baseline: baseline).allSatisfy { !$0.regressed })
    }

    /// A one-replication check against a three-seed baseline compares the seed both have: the
    /// unchanged build's seed-0 value equals the baseline's seed-0 value, so it passes even though
    /// it is 26 % below the three-seed mean (the band alone would have flagged it).
    @Test func oneSeedCheckComparesTheCommonSeedOfAThreeSeedBaseline() throws {
        func summary(seed: UInt64, soldPerSecond: Double) -> RunSummary {
            var s = ReportFixtures.summary(seed: seed)
            s.seats.soldPerSecond = soldPerSecond
            return s
        }
        let baseline = Baseline(summaries: [summary(seed: 1, soldPerSecond: 20), summary(seed: 2, soldPerSecond: 30), summary(seed: 3, soldPerSecond: 31)])
        let same = RegressionCheck.compare(current: [summary(seed: 1, soldPerSecond: 20)], baseline: baseline)
        let seats = try #require(same.first { $0.metric == "seats sold_per_s" })
        #expect(seats.baseline.mean == 20 && seats.baseline.count == 1 && !seats.regressed && seats.changePercent == 0)
        #expect(same.allSatisfy { !$0.regressed })
        // A real drop on the common seed is still flagged by the band.
        let worse = RegressionCheck.compare(current: [summary(seed: 1, soldPerSecond: 15)], baseline: baseline)
        #expect(worse.first { $0.metric == "seats sold_per_s" }?.regressed == true)
        // Seeds shared by neither side: every value is pooled, as before (mean 27, so 20 is −25.9 %).
        let other = RegressionCheck.compare(current: [summary(seed: 99, soldPerSecond: 20)], baseline: baseline)
        #expect(other.first { $0.metric == "seats sold_per_s" }?.baseline.count == 3)
    }

    /// The user's case: a one-seed baseline, a route with ~30 requests and p50 +10.4 %.
    @Test func smallSamplesAreSkippedNotFlagged() throws {
        func summary(count: Int, p50: Double) -> RunSummary {
            var s = ReportFixtures.summary()
            s.routes = [ReportFixtures.route("GET /api/cadenas", count: count, success: count - 7)]
            s.routes[0].latency.p50Ms = p50
            return s
        }
        #expect(RegressionPolicy().minimumRequests == 200)
        let baseline = Baseline(summaries: [summary(count: 30, p50: 20)])
        #expect(baseline.values("GET /api/cadenas requests") == [30])
        let small = RegressionCheck.compare(current: [summary(count: 31, p50: 22.08)], baseline: baseline)
        let p50 = try #require(small.first { $0.metric == "GET /api/cadenas p50_ms" })
        #expect(abs(p50.changePercent - 10.4) < 1e-9 && p50.beyondTolerance)   // 2.08 ms > max(10 % × 20, 1 ms)
        #expect(p50.skipped && !p50.regressed)
        #expect(p50.note == "skipped: 30 request(s) in baseline, 31 in current (fewest per replication) < minimum 200")
        #expect(!small.contains { $0.metric.hasSuffix(" requests") })   // counts gate, they are not compared
        #expect(small.filter(\.regressed).isEmpty)
        // The same shift on 1000 requests per side is judged (and, with one replication, flagged by the band).
        let big = RegressionCheck.compare(current: [summary(count: 1000, p50: 22.08)], baseline: Baseline(summaries: [summary(count: 1000, p50: 20)]))
        let bigP50 = try #require(big.first { $0.metric == "GET /api/cadenas p50_ms" })
        #expect(!bigP50.skipped && bigP50.regressed)
        // A lower policy minimum judges the small sample too.
        var lenient = RegressionPolicy(); lenient.minimumRequests = 30
        #expect(RegressionCheck.compare(current: [summary(count: 31, p50: 22.08)], baseline: baseline, policy: lenient)
            .first { $0.metric == "GET /api/cadenas p50_ms" }?.regressed == true)
    }
}

#if canImport(Glibc)
import Glibc
#endif
