import Testing
import SimulationPrimitives
@testable import SimulationKernel

/// An `EventQueue<Int>` driven side by side with the simplest correct future event list: a list
/// kept sorted by (time, insertion id). The property tests add, cancel and pop through it and
/// compare the whole pop sequence at the end.
struct QueueAgainstSortedList {
    var q = EventQueue<Int>()
    /// The reference: every live event, sorted by (time, id).
    var pending: [(time: Int64, id: Int)] = []
    /// Handles of scheduled (cancellable) events, with their ids; posted events have none.
    var handles: [(TimerHandle, Int)] = []
    var popped: [(Int64, Int)] = []
    var expected: [(Int64, Int)] = []
    var nextID = 0

    /// Adds the next id at `now + delay` nanoseconds: posted (no handle) with probability
    /// `postProbability`, else scheduled. Draws one Bool from `rng`.
    mutating func add(_ delay: Int64, postProbability: Double, _ rng: inout RandomStream) {
        let time = q.now.nanosecondsSinceStart + delay, id = nextID
        if rng.nextBool(probability: postProbability) {
            q.post(id, at: SimTime(nanosecondsSinceStart: time))
        } else {
            handles.append((q.schedule(id, at: SimTime(nanosecondsSinceStart: time)), id))
        }
        let at = pending.firstIndex { ($0.time, $0.id) > (time, id) } ?? pending.count
        pending.insert((time, id), at: at)
        nextID += 1
    }

    /// With probability `probability`, cancels a random handle; the queue must report it pending
    /// exactly when the reference still holds it (not when it already popped).
    mutating func cancelRandom(probability: Double, _ rng: inout RandomStream) {
        guard rng.nextBool(probability: probability), !handles.isEmpty else { return }
        let (handle, victim) = handles.remove(at: rng.nextInt(below: handles.count))
        let wasPending = q.cancel(handle)
        if let index = pending.firstIndex(where: { $0.id == victim }) {
            #expect(wasPending)
            pending.remove(at: index)
        } else {
            #expect(!wasPending)
        }
    }

    /// Pops the next event from both; false when the queue is empty.
    @discardableResult
    mutating func pop() -> Bool {
        guard let (t, p) = q.popNext() else { return false }
        popped.append((t.nanosecondsSinceStart, p))
        if !pending.isEmpty { let first = pending.removeFirst(); expected.append((first.time, first.id)) }
        return true
    }

    /// Pops everything left and checks the whole pop sequence against the reference, and that no
    /// stored entry (cancelled ones included) survives.
    mutating func drainAndCompare() {
        q.checkInvariants()
        while pop() {}
        expected += pending.map { ($0.time, $0.id) }
        pending.removeAll()
        #expect(popped.map(\.0) == expected.map(\.0))
        #expect(popped.map(\.1) == expected.map(\.1))
        #expect(q.storedEntryCount == 0)
        #expect(q.isEmpty)
    }
}
