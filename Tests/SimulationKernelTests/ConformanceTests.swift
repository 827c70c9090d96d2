import Testing
import SimulationPrimitives
@testable import SimulationKernel

/// The verifier's logic in-process, at sizes a debug build affords. `cinesim verify` runs the same
/// code over every case at full scale (20 seeds checked in release: docs/modules/SimulationKernel.md).
@Suite struct ConformanceTests {
    /// A cross-section of the reference table (ρ from 0.5 to 0.8, c from 1 to 10, rates in /s)
    /// plus the Jackson network.
    static let debugCases = [
        QueueCase(arrivalRate: 0.5, serviceRate: 1, servers: 1),
        QueueCase(arrivalRate: 0.8, serviceRate: 1, servers: 1),
        QueueCase(arrivalRate: 2, serviceRate: 1, servers: 3),
        QueueCase(arrivalRate: 8, serviceRate: 1, servers: 10),
        QueueCase(arrivalRate: 150, serviceRate: 50, servers: 4, ratesPerSecond: true),
    ]

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func correctModelPassesEveryCheck(seed: UInt64) {
        let report = ConformanceSuite(seed: seed, scale: .small, queueCases: Self.debugCases).run()
        #expect(report.checks.count == Self.debugCases.count * 5 + 10)
        #expect(report.passed, "seed \(seed):\n\(report.renderTable())")
    }

    /// A model whose servers are 10 % slower than the theory assumes must be caught.
    @Test func serviceRateTenPercentOffFails() {
        let report = ConformanceSuite(seed: 1, scale: .small, queueCases: Self.debugCases, simulatedServiceRateFactor: 0.9).run()
        #expect(!report.passed)
        // The mean waits (which grow sharply with ρ) are among the failures in every case.
        let failedWaits = report.failures.filter { $0.metric == "Wq" }.map(\.model)
        #expect(failedWaits.count == Self.debugCases.count, "\(failedWaits)")
        #expect(report.failures.contains { $0.metric == "end-to-end W" })
        #expect(report.renderTable().contains("FAIL: "))
    }

    /// Little's law is an identity on sample paths, so it holds whatever the distributions: here a
    /// lognormal-service M/G/2, which has no Erlang C closed form.
    @Test func littlesLawHoldsForNonExponentialService() {
        let model = QueueingNetworkModel(
            stations: [.init(name: "mg2", servers: 2, serviceTime: .lognormal(median: 0.8, p99: 4), externalInterarrival: .exponential(mean: 0.8))],
            routing: [[0]], warmup: .seconds(2_000), batchLength: .seconds(4_000), batches: 10)
        let result = QueueingNetworkSimulation.run(model, seed: 9)
        let residual = ConfidenceInterval(batchMeans: result.batchValues(station: 0, \.littleResidual), level: 0.999)
        #expect(residual.contains(0), "\(residual)")
        let l = result.stationBatches[0].map(\.meanNumberInSystem).reduce(0, +) / 10
        #expect(abs(residual.mean) < 0.01 * l)
    }

    @Test func sameSeedSameResultDifferentSeedDifferentResult() {
        let model = QueueingNetworkModel.jackson(.referenceExample, customers: 5_000, batches: 4)
        let a = QueueingNetworkSimulation.run(model, seed: 5)
        let b = QueueingNetworkSimulation.run(model, seed: 5)
        let c = QueueingNetworkSimulation.run(model, seed: 6)
        #expect(a.stationBatches == b.stationBatches && a.networkBatches == b.networkBatches && a.eventCount == b.eventCount)
        #expect(a.networkBatches != c.networkBatches)
    }

    @Test func leanBenchmarkLoopMatchesErlangC() {
        // M/M/8 at ρ = 0.8: Wq = 0.2860 s (Erlang C). 400k events (~200k customers, ~2,000
        // relaxation times) estimate it to a few percent.
        let theory = ErlangC(arrivalRatePerSecond: 6.4, serviceRatePerSecond: 1, servers: 8)
        let run = KernelBenchmarks.leanMultiServerQueue(servers: 8, utilisation: 0.8, events: 400_000, seed: 3)
        #expect(run.events == 400_000)
        #expect(abs(run.meanWaitSeconds - theory.meanWait) / theory.meanWait < 0.1)
        #expect(KernelBenchmarks.hold(pendingEvents: 100, events: 1_000, seed: 1) == KernelBenchmarks.hold(pendingEvents: 100, events: 1_000, seed: 1))
    }

    @Test func fixedDecimalFormatting() {
        #expect(FixedDecimal.format(3.14159, decimals: 3) == "3.142")
        #expect(FixedDecimal.format(-0.0004, decimals: 3) == "0.000")
        #expect(FixedDecimal.format(-2.5, decimals: 0) == "-3")
        #expect(FixedDecimal.format(130.8506, significant: 6) == "130.851")
        #expect(FixedDecimal.format(0.0012345, significant: 3) == "0.00123")
        #expect(FixedDecimal.format(1e-30, significant: 3) == "0.000000000000000")
        #expect(FixedDecimal.format(-2.2e-8, significant: 6, maximumDecimals: 8) == "-0.00000002")
    }
}

@Suite struct ConformanceReportTests {
    @Test func tableListsEveryCheckWithVerdictAndLabels() {
        let report = ConformanceSuite(seed: 2, scale: .small, queueCases: [QueueCase(arrivalRate: 0.5, serviceRate: 1, servers: 1)], includesJackson: false).run()
        let table = report.renderTable()
        #expect(report.checks.map(\.metric) == ["P(wait)", "Wq", "L", "P(Wq>1.386)", "Little L-λW"])
        #expect(table.contains("M/M/1 λ=0.5 μ=1"))
        #expect(table.contains("| 0.250000 |")) // P(Wq > t½) = C/2 = 0.25 at ρ = 0.5
        // Five checks at family-wise 99 %: each at 1 − 0.01/5 = 99.8 %.
        #expect(abs(report.checkLevel - 0.998) < 1e-12)
        #expect(table.contains("99.8000% per check"))
        #expect(table.hasSuffix(report.passed ? "PASS: all 5 checks\n" : "checks\n"))
    }
}
