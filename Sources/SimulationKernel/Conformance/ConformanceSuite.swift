import SimulationPrimitives

/// How long the conformance runs are: `full` for `cinesim verify`, `small` for debug-build tests.
public enum ConformanceScale: String, Sendable, CaseIterable {
    /// 20,000 to 190,000 customers per case, 10 batches: well under a second of release CPU, a few seconds in debug.
    case small
    /// A quarter of `full`, 20 batches.
    case medium
    /// Hundreds of thousands to millions of customers per case, 30 batches (release: a few seconds).
    case full

    /// Customers per relaxation time of the queue (see ``ConformanceSuite/customers(for:)``).
    var customersPerRelaxation: Double { switch self { case .small: 100; case .medium: 500; case .full: 2_000 } }
    var minimumCustomers: Int { switch self { case .small: 20_000; case .medium: 60_000; case .full: 200_000 } }
    var jacksonCustomers: Int { switch self { case .small: 50_000; case .medium: 500_000; case .full: 2_000_000 } }
    /// Batches per run.
    public var batches: Int { switch self { case .small: 10; case .medium: 20; case .full: 30 } }
}

/// One M/M/c case: the rows of reference/simulation-anchors.md §5's table.
public struct QueueCase: Sendable, Equatable {
    /// λ per second (rows given in units of 1/μ use μ = 1/s, so their times read in units of 1/μ).
    public var arrivalRate: Double
    /// μ per second.
    public var serviceRate: Double
    /// c.
    public var servers: Int
    /// Whether the table states the row with rates per second (times are then shown in ms).
    public var ratesPerSecond: Bool

    /// Creates a case.
    public init(arrivalRate: Double, serviceRate: Double, servers: Int, ratesPerSecond: Bool = false) {
        self.arrivalRate = arrivalRate; self.serviceRate = serviceRate; self.servers = servers
        self.ratesPerSecond = ratesPerSecond
    }

    /// The closed form for this case.
    public var theory: ErlangC { ErlangC(arrivalRatePerSecond: arrivalRate, serviceRatePerSecond: serviceRate, servers: servers) }

    /// `M/M/1 λ=0.5 μ=1` or `M/M/3 λ=100/s μ=50/s`.
    public var label: String {
        func n(_ x: Double) -> String { x == x.rounded() ? FixedDecimal.format(x, decimals: 0) : "\(x)" } // shortest form: 0.5, 2.7
        let unit = ratesPerSecond ? "/s" : ""
        return "M/M/\(servers) λ=\(n(arrivalRate))\(unit) μ=\(n(serviceRate))\(unit)"
    }

    /// Every row of the M/M/c table in reference/simulation-anchors.md §5, in its order (the M/M/1
    /// cases ρ = 0.5, 0.8, 0.9 of the issue are its first rows).
    public static let referenceTable: [QueueCase] = [
        QueueCase(arrivalRate: 0.5, serviceRate: 1, servers: 1),
        QueueCase(arrivalRate: 0.75, serviceRate: 1, servers: 1),
        QueueCase(arrivalRate: 0.8, serviceRate: 1, servers: 1),
        QueueCase(arrivalRate: 0.9, serviceRate: 1, servers: 1),
        QueueCase(arrivalRate: 0.95, serviceRate: 1, servers: 1),
        QueueCase(arrivalRate: 1, serviceRate: 1, servers: 2),
        QueueCase(arrivalRate: 1.5, serviceRate: 1, servers: 2),
        QueueCase(arrivalRate: 1.8, serviceRate: 1, servers: 2),
        QueueCase(arrivalRate: 2, serviceRate: 1, servers: 3),
        QueueCase(arrivalRate: 2.7, serviceRate: 1, servers: 3),
        QueueCase(arrivalRate: 4, serviceRate: 1, servers: 5),
        QueueCase(arrivalRate: 4.5, serviceRate: 1, servers: 5),
        QueueCase(arrivalRate: 8, serviceRate: 1, servers: 10),
        QueueCase(arrivalRate: 9.5, serviceRate: 1, servers: 10),
        QueueCase(arrivalRate: 40, serviceRate: 1, servers: 50),
        QueueCase(arrivalRate: 45, serviceRate: 1, servers: 50),
        QueueCase(arrivalRate: 90, serviceRate: 1, servers: 100),
        QueueCase(arrivalRate: 95, serviceRate: 1, servers: 100),
        QueueCase(arrivalRate: 100, serviceRate: 50, servers: 3, ratesPerSecond: true),
        QueueCase(arrivalRate: 150, serviceRate: 50, servers: 4, ratesPerSecond: true),
    ]
}

