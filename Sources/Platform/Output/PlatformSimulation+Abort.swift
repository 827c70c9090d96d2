import SimulationPrimitives
import Telemetry

extension PlatformSimulation {
    /// k6 `abortOnFail` (reference/loadtest-chaos.md §1): called from the time-bucket tick (on
    /// virtual time, once per bucket, only when the scenario has `abortOnFail` budgets) right
    /// after the bucket closed. Checks those budgets on the measurements so far
    /// (``BudgetEvaluator/abortBreach(_:now:)``: after `delayAbortEval`, only measured breaches);
    /// on the first breach records ``RunAbort`` and moves the loop's stop time to now, so the run
    /// ends here and writes a complete report of what it covered.
    /// - Returns: true when the run stops.
    func checkAbort() -> Bool {
        guard let evaluator = abortEvaluator, abort == nil else { return false }
        let now = queue.now
        // Platform metrics while running are the live counters (seats, dead routing, auth, …);
        // figures only known at the end (e.g. `oversold`, from the final store check) read 0 here.
        let needsPlatform = evaluator.budgets.contains { if case .platformMetric = $0.expression.aggregate { return true } else { return false } }
        var live: [String: Double] = [:]
        if needsPlatform {
            for metric in platformMetrics(routeSummaries: []) where metric.name != "availability" { live[metric.name] = metric.value }
            let measured = (now - (SimTime.zero + scenario.warmup)).seconds
            live["seats_sold_per_s"] = measured > 0 ? Double(counters.seatsSold - counters.seatsSoldAtWarmupEnd) / measured : 0
        }
        let source = RecorderMetricSource(recorder: recorder, now: now, faults: [], platformValue: { live[$0] })
        guard let breach = evaluator.abortBreach(source, now: now) else { return false }
        abort = RunAbort(atSeconds: now.secondsSinceStart, budget: breach)
        stopTime = now
        return true
    }

    /// The time series cut to the buckets an aborted run covered (`covered`: the abort time).
    func truncated(_ series: RunTimeSeries, to covered: SimDuration) -> RunTimeSeries {
        let width = scenario.bucket.nanoseconds
        let count = min(series.bucketCount, Int((covered.nanoseconds + width - 1) / width))
        return RunTimeSeries(bucketSeconds: series.bucketSeconds, bucketCount: count,
                             series: series.series.map { .init(metric: $0.metric, subject: $0.subject, values: Array($0.values.prefix(count))) })
    }
}
