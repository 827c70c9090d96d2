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
    public init() {}

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
