import SimulationPrimitives

/// Whole-run and per-bucket measurements of one route, service or journey.
///
/// Whole run: two full-precision HDR histograms (3 significant digits, 1 µs … 1 h): latency from
/// the intended send time (no coordinated omission, reference/loadtest-chaos.md §3b wrk2) and from
/// the actual send, kept together in hdrhistogram-swift's layout (``LatencyHistogramPair``). Per
/// bucket: a ``CompactHistogram`` and outcome counts, allocated on first use.
public struct RouteRecorder {
    public let kind: RouteSummary.Kind
    public let name: String
    public private(set) var outcomes = OutcomeCounts()
    public private(set) var retryAttempts = 0
    /// Whole-run latency from the intended and from the actual send (µs, clamped to an hour).
    var wholeRun = LatencyHistogramPair()
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
        // One index computation and one cache line when both are equal (no client retry).
        wholeRun.record(intended: min(intendedMicros, Self.highestMicroseconds),
                        actual: min(UInt64(max(actual.nanoseconds / 1000, 1)), Self.highestMicroseconds))
    }

    /// The summary of one whole-run series: the library's percentiles, max and mean, from one
    /// pass over the counts (``LatencyHistogramPair/summarise(_:ranks:)``).
    static func latency(_ pair: LatencyHistogramPair, _ series: LatencyHistogramPair.Series) -> LatencySummary {
        let total = pair.totalCount(series)
        guard total > 0 else { return .empty }
        let walk = pair.summarise(series, ranks: HistogramWalk.percentiles.map { LatencyHistogramPair.rank($0, total: total) })
        func ms(_ i: Int) -> Double { Double(walk.values[i]) / 1000 }
        return LatencySummary(p50Ms: ms(0), p90Ms: ms(1), p95Ms: ms(2), p99Ms: ms(3), p999Ms: ms(4),
                              maxMs: Double(pair.max(series)) / 1000, meanMs: walk.mean / 1000)
    }

    /// The summary entry over a measured window of `windowSeconds`.
    public func summary(windowSeconds: Double) -> RouteSummary {
        let total = outcomes.total
        let available = outcomes.success + outcomes.degraded
        return RouteSummary(kind: kind, name: name, count: total,
                            outcomes: outcomes,
                            availabilityPercent: total > 0 ? Double(available) * 100 / Double(total) : 100,
                            latency: Self.latency(wholeRun, .fromIntended), latencyFromActualSend: Self.latency(wholeRun, .fromActual),
                            throughputPerSecond: windowSeconds > 0 ? Double(total) / windowSeconds : 0,
                            retryAttempts: retryAttempts)
    }
}
