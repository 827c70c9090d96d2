import Testing
import SimulationPrimitives
@testable import SimulationKernel

/// The queue (sorted fine buckets for the current bucket, a timing wheel, an overflow heap past
/// the wheel's span) against the simplest correct future event list: a list sorted by (time,
/// insertion order). Delays span the current bucket, the wheel and beyond its ~68.7 s span, with
/// cancellations, posts and pops interleaved.
@Suite struct EventQueueWheelTests {
    /// Delays in ns drawn from four ranges: within a bucket, a few buckets, most of the span, past it.
    static func delay(_ rng: inout RandomStream) -> Int64 {
        let bucket = EventQueue<Int>.bucketNanoseconds
        switch rng.nextInt(below: 4) {
        case 0: return Int64(rng.nextInt(below: Int(bucket)))
        case 1: return Int64(rng.nextInt(below: Int(bucket) * 8))
        case 2: return Int64(rng.nextInt(below: Int(bucket) * 4_000))
        default: return Int64(rng.nextInt(below: Int(bucket) * 12_000))
        }
    }

    @Test(arguments: [UInt64(11), 12, 13, 14])
    func popsInTheSameOrderAsASortedList(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        var run = QueueAgainstSortedList()
        for id in 0..<4_000 {
            run.add(Self.delay(&rng), postProbability: 0.3, &rng)
            run.cancelRandom(probability: 0.4, &rng)
            if rng.nextBool(probability: 0.45) { run.pop() }
            if id % 500 == 0 { run.q.checkInvariants() }
            #expect(run.q.count == run.pending.count)
        }
        run.drainAndCompare()
    }

    /// Equal times across the wheel and the fine buckets keep insertion order: an event scheduled
    /// far ahead (into the wheel) and one scheduled later for the same instant (straight into a
    /// fine bucket, once that bucket is current) run in the order they were scheduled.
    @Test func equalTimesKeepInsertionOrderAcrossWheelAndHeap() {
        var q = EventQueue<String>()
        let due = SimTime.zero + .seconds(5)
        q.schedule("first, via the wheel", at: due)
        q.post("step", at: due - .nanoseconds(1))   // same bucket as `due`
        #expect(q.popNext()?.payload == "step")
        q.schedule("second, via a fine bucket", at: due)
        #expect(q.popNext()?.payload == "first, via the wheel")
        #expect(q.popNext()?.payload == "second, via a fine bucket")
        #expect(q.now == due)
    }

    /// Mostly-cancelled timeouts (the platform's pattern) stay bounded in the wheel.
    @Test func cancelledTimeoutsDoNotAccumulateInTheWheel() {
        var q = EventQueue<Int>()
        var handles: [TimerHandle] = []
        for i in 0..<30_000 {
            q.post(-1, at: q.now + .microseconds(100))
            handles.append(q.schedule(i, at: q.now + .seconds(30)))
            if handles.count > 10 { q.cancel(handles.removeFirst()) }
            _ = q.popNext()
            #expect(q.storedEntryCount <= 2 * q.count + 1_100)
        }
        #expect(q.storage.slotCount <= 2 * 11 + 1_100)   // slots follow the entries held (cancelled ones until compaction)
        q.checkInvariants()
        #expect(q.count == 10)   // each pop takes the step posted just before
    }

    /// The platform's rhythm against the sorted-list reference: each pop is followed by zero to
    /// three short-delay schedules (most into the current bucket's fine buckets), with
    /// cancellations and checks of the invariants between a pop and the next insert.
    @Test(arguments: [UInt64(21), 22, 23])
    func popThenScheduleMatchesASortedList(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        var run = QueueAgainstSortedList()
        for _ in 0..<64 { run.add(Int64(rng.nextInt(below: 2_000_000)), postProbability: 0.5, &rng) }
        for step in 0..<6_000 {
            guard run.pop() else { break }
            if step % 97 == 0 { run.q.checkInvariants() }
            run.cancelRandom(probability: 0.3, &rng)
            // Mostly one new event per event, sometimes none or a burst (same-instant ones too).
            let burst = [0, 1, 1, 1, 1, 2, 3][rng.nextInt(below: 7)]
            for _ in 0..<burst { run.add(rng.nextBool(probability: 0.1) ? 0 : Int64(rng.nextInt(below: 2_000_000)), postProbability: 0.5, &rng) }
            #expect(run.q.count == run.pending.count)
        }
        run.drainAndCompare()
    }

    /// Zero-delay events against the sorted-list reference: half the new events are due at exactly
    /// `now` and the rest within a few microseconds (so entries scheduled earlier for the same
    /// instant must pop first), with cancellations, `peekTime` checks and `advance(to:)`. Written
    /// for a tried FIFO lane for events at `now` (docs/performance.md, round 6); kept as a check
    /// of same-instant ordering.
    @Test(arguments: [UInt64(31), 32, 33])
    func zeroDelayLaneMatchesASortedList(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        var run = QueueAgainstSortedList()
        // Few distinct times (multiples of 1 µs), so entries often share one instant.
        func shortDelay() -> Int64 { Int64(rng.nextInt(below: 40)) * 1_000 }
        for _ in 0..<32 { let delay = rng.nextBool(probability: 0.5) ? 0 : shortDelay(); run.add(delay, postProbability: 0.3, &rng) }
        for step in 0..<6_000 {
            if step % 53 == 0, let nextTime = run.pending.first?.time, nextTime > run.q.now.nanosecondsSinceStart {
                // Advance to the next pending time (never past a live event).
                run.q.advance(to: SimTime(nanosecondsSinceStart: nextTime))
                run.q.checkInvariants()
            }
            if rng.nextBool(probability: 0.2) {
                #expect(run.q.peekTime()?.nanosecondsSinceStart == run.pending.first?.time)
            }
            guard run.pop() else { break }
            if step % 89 == 0 { run.q.checkInvariants() }
            run.cancelRandom(probability: 0.35, &rng)
            let burst = [0, 1, 1, 1, 2, 3][rng.nextInt(below: 6)]
            for _ in 0..<burst {
                let r = rng.nextInt(below: 10)
                let delay = r < 5 ? 0 : r < 9 ? shortDelay() : Int64(rng.nextInt(below: Int(EventQueue<Int>.bucketNanoseconds) * 3))
                run.add(delay, postProbability: 0.3, &rng)
            }
            #expect(run.q.count == run.pending.count)
        }
        run.drainAndCompare()
    }
}
