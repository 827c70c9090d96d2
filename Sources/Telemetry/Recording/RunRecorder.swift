import SimulationPrimitives

/// All measurements of one run, fed by the platform and turned into ``RunSummary`` and
/// ``RunTimeSeries`` at the end (DESIGN §10 "Telemetry").
///
/// ```swift
/// var recorder = RunRecorder(bucket: .seconds(1), duration: .minutes(15), warmup: .seconds(30))
/// let route = recorder.addRoute(kind: .route, name: "POST /api/compras")
/// let station = recorder.addStation(component: "compra-command", kind: "service", instance: "compra-command-1", zone: "zone-a", workers: 9)
/// recorder.stations[station].arrive(now, queued: false)
/// recorder.recordRequest(route: route, outcome: .success, intendedStart: t0, actualStart: t0, end: now, retries: 0)
/// ```
/// Memory: one pair of full HDR histograms per route, one packed compact histogram per
/// (route, bucket) with traffic (``LatencyBucketSeries``: ~2 bytes per non-empty bin), a few
/// doubles per (instance, bucket); never per request.
public struct RunRecorder {
    public let bucket: SimDuration
    public let bucketCount: Int
    public let warmup: SimTime
    public let end: SimTime
    public private(set) var routes: [RouteRecorder] = []
    public var stations: [StationRecorder] = []
    public private(set) var stationInfo: [(component: String, kind: String, instance: String, zone: String, workers: Int)] = []
    /// Per station, per bucket: utilisation and mean queue length.
    var stationUtilisation: [[Double]] = []
    var stationQueue: [[Double]] = []
    var lastIntegrals: [(busy: Double, queued: Double)] = []
    var lastBucketEnd: SimTime = .zero
    /// Named counters in registration order.
    public private(set) var counterNames: [String] = []
    public private(set) var counters: [Double] = []
    public private(set) var breakerTransitions: [BreakerTransition] = []
    var seatsSoldSeries: [Double]
    var seatsOfferedSeries: [Double]
    var deadRoutingSeries: [String: [Double]] = [:]
    var deadRoutingOrder: [String] = []
    var breakerSeries: [String: [Double]] = [:]
    var breakerOrder: [String] = []
    /// Other per-subject series recorded by bucket (Turbine cluster view), in first-recorded order.
    var extraSeries: [(metric: RunTimeSeries.Metric, subject: String, values: [Double])] = []
    var extraIndex: [String: Int] = [:]

    public init(bucket: SimDuration, duration: SimDuration, warmup: SimDuration) {
        precondition(bucket.nanoseconds > 0, "RunRecorder: bucket must be > 0")
        self.bucket = bucket
        self.bucketCount = Int((duration.nanoseconds + bucket.nanoseconds - 1) / bucket.nanoseconds)
        self.warmup = .zero + warmup
        self.end = .zero + duration
        seatsSoldSeries = Array(repeating: 0, count: bucketCount)
        seatsOfferedSeries = Array(repeating: 0, count: bucketCount)
    }

    public func bucketIndex(_ time: SimTime) -> Int {
        min(Int(time.nanosecondsSinceStart / bucket.nanoseconds), bucketCount - 1)
    }

    /// Registers a route, service or journey; returns its index for ``recordRequest``.
    public mutating func addRoute(kind: RouteSummary.Kind, name: String) -> Int {
        routes.append(RouteRecorder(kind: kind, name: name, bucketCount: bucketCount))
        return routes.count - 1
    }

    /// Records a finished request on `route`. Requests whose intended start is before the end of
    /// warm-up fill the time series but not the summary.
    public mutating func recordRequest(route: Int, outcome: RequestOutcome, intendedStart: SimTime, actualStart: SimTime, end: SimTime, retries: Int) {
        routes[route].record(outcome: outcome, fromIntended: end - intendedStart, fromActual: end - actualStart,
                             retries: retries, bucket: bucketIndex(end), measured: intendedStart >= warmup)
    }

    /// Registers a station (node instance); returns its index into ``stations``.
    public mutating func addStation(component: String, kind: String, instance: String, zone: String, workers: Int) -> Int {
        stations.append(StationRecorder())
        stationInfo.append((component, kind, instance, zone, workers))
        stationUtilisation.append(Array(repeating: 0, count: bucketCount))
        stationQueue.append(Array(repeating: 0, count: bucketCount))
        lastIntegrals.append((0, 0))
        return stations.count - 1
    }

