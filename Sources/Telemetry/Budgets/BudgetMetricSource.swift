import SimulationPrimitives

/// Where budget evaluation reads measurements from.
///
/// Two implementations: ``SummaryMetricSource`` (whole-run values from a finished
/// ``RunSummary`` and windowed values from its ``RunTimeSeries``), and the platform's live
/// recorder, which implements the same protocol so `abortOnFail` budgets can be checked while a
/// run is going.
///
/// Values are in canonical units (``BudgetMetric``): latency ms, `errorRate` fraction,
/// `availabilityPercent` percent, `throughputPerSecond` per second, platform metrics raw.
public protocol BudgetMetricSource {
    /// The run's shape: duration so far, warm-up, bucket width and fault windows.
    var timeline: BudgetTimeline { get }
    /// The value of `metric` for `target` over `range` (nil: the measured window, i.e. the whole
    /// run after warm-up), or why it cannot be observed.
    func observe(_ metric: BudgetMetric, target: String, over range: BudgetTimeRange?) -> BudgetObservation
}

/// A measured value, or the reason there is none (the verdict then fails: an unprovable budget
/// must not pass CI silently).
public enum BudgetObservation: Sendable, Equatable {
    case value(Double)
    /// Not the value itself but a provable upper bound of it (a windowed percentile read from
    /// the time series as the worst bucket's, `--from-summaries`); the verdict says so.
    case upperBound(Double)
    case unavailable(String)
    /// Nothing to measure: the target had no requests in the measured range (a short run, a
    /// window after warm-up that the workload leaves empty). The budget is skipped, neither passed
    /// nor failed, with this reason — as a window after the run's end is.
    case noData(String)

    /// The value, or the bound standing in for it.
    public var value: Double? {
        switch self {
        case .value(let v), .upperBound(let v): return v
        case .unavailable, .noData: return nil
        }
    }
}

/// The time facts budget evaluation needs besides the measurements.
public struct BudgetTimeline: Sendable, Equatable {
    /// Simulated time covered so far (the whole duration once the run has finished).
    public var elapsed: SimDuration
    /// Measurements before this offset are excluded (warm-up).
    public var warmup: SimDuration
    /// Width of one time bucket (resolution of windowed values and of `recovery`).
    public var bucket: SimDuration
    /// Fault windows in start order.
    public var faults: [FaultWindow]

    public init(elapsed: SimDuration, warmup: SimDuration, bucket: SimDuration, faults: [FaultWindow]) {
        self.elapsed = elapsed; self.warmup = warmup; self.bucket = bucket; self.faults = faults
    }
}
