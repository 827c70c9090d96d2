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
            queue.schedule(UInt32(truncatingIfNeeded: i), after: delay.sampleDuration(using: &rng))
        }
        var checksum: UInt64 = 0
        for _ in 0..<events {
            guard let (_, payload) = queue.popNext() else { break }
            checksum &+= UInt64(payload)
            queue.schedule(payload, after: delay.sampleDuration(using: &rng))
        }
        return checksum
    }

    /// M/M/`servers` at utilisation `utilisation` (μ = 1/s) sized to about `customers` arrivals:
    /// the verify model itself, statistics included. - Returns: events processed.
    public static func multiServerQueue(servers: Int, utilisation: Double, customers: Int, seed: UInt64) -> Int {
        let model = QueueingNetworkModel.multiServerQueue(
            arrivalRatePerSecond: utilisation * Double(servers), serviceRatePerSecond: 1, servers: servers,
            customers: customers, batches: 10)
        return QueueingNetworkSimulation.run(model, seed: seed).eventCount
    }
}
