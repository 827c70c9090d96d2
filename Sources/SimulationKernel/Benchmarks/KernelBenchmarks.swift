import SimulationPrimitives

/// Workloads for `cinesim bench kernel`. They only count events; the caller measures wall-clock
/// time (the kernel never reads a clock).
public enum KernelBenchmarks {
    /// The classic *hold* model (Vaucher & Duval 1975): `pendingEvents` events wait in the queue;
    /// each step pops the earliest and schedules a replacement an Exp(1 s) delay later, so the queue
    /// size stays constant and the cost per event is one pop and one push at that size.
    /// - Returns: a checksum of the popped payloads (keeps the optimiser honest).
    public static func hold(pendingEvents: Int, events: Int, seed: UInt64) -> UInt64 {
        var rng = RandomStream(rootSeed: seed, component: "bench/hold")
        let delay = Distribution.exponential(mean: 1)
        var queue = EventQueue<UInt32>()
        for i in 0..<pendingEvents {
            queue.post(UInt32(truncatingIfNeeded: i), after: delay.sampleDuration(using: &rng))
        }
        var checksum: UInt64 = 0
        for _ in 0..<events {
            guard let (_, payload) = queue.popNext() else { break }
            checksum &+= UInt64(payload)
            queue.post(payload, after: delay.sampleDuration(using: &rng))
        }
        return checksum
    }

    /// The kernel's own M/M/`servers` loop at `utilisation` (μ = 1/s): a two-case event enum with
    /// `switch` dispatch, a FIFO line of arrival times, exponential draws and a running mean wait;
    /// nothing else. This is the "M/M/8 at ρ = 0.8" figure of issue 2.
    /// - Returns: (events processed, mean wait in seconds) — the mean keeps the work observable.
    public static func leanMultiServerQueue(servers: Int, utilisation: Double, events: Int, seed: UInt64) -> (events: Int, meanWaitSeconds: Double) {
        enum Event { case arrival, departure }
        var arrivals = RandomStream(rootSeed: seed, component: "bench/arrivals")
        var services = RandomStream(rootSeed: seed, component: "bench/service")
        let interarrival = Distribution.exponential(mean: 1 / (utilisation * Double(servers)))
        let service = Distribution.exponential(mean: 1)
        var queue = EventQueue<Event>()
        var line = Ring<Int64>(capacity: 1_024)
        var busy = 0
        var waitSum = 0.0
        var started = 0
        queue.post(.arrival, after: interarrival.sampleDuration(using: &arrivals))
        var processed = 0
        while processed < events, let (now, event) = queue.popNext() {
            processed += 1
            switch event {
            case .arrival:
                if busy < servers {
                    busy += 1
                    started += 1
                    queue.post(.departure, after: service.sampleDuration(using: &services))
                } else {
                    line.push(now.nanosecondsSinceStart)
                }
                queue.post(.arrival, after: interarrival.sampleDuration(using: &arrivals))
            case .departure:
                if let arrived = line.pop() {
                    waitSum += Double(now.nanosecondsSinceStart - arrived) * 1e-9
                    started += 1
                    queue.post(.departure, after: service.sampleDuration(using: &services))
                } else {
                    busy -= 1
                }
            }
        }
        return (processed, waitSum / Double(max(started, 1)))
    }

    /// M/M/`servers` at utilisation `utilisation` (μ = 1/s) sized to about `customers` arrivals:
    /// the verify model itself, batch statistics and latency histogram included.
    /// - Returns: events processed.
    public static func multiServerQueue(servers: Int, utilisation: Double, customers: Int, seed: UInt64) -> Int {
        let model = QueueingNetworkModel.multiServerQueue(
            arrivalRatePerSecond: utilisation * Double(servers), serviceRatePerSecond: 1, servers: servers,
            customers: customers, batches: 10)
        return QueueingNetworkSimulation.run(model, seed: seed).eventCount
    }
}
