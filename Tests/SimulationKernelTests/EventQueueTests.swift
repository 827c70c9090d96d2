import Testing
import SimulationPrimitives
@testable import SimulationKernel

@Suite struct EventQueueTests {
    @Test func equalTimesRunFirstInFirstOut() {
        var q = EventQueue<Int>()
        for i in 0..<100 { q.schedule(i, at: SimTime(nanosecondsSinceStart: Int64(i % 3))) }
        var seen: [(Int64, Int)] = []
        while let (t, p) = q.popNext() { seen.append((t.nanosecondsSinceStart, p)) }
        let expected = (0..<100).map { (Int64($0 % 3), $0) }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        #expect(seen.map(\.0) == expected.map(\.0))
        #expect(seen.map(\.1) == expected.map(\.1))
    }

    @Test func cancelledEventsNeverRunAndDoNotAccumulate() {
        var q = EventQueue<Int>()
        var rng = RandomStream(seed: 9)
        var live: [TimerHandle] = []
        for round in 0..<20_000 {
            let h = q.schedule(round, at: q.now + .nanoseconds(Int64(rng.nextInt(below: 1_000))))
            live.append(h)
            if rng.nextBool(probability: 0.6), let victim = live.popLast() { q.cancel(victim) }
            if round % 7 == 0, q.popNext() != nil {}
            #expect(q.storedEntryCount <= 2 * q.count + 33)
        }
        q.checkInvariants()
        var last = q.now
        while let (t, _) = q.popNext() { #expect(t >= last); last = t }
    }

    @Test func staleHandleCancelIsNoOp() {
        var q = EventQueue<String>()
        let a = q.schedule("a", at: .zero)
        #expect(q.popNext()?.payload == "a")
        let b = q.schedule("b", at: .zero + .seconds(1))
        #expect(q.cancel(a) == false)
        #expect(q.isPending(b))
        #expect(q.popNext()?.payload == "b")
        #expect(q.now == .zero + .seconds(1))
    }
}

@Suite struct EventQueuePostTests {
    /// Posted (uncancellable) and scheduled events interleave in one (time, insertion) order, and
    /// cancelling scheduled ones never disturbs posted ones: compared with a sorted reference list.
    @Test(arguments: [UInt64(1), 2, 3])
    func postedAndScheduledEventsPopInTimeThenInsertionOrder(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        var q = EventQueue<Int>()
        var reference: [(time: Int64, id: Int)] = []
        var handles: [(TimerHandle, Int)] = []
        var cancelled = Set<Int>()
        for id in 0..<5_000 {
            let time = q.now + .nanoseconds(Int64(rng.nextInt(below: 50)))
            if rng.nextBool(probability: 0.5) {
                q.post(id, at: time)
            } else {
                handles.append((q.schedule(id, at: time), id))
            }
            reference.append((time.nanosecondsSinceStart, id))
            if rng.nextBool(probability: 0.2), let (handle, victim) = handles.popLast() {
                let wasPending = q.cancel(handle)
                #expect(wasPending)
                cancelled.insert(victim)
            }
        }
        q.checkInvariants()
        var popped: [Int] = []
        while let (_, id) = q.popNext() { popped.append(id) }
        let expected = reference.filter { !cancelled.contains($0.id) }.sorted { ($0.time, $0.id) < ($1.time, $1.id) }.map(\.id)
        #expect(popped == expected)
    }
}
