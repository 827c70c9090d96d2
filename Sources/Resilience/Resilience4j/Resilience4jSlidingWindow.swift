import SimulationPrimitives

/// resilience4j's sliding-window metrics (`FixedSizeSlidingWindowMetrics`,
/// `SlidingTimeWindowMetrics`, reference/netflix-oss.md §3.1): totals of calls, failed calls,
/// slow calls and slow failed calls over the last N calls or the last N epoch seconds.
/// Fixed storage allocated at construction; O(1) per record (time window: O(evicted buckets)).
struct Resilience4jSlidingWindow: Sendable {
    struct Totals: Sendable, Equatable {
        var calls = 0, failed = 0, slow = 0, slowFailed = 0
        mutating func add(_ o: UInt8, _ sign: Int) {
            calls += sign
            if o & 1 != 0 { failed += sign }
            if o & 2 != 0 { slow += sign }
            if o & 3 == 3 { slowFailed += sign }
        }
    }

    let type: Resilience4jCircuitBreakerConfig.SlidingWindowType
    let size: Int
    // Count-based ring of outcome flags (bit 0 failure, bit 1 slow).
    private var ring: [UInt8]
    private var head = 0
    private var filled = 0
    // Time-based: per-bucket epoch second and totals.
    private var bucketSecond: [Int64]
    private var bucketTotals: [Totals]
    private(set) var totals = Totals()

    init(type: Resilience4jCircuitBreakerConfig.SlidingWindowType, size: Int) {
        precondition(size > 0)
        self.type = type
        self.size = size
        ring = type == .countBased ? Array(repeating: 0, count: size) : []
        bucketSecond = type == .timeBased ? Array(repeating: Int64.min, count: size) : []
        bucketTotals = type == .timeBased ? Array(repeating: Totals(), count: size) : []
    }

    mutating func record(failed: Bool, slow: Bool, at now: SimTime) {
        let o: UInt8 = (failed ? 1 : 0) | (slow ? 2 : 0)
        switch type {
        case .countBased:
            if filled == size { totals.add(ring[head], -1) } else { filled += 1 }
            ring[head] = o
            totals.add(o, 1)
            head = (head + 1) % size
        case .timeBased:
            let second = Self.epochSecond(now)
            evict(before: second)
            let slot = Int(((second % Int64(size)) + Int64(size)) % Int64(size))
            if bucketSecond[slot] != second {
                bucketSecond[slot] = second
                bucketTotals[slot] = Totals()
            }
            bucketTotals[slot].add(o, 1)
            totals.add(o, 1)
        }
    }

    /// The totals as seen at `now` (time-based windows exclude buckets older than N seconds).
    func snapshot(at now: SimTime) -> Totals {
        guard type == .timeBased else { return totals }
        let oldest = Self.epochSecond(now) - Int64(size) + 1
        var t = Totals()
        for i in 0..<size where bucketSecond[i] != Int64.min && bucketSecond[i] >= oldest {
            let b = bucketTotals[i]
            t.calls += b.calls; t.failed += b.failed; t.slow += b.slow; t.slowFailed += b.slowFailed
        }
        return t
    }

    private mutating func evict(before second: Int64) {
        let oldest = second - Int64(size) + 1
        for i in 0..<size where bucketSecond[i] != Int64.min && bucketSecond[i] < oldest {
            let b = bucketTotals[i]
            totals.calls -= b.calls; totals.failed -= b.failed; totals.slow -= b.slow; totals.slowFailed -= b.slowFailed
            bucketSecond[i] = Int64.min
            bucketTotals[i] = Totals()
        }
    }

    static func epochSecond(_ t: SimTime) -> Int64 {
        let ns = t.nanosecondsSinceStart
        return ns >= 0 ? ns / 1_000_000_000 : (ns - 999_999_999) / 1_000_000_000
    }
}
