/// A route's two whole-run latency histograms (from the intended send and from the actual send,
/// µs) in hdrhistogram-swift's layout for `lowestDiscernibleValue: 1`,
/// `highestTrackableValue: 3_600_000_000`, three significant digits, with their counts interleaved
/// in one array, and the library's summary definitions (percentile, mean, max) computed on them.
///
/// Why not two `Histogram<UInt64>` (as before): the library gives no access to its counts, so
/// every summary walked them through its `recordedValues()` iterator (~40 instructions per count,
/// ~4 % of a 90 s reference run's instructions for the run summary alone, HistogramWalk), and each
/// request recorded into two separate 184 KB arrays. Here a request's two values share one index
/// computation when they are equal (no client retry: the common case) and one cache line (the
/// two counts of an index are adjacent), and a summary reads the counts directly.
///
/// Same numbers as the library: same bucket layout (index of a value, lowest equivalent value and
/// size of each index's range), same recorded minimum and maximum, same ranks and summation order
/// (`LatencyHistogramPairTests` checks every index and random value sets against the library).
struct LatencyHistogramPair: Sendable {
    /// Which of the two series.
    enum Series: Int, Sendable {
        case fromIntended = 0
        case fromActual = 1
    }

    /// The library's `subBucketHalfCountMagnitude` for three significant digits (sub-buckets of
    /// 2 048 = 2^11 ≥ 2 × 10^3, half count 1 024).
    static let subBucketHalfCountMagnitude = 10
    static let subBucketHalfCount = 1 << subBucketHalfCountMagnitude
    /// `(subBucketCount - 1) << unitMagnitude` with unit magnitude 0 (lowest discernible value 1).
    static let subBucketMask: UInt64 = 2_047
    /// `64 - unitMagnitude - subBucketCountMagnitude`.
    static let leadingZeroCountBase = 53
    /// Highest value recorded (callers clamp): one hour in µs (RouteRecorder.highestMicroseconds).
    static let highestTrackableValue: UInt64 = 3_600_000_000
    /// The library's counts length, `(bucketCount + 1) × subBucketHalfCount`: 22 buckets cover
    /// 2 048 × 2^21 > 3.6 × 10^9.
    static let indexCount = 23 * subBucketHalfCount

    /// Per series: number of values, highest value recorded, lowest non-zero value recorded
    /// (`UInt64.max` before any), as the library keeps them.
    struct Extremes: Sendable, Equatable {
        var totalCount: UInt64 = 0
        var maxValue: UInt64 = 0
        var minNonZeroValue: UInt64 = .max
    }

    /// Counts of index `i` of series `s` at `2 i + s`; empty until the first record (routes that
    /// see no measured request hold no counts).
    private(set) var counts: [UInt64] = []
    private(set) var intendedExtremes = Extremes()
    private(set) var actualExtremes = Extremes()

    /// The extremes of `series`.
    func extremes(_ series: Series) -> Extremes { series == .fromIntended ? intendedExtremes : actualExtremes }

    init() {}

    /// The library's `countsIndexForValue` for this layout. `value` ≤ ``highestTrackableValue``.
    @inline(__always) static func index(of value: UInt64) -> Int {
        let bucket = leadingZeroCountBase - (value | subBucketMask).leadingZeroBitCount
        let subBucket = Int(truncatingIfNeeded: value >> UInt64(bucket))
        return ((bucket + 1) << subBucketHalfCountMagnitude) + subBucket - subBucketHalfCount
    }

    /// The lowest value of index `i`'s range and the range's size (the library's
    /// `valueFromIndex` and `sizeOfEquivalentRangeForValue` of it).
    @inline(__always) static func range(ofIndex i: Int) -> (lowest: UInt64, size: UInt64) {
        let bucket = (i >> subBucketHalfCountMagnitude) - 1
        if bucket < 0 { return (UInt64(i), 1) }
        let subBucket = UInt64((i & (subBucketHalfCount - 1)) + subBucketHalfCount)
        return (subBucket << UInt64(bucket), 1 << UInt64(bucket))
    }

