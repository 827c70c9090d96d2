import Telemetry

/// Which summary numbers are tracked against a baseline, and which way is worse.
///
/// Per route and journey: `p50_ms`, `p95_ms`, `p99_ms` (lower is better) and
/// `availability_percent` (higher is better); platform-wide `seats sold_per_s` (higher is
/// better). Services are left out: their numbers are already inside the routes.
public enum RegressionMetrics {
    public enum Direction: String, Codable, Sendable { case lowerIsBetter, higherIsBetter }
    public enum Kind: String, Codable, Sendable { case latency, availability, throughput }

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
        }
        out.append(Value(name: "seats sold_per_s", value: s.seats.soldPerSecond, direction: .higherIsBetter, kind: .throughput))
        return out
    }

    /// Direction and kind of a tracked metric name.
    static func describe(_ name: String) -> (Direction, Kind) {
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
public struct RegressionPolicy: Sendable, Equatable {
    public var latencyRelative: Double = 0.10
    public var latencyAbsoluteMs: Double = 1
    public var availabilityPoints: Double = 0.5
    public var throughputRelative: Double = 0.05
    public var alpha: Double = 0.01
    public var confidenceLevel: Double = 0.95
    public init() {}

    /// The allowed worsening of a metric whose baseline mean is `base`.
    func band(_ kind: RegressionMetrics.Kind, base: Double) -> Double {
        switch kind {
        case .latency: return max(latencyRelative * abs(base), latencyAbsoluteMs)
        case .availability: return availabilityPoints
        case .throughput: return throughputRelative * abs(base)
        }
    }

    func bandText(_ kind: RegressionMetrics.Kind) -> String {
        switch kind {
        case .latency: return "+\(Int((latencyRelative * 100).rounded()))% (≥ \(JSONText.number(latencyAbsoluteMs)) ms)"
        case .availability: return "−\(JSONText.number(availabilityPoints)) points"
        case .throughput: return "−\(Int((throughputRelative * 100).rounded()))%"
        }
    }
}
