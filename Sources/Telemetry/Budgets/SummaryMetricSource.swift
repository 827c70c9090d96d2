import SimulationPrimitives

/// Budget measurements of a finished run: whole-run values from ``RunSummary`` (already
/// warm-up-excluded by the platform), windowed values from ``RunTimeSeries`` buckets.
///
/// Windowed values and how they are derived from buckets overlapping the window:
/// - `p(50)`, `p(95)`, `p(99)` (and `med`): the **worst bucket's** percentile, reported as
///   ``BudgetObservation/upperBound(_:)`` ("upper bound (worst bucket)"). For a mixture of
///   buckets the pooled q-quantile is at most the largest bucket q-quantile (each bucket CDF is
///   ≥ q there, so the mixture's is too), so this is a conservative upper bound. Only
///   `--from-summaries` uses it: with the run's recorder, ``RecorderMetricSource`` pools the
///   buckets' histograms instead.
/// - `rate`: throughput-weighted mean of the buckets' `error_percent` / 100; `availability` is
///   100 − that (the series counts degraded-by-fallback answers as served).
/// - `count`: Σ throughput × bucket width; `throughput`: count / window length.
/// - `seats_sold_per_s`: difference of cumulative `seats_sold` over the window / window length;
///   `requests_to_dead_instances`: sum over the window (of the target's series, or every series
///   when the target is the metric itself).
/// Other windowed percentiles, `avg`, `min`, `max` and other platform metrics are unavailable.
public struct SummaryMetricSource: BudgetMetricSource {
    public var summary: RunSummary
    public var timeSeries: RunTimeSeries?

    public init(summary: RunSummary, timeSeries: RunTimeSeries?) { self.summary = summary; self.timeSeries = timeSeries }

    public var timeline: BudgetTimeline {
        BudgetTimeline(elapsed: SimDuration(seconds: summary.window.durationSeconds),
                       warmup: SimDuration(seconds: summary.window.warmupSeconds),
                       bucket: SimDuration(seconds: timeSeries?.bucketSeconds ?? summary.window.bucketSeconds),
                       faults: summary.faults)
    }

    public func observe(_ metric: BudgetMetric, target: String, over range: BudgetTimeRange?) -> BudgetObservation {
        if let range { return observeWindowed(metric, target: target, range: range) }
        if case .platform(let name) = metric { return platformValue(name) }
        // Budget targets are checked against the topology when the scenario loads, and the
        // summary lists only routes with measured requests: a missing route had none.
        guard let route = summary.routes.first(where: { $0.name == target }) else {
            return .noData("no requests for '\(target)' after the warm-up")
        }
        let l = route.latency
        switch metric {
        case .latencyPercentile(let p):
            switch p {
            case 50: return .value(l.p50Ms)
            case 90: return .value(l.p90Ms)
            case 95: return .value(l.p95Ms)
            case 99: return .value(l.p99Ms)
            case 99.9: return .value(l.p999Ms)
            case 100: return .value(l.maxMs)
            default: return .unavailable("summary.json keeps p50, p90, p95, p99, p99.9 and max; p(\(BudgetFormat.number(p))) is not recorded")
            }
        case .latencyMean: return .value(l.meanMs)
        case .latencyMax: return .value(l.maxMs)
        case .latencyMin: return .unavailable("summary.json does not record minimum latency")
        case .errorRate:
            let total = route.outcomes.total
            guard total > 0 else { return .noData("no requests for '\(target)'") }
            return .value(Double(total - route.outcomes.success - route.outcomes.degraded) / Double(total))
        case .availabilityPercent:
            guard route.outcomes.total > 0 else { return .noData("no requests for '\(target)'") }
            return .value(route.availabilityPercent)
        case .count: return .value(Double(route.count))
        case .throughputPerSecond: return .value(route.throughputPerSecond)
        case .platform: return .unavailable("unreachable")
        }
    }

