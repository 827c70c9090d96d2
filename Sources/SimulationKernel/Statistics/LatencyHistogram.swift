import Histogram
import SimulationPrimitives

/// A latency distribution kept as an HDR histogram (hdrhistogram-swift) of nanoseconds with 3
/// significant digits: any recorded value is reported within 0.1 % at every percentile, in memory
/// independent of the number of values (DESIGN §2 "bounded memory").
///
/// ```swift
/// var h = LatencyHistogram()
/// h.record(.milliseconds(8))
/// h.valueAtPercentile(99)   // SimDuration within 0.1 % of the true p99
/// ```
/// The histogram auto-resizes up to the largest value seen; one covering 1 ns … 1 h takes about
/// 140 KB (DESIGN §10), so keep whole-run histograms per route, not per request.
public struct LatencyHistogram: Sendable {
    /// The underlying HDR histogram (values in ns).
    public private(set) var histogram: Histogram<UInt64>

    /// An empty histogram sized for 1 ns … 1 h (resizing beyond that on demand). Pre-sizing avoids
    /// the library's generic, slow resize path in the middle of a run.
    public init() {
        histogram = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000_000, numberOfSignificantValueDigits: .three)
        histogram.autoResize = true
    }

    /// Records one duration (negative durations are recorded as 0).
    public mutating func record(_ duration: SimDuration) {
        _ = histogram.record(UInt64(max(0, duration.nanoseconds)))
    }

    /// Values recorded.
    public var count: UInt64 { histogram.totalCount }
    /// The value at `percentile` (0…100), e.g. 99.9; zero when empty.
    public func valueAtPercentile(_ percentile: Double) -> SimDuration {
        SimDuration(nanoseconds: Int64(histogram.valueAtPercentile(percentile)))
    }
    /// Mean of the recorded values in seconds (from bucket midpoints).
    public var meanSeconds: Double { histogram.mean / 1e9 }
    /// Largest value recorded (bucket-equivalent).
    public var maximum: SimDuration { SimDuration(nanoseconds: Int64(histogram.max)) }
    /// Smallest value recorded (bucket-equivalent).
    public var minimum: SimDuration { SimDuration(nanoseconds: Int64(histogram.min)) }

    /// Adds every value of `other` (e.g. merging per-instance histograms).
    public mutating func merge(_ other: LatencyHistogram) { histogram.add(other.histogram) }
}
