import SimulationPrimitives
import Resilience
import Telemetry

extension PlatformSimulation {
    /// The Turbine cluster view at a bucket's end (reference/netflix-oss.md §2.3): every Hystrix
    /// command's hystrix.stream object (`HystrixCommand.snapshot(at:)`) goes to a
    /// `TurbineAggregator` under its calling instance's name, and per command the cluster's summed
    /// rolling `requestCount`, the error percent of the summed counts, `reportingHosts` and the
    /// number of instances whose circuit is open become the `turbine_*` time series. Once per
    /// bucket, one counters-only snapshot per command; the aggregator and the lookups persist
    /// between buckets (`TurbineViewState`).
    func recordTurbineView(at now: SimTime) {
        guard !commands.isEmpty else { return }
        // Work on the state out of the class (one uniqueness check, no exclusivity checks per
        // field access) and put it back at the end.
        var view = TurbineViewState()
        swap(&view, &turbineView)
        defer { swap(&view, &turbineView) }
        if view.nameSlotOfCommand.count < commands.count {
            view.register(newCommandKeys: commands[view.nameSlotOfCommand.count...].lazy.map(\.key))
        }
        for slot in view.openHosts.indices { view.openHosts[slot] = 0 }
        for (index, command) in commands.enumerated() {
            // The view reads counters and breaker state only: the stream object's subset with
            // those fields (no rolling counts, latency percentiles or property values).
            let snapshot = command.clusterCountersSnapshot(at: now)
            view.aggregator.receive(instance: nodeNames[Int(commandOwners[index].caller)], snapshot)
            if case .bool(true)? = snapshot["isCircuitBreakerOpen"] { view.openHosts[view.nameSlotOfCommand[index]] += 1 }
        }
        // The bucket that just closed ends at `now`; its values belong to its last instant.
        let at = now - .nanoseconds(1)
        for slot in view.slotsByName {
            let name = view.names[slot]
            guard let cluster = view.aggregator.aggregate(type: "HystrixCommand", name: name, fields: Self.turbineViewFields) else { continue }
            let series = view.series[slot] ?? [
                recorder.bucketSeries(.turbineRequestCount, subject: name),
                recorder.bucketSeries(.turbineErrorPercent, subject: name),
                recorder.bucketSeries(.turbineReportingHosts, subject: name),
                recorder.bucketSeries(.turbineOpenHosts, subject: name),
            ]
            view.series[slot] = series
            let requests = Self.integer(cluster["requestCount"]), errors = Self.integer(cluster["errorCount"])
            recorder.setBucketValue(series[0], at: at, value: Double(requests))
            recorder.setBucketValue(series[1], at: at, value: requests > 0 ? Double(errors) * 100 / Double(requests) : 0)
            recorder.setBucketValue(series[2], at: at, value: Double(Self.integer(cluster["reportingHosts"])))
            recorder.setBucketValue(series[3], at: at, value: Double(view.openHosts[slot]))
        }
    }

    /// The cluster fields the view reads (combining only these keeps the per-bucket cost small).
    static let turbineViewFields = ["requestCount", "errorCount", "reportingHosts"]

    static func integer(_ value: HystrixStreamValue?) -> Int64 {
        if case let .integer(v)? = value { return v }
        return 0
    }
}