/// The queueing conformance suite behind `cinesim verify`: simulates every M/M/c case of the
/// reference table and the 3-node Jackson network, and compares each measured quantity with its
/// closed form through a batch-means confidence interval.
///
/// ```swift
/// let report = ConformanceSuite(seed: 5, scale: .small).run()
/// print(report.renderTable()); report.passed
/// ```
/// Verdicts (DESIGN §8): a check passes when the closed form lies inside the check's interval at
/// level 1 − α/m, where m is the number of checks and α = ``familyErrorRate`` (Bonferroni), so a
/// correct simulator passes the whole suite with probability ≥ 1 − α, while a model error of a
/// few percent shows up as failures. Checks per M/M/c case: P(wait), Wq, L, the wait's tail
/// P(Wq > t½) = C/2 at the median wait of those who wait, and Little's law (L − λW = 0 per batch). Jackson: end-to-end W, and W, L and Little per station.
public struct ConformanceSuite: Sendable {
    /// Root seed of every run.
    public var seed: UInt64
    /// Run length.
    public var scale: ConformanceScale
    /// The M/M/c cases.
    public var queueCases: [QueueCase]
    /// Whether the Jackson network runs.
    public var includesJackson: Bool
    /// Family-wise error rate α of the whole suite. 0.01 with ~110 checks: each check at 99.99 %.
    public var familyErrorRate: Double
    /// Multiplies every *simulated* service rate (theory unchanged); 1 for the real check, 0.9 to
    /// show that a 10 % model error fails.
    public var simulatedServiceRateFactor: Double

    /// The full suite with the reference cases.
    public init(seed: UInt64, scale: ConformanceScale, queueCases: [QueueCase] = QueueCase.referenceTable,
                includesJackson: Bool = true, familyErrorRate: Double = 0.01, simulatedServiceRateFactor: Double = 1) {
        self.seed = seed; self.scale = scale; self.queueCases = queueCases; self.includesJackson = includesJackson
        self.familyErrorRate = familyErrorRate; self.simulatedServiceRateFactor = simulatedServiceRateFactor
    }

    /// Measured customers for a case: proportional to the queue's relaxation time counted in
    /// arrivals, so each batch spans many relaxation times and batch means are nearly independent.
    /// Two time scales bound it: the heavy-traffic relaxation 1/(cμ(1 − √ρ)²) of the queue
    /// (Abate & Whitt 1987, M/M/1), i.e. ρ/(1 − √ρ)² arrivals, and for many servers the time
    /// 1/(μ(1 − ρ)) over which busy-server excursions decay, i.e. cρ/(1 − ρ) arrivals.
    public func customers(for queueCase: QueueCase) -> Int {
        let rho = queueCase.theory.utilisation
        let queueRelaxation = rho / ((1 - rho.squareRoot()) * (1 - rho.squareRoot()))
        let serverRelaxation = Double(queueCase.servers) * rho / (1 - rho)
        return max(scale.minimumCustomers, Int(scale.customersPerRelaxation * max(queueRelaxation, serverRelaxation)))
    }

    /// Checks the suite will make, for the Bonferroni correction.
    public var checkCount: Int { queueCases.count * 5 + (includesJackson ? 10 : 0) }

