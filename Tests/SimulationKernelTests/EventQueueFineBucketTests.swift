import Testing
import SimulationPrimitives
@testable import SimulationKernel

/// The current bucket's fine buckets (round 8, docs/performance.md): 64 lists of ~16 µs kept
/// sorted by (time, sequence), found through one word of bits; entries reach them directly, from a
/// wheel bucket's pour or from the overflow heap. Each test checks one property against the
/// sorted-list reference.
@Suite struct EventQueueFineBucketTests {
    /// Many entries in one fine bucket, inserted out of time order and with equal times: the list
    /// stays sorted (inserts before the tail walk back from it, new earliest entries become the
    /// head), and cancels at the head, middle and tail unlink at once.
    @Test(arguments: [UInt64(101), 102])
    func oneFineBucketStaysSorted(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        var run = QueueAgainstSortedList()
        let width = Int64(1) << EventQueue<Int>.fineShift
        for step in 0..<2_000 {
            // All due within the fine bucket after `now`'s (a few distinct instants, so ties).
            let base = (run.q.now.nanosecondsSinceStart / width + 1) * width
            let time = base + Int64(rng.nextInt(below: 6)) * (width / 8)
            run.add(time - run.q.now.nanosecondsSinceStart, postProbability: 0.2, &rng)
            run.cancelRandom(probability: 0.25, &rng)
            if rng.nextBool(probability: 0.3) { run.pop() }
            if step % 101 == 0 { run.q.checkInvariants() }
        }
        #expect(run.q.storage.fineStored == run.q.count)   // everything in the current bucket
        run.drainAndCompare()
    }

    /// Cancelling an entry in the current bucket frees its slot and, when it was a fine bucket's
    /// last entry, clears that bucket's bits (so the next pop skips it).
    @Test func cancellingTheLastEntryOfAFineBucketClearsItsBits() {
        var q = EventQueue<Int>()
        let early = q.schedule(1, at: .zero + .nanoseconds(5_000))
        q.schedule(2, at: .zero + .nanoseconds(900_000))
        #expect(q.storage.fineStored == 2)
        let fine = EventQueue<Int>.fineIndex(5_000)
        #expect(q.storage.fineBits & (1 << UInt64(fine)) != 0)
        let cancelled = q.cancel(early)
        #expect(cancelled)
        #expect(q.storage.fineBits & (1 << UInt64(fine)) == 0)
        #expect(q.storage.fineStored == 1)
        q.checkInvariants()
        #expect(q.popNext()?.payload == 2)
        #expect(q.isEmpty)
    }

    /// An entry scheduled past the wheel's span waits in the overflow heap and joins the fine
    /// buckets when its bucket becomes current, ordered by sequence against entries scheduled
    /// later for the same instant through the wheel and directly.
    @Test func overflowEntriesJoinTheirBucketInScheduleOrder() {
        var q = EventQueue<String>()
        let span = EventQueue<Int>.bucketNanoseconds * EventQueue<Int>.bucketCount
        let due = SimTime(nanosecondsSinceStart: span + 12_345)
        q.schedule("first, via the overflow heap", at: due)
        #expect(q.storage.heapCount == 1)
        q.post("step", at: SimTime(nanosecondsSinceStart: 3 * EventQueue<Int>.bucketNanoseconds))
        #expect(q.popNext()?.payload == "step")
        q.schedule("second, via the wheel", at: due)
        q.post("step 2", at: due - .nanoseconds(2))   // makes `due`'s bucket current
        #expect(q.popNext()?.payload == "step 2")
        q.schedule("third, direct", at: due)
        q.checkInvariants()
        #expect(q.popNext()?.payload == "first, via the overflow heap")
        #expect(q.popNext()?.payload == "second, via the wheel")
        #expect(q.popNext()?.payload == "third, direct")
        #expect(q.now == due)
    }

    /// `peekTime` does not move the current bucket: after peeking at an event far ahead, an event
    /// scheduled before it (in an earlier bucket) still pops first. Also when the wheel is empty
    /// and only the overflow heap holds events.
    @Test func peekingDoesNotMoveTheCurrentBucket() {
        var q = EventQueue<Int>()
        let bucket = EventQueue<Int>.bucketNanoseconds
        q.schedule(1, at: SimTime(nanosecondsSinceStart: 50 * bucket + 7))
        #expect(q.peekTime() == SimTime(nanosecondsSinceStart: 50 * bucket + 7))
        q.schedule(2, at: SimTime(nanosecondsSinceStart: 3 * bucket))
        #expect(q.peekTime() == SimTime(nanosecondsSinceStart: 3 * bucket))
        let far = bucket * EventQueue<Int>.bucketCount * 3
        var other = EventQueue<Int>()
        other.schedule(3, at: SimTime(nanosecondsSinceStart: far))
        #expect(other.peekTime() == SimTime(nanosecondsSinceStart: far))
        other.schedule(4, at: SimTime(nanosecondsSinceStart: 10))
        other.checkInvariants()
        #expect(other.popNext()?.payload == 4)
        #expect(other.popNext()?.payload == 3)
        q.checkInvariants()
        #expect(q.popNext()?.payload == 2)
        #expect(q.popNext()?.payload == 1)
    }

    /// Cancelled overflow entries never make the current bucket jump to their bucket: when every
    /// remaining overflow entry is cancelled, a pop finds nothing and an event scheduled next
    /// (earlier than the cancelled ones) still pops.
    @Test func cancelledOverflowEntriesDoNotMoveTheCurrentBucket() {
        var q = EventQueue<Int>()
        let far = EventQueue<Int>.bucketNanoseconds * EventQueue<Int>.bucketCount * 2
        let handles = (0..<40).map { q.schedule($0, at: SimTime(nanosecondsSinceStart: far + Int64($0))) }
        for handle in handles { q.cancel(handle) }
        #expect(q.popNext() == nil)
        q.checkInvariants()
        q.schedule(99, at: SimTime(nanosecondsSinceStart: 1_000))
        #expect(q.popNext()?.payload == 99)
        #expect(q.storedEntryCount == 0)
    }

    /// A sparse wheel (events tens of buckets apart, as in an M/M/c model with ~100 ms between
    /// events): moving to the next bucket skips empty ones through the wheel's bits, across the
    /// wheel's wrap, and cancelling a bucket's only entry clears its bit; against the sorted list.
    @Test(arguments: [UInt64(111), 112])
    func sparseWheelSkipsEmptyBuckets(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        var run = QueueAgainstSortedList()
        let bucket = Int(EventQueue<Int>.bucketNanoseconds)
        for step in 0..<3_000 {
            // 1–300 buckets ahead, now and then past most of the span (wrapping the bit scan).
            let delay = rng.nextBool(probability: 0.05) ? Int64(bucket) * 60_000 + Int64(rng.nextInt(below: bucket * 5_000))
                : Int64(bucket + rng.nextInt(below: bucket * 300))
            run.add(delay, postProbability: 0.3, &rng)
            run.cancelRandom(probability: 0.3, &rng)
            if rng.nextBool(probability: 0.5) { run.pop() }
            if step % 173 == 0 { run.q.checkInvariants() }   // checks every wheel bit against its list
        }
        run.drainAndCompare()
        var q = EventQueue<Int>()
        let handle = q.schedule(1, at: SimTime(nanosecondsSinceStart: 40 * Int64(bucket)))
        #expect(q.storage.wheelBits[0] == 1 << 40)
        q.cancel(handle)
        #expect(q.storage.wheelBits[0] == 0)
        q.checkInvariants()
    }
}
