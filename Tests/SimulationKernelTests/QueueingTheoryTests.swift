import Testing
import SimulationPrimitives
@testable import SimulationKernel

/// Closed forms against the reference values of reference/simulation-anchors.md §5 (computed there
/// with exact rational arithmetic), not against this code's own output.
@Suite struct QueueingTheoryTests {
    /// (λ, μ, c, C, Lq, Wq, W, L, Wq p99): the M/M/c table of §5, every row.
    static let table: [(Double, Double, Int, Double, Double, Double, Double, Double, Double)] = [
        (0.5, 1, 1, 0.500000, 0.500000, 1.000000, 2.000000, 1.000000, 7.824046),
        (0.75, 1, 1, 0.750000, 2.250000, 3.000000, 4.000000, 3.000000, 17.269952),
        (0.8, 1, 1, 0.800000, 3.200000, 4.000000, 5.000000, 4.000000, 21.910133),
        (0.9, 1, 1, 0.900000, 8.100000, 9.000000, 10.000000, 9.000000, 44.998097),
        (0.95, 1, 1, 0.950000, 18.050000, 19.000000, 20.000000, 19.000000, 91.077538),
        (1, 1, 2, 0.333333, 0.333333, 0.333333, 1.333333, 1.333333, 3.506558),
        (1.5, 1, 2, 0.642857, 1.928571, 1.285714, 2.285714, 3.428571, 8.326675),
        (1.8, 1, 2, 0.852632, 7.673684, 4.263158, 5.263158, 9.473684, 22.228712),
        (2, 1, 3, 0.444444, 0.888889, 0.444444, 1.444444, 2.888889, 3.794240),
        (2.7, 1, 3, 0.817061, 7.353549, 2.723537, 3.723537, 10.053549, 14.677096),
        (4, 1, 5, 0.554113, 2.216450, 0.554113, 1.554113, 6.216450, 4.014783),
        (4.5, 1, 5, 0.762493, 6.862439, 1.524986, 2.524986, 11.362439, 8.668017),
        (8, 1, 10, 0.409180, 1.636721, 0.204590, 1.204590, 9.636721, 1.855785),
        (9.5, 1, 10, 0.825586, 15.686126, 1.651171, 2.651171, 25.186126, 8.827016),
        (40, 1, 50, 0.086953, 0.347810, 0.008695, 1.008695, 40.347810, 0.216278),
        (45, 1, 50, 0.363864, 3.274780, 0.072773, 1.072773, 48.274780, 0.718839),
        (90, 1, 100, 0.216940, 1.952464, 0.021694, 1.021694, 91.952464, 0.307704),
        (95, 1, 100, 0.506457, 9.622680, 0.101291, 1.101291, 104.622680, 0.784971),
        (100, 50, 3, 0.444444, 0.888889, 0.008889, 0.028889, 2.888889, 0.075885),
        (150, 50, 4, 0.509434, 1.528302, 0.010189, 0.030189, 4.528302, 0.078614),
    ]

    @Test func erlangCMatchesEveryReferenceRow() {
        #expect(Self.table.count == QueueCase.referenceTable.count)
        for (row, queueCase) in zip(Self.table, QueueCase.referenceTable) {
            let (lambda, mu, c, pWait, lq, wq, w, l, p99) = row
            #expect(queueCase.arrivalRate == lambda && queueCase.serviceRate == mu && queueCase.servers == c)
            let q = ErlangC(arrivalRatePerSecond: lambda, serviceRatePerSecond: mu, servers: c)
            let label = "M/M/\(c) λ=\(lambda) μ=\(mu)"
            // The table prints six decimals: agreement to half a unit in the last place.
            #expect(abs(q.waitProbability - pWait) <= 5e-7, "\(label) C")
            #expect(abs(q.meanQueueLength - lq) <= 5e-7, "\(label) Lq")
            #expect(abs(q.meanWait - wq) <= 5e-7, "\(label) Wq")
            #expect(abs(q.meanResponseTime - w) <= 5e-7, "\(label) W")
            #expect(abs(q.meanNumberInSystem - l) <= 5e-7, "\(label) L")
            #expect(abs(q.waitQuantile(0.99) - p99) <= 5e-7, "\(label) Wq p99")
            #expect(abs(q.probabilityWaitExceeds(p99) - 0.01) < 1e-6, "\(label) P(Wq > p99)")
        }
    }

    @Test func exactRationalRows() {
        // C(3, 2) = 4/9; M/M/2: C = 2ρ²/(1 + ρ) (reference §5).
        #expect(abs(ErlangC(arrivalRatePerSecond: 2, serviceRatePerSecond: 1, servers: 3).waitProbability - 4.0 / 9) < 1e-15)
        for rho in [0.1, 0.5, 0.75, 0.9, 0.99] {
            let q = ErlangC(arrivalRatePerSecond: 2 * rho, serviceRatePerSecond: 1, servers: 2)
            #expect(abs(q.waitProbability - 2 * rho * rho / (1 + rho)) < 1e-13)
        }
        // M/M/1: P(wait) = ρ, W = 1/(μ − λ).
        let mm1 = ErlangC(arrivalRatePerSecond: 0.8, serviceRatePerSecond: 1, servers: 1)
        #expect(abs(mm1.waitProbability - 0.8) < 1e-15 && abs(mm1.meanResponseTime - 5) < 1e-12)
    }

    @Test func jacksonExampleMatchesReference() {
        let net = JacksonNetwork.referenceExample
        let lambda = net.arrivalRates
        #expect(abs(lambda[0] - 10) < 1e-12 && abs(lambda[1] - 100.0 / 9) < 1e-12 && abs(lambda[2] - 20.0 / 3) < 1e-12)
        let q = net.stationQueues
        // (ρ, Wq ms, W ms, L) per node from §5.
        let expected: [(Double, Double, Double, Double)] = [(0.2000, 5.0000, 25.0000, 0.250000), (0.3704, 10.5988, 77.2655, 0.858506), (0.1667, 5.0000, 30.0000, 0.200000)]
        for (queue, (rho, wqMs, wMs, l)) in zip(q, expected) {
            #expect(abs(queue.utilisation - rho) <= 5e-5)
            #expect(abs(queue.meanWait * 1000 - wqMs) <= 5e-5)
            #expect(abs(queue.meanResponseTime * 1000 - wMs) <= 5e-5)
            #expect(abs(queue.meanNumberInSystem - l) <= 5e-7)
        }
        #expect(abs(q[1].waitProbability - 0.200200) <= 5e-7)
        #expect(abs(net.meanEndToEndResponseTime * 1000 - 130.8506) <= 5e-5)
        // Equivalently Σ visitᵢ·Wᵢ = 25 + 1.1111·77.2655 + 0.6667·30 (reference §5).
        let visits = lambda.map { $0 / 10 }
        let viaVisits = zip(visits, q).reduce(0) { $0 + $1.0 * $1.1.meanResponseTime }
        #expect(abs(viaVisits - net.meanEndToEndResponseTime) < 1e-12)
    }
}