    /// Registers a named counter (platform metric); returns its index.
    public mutating func addCounter(_ name: String) -> Int {
        if let index = counterNames.firstIndex(of: name) { return index }
        counterNames.append(name); counters.append(0)
        return counters.count - 1
    }

    public mutating func add(_ counter: Int, _ amount: Double = 1) { counters[counter] += amount }
    public func counter(named name: String) -> Double { counterNames.firstIndex(of: name).map { counters[$0] } ?? 0 }

    /// Sets `metric` for `subject` in the bucket containing `time` (e.g. the Turbine cluster view
    /// sampled at each bucket's end: pass the bucket's last instant).
    public mutating func recordBucketValue(_ metric: RunTimeSeries.Metric, subject: String, at time: SimTime, value: Double) {
        setBucketValue(bucketSeries(metric, subject: subject), at: time, value: value)
    }

    /// The series of `metric` for `subject`, created (all zero) when first asked for, as the first
    /// `recordBucketValue` for it would. Callers that set the same series every bucket (the
    /// Turbine view) keep the handle and skip building and hashing the key each time.
    public mutating func bucketSeries(_ metric: RunTimeSeries.Metric, subject: String) -> BucketSeriesHandle {
        let key = metric.rawValue + "\u{0}" + subject
        if let i = extraIndex[key] { return BucketSeriesHandle(index: i) }
        extraIndex[key] = extraSeries.count
        extraSeries.append((metric, subject, Array(repeating: 0.0, count: bucketCount)))
        return BucketSeriesHandle(index: extraSeries.count - 1)
    }

    /// Sets the series `handle` (from ``bucketSeries(_:subject:)`` of this recorder) in the bucket
    /// containing `time` (clamped to the run's buckets, as ``recordBucketValue(_:subject:at:value:)``).
    public mutating func setBucketValue(_ handle: BucketSeriesHandle, at time: SimTime, value: Double) {
        let index = max(0, min(bucketIndex(time), bucketCount - 1))
        extraSeries[handle.index].values[index] = value
    }

    public mutating func recordBreakerTransition(_ transition: BreakerTransition, at time: SimTime) {
        breakerTransitions.append(transition)
        let key = transition.command + "@" + transition.instance
        if breakerSeries[key] == nil { breakerSeries[key] = Array(repeating: 0, count: bucketCount); breakerOrder.append(key) }
        let state: Double = transition.to == "open" ? 1 : transition.to == "half-open" ? 2 : 0
        let from = bucketIndex(time)
        for i in from..<bucketCount { breakerSeries[key]![i] = state }
    }

    /// A request was routed to an instance of `service` that was dead at the time.
    public mutating func recordDeadRouting(service: String, at time: SimTime) {
        if deadRoutingSeries[service] == nil { deadRoutingSeries[service] = Array(repeating: 0, count: bucketCount); deadRoutingOrder.append(service) }
        deadRoutingSeries[service]![bucketIndex(time)] += 1
    }

    /// Closes the time bucket ending at `now`: per-station utilisation and queue length, seat curves.
    public mutating func closeBucket(at now: SimTime, seatsOffered: Int, seatsSold: Int) {
        let index = max(0, min(bucketIndex(now - .nanoseconds(1)), bucketCount - 1))
        let span = Double((now - lastBucketEnd).nanoseconds)
        for s in stations.indices {
            let current = stations[s].integrals(at: now)
            let previous = lastIntegrals[s]
            // A warm-up reset zeroes the integrals; treat the bucket as starting at the reset.
            let busy = current.busy >= previous.busy ? current.busy - previous.busy : current.busy
            let queued = current.queued >= previous.queued ? current.queued - previous.queued : current.queued
            if span > 0 {
                let workers = Double(max(stationInfo[s].workers, 1))
                stationUtilisation[s][index] = busy / span / workers
                stationQueue[s][index] = queued / span
            }
            lastIntegrals[s] = current
        }
        seatsOfferedSeries[index] = Double(seatsOffered)
        seatsSoldSeries[index] = Double(seatsSold)
        lastBucketEnd = now
    }

    /// Starts the measured window of every station (end of warm-up).
    public mutating func startMeasuredWindow(at now: SimTime) {
        for s in stations.indices {
            stations[s].reset(at: now)
            lastIntegrals[s] = (0, 0)
        }
    }

    /// Route summaries sorted by kind then name; throughput is over `[warm-up, until)` (`until`:
    /// the run's end, or the abort time of a run an `abortOnFail` budget stopped).
    public func routeSummaries(until: SimTime? = nil) -> [RouteSummary] {
        let window = ((until ?? end) - warmup).seconds
        return routes.filter { $0.outcomes.total > 0 || $0.kind != .route }.map { $0.summary(windowSeconds: window) }
            .sorted { ($0.kind, $0.name) < ($1.kind, $1.name) }
    }

