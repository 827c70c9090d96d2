/// Per-time-bucket measurements of one run: the data behind `timeseries.csv` and the charts of
/// `report.html` (DESIGN §6). Not part of `summary.json`.
///
/// Shape: one ``Series`` per (metric, subject) pair, each with one value per bucket
/// (`values.count == bucketCount`); bucket `i` covers `[i·bucketSeconds, (i+1)·bucketSeconds)`.
/// Series are sorted by metric then subject so output is deterministic.
public struct RunTimeSeries: Codable, Sendable, Equatable {
    /// Metric names the platform emits (a report may chart any of them).
    public enum Metric: String, Codable, Sendable, CaseIterable, Comparable {
        /// Completed client requests per second, per route.
        case throughputPerSecond = "throughput_per_s"
        /// Latency percentiles per route in ms (from the bucket's compact histogram).
        case latencyP50Ms = "latency_p50_ms", latencyP95Ms = "latency_p95_ms", latencyP99Ms = "latency_p99_ms"
        /// Share of the bucket's requests that failed, percent, per route.
        case errorPercent = "error_percent"
        /// Breaker state per command: 0 closed, 1 open, 2 half-open (last state in the bucket).
        case breakerState = "breaker_state"
        /// Time-weighted utilisation (0…1) and mean queue length, per instance.
        case utilisation = "utilisation", queueLength = "queue_length"
        /// Cumulative seats sold and seats offered (subject `all`).
        case seatsSold = "seats_sold", seatsOffered = "seats_offered"
        /// Requests routed to instances that were dead at the time, per service.
        case requestsToDeadInstances = "requests_to_dead_instances"
        /// Turbine cluster view per Hystrix command, summed over the instances running it at the
        /// bucket's end (reference/netflix-oss.md §2.3): rolling `requestCount` of the health
        /// window, error percent of the summed counts, instances reporting, instances whose
        /// circuit is open.
        case turbineRequestCount = "turbine_request_count", turbineErrorPercent = "turbine_error_percent"
        case turbineReportingHosts = "turbine_reporting_hosts", turbineOpenHosts = "turbine_open_hosts"
        /// Requests per route that ended in each failing outcome in the bucket (a count, not a
        /// rate): client timeout, 4xx, 5xx, shed. A series exists only for outcomes the route saw.
        case failuresClientTimeout = "failures_client_timeout", failures4xx = "failures_4xx"
        case failures5xx = "failures_5xx", failuresShed = "failures_shed"
        public static func < (a: Metric, b: Metric) -> Bool { a.rawValue < b.rawValue }

        /// The `failures_*` metrics in ``RouteRecorder/failureOutcomes`` order.
        public static let failureMetrics: [Metric] = [.failuresClientTimeout, .failures4xx, .failures5xx, .failuresShed]
        /// Short outcome labels of ``failureMetrics`` for reports.
        public var failureLabel: String? {
            switch self {
            case .failuresClientTimeout: return "timeout"
            case .failures4xx: return "4xx"
            case .failures5xx: return "5xx"
            case .failuresShed: return "shed"
            default: return nil
            }
        }
    }

    public struct Series: Codable, Sendable, Equatable {
        public var metric: Metric
        /// Route, command, instance or service name the series is about (`all` for platform-wide).
        public var subject: String
        public var values: [Double]
        public init(metric: Metric, subject: String, values: [Double]) { self.metric = metric; self.subject = subject; self.values = values }
    }

    public var bucketSeconds: Double
    public var bucketCount: Int
    public var series: [Series]

    public init(bucketSeconds: Double, bucketCount: Int, series: [Series]) {
        self.bucketSeconds = bucketSeconds; self.bucketCount = bucketCount; self.series = series
    }

    /// The series for `metric` and `subject`, if recorded.
    public func values(_ metric: Metric, _ subject: String) -> [Double]? {
        series.first { $0.metric == metric && $0.subject == subject }?.values
    }
}
