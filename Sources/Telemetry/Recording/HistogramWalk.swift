import Histogram

/// The five percentiles, maximum and mean of a whole-run HDR histogram in one pass over its
/// recorded values, computed exactly as hdrhistogram-swift's `valueAtPercentile(_:)` and `mean`
/// compute them (same ranks, same bucket edges, same summation order, so the same bits).
///
/// Why not call the library: `valueAtPercentile` and `mean` are not `@inlinable`, so from this
/// module they run as unspecialised generic code (metadata look-ups and `BinaryInteger` witness
/// calls per bucket), each walking the whole counts array: six walks of ~1.35 G instructions per
/// run summary of the reference scenario (docs/performance.md). `recordedValues()`,
/// `lowestEquivalentForValue` and `sizeOfEquivalentRangeForValue` are `@inlinable`, so this walk is
/// specialised for `UInt64` counts and visits each non-empty bucket once.
///
/// The run summary now reads ``LatencyHistogramPair`` (the same definitions on counts it can read
/// directly); this walk over a library histogram stays as that type's oracle in the tests, and
/// ``percentiles`` is the list both use.
enum HistogramWalk {
    /// Percentiles the route summary reports, in ascending order (the walk relies on the order).
    static let percentiles: [Double] = [50, 90, 95, 99, 99.9]

    /// `(values at ``percentiles``, mean)` of `h`, each equal to the library's
    /// `h.valueAtPercentile(p)` and `h.mean`. Values are in the histogram's unit.
    /// Precondition: `h.totalCount > 0`.
    static func summarise(_ h: Histogram<UInt64>) -> (values: [UInt64], mean: Double) {
        let total = h.totalCount
        // Ranks as the library derives them: 1 ulp below the percentile, rounded up, at least 1.
        var ranks: [UInt64] = []
        ranks.reserveCapacity(percentiles.count)
        for p in percentiles {
            let requested = Swift.min(Swift.max(p.nextDown, 0.0), 100.0)
            ranks.append(Swift.max(1, UInt64(((requested * Double(total)) / 100.0).rounded(.up))))
        }
        let lowest = h.min, highest = h.maxRecorded
        var values = [UInt64](repeating: 0, count: ranks.count)
        var next = 0
        var totalValue: Double = 0
        for iv in h.recordedValues() {
            // The library's mean: the median equivalent value of each bucket times its count.
            let median = h.lowestEquivalentForValue(iv.value) + (h.sizeOfEquivalentRangeForValue(iv.value) >> 1)
            totalValue += Double(median) * Double(iv.count)
            // The library's percentile: the first bucket whose running count reaches the rank;
            // `iv.value` is that bucket's highest equivalent value, clamped to [min, max recorded].
            while next < ranks.count && iv.totalCountToThisValue >= ranks[next] {
                values[next] = Swift.max(Swift.min(iv.value, highest), lowest)
                next += 1
            }
        }
        return (values, totalValue / Double(total))
    }
}
