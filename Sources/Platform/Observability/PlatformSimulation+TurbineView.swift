import SimulationPrimitives
import Resilience
import Telemetry

extension PlatformSimulation {
    /// The Turbine cluster view at a bucket's end (reference/netflix-oss.md §2.3): every Hystrix
    /// command's hystrix.stream object (`HystrixCommand.snapshot(at:)`) goes to a
    /// `TurbineAggregator` under its calling instance's name, and per command the cluster's summed
    /// rolling `requestCount`, the error percent of the summed counts, `reportingHosts` and the
    /// number of instances whose circuit is open become the `turbine_*` time series. Not hot: one
    /// snapshot per command per bucket.
    func recordTurbineView(at now: SimTime) {
        guard !commands.isEmpty else { return }
        var turbine = TurbineAggregator()
        var openHosts: [String: Int] = [:]
        var names: [String] = []
        for (index, command) in commands.enumerated() {
            // The view reads counters and breaker state only: the stream object's subset with
            // those fields (no rolling counts, latency percentiles or property values).
            let snapshot = command.clusterCountersSnapshot(at: now)
            turbine.receive(instance: nodeNames[Int(commandOwners[index].caller)], snapshot)
            if openHosts[command.key] == nil { openHosts[command.key] = 0; names.append(command.key) }
            if case .bool(true)? = snapshot["isCircuitBreakerOpen"] { openHosts[command.key]! += 1 }
        }
        // The bucket that just closed ends at `now`; its values belong to its last instant.
        let at = now - .nanoseconds(1)
        for name in names.sorted() {
            guard let cluster = turbine.aggregate(type: "HystrixCommand", name: name, fields: Self.turbineViewFields) else { continue }
            let requests = Self.integer(cluster["requestCount"]), errors = Self.integer(cluster["errorCount"])
            recorder.recordBucketValue(.turbineRequestCount, subject: name, at: at, value: Double(requests))
            recorder.recordBucketValue(.turbineErrorPercent, subject: name, at: at, value: requests > 0 ? Double(errors) * 100 / Double(requests) : 0)
            recorder.recordBucketValue(.turbineReportingHosts, subject: name, at: at, value: Double(Self.integer(cluster["reportingHosts"])))
            recorder.recordBucketValue(.turbineOpenHosts, subject: name, at: at, value: Double(openHosts[name] ?? 0))
        }
    }

    /// The cluster fields the view reads (combining only these keeps the per-bucket cost small).
    static let turbineViewFields = ["requestCount", "errorCount", "reportingHosts"]

    static func integer(_ value: HystrixStreamValue?) -> Int64 {
        if case let .integer(v)? = value { return v }
        return 0
    }
}