    /// Runs every case (serially, deterministic) and returns the verdicts.
    public func run() -> ConformanceReport {
        let m = checkCount
        let checkLevel = 1 - familyErrorRate / Double(m)
        var checks: [ConformanceCheck] = []
        func add(_ model: String, _ metric: String, theory: Double, batches: [Double], displayScale: Double, unit: String) {
            checks.append(ConformanceCheck(
                model: model, metric: metric, theory: theory,
                interval95: ConfidenceInterval(batchMeans: batches, level: 0.95),
                verdictInterval: ConfidenceInterval(batchMeans: batches, level: checkLevel),
                displayScale: displayScale, unit: unit))
        }
        for queueCase in queueCases {
            let theory = queueCase.theory
            // The wait's tail: P(Wq > t) = C·e^{−(cμ−λ)t}; at t½ = ln 2/(cμ − λ), the median wait of
            // those who wait, it is C/2. (A p99 threshold is too rare an event at ρ ≥ 0.95 for batch
            // means of affordable runs: the batch values are so skewed that t intervals undercover.)
            let medianConditionalWait = theory.waitQuantile(1 - theory.waitProbability / 2)
            let model = QueueingNetworkModel.multiServerQueue(
                arrivalRatePerSecond: queueCase.arrivalRate, serviceRatePerSecond: queueCase.serviceRate * simulatedServiceRateFactor,
                servers: queueCase.servers, customers: customers(for: queueCase), batches: scale.batches,
                waitThreshold: SimDuration(seconds: medianConditionalWait))
            let result = QueueingNetworkSimulation.run(model, seed: seed)
            let timeScale = queueCase.ratesPerSecond ? 1_000.0 : 1
            let timeUnit = queueCase.ratesPerSecond ? "ms" : ""
            let label = queueCase.label
            add(label, "P(wait)", theory: theory.waitProbability, batches: result.batchValues(station: 0, \.waitProbability), displayScale: 1, unit: "")
            add(label, "Wq", theory: theory.meanWait, batches: result.batchValues(station: 0, \.meanWait), displayScale: timeScale, unit: timeUnit)
            add(label, "L", theory: theory.meanNumberInSystem, batches: result.batchValues(station: 0, \.meanNumberInSystem), displayScale: 1, unit: "")
            add(label, "P(Wq>" + FixedDecimal.format(medianConditionalWait * timeScale, significant: 4) + timeUnit + ")",
                theory: theory.probabilityWaitExceeds(medianConditionalWait),
                batches: result.batchValues(station: 0, \.waitTailProbability), displayScale: 1, unit: "")
            add(label, "Little L-λW", theory: 0, batches: result.batchValues(station: 0, \.littleResidual), displayScale: 1, unit: "")
        }
        if includesJackson {
            var network = JacksonNetwork.referenceExample
            for i in network.stations.indices { network.stations[i].serviceRatePerSecond *= simulatedServiceRateFactor }
            let model = QueueingNetworkModel.jackson(network, customers: scale.jacksonCustomers, batches: scale.batches)
            let result = QueueingNetworkSimulation.run(model, seed: seed)
            let theory = JacksonNetwork.referenceExample
            let queues = theory.stationQueues
            let label = "Jackson G→S→D"
            add(label, "end-to-end W", theory: theory.meanEndToEndResponseTime,
                batches: result.networkBatches.map(\.meanResponseTime), displayScale: 1_000, unit: "ms")
            for (i, station) in theory.stations.enumerated() {
                add(label, "W(\(station.name))", theory: queues[i].meanResponseTime, batches: result.batchValues(station: i, \.meanResponseTime), displayScale: 1_000, unit: "ms")
                add(label, "L(\(station.name))", theory: queues[i].meanNumberInSystem, batches: result.batchValues(station: i, \.meanNumberInSystem), displayScale: 1, unit: "")
                add(label, "Little(\(station.name))", theory: 0, batches: result.batchValues(station: i, \.littleResidual), displayScale: 1, unit: "")
            }
        }
        precondition(checks.count == m, "ConformanceSuite.checkCount out of date")
        return ConformanceReport(seed: seed, scale: scale, familyErrorRate: familyErrorRate, checkLevel: checkLevel, checks: checks)
    }
}
