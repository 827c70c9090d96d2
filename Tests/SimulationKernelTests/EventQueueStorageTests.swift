import Testing
import SimulationPrimitives
@testable import SimulationKernel

/// The queue's storage (rounds 7 and 8, docs/performance.md): 16-byte overflow-heap keys with sequence and slot
/// packed in one word, payloads in slots, one storage object shared copy-on-write. Each test checks
/// one property of that layout against the simple version.
@Suite struct EventQueueStorageTests {
    /// The branch-free key comparison equals the (time, order) tuple comparison, for equal times,
    /// neighbouring orders and the extremes (`distantFuture` is `Int64.max`).
    @Test func keyComparisonMatchesTupleComparison() {
        var rng = RandomStream(seed: 41)
        let times: [Int64] = [0, 1, 2, 1 << 24, (1 << 40) + 7, Int64.max - 1, Int64.max]
        let orders: [UInt64] = [0, 1, 1 << 32, (1 << 32) + 1, UInt64(UInt32.max), UInt64.max - 1, UInt64.max]
        func key(_ time: Int64, _ order: UInt64) -> EventKey {
            var key = EventKey(time: time, sequence: 0, slot: 0)
            key.order = order
            return key
        }
        var pairs: [(EventKey, EventKey)] = []
        for t1 in times { for t2 in times { for o1 in orders { for o2 in orders { pairs.append((key(t1, o1), key(t2, o2))) } } } }
        for _ in 0..<5_000 {
            let t1 = Int64(rng.nextInt(below: 1 << 20)), o1 = rng.next() >> UInt64(rng.nextInt(below: 64))
            let t2 = rng.nextBool(probability: 0.5) ? t1 : Int64(rng.nextInt(below: 1 << 20))
            let o2 = rng.nextBool(probability: 0.2) ? o1 : rng.next() >> UInt64(rng.nextInt(below: 64))
            pairs.append((key(t1, o1), key(t2, o2)))
        }
        for (a, b) in pairs {
            #expect(a.precedes(b) == ((a.time, a.order) < (b.time, b.order)), "\(a) vs \(b)")
        }
    }

    /// A key packs the sequence above the slot, so equal times order by sequence whatever the slots.
    @Test func keyPacksSequenceAboveSlot() {
        let early = EventKey(time: 5, sequence: 7, slot: Int(UInt32.max))
        let late = EventKey(time: 5, sequence: 8, slot: 0)
        #expect(early.precedes(late) && !late.precedes(early))
        #expect(early.slot == Int(UInt32.max) && late.slot == 0)
        #expect(late.order >> 32 == 8)
    }

    /// Sequences wrap after 2^32 schedules: the stored entries are renumbered in order, so the pop
    /// order across the wrap is still (time, insertion order). Starts a few hundred below the wrap
    /// and crosses it several times' worth of entries, with equal times (1 µs grid), cancellations,
    /// entries in the wheel and past its span, against the sorted-list reference.
    @Test(arguments: [UInt64(51), 52])
    func sequencesRenumberedAtTheWrapKeepTheOrder(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        var run = QueueAgainstSortedList()
        run.q = EventQueue(firstSequenceForTesting: UInt64(UInt32.max) - 300)
        let bucket = Int(EventQueue<Int>.bucketNanoseconds)
        for step in 0..<3_000 {
            let r = rng.nextInt(below: 10)
            let delay = r < 6 ? Int64(rng.nextInt(below: 20)) * 1_000 : r < 9 ? Int64(rng.nextInt(below: bucket * 64)) : Int64(bucket) * 5_000
            run.add(delay, postProbability: 0.3, &rng)
            run.cancelRandom(probability: 0.3, &rng)
            if rng.nextBool(probability: 0.45) { run.pop() }
            if step % 211 == 0 { run.q.checkInvariants() }
            #expect(run.q.count == run.pending.count)
        }
        #expect(run.q.storage.nextSequence < 3_100)   // renumbered at least once
        run.drainAndCompare()
    }

    /// The wrap with cancelled (dead) keys in the overflow heap and entries in the fine buckets and
    /// the wheel: the renumbering keeps every level's order and rewrites the heap's keys.
    @Test func renumberingWithDeadKeysInTheOverflowHeap() {
        var rng = RandomStream(seed: 61)
        var run = QueueAgainstSortedList()
        run.q = EventQueue(firstSequenceForTesting: UInt64(UInt32.max) - 60)
        let span = EventQueue<Int>.bucketNanoseconds * EventQueue<Int>.bucketCount
        for index in 0..<60 {
            let delay = index % 3 == 0 ? span + Int64(rng.nextInt(below: 5)) * 1_000 : Int64(rng.nextInt(below: 5)) * 1_000
            run.add(delay, postProbability: 0, &rng)
        }
        for _ in 0..<25 { run.cancelRandom(probability: 1, &rng) }
        #expect(run.q.storage.cancelledInHeap > 0 && run.q.storage.fineStored > 0)
        run.pop()
        for _ in 0..<5 { run.add(Int64(rng.nextInt(below: 5)) * 1_000, postProbability: 0.2, &rng) }   // crosses the wrap
        #expect(run.q.storage.nextSequence < 100)
        run.q.checkInvariants()
        run.drainAndCompare()
    }

