/// One emission of Hystrix's health stream: the sums over the last N completed buckets
/// (reference/netflix-oss.md §1.5, `HystrixCommandMetrics.HealthCounts`).
public struct HystrixHealthCounts: Sendable, Equatable {
    /// Requests counted in the window (§1.6: successes, failures, timeouts, rejections).
    public var totalRequests: Int
    /// Failures, timeouts and rejections in the window.
    public var errorCount: Int

    /// Creates counts.
    public init(totalRequests: Int, errorCount: Int) {
        self.totalRequests = totalRequests
        self.errorCount = errorCount
    }

    /// `(int)((double) errorCount / totalCount * 100)`, 0 when `totalRequests == 0` (§1.5). The
    /// Double arithmetic is kept on purpose: it truncates exactly as Java does.
    public var errorPercentage: Int {
        totalRequests == 0 ? 0 : Int(Double(errorCount) / Double(totalRequests) * 100)
    }
}