    /// Component summaries (instances grouped under their component), sorted by name; time
    /// averages run to `until` (the run's end, or the abort time of an aborted run).
    public func componentSummaries(until: SimTime? = nil) -> [ComponentSummary] {
        var order: [String] = []
        var grouped: [String: (kind: String, instances: [InstanceSummary])] = [:]
        for s in stations.indices {
            let info = stationInfo[s]
            let m = stations[s].summary(at: until ?? end, workers: info.workers)
            let instance = InstanceSummary(name: info.instance, zone: info.zone, requests: stations[s].arrivals, rejected: stations[s].rejected,
                                           utilisation: m.utilisation, meanQueueLength: m.meanQueue, meanInSystem: m.meanInSystem,
                                           arrivalRatePerSecond: m.lambda, meanTimeInSystemSeconds: m.meanSojournSeconds)
            if grouped[info.component] == nil { grouped[info.component] = (info.kind, []); order.append(info.component) }
            grouped[info.component]!.instances.append(instance)
        }
        return order.sorted().map { name in
            let entry = grouped[name]!
            return ComponentSummary(name: name, kind: entry.kind, requests: entry.instances.reduce(0) { $0 + $1.requests },
                                    instances: entry.instances.sorted { $0.name < $1.name })
        }
    }

    /// The per-bucket series, sorted by metric then subject.
    public func timeSeries() -> RunTimeSeries {
        var series: [RunTimeSeries.Series] = []
        let seconds = bucket.seconds
        for route in routes where route.bucketCounts.contains(where: { $0 > 0 }) {
            series.append(.init(metric: .throughputPerSecond, subject: route.name, values: route.bucketCounts.map { Double($0) / seconds }))
            series.append(.init(metric: .errorPercent, subject: route.name, values: zip(route.bucketFailures, route.bucketCounts).map { $1 > 0 ? Double($0) * 100 / Double($1) : 0 }))
            // Each bucket unpacked once for its three percentiles.
            let percentiles: [(RunTimeSeries.Metric, Double)] = [(.latencyP50Ms, 50), (.latencyP95Ms, 95), (.latencyP99Ms, 99)]
            var latencyValues = Array(repeating: Array(repeating: 0.0, count: bucketCount), count: percentiles.count)
            for b in 0..<bucketCount {
                guard let histogram = route.bucketLatency.histogram(bucket: b) else { continue }
                for (i, p) in percentiles.enumerated() { latencyValues[i][b] = histogram.value(atPercentile: p.1) / 1000 }
            }
            for (i, p) in percentiles.enumerated() { series.append(.init(metric: p.0, subject: route.name, values: latencyValues[i])) }
            // Failures per outcome and bucket, only for outcomes the route saw (the report's
            // "During the faults" section breaks a fault window's failures down by outcome).
            for (slot, metric) in RunTimeSeries.Metric.failureMetrics.enumerated() where !route.bucketFailuresByOutcome[slot].isEmpty {
                series.append(.init(metric: metric, subject: route.name, values: route.bucketFailuresByOutcome[slot].map(Double.init)))
            }
        }
        for s in stations.indices {
            series.append(.init(metric: .utilisation, subject: stationInfo[s].instance, values: stationUtilisation[s]))
            series.append(.init(metric: .queueLength, subject: stationInfo[s].instance, values: stationQueue[s]))
        }
        series.append(.init(metric: .seatsSold, subject: "all", values: seatsSoldSeries))
        series.append(.init(metric: .seatsOffered, subject: "all", values: seatsOfferedSeries))
        for service in deadRoutingOrder { series.append(.init(metric: .requestsToDeadInstances, subject: service, values: deadRoutingSeries[service]!)) }
        for key in breakerOrder { series.append(.init(metric: .breakerState, subject: key, values: breakerSeries[key]!)) }
        for extra in extraSeries { series.append(.init(metric: extra.metric, subject: extra.subject, values: extra.values)) }
        series.sort { ($0.metric, $0.subject) < ($1.metric, $1.subject) }
        return RunTimeSeries(bucketSeconds: seconds, bucketCount: bucketCount, series: series)
    }
}

/// One per-bucket value series of a ``RunRecorder`` (its position among the recorder's extra
/// series), from ``RunRecorder/bucketSeries(_:subject:)``; valid only for that recorder.
public struct BucketSeriesHandle: Hashable, Sendable {
    let index: Int
}
