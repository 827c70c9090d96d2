import SimulationPrimitives

/// An open queueing network to simulate: FCFS multi-server stations with any service-time
/// distribution, external arrival streams, and Markov routing. An M/M/c queue is a one-station
/// network; the Jackson example of reference/simulation-anchors.md §5 is a three-station one.
///
/// ```swift
/// let mm1 = QueueingNetworkModel.multiServerQueue(arrivalRatePerSecond: 0.8, serviceRatePerSecond: 1, servers: 1,
///                                                customers: 1_000_000, batches: 30)
/// let result = QueueingNetworkSimulation.run(mm1, seed: 42)
/// ```
/// Measurement: after `warmup`, the run is cut into `batches` equal spans of simulated time; each
/// station records per span the statistics in ``StationBatch`` (batch means, Law §9.5.3).
public struct QueueingNetworkModel: Sendable, Equatable {
    /// One station.
    public struct Station: Sendable, Equatable {
        /// Display name, also the name of its random streams (`service/<name>`, `routing/<name>`).
        public var name: String
        /// Identical servers working FCFS from one line.
        public var servers: Int
        /// Service time in seconds.
        public var serviceTime: Distribution
        /// Interarrival time in seconds of the external arrivals into this station, if any.
        public var externalInterarrival: Distribution?
        /// A wait threshold: the fraction of waits above it is recorded (checks of the wait's tail).
        public var waitThreshold: SimDuration?

        /// Creates a station.
        public init(name: String, servers: Int, serviceTime: Distribution, externalInterarrival: Distribution? = nil, waitThreshold: SimDuration? = nil) {
            self.name = name; self.servers = servers; self.serviceTime = serviceTime
            self.externalInterarrival = externalInterarrival; self.waitThreshold = waitThreshold
        }
    }

    /// The stations.
    public var stations: [Station]
    /// Pᵢⱼ: after service at i a customer moves to j with this probability, else leaves.
    public var routing: [[Double]]
    /// Simulated time discarded before measuring (the queue starts empty).
    public var warmup: SimDuration
    /// Length of each measurement batch.
    public var batchLength: SimDuration
    /// Number of batches (≥ 2).
    public var batches: Int

    /// Creates a model. Precondition: routing is square with rows summing to ≤ 1, servers ≥ 1, batches ≥ 2.
    public init(stations: [Station], routing: [[Double]], warmup: SimDuration, batchLength: SimDuration, batches: Int) {
        precondition(routing.count == stations.count && routing.allSatisfy { $0.count == stations.count }, "routing must be square")
        precondition(stations.allSatisfy { $0.servers >= 1 } && batches >= 2 && batchLength > .zero, "bad queueing model")
        self.stations = stations; self.routing = routing; self.warmup = warmup; self.batchLength = batchLength; self.batches = batches
    }

    /// M/M/c FCFS sized to about `customers` measured arrivals, with a warm-up of `warmupFraction` of that.
    public static func multiServerQueue(arrivalRatePerSecond: Double, serviceRatePerSecond: Double, servers: Int,
                                        customers: Int, batches: Int, warmupFraction: Double = 0.05,
                                        waitThreshold: SimDuration? = nil) -> QueueingNetworkModel {
        let measured = Double(customers) / arrivalRatePerSecond
        return QueueingNetworkModel(
            stations: [Station(name: "queue", servers: servers, serviceTime: .exponential(mean: 1 / serviceRatePerSecond),
                               externalInterarrival: .exponential(mean: 1 / arrivalRatePerSecond), waitThreshold: waitThreshold)],
            routing: [[0]],
            warmup: SimDuration(seconds: measured * warmupFraction),
            batchLength: SimDuration(seconds: measured / Double(batches)),
            batches: batches)
    }