    /// Whole-run platform metric: `platformMetrics` first, then the seat figures.
    func platformValue(_ name: String) -> BudgetObservation {
        if let m = summary.platformMetrics.first(where: { $0.name == name }) { return .value(m.value) }
        switch name {
        case "oversold": return .value(Double(summary.seats.oversold))
        case "seats_sold": return .value(Double(summary.seats.sold))
        case "seats_sold_per_s": return .value(summary.seats.soldPerSecond)
        default:
            let known = (summary.platformMetrics.map(\.name) + ["oversold", "seats_sold", "seats_sold_per_s"]).sorted()
            return .unavailable("unknown platform metric '\(name)' (known: \(known.joined(separator: ", ")))")
        }
    }

    func bucketIndices(_ range: BudgetTimeRange, _ series: RunTimeSeries) -> Range<Int> {
        let width = series.bucketSeconds
        guard width > 0, series.bucketCount > 0 else { return 0..<0 }
        let first = max(0, Int((range.start.seconds / width).rounded(.down)))
        let last = min(series.bucketCount, Int((range.end.seconds / width).rounded(.up)))
        return first..<max(first, last)
    }

    func observeWindowed(_ metric: BudgetMetric, target: String, range: BudgetTimeRange) -> BudgetObservation {
        guard let series = timeSeries else { return .unavailable("no time series recorded, so windows cannot be evaluated") }
        let buckets = bucketIndices(range, series)
        guard !buckets.isEmpty else { return .unavailable("window \(range.start)..\(range.end) holds no time bucket") }
        let seconds = Double(buckets.count) * series.bucketSeconds
        func route(_ m: RunTimeSeries.Metric) -> [Double]? { series.values(m, target) }
        switch metric {
        case .latencyPercentile(let p):
            let m: RunTimeSeries.Metric
            switch p {
            case 50: m = .latencyP50Ms
            case 95: m = .latencyP95Ms
            case 99: m = .latencyP99Ms
            default: return .unavailable("windowed percentiles are p50, p95 and p99 (time-series buckets); p(\(BudgetFormat.number(p))) is not recorded")
            }
            guard let values = route(m), let throughput = route(.throughputPerSecond) else { return .unavailable("no time series for '\(target)'") }
            // Buckets without requests have no percentile; ignore them.
            let worst = buckets.filter { throughput[$0] > 0 }.map { values[$0] }.max()
            guard let worst else { return .noData("no requests for '\(target)' in the window") }
            return .upperBound(worst)
        case .errorRate, .availabilityPercent:
            guard let errors = route(.errorPercent), let throughput = route(.throughputPerSecond) else { return .unavailable("no time series for '\(target)'") }
            let weight = buckets.reduce(0.0) { $0 + throughput[$1] }
            guard weight > 0 else { return .noData("no requests for '\(target)' in the window") }
            let errorPercent = buckets.reduce(0.0) { $0 + throughput[$1] * errors[$1] } / weight
            return metric == .errorRate ? .value(errorPercent / 100) : .value(100 - errorPercent)
        case .count, .throughputPerSecond:
            guard let throughput = route(.throughputPerSecond) else { return .unavailable("no time series for '\(target)'") }
            let count = buckets.reduce(0.0) { $0 + throughput[$1] } * series.bucketSeconds
            return metric == .count ? .value(count.rounded()) : .value(count / seconds)
        case .platform("seats_sold_per_s"):
            guard let sold = series.values(.seatsSold, "all") else { return .unavailable("no seats_sold series") }
            let before = buckets.lowerBound == 0 ? 0 : sold[buckets.lowerBound - 1]
            return .value((sold[buckets.upperBound - 1] - before) / seconds)
        case .platform("requests_to_dead_instances"):
            let matching = series.series.filter {
                $0.metric == .requestsToDeadInstances && (target == "requests_to_dead_instances" || $0.subject == target)
            }
            guard !matching.isEmpty else { return .unavailable("no requests_to_dead_instances series for '\(target)'") }
            return .value(matching.reduce(0.0) { acc, s in acc + buckets.reduce(0.0) { $0 + s.values[$1] } })
        case .latencyMean, .latencyMin, .latencyMax, .platform:
            return .unavailable("not recorded per time bucket, so it cannot be evaluated over a window")
        }
    }
}