    /// Records one request: `intended` and `actual` (µs, each ≤ ``highestTrackableValue``).
    @inline(__always) mutating func record(intended: UInt64, actual: UInt64) {
        if counts.isEmpty { counts = Array(repeating: 0, count: 2 * Self.indexCount) }
        let i = Self.index(of: intended)
        if intended == actual {
            counts.withUnsafeMutableBufferPointer { c in
                c[2 &* i] &+= 1
                c[2 &* i &+ 1] &+= 1
            }
            Self.note(intended, &intendedExtremes)
            Self.note(intended, &actualExtremes)
        } else {
            let j = Self.index(of: actual)
            counts.withUnsafeMutableBufferPointer { c in
                c[2 &* i] &+= 1
                c[2 &* j &+ 1] &+= 1
            }
            Self.note(intended, &intendedExtremes)
            Self.note(actual, &actualExtremes)
        }
    }

    /// The library's `updateMinMax` and total count.
    @inline(__always) private static func note(_ value: UInt64, _ e: inout Extremes) {
        e.totalCount &+= 1
        if value > e.maxValue { e.maxValue = value }
        if value < e.minNonZeroValue, value != 0 { e.minNonZeroValue = value }
    }

    /// Values recorded in `series`.
    func totalCount(_ series: Series) -> UInt64 { extremes(series).totalCount }

    /// The library's `min`: 0 if a zero was recorded or nothing was, else the lowest value recorded.
    func min(_ series: Series) -> UInt64 {
        let e = extremes(series)
        return (e.totalCount == 0 || counts[series.rawValue] > 0) ? 0 : e.minNonZeroValue
    }

    /// The library's `maxRecorded`.
    func maxRecorded(_ series: Series) -> UInt64 { extremes(series).maxValue }

    /// The library's `max`: the highest value equivalent to the highest recorded.
    func max(_ series: Series) -> UInt64 {
        let value = extremes(series).maxValue
        guard value != 0 else { return 0 }
        let range = Self.range(ofIndex: Self.index(of: value))
        return range.lowest + range.size - 1
    }

    /// The library's rank of `percentile` (0 < p < 100): 1 ulp below it, of the count, rounded up,
    /// at least 1.
    static func rank(_ percentile: Double, total: UInt64) -> UInt64 {
        let requested = Swift.min(Swift.max(percentile.nextDown, 0.0), 100.0)
        return Swift.max(1, UInt64(((requested * Double(total)) / 100.0).rounded(.up)))
    }

    /// The library's `valueAtPercentile(_:)`.
    func value(atPercentile percentile: Double, _ series: Series) -> UInt64 {
        guard percentile != 0.0 else { return min(series) }
        guard percentile < 100.0 else { return maxRecorded(series) }
        let total = totalCount(series)
        let (values, _) = summarise(series, ranks: [Self.rank(percentile, total: total)])
        return total == 0 ? 0 : values[0]
    }

    /// The library's `mean` (0 when empty).
    func mean(_ series: Series) -> Double {
        let total = totalCount(series)
        guard total > 0 else { return 0 }
        return summarise(series, ranks: []).mean
    }

    /// Values at ascending `ranks` and the mean in one pass over `series`' counts, each as the
    /// library computes it: a rank's value is the highest equivalent value of the first index
    /// whose running count reaches it, clamped to [min, max recorded]; the mean sums each
    /// non-empty index's median equivalent value times its count, in index order, over the total.
    /// Ranks not reached (an empty series) keep 0.
    func summarise(_ series: Series, ranks: [UInt64]) -> (values: [UInt64], mean: Double) {
        let total = totalCount(series)
        var values = [UInt64](repeating: 0, count: ranks.count)
        guard total > 0 else { return (values, 0) }
        let lowestRecorded = min(series), highestRecorded = maxRecorded(series)
        var next = 0
        var running: UInt64 = 0
        var totalValue: Double = 0
        counts.withUnsafeBufferPointer { c in
            var i = 0
            // The library's iterator stops once every value is counted.
            while i < Self.indexCount && running < total {
                let n = c[2 &* i &+ series.rawValue]
                if n != 0 {
                    running += n
                    let range = Self.range(ofIndex: i)
                    totalValue += Double(range.lowest + (range.size >> 1)) * Double(n)
                    while next < ranks.count && running >= ranks[next] {
                        values[next] = Swift.max(Swift.min(range.lowest + range.size - 1, highestRecorded), lowestRecorded)
                        next += 1
                    }
                }
                i += 1
            }
        }
        return (values, totalValue / Double(total))
    }
}
