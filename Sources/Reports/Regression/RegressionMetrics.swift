import Telemetry

/// Which summary numbers are tracked against a baseline, and which way is worse.
///
/// Per route and journey: `p50_ms`, `p95_ms`, `p99_ms` (lower is better) and
/// `availability_percent` (higher is better); platform-wide `seats sold_per_s` (higher is
/// better). Services are left out: their numbers are already inside the routes.
/// Each route also records `requests` (its request count, kind ``Kind/sampleSize``): never
/// compared itself, it gates the route's latency and availability comparisons
/// (``RegressionPolicy/minimumRequests``).
public enum RegressionMetrics {
    public enum Direction: String, Codable, Sendable { case lowerIsBetter, higherIsBetter }
    public enum Kind: String, Codable, Sendable { case latency, availability, throughput, sampleSize }

    public struct Value: Sendable, Equatable {
        public var name: String
        public var value: Double
        public var direction: Direction
        public var kind: Kind
    }

    public static func extract(_ s: RunSummary) -> [Value] {
        var out: [Value] = []
        for r in s.routes where r.kind != .service && r.count > 0 {
            out.append(Value(name: "\(r.name) p50_ms", value: r.latency.p50Ms, direction: .lowerIsBetter, kind: .latency))
            out.append(Value(name: "\(r.name) p95_ms", value: r.latency.p95Ms, direction: .lowerIsBetter, kind: .latency))
            out.append(Value(name: "\(r.name) p99_ms", value: r.latency.p99Ms, direction: .lowerIsBetter, kind: .latency))
            out.append(Value(name: "\(r.name) availability_percent", value: r.availabilityPercent, direction: .higherIsBetter, kind: .availability))
            out.append(Value(name: "\(r.name) \(requestsSuffix)", value: Double(r.count), direction: .higherIsBetter, kind: .sampleSize))
        }
        out.append(Value(name: "seats sold_per_s", value: s.seats.soldPerSecond, direction: .higherIsBetter, kind: .throughput))
        return out
    }

    /// The name suffix of a route's request-count metric (`GET /api/cadenas requests`).
    static let requestsSuffix = "requests"

    /// The route (or journey) a per-route metric name belongs to: the name without its last
    /// word (`GET /api/cadenas p50_ms` → `GET /api/cadenas`); nil for platform-wide metrics.
    static func route(of name: String) -> String? {
        guard name.hasSuffix("_ms") || name.hasSuffix("availability_percent") || name.hasSuffix(" " + requestsSuffix),
              let space = name.lastIndex(of: " ") else { return nil }
        return String(name[..<space])
    }

    /// The percentile of a latency metric name (`… p99_ms` → 99, `… p99.9_ms` → 99.9), else nil.
    static func percentile(of name: String) -> Double? {
        guard name.hasSuffix("_ms"), let space = name.lastIndex(of: " ") else { return nil }
        let word = name[name.index(after: space)...].dropLast(3)
        guard word.hasPrefix("p") else { return nil }
        return Double(word.dropFirst())
    }

    /// Direction and kind of a tracked metric name.
    static func describe(_ name: String) -> (Direction, Kind) {
        if name.hasSuffix(" " + requestsSuffix) { return (.higherIsBetter, .sampleSize) }
        if name.hasSuffix("_ms") { return (.lowerIsBetter, .latency) }
        if name.hasSuffix("availability_percent") { return (.higherIsBetter, .availability) }
        return (.higherIsBetter, .throughput)
    }
}

/// Tolerance bands and significance level of the regression check.
///
/// Defaults follow the gates users write by hand (reference/loadtest-chaos.md §5: "flag if P95
/// degrades by >10%", k6#1843's ±20 % script): latency 10 % (and at least 1 ms), availability
/// 0.5 percentage points, seat throughput 5 %. A one-sided Welch test at α = 0.01 guards
/// against seed noise across the many metrics a check compares.
///
/// `minimumRequests` (default 200): a route's latency and availability are compared only when
/// it served at least that many requests in every replication of both baseline and current run.
/// For exponential-like latency the sample median's relative standard error is ≈ 1.44/√n
/// (1/(2 f(m) √n), docs/reports.md "Minimum sample size"): 26 % at n = 30, so a +10 % p50 over
/// ~30 requests is noise; 10 % at n = 200. Skipped metrics are reported with
/// ``RegressionFinding/skipped`` set and never fail a check.
public struct RegressionPolicy: Sendable, Equatable {
    public var latencyRelative: Double = 0.10
    public var latencyAbsoluteMs: Double = 1
    public var availabilityPoints: Double = 0.5
    public var throughputRelative: Double = 0.05
    public var alpha: Double = 0.01
    public var confidenceLevel: Double = 0.95
    /// Requests a route needs in each replication on both sides before its latency or
    /// availability can be flagged.
    public var minimumRequests: Int = 200
    /// Requests that must lie beyond a latency percentile, in each run, before a comparison that
    /// the tolerance band alone decides (`cinesim diff`, or a check with one replication on a side)
    /// may flag it: the p-th percentile needs n ≥ k / (1 − p/100), so with k = 100 p50 needs 200
    /// (the `minimumRequests` floor is this rule for the median), p95 2,000 and p99 10,000.
    /// Why: a sample quantile's standard error is √(q(1−q)/n) / f(x_q) (asymptotic order
    /// statistics); for exponential-like latency that is a relative error of √(q/((1−q)n)) / ln(1/(1−q)):
    /// 1.44/√n at the median but 2.16/√n at p99, and it is the count beyond the percentile,
    /// n(1−q), that sets it — 543 requests leave ~5 samples beyond p99 (relative s.e. ≈ 9 %, so
    /// two seeds of one build differ by ±20 % at p99). docs/reports.md "Minimum sample size".
    public var minimumTailSamples: Int = 100
    public init() {}

    /// The fewest requests per run for a band-only judgement of tracked metric `name`: for a tail
    /// percentile `… pNN_ms` above the median, max(``minimumRequests``, ⌈k / (1 − NN/100)⌉) with
    /// k = ``minimumTailSamples``; for p50 and availability, ``minimumRequests`` (which is the tail
    /// rule for the median at the defaults, and stays the one knob to lower or raise for them).
    public func minimumRequests(forMetric name: String) -> Int {
        guard let q = RegressionMetrics.percentile(of: name), q > 50, q < 100 else { return minimumRequests }
        let tail = (Double(minimumTailSamples) / (1 - q / 100)).rounded(.up)
        return max(minimumRequests, Int(tail))
    }

    /// The allowed worsening of a metric whose baseline mean is `base`.
    func band(_ kind: RegressionMetrics.Kind, base: Double) -> Double {
        switch kind {
        case .latency: return max(latencyRelative * abs(base), latencyAbsoluteMs)
        case .availability: return availabilityPoints
        case .throughput: return throughputRelative * abs(base)
        case .sampleSize: return .infinity
        }
    }

    func bandText(_ kind: RegressionMetrics.Kind) -> String {
        switch kind {
        case .latency: return "+\(Int((latencyRelative * 100).rounded()))% (≥ \(JSONText.number(latencyAbsoluteMs)) ms)"
        case .availability: return "−\(JSONText.number(availabilityPoints)) points"
        case .throughput: return "−\(Int((throughputRelative * 100).rounded()))%"
        case .sampleSize: return "not compared"
        }
    }
}
