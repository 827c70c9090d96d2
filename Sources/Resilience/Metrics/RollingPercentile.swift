import SimulationPrimitives

/// Rolling latency percentiles in Hystrix's shape (`metrics.rollingPercentile.*`,
/// reference/netflix-oss.md §1.1; stream keys "0".."100" in §2.1).
///
/// Each of `bucketCount` time buckets keeps its last `bucketSize` values (milliseconds), as
/// Hystrix 1.4's `RollingPercentile` did; the snapshot covers the completed buckets. Percentiles
/// use Hystrix's `PercentileSnapshot.computePercentile`: rank = p/100·n over the sorted values,
/// linearly interpolated between floor and ceil, truncated to an integer. Hystrix 1.5 computes the
/// same keys with an HdrHistogram; this bounded-sample form is a deliberate, allocation-free
/// simplification (docs/modules/Resilience.md). Storage is allocated once.
public struct RollingPercentile: Sendable {
    /// Number of time buckets.
    public let bucketCount: Int
    /// Values kept per bucket.
    public let bucketSize: Int
    private let bucketDuration: Int64
    private let origin: Int64
    private var currentIndex: Int64 = 0
    // (bucketCount + 1) rows: row `bucketCount` is the in-progress bucket.
    private var values: [Int32]
    private var counts: [Int]

    /// Creates an empty percentile window.
    public init(window: SimDuration, bucketCount: Int, bucketSize: Int, origin: SimTime) {
        precondition(bucketCount > 0 && bucketSize > 0 && window.nanoseconds >= Int64(bucketCount))
        self.bucketCount = bucketCount
        self.bucketSize = bucketSize
        bucketDuration = window.nanoseconds / Int64(bucketCount)
        self.origin = origin.nanosecondsSinceStart
        values = Array(repeating: 0, count: (bucketCount + 1) * bucketSize)
        counts = Array(repeating: 0, count: bucketCount + 1)
    }

    /// Records `latencyMilliseconds` at `now` (overwriting the bucket's oldest value when full).
    public mutating func add(latencyMilliseconds: Int, at now: SimTime) {
        advance(to: now)
        let row = bucketCount
        let n = counts[row]
        values[row * bucketSize + n % bucketSize] = Int32(clamping: latencyMilliseconds)
        counts[row] = n + 1
    }

    /// The completed buckets' values summarised at `now`.
    public mutating func snapshot(at now: SimTime) -> PercentileSnapshot {
        advance(to: now)
        var all: [Int32] = []
        all.reserveCapacity(bucketCount * bucketSize)
        for row in 0..<bucketCount {
            let n = min(counts[row], bucketSize)
            for i in 0..<n { all.append(values[row * bucketSize + i]) }
        }
        return PercentileSnapshot(values: all)
    }

    private mutating func advance(to now: SimTime) {
        let target = (now.nanosecondsSinceStart - origin) / bucketDuration
        if target <= currentIndex { return }
        let steps = min(target - currentIndex, Int64(bucketCount + 1))
        for _ in 0..<steps {
            let row = Int(currentIndex % Int64(bucketCount))
            for i in 0..<bucketSize { values[row * bucketSize + i] = values[bucketCount * bucketSize + i] }
            counts[row] = counts[bucketCount]
            counts[bucketCount] = 0
            currentIndex += 1
        }
        currentIndex = target
    }
}

/// Sorted latency values with Hystrix's percentile and mean arithmetic.
public struct PercentileSnapshot: Sendable, Equatable {
    /// The values, sorted ascending (ms).
    public let sortedValues: [Int32]

    /// Sorts `values`.
    public init(values: [Int32]) { sortedValues = values.sorted() }

    /// Integer mean (`sum / count`, 0 when empty), as Hystrix reports `latency*_mean`.
    public var mean: Int {
        guard !sortedValues.isEmpty else { return 0 }
        var sum = 0
        for v in sortedValues { sum += Int(v) }
        return sum / sortedValues.count
    }

    /// `computePercentile(percent)`: 0 when empty, min at ≤ 0, max at ≥ 100, else linear
    /// interpolation at rank p/100·n, truncated.
    public func percentile(_ percent: Double) -> Int {
        let n = sortedValues.count
        if n == 0 { return 0 }
        if percent <= 0 { return Int(sortedValues[0]) }
        if percent >= 100 { return Int(sortedValues[n - 1]) }
        let rank = percent / 100 * Double(n)
        let low = Int(rank.rounded(.down))
        let high = Int(rank.rounded(.up))
        if high >= n { return Int(sortedValues[n - 1]) }
        if low == high { return Int(sortedValues[low]) }
        let lo = Double(sortedValues[low]), hi = Double(sortedValues[high])
        return Int(lo + (rank - Double(low)) * (hi - lo))
    }

    /// The hystrix.stream percentile keys (§2.1).
    public static let streamKeys: [(key: String, percent: Double)] = [
        ("0", 0), ("25", 25), ("50", 50), ("75", 75), ("90", 90), ("95", 95), ("99", 99), ("99.5", 99.5), ("100", 100),
    ]
}
