import SimulationPrimitives

/// Runs a ``QueueingNetworkModel`` on an ``EventQueue`` with a value-type event enum and `switch`
/// dispatch (no closure or existential per event): the kernel's reference model for
/// `cinesim verify` and `cinesim bench kernel`.
///
/// ```swift
/// let result = QueueingNetworkSimulation.run(.jackson(.referenceExample, customers: 200_000, batches: 20), seed: 7)
/// ```
/// Randomness: one stream per station and purpose, `RandomStream(rootSeed: seed, component:
/// "arrivals/<station>" | "service/<station>" | "routing/<station>")`, so the same seed gives the
/// same run in any process.
public enum QueueingNetworkSimulation {
    /// The model's events: small values, dispatched with a `switch`.
    @usableFromInline enum Event {
        /// An external arrival into `station`.
        case externalArrival(station: UInt16)
        /// `server` of `station` finishes its customer. (Fields sized so a heap entry is 32 bytes.)
        case serviceCompletion(server: Int32, station: UInt16)
    }

    /// A customer's timestamps (ns): when it entered the network and the current station.
    struct Customer {
        var networkEntry: Int64
        var stationArrival: Int64
    }

    /// Mutable per-station state of a run.
    struct StationState {
        let servers: Int
        let serviceTime: Distribution
        let waitThreshold: Int64
        /// Cumulative routing probabilities to station 0, 1, …; beyond the last, the customer leaves.
        let routingCumulative: [Double]
        let routes: Bool
        var serviceStream: RandomStream
        var routingStream: RandomStream
        var freeServers: [Int32]
        var inService: [Customer]
        var waiting = Ring<Customer>()
        var lastChange: Int64 = 0
        var batch = StationBatch()
        /// Exact integrals of the batch in customer·ns (converted to seconds when the batch closes).
        var busyArea: Int64 = 0
        var queuedArea: Int64 = 0

        /// Integrates the number waiting and in service up to `time`.
        mutating func touch(_ time: Int64) {
            let span = time - lastChange
            busyArea += Int64(servers - freeServers.count) * span
            queuedArea += Int64(waiting.count) * span
            lastChange = time
        }

        /// Moves the integer areas into the batch record.
        mutating func flushAreas() {
            batch.busyServerArea = Double(busyArea) * 1e-9
            batch.queueLengthArea = Double(queuedArea) * 1e-9
            batch.numberInSystemArea = Double(busyArea + queuedArea) * 1e-9
            busyArea = 0
            queuedArea = 0
        }
    }

