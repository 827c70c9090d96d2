import SimulationPrimitives

/// Budget measurements read from the run's ``RunRecorder``: available at the end of `cinesim run`
/// and `cinesim check` (with the finished summary as `summary`) and while the run goes (for
/// `abortOnFail`, `summary` nil).
///
/// - Windowed latency percentiles (any `p(N)`, `med`) are the percentile of the window's **pooled**
///   distribution: the per-bucket ``CompactHistogram``s of the buckets overlapping the window are
///   merged (±1.6 %, the bins' half-width), not the worst bucket's percentile.
/// - At the end of the run everything else is ``SummaryMetricSource``'s (the same numbers as
///   `summary.json`).
/// - While running: whole-run route values come from the route's HDR histogram and outcome
///   counts so far (warm-up-free), windowed `rate`/`availability`/`count`/`throughput` from the
///   bucket counts, platform metrics from `platformValue`; windowed platform metrics are not
///   observed (they never abort a run).
public struct RecorderMetricSource: BudgetMetricSource {
    public var recorder: RunRecorder
    /// The finished run's summary source; nil while the run goes.
    public var summary: SummaryMetricSource?
    /// While running: time covered so far and the fault windows.
    public var liveTimeline: BudgetTimeline
    /// While running: the current value of a platform metric by name (nil: unknown).
    public var platformValue: (String) -> Double?

    /// End of run: windowed percentiles pooled from `recorder`, the rest from `summary`.
    public init(recorder: RunRecorder, summary: SummaryMetricSource) {
        self.recorder = recorder; self.summary = summary
        self.liveTimeline = summary.timeline
        self.platformValue = { _ in nil }
    }

    /// While running, at `now` (a bucket boundary).
    public init(recorder: RunRecorder, now: SimTime, faults: [FaultWindow], platformValue: @escaping (String) -> Double?) {
        self.recorder = recorder; self.summary = nil
        self.liveTimeline = BudgetTimeline(elapsed: SimDuration(nanoseconds: now.nanosecondsSinceStart),
                                           warmup: SimDuration(nanoseconds: recorder.warmup.nanosecondsSinceStart),
                                           bucket: recorder.bucket, faults: faults)
        self.platformValue = platformValue
    }

    public var timeline: BudgetTimeline { summary?.timeline ?? liveTimeline }

    /// Bucket indices overlapping `[start, end)` (a bucket partly inside counts whole, as in
    /// ``SummaryMetricSource``).
    func buckets(_ range: BudgetTimeRange) -> Range<Int> {
        let width = recorder.bucket.nanoseconds
        let first = max(0, Int(range.start.nanoseconds / width))
        let last = min(recorder.bucketCount, Int((range.end.nanoseconds + width - 1) / width))
        return first..<max(first, last)
    }

    public func observe(_ metric: BudgetMetric, target: String, over range: BudgetTimeRange?) -> BudgetObservation {
        if let range, case .latencyPercentile(let p) = metric {
            guard let route = recorder.routes.first(where: { $0.name == target }) else {
                return .unavailable("no route, service or journey named '\(target)' in the run")
            }
            let pooled = route.pooledLatency(buckets: buckets(range))
            guard pooled.count > 0 else { return .noData("no requests for '\(target)' in the window") }
            return .value(pooled.value(atPercentile: p) / 1000)
        }
        if let summary { return summary.observe(metric, target: target, over: range) }
        return observeLive(metric, target: target, over: range)
    }

    func observeLive(_ metric: BudgetMetric, target: String, over range: BudgetTimeRange?) -> BudgetObservation {
        if case .platform(let name) = metric {
            if range != nil { return .unavailable("windowed platform metrics are evaluated at the end of the run") }
            return platformValue(name).map { .value($0) } ?? .unavailable("platform metric '\(name)' is known at the end of the run")
        }
        guard let route = recorder.routes.first(where: { $0.name == target }) else {
            return .unavailable("no route, service or journey named '\(target)' in the run")
        }
        if let range {
            let indices = buckets(range)
            let total = indices.reduce(0) { $0 + route.bucketCounts[$1] }
            let failed = indices.reduce(0) { $0 + route.bucketFailures[$1] }
            switch metric {
            case .count: return .value(Double(total))
            case .throughputPerSecond: return .value(Double(total) / max(range.seconds, 1e-9))
            case .errorRate, .availabilityPercent:
                guard total > 0 else { return .noData("no requests for '\(target)' in the window") }
                let rate = Double(failed) / Double(total)
                return metric == .errorRate ? .value(rate) : .value(100 - rate * 100)
            default: return .unavailable("not recorded per time bucket, so it cannot be evaluated over a window")
            }
        }
        let measured = max(liveTimeline.elapsed - liveTimeline.warmup, .zero).seconds
        let outcomes = route.outcomes
        let h = route.wholeRun
        switch metric {
        case .latencyPercentile(let p):
            guard h.totalCount(.fromIntended) > 0 else { return .noData("no requests for '\(target)' yet") }
            return .value(Double(h.value(atPercentile: p, .fromIntended)) / 1000)
        case .latencyMean:
            guard h.totalCount(.fromIntended) > 0 else { return .noData("no requests for '\(target)' yet") }
            return .value(h.mean(.fromIntended) / 1000)
        case .latencyMax:
            guard h.totalCount(.fromIntended) > 0 else { return .noData("no requests for '\(target)' yet") }
            return .value(Double(h.max(.fromIntended)) / 1000)
        case .latencyMin: return .unavailable("minimum latency is not recorded")
        case .errorRate, .availabilityPercent:
            guard outcomes.total > 0 else { return .noData("no requests for '\(target)' yet") }
            let available = outcomes.success + outcomes.degraded
            return metric == .errorRate ? .value(Double(outcomes.total - available) / Double(outcomes.total))
                                        : .value(Double(available) * 100 / Double(outcomes.total))
        case .count: return .value(Double(outcomes.total))
        case .throughputPerSecond: return .value(measured > 0 ? Double(outcomes.total) / measured : 0)
        case .platform: return .unavailable("unreachable")
        }
    }
}

extension RouteRecorder {
    /// The per-bucket latency histograms of `buckets` merged into one (the window's pooled
    /// distribution, latency from the intended send).
    func pooledLatency(buckets: Range<Int>) -> CompactHistogram {
        var pooled = CompactHistogram()
        for b in buckets where b < bucketLatency.bucketCount {
            if let h = bucketLatency.histogram(bucket: b) { pooled.add(h) }
        }
        return pooled
    }
}