    /// The simulated counterpart of a ``JacksonNetwork`` sized to about `customers` measured external arrivals.
    public static func jackson(_ network: JacksonNetwork, customers: Int, batches: Int, warmupFraction: Double = 0.05) -> QueueingNetworkModel {
        let totalRate = network.externalArrivalRatesPerSecond.reduce(0, +)
        let measured = Double(customers) / totalRate
        let stations = network.stations.indices.map { i in
            let gamma = network.externalArrivalRatesPerSecond[i]
            return Station(name: network.stations[i].name, servers: network.stations[i].servers,
                           serviceTime: .exponential(mean: 1 / network.stations[i].serviceRatePerSecond),
                           externalInterarrival: gamma > 0 ? .exponential(mean: 1 / gamma) : nil)
        }
        return QueueingNetworkModel(stations: stations, routing: network.routing,
                                    warmup: SimDuration(seconds: measured * warmupFraction),
                                    batchLength: SimDuration(seconds: measured / Double(batches)), batches: batches)
    }
}

/// What one station saw during one measurement batch. Per-customer figures count customers whose
/// service started (waits) or ended (responses) inside the batch; areas integrate over the batch.
public struct StationBatch: Sendable, Equatable {
    /// Customers whose service started.
    public var serviceStarts = 0
    /// Of those, customers who had to queue.
    public var queued = 0
    /// Σ waits (s).
    public var waitSum = 0.0
    /// Waits longer than the station's threshold.
    public var waitsOverThreshold = 0
    /// Customers whose service ended (station departures).
    public var departures = 0
    /// Σ times at the station, wait + service (s).
    public var responseSum = 0.0
    /// ∫ number at the station dt (customer·s).
    public var numberInSystemArea = 0.0
    /// ∫ number waiting dt (customer·s).
    public var queueLengthArea = 0.0
    /// ∫ busy servers dt (server·s).
    public var busyServerArea = 0.0
    /// The batch's length (s).
    public var durationSeconds = 0.0

    /// P(wait) in the batch.
    public var waitProbability: Double { Double(queued) / Double(max(serviceStarts, 1)) }
    /// Mean wait Wq (s).
    public var meanWait: Double { waitSum / Double(max(serviceStarts, 1)) }
    /// Fraction of waits above the threshold.
    public var waitTailProbability: Double { Double(waitsOverThreshold) / Double(max(serviceStarts, 1)) }
    /// Mean time at the station W (s).
    public var meanResponseTime: Double { responseSum / Double(max(departures, 1)) }
    /// Time-average number at the station, L.
    public var meanNumberInSystem: Double { numberInSystemArea / durationSeconds }
    /// Time-average number waiting, Lq.
    public var meanQueueLength: Double { queueLengthArea / durationSeconds }
    /// Time-average busy servers / servers is utilisation; this is the busy count.
    public var meanBusyServers: Double { busyServerArea / durationSeconds }
    /// Departures per second (λ in steady state).
    public var throughputPerSecond: Double { Double(departures) / durationSeconds }
    /// L − λW in the batch: zero up to boundary effects by Little's law, whatever the distributions.
    public var littleResidual: Double { meanNumberInSystem - throughputPerSecond * meanResponseTime }
}

/// What the network as a whole saw during one batch: customers leaving the network.
public struct NetworkBatch: Sendable, Equatable {
    /// Customers that left the network.
    public var exits = 0
    /// Σ their end-to-end times (s).
    public var responseSum = 0.0
    /// Mean end-to-end time (s).
    public var meanResponseTime: Double { responseSum / Double(max(exits, 1)) }
}

/// The per-batch measurements of one run.
public struct QueueingNetworkResult: Sendable {
    /// `stationBatches[i][b]`: station i in batch b.
    public var stationBatches: [[StationBatch]]
    /// Network exits per batch.
    public var networkBatches: [NetworkBatch]
    /// Events processed (including warm-up), for throughput benchmarks.
    public var eventCount: Int
    /// Whole-run end-to-end latency histogram (measured batches only).
    public var endToEndLatency: LatencyHistogram

    /// The batch values of `metric` at station `station`, ready for ``ConfidenceInterval/init(batchMeans:level:)``.
    public func batchValues(station: Int, _ metric: (StationBatch) -> Double) -> [Double] {
        stationBatches[station].map(metric)
    }
}

extension QueueingNetworkResult: CustomStringConvertible {
    public var description: String { "QueueingNetworkResult(\(stationBatches.count) stations, \(networkBatches.count) batches, \(eventCount) events)" }
}
