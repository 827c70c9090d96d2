import SimulationPrimitives

/// The breaker's health window: `healthSnapshot.intervalInMilliseconds` buckets, N of them
/// (reference/netflix-oss.md §1.5).
///
/// Bucket k covers `[origin + k·I, origin + (k+1)·I)`; at each boundary the bucket closes and the
/// stream "emits" the sum of the last N completed buckets (the in-progress bucket is excluded).
/// The window advances lazily: `advance(to:)` replays every boundary ≤ `now` in order and hands
/// each emission to `onEmit`, so a trip happens at the exact boundary time without a timer.
/// Storage is two fixed arrays allocated once.
struct HystrixHealthWindow: Sendable {
    let bucketDuration: Int64
    let bucketCount: Int
    private(set) var origin: Int64
    /// Absolute index of the in-progress bucket.
    private(set) var currentIndex: Int64 = 0
    private var currentTotal = 0
    private var currentErrors = 0
    private var totals: [Int]
    private var errors: [Int]
    private(set) var windowTotal = 0
    private(set) var windowErrors = 0

    init(bucketDuration: SimDuration, bucketCount: Int, origin: SimTime) {
        precondition(bucketDuration > .zero && bucketCount > 0)
        self.bucketDuration = bucketDuration.nanoseconds
        self.bucketCount = bucketCount
        self.origin = origin.nanosecondsSinceStart
        totals = Array(repeating: 0, count: bucketCount)
        errors = Array(repeating: 0, count: bucketCount)
    }

    /// The last emission (sum of the last N completed buckets).
    var counts: HystrixHealthCounts { HystrixHealthCounts(totalRequests: windowTotal, errorCount: windowErrors) }

    /// Time of the next emission.
    var nextBoundary: SimTime { SimTime(nanosecondsSinceStart: origin + (currentIndex + 1) * bucketDuration) }

    /// Replays every boundary at or before `now`, calling `onEmit(boundaryTime, counts)` after
    /// each one while the window is non-empty.
    mutating func advance(to now: SimTime, onEmit: (SimTime, HystrixHealthCounts) -> Void) {
        let target = (now.nanosecondsSinceStart - origin) / bucketDuration  // index that contains `now`
        while currentIndex < target {
            // An empty in-progress bucket and an empty window stay empty: jump.
            if currentTotal == 0 && windowTotal == 0 && currentErrors == 0 {
                clearRing()
                currentIndex = target
                return
            }
            let slot = Int(currentIndex % Int64(bucketCount))
            windowTotal += currentTotal - totals[slot]
            windowErrors += currentErrors - errors[slot]
            totals[slot] = currentTotal
            errors[slot] = currentErrors
            currentTotal = 0
            currentErrors = 0
            currentIndex += 1
            onEmit(SimTime(nanosecondsSinceStart: origin + currentIndex * bucketDuration), counts)
        }
    }

    /// Adds an event's contribution to the in-progress bucket (call `advance(to:)` first).
    mutating func add(total: Int, errors e: Int) {
        currentTotal += total
        currentErrors += e
    }

    /// Discards every bucket and restarts the stream at `now`, pre-filled with empty buckets
    /// (`resetStream()` on `markSuccess`, §1.4).
    mutating func reset(at now: SimTime) {
        clearRing()
        currentTotal = 0
        currentErrors = 0
        currentIndex = 0
        origin = now.nanosecondsSinceStart
    }

    private mutating func clearRing() {
        for i in 0..<bucketCount { totals[i] = 0; errors[i] = 0 }
        windowTotal = 0
        windowErrors = 0
    }
}