    /// Copies are values: after a copy, each queue pops its own events (the storage is copied on
    /// the first mutation of a shared one), checked against a reference each.
    @Test(arguments: [UInt64(71), 72])
    func copiesAreIndependent(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        var run = QueueAgainstSortedList()
        for _ in 0..<1_500 {
            run.add(EventQueueWheelTests.delay(&rng), postProbability: 0.3, &rng)
            run.cancelRandom(probability: 0.3, &rng)
            if rng.nextBool(probability: 0.4) { run.pop() }
        }
        var copy = run   // shares the storage until one of them mutates
        #expect(copy.q.storage === run.q.storage)
        for _ in 0..<1_000 {
            copy.add(EventQueueWheelTests.delay(&rng), postProbability: 0.3, &rng)
            copy.cancelRandom(probability: 0.4, &rng)
            if rng.nextBool(probability: 0.5) { copy.pop() }
        }
        #expect(copy.q.storage !== run.q.storage)
        for _ in 0..<1_000 {
            run.add(Int64(rng.nextInt(below: 1_000_000)), postProbability: 0.5, &rng)
            if rng.nextBool(probability: 0.6) { run.pop() }
        }
        copy.drainAndCompare()
        run.drainAndCompare()
    }

    /// Payloads with a lifetime (class instances) are destroyed exactly when their event pops, is
    /// cancelled or the queue goes away, and survive slot-buffer growth, compaction and copies.
    @Test func payloadLifetimesFollowTheirEvents() {
        final class Token { let id: Int; init(_ id: Int) { self.id = id } }
        var rng = RandomStream(seed: 81)
        struct Weak { weak var token: Token? }
        var watched: [(ref: Weak, state: Int)] = []   // 0 pending, 1 popped or cancelled
        var handles: [(TimerHandle, Int)] = []
        do {
            var q = EventQueue<Token>()
            for id in 0..<3_000 {
                let token = Token(id)
                watched.append((Weak(token: token), 0))
                let delay = SimDuration.nanoseconds(Int64(rng.nextInt(below: Int(EventQueue<Token>.bucketNanoseconds) * 8)))
                if rng.nextBool(probability: 0.3) { q.post(token, after: delay) } else { handles.append((q.schedule(token, after: delay), id)) }
                if rng.nextBool(probability: 0.35), !handles.isEmpty {
                    let (handle, victim) = handles.remove(at: rng.nextInt(below: handles.count))
                    if q.cancel(handle) { watched[victim].state = 1 }
                }
                if rng.nextBool(probability: 0.3), let (_, token) = q.popNext() { watched[token.id].state = 1 }
                if id == 1_500 {
                    let copy = q   // shared, then copied by the next mutation; dropped at scope end
                    #expect(copy.count == q.count)
                }
            }
            q.checkInvariants()
            for entry in watched {
                // Pending tokens are held by the queue; popped or cancelled ones are gone.
                #expect((entry.ref.token != nil) == (entry.state == 0))
            }
        }
        #expect(watched.allSatisfy { $0.ref.token == nil })   // the queue released the rest
    }

    /// Cancelling wheel entries unlinks them at once (head, middle and tail of one bucket's list,
    /// in random order) and frees their slots for reuse; the survivors pop in (time, insertion)
    /// order.
    @Test func cancellingInTheWheelUnlinksAndFreesTheSlot() {
        var rng = RandomStream(seed: 91)
        var run = QueueAgainstSortedList()
        let bucket = EventQueue<Int>.bucketNanoseconds
        // 300 entries in three buckets ahead (so all in the wheel), equal times among them.
        for _ in 0..<300 { run.add(bucket * Int64(2 + rng.nextInt(below: 3)) + Int64(rng.nextInt(below: 4)), postProbability: 0, &rng) }
        #expect(run.q.storage.wheelStored == 300)
        for step in 0..<200 {
            run.cancelRandom(probability: 1, &rng)
            if step % 17 == 0 { run.q.checkInvariants() }
        }
        #expect(run.q.storage.wheelStored == 100)
        let slots = run.q.storage.slotCount
        for _ in 0..<200 { run.add(bucket * 3, postProbability: 0.5, &rng) }   // reuses the freed slots
        #expect(run.q.storage.slotCount == slots)
        run.drainAndCompare()
    }
}
