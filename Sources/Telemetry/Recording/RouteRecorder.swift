import Histogram
import SimulationPrimitives

/// Whole-run and per-bucket measurements of one route, service or journey.
///
/// Whole run: two full-precision HDR histograms (3 significant digits, 1 µs … 1 h): latency from
/// the intended send time (no coordinated omission, reference/loadtest-chaos.md §3b wrk2) and from
/// the actual send. Per bucket: a ``CompactHistogram`` and outcome counts, allocated on first use.
public struct RouteRecorder {
    public let kind: RouteSummary.Kind
    public let name: String
    public private(set) var outcomes = OutcomeCounts()
    public private(set) var retryAttempts = 0
    var fromIntended: Histogram<UInt64>
    var fromActual: Histogram<UInt64>
    /// Per bucket: compact latency histogram (from intended send, packed once the bucket is
    /// left), requests, failures.
    var bucketLatency: LatencyBucketSeries
    var bucketCounts: [Int]
    var bucketFailures: [Int]
    /// Per failing outcome (``failureOutcomes`` order), per bucket: requests that ended so; empty
    /// until the first failure of that outcome (most routes never fail most ways).
    var bucketFailuresByOutcome: [[Int]] = [[], [], [], []]

    /// The outcomes that count against availability, in the order of ``bucketFailuresByOutcome``
    /// and of the `failures_*` time series.
    public static let failureOutcomes: [RequestOutcome] = [.clientTimeout, .clientError4xx, .serverError5xx, .shed]

    static let highestMicroseconds: UInt64 = 3_600_000_000

    public init(kind: RouteSummary.Kind, name: String, bucketCount: Int) {
        self.kind = kind; self.name = name
        fromIntended = Histogram(lowestDiscernibleValue: 1, highestTrackableValue: Self.highestMicroseconds, numberOfSignificantValueDigits: .three)
        fromActual = fromIntended
        bucketLatency = LatencyBucketSeries(bucketCount: bucketCount)
        bucketCounts = Array(repeating: 0, count: bucketCount)
        bucketFailures = Array(repeating: 0, count: bucketCount)
    }

    /// Records one finished request. `measured` is false during warm-up (bucket series still fill).
    public mutating func record(outcome: RequestOutcome, fromIntended intended: SimDuration, fromActual actual: SimDuration,
                                retries: Int, bucket: Int, measured: Bool) {
        let intendedMicros = UInt64(max(intended.nanoseconds / 1000, 1))
        if bucket >= 0 && bucket < bucketCounts.count {
            bucketLatency.record(microseconds: intendedMicros, bucket: bucket)
            bucketCounts[bucket] += 1
            if !outcome.isAvailable {
                bucketFailures[bucket] += 1
                let slot = outcome == .clientTimeout ? 0 : outcome == .clientError4xx ? 1 : outcome == .serverError5xx ? 2 : 3
                if bucketFailuresByOutcome[slot].isEmpty { bucketFailuresByOutcome[slot] = Array(repeating: 0, count: bucketCounts.count) }
                bucketFailuresByOutcome[slot][bucket] += 1
            }
        }
        guard measured else { return }
        outcomes.add(outcome)
        retryAttempts += retries
        _ = fromIntended.record(min(intendedMicros, Self.highestMicroseconds))
        _ = fromActual.record(min(UInt64(max(actual.nanoseconds / 1000, 1)), Self.highestMicroseconds))
    }

    static func latency(_ h: Histogram<UInt64>) -> LatencySummary {
        guard h.totalCount > 0 else { return .empty }
        // One specialised pass instead of six unspecialised library walks (HistogramWalk).
        let walk = HistogramWalk.summarise(h)
        func ms(_ i: Int) -> Double { Double(walk.values[i]) / 1000 }
        return LatencySummary(p50Ms: ms(0), p90Ms: ms(1), p95Ms: ms(2), p99Ms: ms(3), p999Ms: ms(4),
                              maxMs: Double(h.max) / 1000, meanMs: walk.mean / 1000)
    }

    /// The summary entry over a measured window of `windowSeconds`.
    public func summary(windowSeconds: Double) -> RouteSummary {
        let total = outcomes.total
        let available = outcomes.success + outcomes.degraded
        return RouteSummary(kind: kind, name: name, count: total,
                            outcomes: outcomes,
                            availabilityPercent: total > 0 ? Double(available) * 100 / Double(total) : 100,
                            latency: Self.latency(fromIntended), latencyFromActualSend: Self.latency(fromActual),
                            throughputPerSecond: windowSeconds > 0 ? Double(total) / windowSeconds : 0,
                            retryAttempts: retryAttempts)
    }
}
