import SimulationPrimitives

/// Hystrix's rolling counters (`BucketedRollingCounterStream`, reference/netflix-oss.md §1.1, §2.1):
/// `counterCount` counters bucketed by time, summed over the last `bucketCount` *completed* buckets.
///
/// ```swift
/// var counters = RollingCounters(counterCount: 2, window: .seconds(10), bucketCount: 10, origin: .zero)
/// counters.add(0, at: now)
/// let lastTenSeconds = counters.sum(0, at: now)
/// ```
/// The in-progress bucket is excluded, as in Hystrix's stream (emission at each bucket close).
/// Storage is one flat array allocated at construction; `add` is O(1) amortised.
public struct RollingCounters: Sendable {
    /// Number of independent counters.
    public let counterCount: Int
    /// Buckets summed.
    public let bucketCount: Int
    /// Duration of one bucket in ns.
    public let bucketDurationNanoseconds: Int64
    private let origin: Int64
    private var currentIndex: Int64 = 0
    private var current: [Int64]
    private var ring: [Int64]
    private var sums: [Int64]

    /// Creates zeroed counters; `window` must be a positive multiple of `bucketCount`.
    public init(counterCount: Int, window: SimDuration, bucketCount: Int, origin: SimTime) {
        precondition(counterCount > 0 && bucketCount > 0 && window.nanoseconds >= Int64(bucketCount))
        self.counterCount = counterCount
        self.bucketCount = bucketCount
        bucketDurationNanoseconds = window.nanoseconds / Int64(bucketCount)
        self.origin = origin.nanosecondsSinceStart
        current = Array(repeating: 0, count: counterCount)
        ring = Array(repeating: 0, count: counterCount * bucketCount)
        sums = Array(repeating: 0, count: counterCount)
    }

    /// Adds `amount` to counter `index` at `now`.
    public mutating func add(_ index: Int, amount: Int64 = 1, at now: SimTime) {
        advance(to: now)
        current[index] += amount
    }

    /// Counter `index` summed over the last `bucketCount` completed buckets at `now`.
    public mutating func sum(_ index: Int, at now: SimTime) -> Int64 {
        advance(to: now)
        return sums[index]
    }

    /// Counter `index` in the in-progress bucket (`cumulative` views need it).
    public func inProgress(_ index: Int) -> Int64 { current[index] }

    /// Closes every bucket that ended at or before `now`.
    public mutating func advance(to now: SimTime) {
        let target = (now.nanosecondsSinceStart - origin) / bucketDurationNanoseconds
        if target <= currentIndex { return }
        if target - currentIndex > Int64(bucketCount) {
            // Everything older than the window is gone; the current bucket too.
            for i in 0..<ring.count { ring[i] = 0 }
            for i in 0..<counterCount { current[i] = 0; sums[i] = 0 }
            currentIndex = target
            return
        }
        while currentIndex < target {
            let base = Int(currentIndex % Int64(bucketCount)) * counterCount
            for i in 0..<counterCount {
                sums[i] += current[i] - ring[base + i]
                ring[base + i] = current[i]
                current[i] = 0
            }
            currentIndex += 1
        }
    }
}

/// Hystrix's rolling maximum (`RollingConcurrencyStream`: `rollingMaxConcurrentExecutionCount`,
/// `rollingMaxActiveThreads`, §2.1): the maximum observed over the last completed buckets.
public struct RollingMaximum: Sendable {
    private var maxima: RollingMaximumStorage

    /// Creates a rolling maximum over `window` split into `bucketCount` buckets.
    public init(window: SimDuration, bucketCount: Int, origin: SimTime) {
        maxima = RollingMaximumStorage(window: window, bucketCount: bucketCount, origin: origin)
    }

    /// Observes `value` at `now`.
    public mutating func observe(_ value: Int64, at now: SimTime) { maxima.observe(value, at: now) }

    /// The maximum over the last completed buckets at `now` (0 when empty).
    public mutating func maximum(at now: SimTime) -> Int64 { maxima.maximum(at: now) }
}

struct RollingMaximumStorage: Sendable {
    let bucketCount: Int
    let bucketDuration: Int64
    let origin: Int64
    var currentIndex: Int64 = 0
    var current: Int64 = 0
    var ring: [Int64]

    init(window: SimDuration, bucketCount: Int, origin: SimTime) {
        precondition(bucketCount > 0 && window.nanoseconds >= Int64(bucketCount))
        self.bucketCount = bucketCount
        bucketDuration = window.nanoseconds / Int64(bucketCount)
        self.origin = origin.nanosecondsSinceStart
        ring = Array(repeating: 0, count: bucketCount)
    }

    mutating func advance(to now: SimTime) {
        let target = (now.nanosecondsSinceStart - origin) / bucketDuration
        if target <= currentIndex { return }
        if target - currentIndex > Int64(bucketCount) {
            for i in 0..<bucketCount { ring[i] = 0 }
            current = 0
            currentIndex = target
            return
        }
        while currentIndex < target {
            ring[Int(currentIndex % Int64(bucketCount))] = current
            current = 0
            currentIndex += 1
        }
    }

    mutating func observe(_ value: Int64, at now: SimTime) {
        advance(to: now)
        if value > current { current = value }
    }

    mutating func maximum(at now: SimTime) -> Int64 {
        advance(to: now)
        var m: Int64 = 0
        for v in ring where v > m { m = v }
        return m
    }
}
