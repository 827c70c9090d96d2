/// Closed-form steady state of an open Jackson network: Poisson external arrivals, exponential
/// servers, Markov routing. Each station behaves as an independent M/M/cᵢ queue at the rate λᵢ
/// that solves the traffic equations λᵢ = γᵢ + Σⱼ λⱼ·Pⱼᵢ (Jackson 1957; reference/simulation-anchors.md §5).
///
/// ```swift
/// let net = JacksonNetwork.referenceExample      // gateway → service (10 % retry) → database
/// net.arrivalRates                               // [10, 11.111, 6.667] per second
/// net.meanEndToEndResponseTime                   // 0.1308506 s
/// ```
public struct JacksonNetwork: Sendable, Equatable {
    /// One station: `servers` identical exponential servers at `serviceRatePerSecond` each.
    public struct Station: Sendable, Equatable {
        /// Display name (`G`, `S`, `D`).
        public var name: String
        /// μ per server, per second.
        public var serviceRatePerSecond: Double
        /// c.
        public var servers: Int
        /// Creates a station.
        public init(name: String, serviceRatePerSecond: Double, servers: Int) {
            self.name = name; self.serviceRatePerSecond = serviceRatePerSecond; self.servers = servers
        }
    }

    /// The stations, indexed 0..<n.
    public var stations: [Station]
    /// γᵢ, external arrivals per second into each station.
    public var externalArrivalRatesPerSecond: [Double]
    /// Pᵢⱼ, the probability a customer leaving i goes to j; 1 − Σⱼ Pᵢⱼ leaves the network.
    public var routing: [[Double]]

    /// Creates a network. Precondition: consistent sizes, each routing row sums to ≤ 1.
    public init(stations: [Station], externalArrivalRatesPerSecond: [Double], routing: [[Double]]) {
        precondition(externalArrivalRatesPerSecond.count == stations.count && routing.count == stations.count
                     && routing.allSatisfy { $0.count == stations.count }, "JacksonNetwork: inconsistent sizes")
        precondition(routing.allSatisfy { $0.allSatisfy { $0 >= 0 } && $0.reduce(0, +) <= 1 + 1e-12 }, "JacksonNetwork: bad routing row")
        self.stations = stations
        self.externalArrivalRatesPerSecond = externalArrivalRatesPerSecond
        self.routing = routing
    }

    /// The 3-node example of reference/simulation-anchors.md §5: γ = 10/s into gateway G (μ = 50,
    /// c = 1) → service S (μ = 15, c = 2) with 10 % immediate retry S→S, 60 % S→D (μ = 40, c = 1),
    /// 30 % exit; D exits.
    public static let referenceExample = JacksonNetwork(
        stations: [
            Station(name: "G", serviceRatePerSecond: 50, servers: 1),
            Station(name: "S", serviceRatePerSecond: 15, servers: 2),
            Station(name: "D", serviceRatePerSecond: 40, servers: 1),
        ],
        externalArrivalRatesPerSecond: [10, 0, 0],
        routing: [[0, 1, 0], [0, 0.1, 0.6], [0, 0, 0]]
    )

    /// λ solving λ(I − P) = γ, by Gaussian elimination with partial pivoting.
    public var arrivalRates: [Double] {
        let n = stations.count
        // Solve (I − P)ᵀ λ = γ.
        var a = [[Double]](repeating: [Double](repeating: 0, count: n + 1), count: n)
        for i in 0..<n {
            for j in 0..<n { a[i][j] = (i == j ? 1 : 0) - routing[j][i] }
            a[i][n] = externalArrivalRatesPerSecond[i]
        }
        for column in 0..<n {
            var pivot = column
            for row in column..<n where abs(a[row][column]) > abs(a[pivot][column]) { pivot = row }
            a.swapAt(column, pivot)
            precondition(abs(a[column][column]) > 1e-15, "JacksonNetwork: routing never lets customers leave")
            for row in 0..<n where row != column {
                let factor = a[row][column] / a[column][column]
                if factor != 0 { for k in column...n { a[row][k] -= factor * a[column][k] } }
            }
        }
        return (0..<n).map { a[$0][n] / a[$0][$0] }
    }

    /// Each station as an M/M/cᵢ queue at its solved arrival rate. Precondition: every ρᵢ < 1.
    public var stationQueues: [ErlangC] {
        zip(stations, arrivalRates).map { ErlangC(arrivalRatePerSecond: $1, serviceRatePerSecond: $0.serviceRatePerSecond, servers: $0.servers) }
    }

    /// Mean end-to-end time in the network, W = ΣLᵢ / Σγᵢ (Little's law over the whole network), s.
    public var meanEndToEndResponseTime: Double {
        stationQueues.reduce(0) { $0 + $1.meanNumberInSystem } / externalArrivalRatesPerSecond.reduce(0, +)
    }
}