    /// Simulates `model` with root seed `seed` and returns the per-batch measurements.
    public static func run(_ model: QueueingNetworkModel, seed: UInt64) -> QueueingNetworkResult {
        let stationCount = model.stations.count
        var stations: [StationState] = model.stations.enumerated().map { index, station in
            var cumulative: [Double] = []
            var total = 0.0
            for p in model.routing[index] { total += p; cumulative.append(total) }
            return StationState(
                servers: station.servers, serviceTime: station.serviceTime,
                waitThreshold: station.waitThreshold?.nanoseconds ?? .max,
                routingCumulative: cumulative, routes: total > 0,
                serviceStream: RandomStream(rootSeed: seed, component: "service/" + station.name),
                routingStream: RandomStream(rootSeed: seed, component: "routing/" + station.name),
                freeServers: (0..<Int32(station.servers)).reversed().map { $0 },
                inService: Array(repeating: Customer(networkEntry: 0, stationArrival: 0), count: station.servers))
        }
        var arrivalStreams = model.stations.map { RandomStream(rootSeed: seed, component: "arrivals/" + $0.name) }
        let interarrivals = model.stations.map(\.externalInterarrival)

        var queue = EventQueue<Event>()
        for (index, interarrival) in interarrivals.enumerated() {
            if let interarrival {
                queue.post(.externalArrival(station: UInt16(index)), after: interarrival.sampleDuration(using: &arrivalStreams[index]))
            }
        }

        var stationBatches = [[StationBatch]](repeating: [], count: stationCount)
        var networkBatches: [NetworkBatch] = []
        var network = NetworkBatch()
        var latency = LatencyHistogram()
        var measuring = false
        var batchStart = Int64(0)
        var nextBoundary = model.warmup.nanoseconds
        let batchLength = model.batchLength.nanoseconds
        var events = 0

        /// Starts serving `customer` at `station` at `time`.
        func startService(_ station: Int, _ customer: Customer, queued: Bool, at time: Int64) {
            let wait = time - customer.stationArrival
            stations[station].batch.serviceStarts += 1
            if queued { stations[station].batch.queued += 1 }
            stations[station].batch.waitSum += Double(wait) * 1e-9
            if wait > stations[station].waitThreshold { stations[station].batch.waitsOverThreshold += 1 }
            let server = stations[station].freeServers.removeLast()
            stations[station].inService[Int(server)] = customer
            let service = stations[station].serviceTime.sampleDuration(using: &stations[station].serviceStream)
            queue.post(.serviceCompletion(server: server, station: UInt16(station)), after: service)
        }

        /// `customer` arrives at `station` at `time`.
        func arrive(_ station: Int, _ customer: Customer, at time: Int64) {
            stations[station].touch(time)
            if !stations[station].freeServers.isEmpty {
                startService(station, customer, queued: false, at: time)
            } else {
                stations[station].waiting.push(customer)
            }
        }

        /// Closes every batch boundary at or before `time`.
        func closeBatches(through time: Int64) {
            while time >= nextBoundary && networkBatches.count < model.batches {
                for i in 0..<stationCount {
                    stations[i].touch(nextBoundary)
                    stations[i].flushAreas()
                    stations[i].batch.durationSeconds = Double(nextBoundary - batchStart) * 1e-9
                    if measuring { stationBatches[i].append(stations[i].batch) }
                    stations[i].batch = StationBatch()
                }
                if measuring { networkBatches.append(network) }
                network = NetworkBatch()
                measuring = true
                batchStart = nextBoundary
                nextBoundary += batchLength
            }
        }

        let end = model.warmup.nanoseconds + Int64(model.batches) * batchLength
        while let (now, event) = queue.popNext() {
            let time = now.nanosecondsSinceStart
            if time >= nextBoundary {
                closeBatches(through: time)
                if time >= end { break }
            }
            events += 1
            switch event {
            case .externalArrival(let s):
                let station = Int(s)
                arrive(station, Customer(networkEntry: time, stationArrival: time), at: time)
                let gap = interarrivals[station]!.sampleDuration(using: &arrivalStreams[station])
                queue.post(.externalArrival(station: s), after: gap)

            case .serviceCompletion(let server, let s):
                let station = Int(s)
                stations[station].touch(time)
                let customer = stations[station].inService[Int(server)]
                stations[station].freeServers.append(server)
                stations[station].batch.departures += 1
                stations[station].batch.responseSum += Double(time - customer.stationArrival) * 1e-9
                if let next = stations[station].waiting.pop() {
                    startService(station, next, queued: true, at: time)
                }
                var destination = stationCount
                if stations[station].routes {
                    let u = stations[station].routingStream.nextDouble()
                    destination = stations[station].routingCumulative.firstIndex { u < $0 } ?? stationCount
                }
                if destination < stationCount {
                    arrive(destination, Customer(networkEntry: customer.networkEntry, stationArrival: time), at: time)
                } else {
                    let sojourn = time - customer.networkEntry
                    network.exits += 1
                    network.responseSum += Double(sojourn) * 1e-9
                    if measuring { latency.record(SimDuration(nanoseconds: sojourn)) }
                }
            }
        }
        return QueueingNetworkResult(stationBatches: stationBatches, networkBatches: networkBatches, eventCount: events, endToEndLatency: latency)
    }
}
