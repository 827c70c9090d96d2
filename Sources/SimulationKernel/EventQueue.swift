import SimulationPrimitives

/// A handle to a scheduled event, used to cancel it. Handles are small values (slot + generation);
/// a handle whose event already ran or was cancelled is stale and cancelling it does nothing.
public struct TimerHandle: Hashable, Sendable {
    @usableFromInline let slot: UInt32
    @usableFromInline let generation: UInt32
    @inlinable init(slot: UInt32, generation: UInt32) { self.slot = slot; self.generation = generation }
}

/// The simulation's future event list: a binary min-heap of value-type entries ordered by
/// (time, insertion sequence), so events at equal times run first-in first-out (DESIGN §2).
///
/// ```swift
/// var queue = EventQueue<MyEvent>()
/// let t = queue.schedule(.arrival(customer: 1), at: .zero + .milliseconds(5))
/// queue.cancel(t)
/// while let (now, event) = queue.popNext() { … }   // time never goes backwards
/// ```
///
/// `Payload` is the model's own event type, usually a small enum dispatched with a `switch`:
/// no closure or existential per event, so the kernel runs at tens of millions of events per
/// second (see `cinesim bench kernel`). Cancellation is lazy (a generation check when an entry
/// reaches the top); when cancelled entries exceed half the heap, the heap is compacted, so they
/// never accumulate without bound. Complexity: `schedule` and `popNext` O(log n), `cancel` O(1)
/// amortised. Events that are never cancelled can be ``post(_:at:)``ed instead, skipping the
/// handle bookkeeping. Heap layout after Williams (1964); the FIFO tie-break follows SimPy's event ids.
public struct EventQueue<Payload> {
    @usableFromInline struct Entry {
        @usableFromInline var time: Int64
        @usableFromInline var sequence: UInt64
        @usableFromInline var slot: UInt32
        @usableFromInline var generation: UInt32
        @usableFromInline var payload: Payload

        @inlinable init(time: Int64, sequence: UInt64, slot: UInt32, generation: UInt32, payload: Payload) {
            self.time = time; self.sequence = sequence; self.slot = slot; self.generation = generation; self.payload = payload
        }

        @inlinable func precedes(_ other: Entry) -> Bool {
            time < other.time || (time == other.time && sequence < other.sequence)
        }
    }

    @usableFromInline var heap: [Entry] = []
    /// Current generation of each slot; an entry is live while its generation matches.
    @usableFromInline var slotGenerations: [UInt32] = []
    @usableFromInline var freeSlots: [UInt32] = []
    @usableFromInline var nextSequence: UInt64 = 0
    @usableFromInline var cancelledInHeap: Int = 0

    @usableFromInline var clock: SimTime = .zero

    /// The time of the last event popped (the simulation clock). Starts at zero.
    @inlinable public var now: SimTime { clock }

    /// An empty queue at time zero.
    public init() {}

    /// Live (not cancelled) pending events.
    @inlinable public var count: Int { heap.count - cancelledInHeap }
    /// Whether no live event is pending.
    @inlinable public var isEmpty: Bool { count == 0 }
    /// Entries held, including cancelled ones not yet removed (for the boundedness invariant).
    public var storedEntryCount: Int { heap.count }

    /// Schedules `payload` at `time`. Precondition: `time >= now` (scheduling in the past is a
    /// programming error in the model, not a recoverable condition).
    @inlinable @discardableResult
    public mutating func schedule(_ payload: Payload, at time: SimTime) -> TimerHandle {
        precondition(time >= now, "EventQueue.schedule: \(time) is before the current time \(now)")
        let slot: UInt32
        if let reused = freeSlots.popLast() {
            slot = reused
        } else {
            slot = UInt32(slotGenerations.count)
            slotGenerations.append(0)
        }
        let generation = slotGenerations[Int(slot)]
        heap.append(Entry(time: time.nanosecondsSinceStart, sequence: nextSequence, slot: slot, generation: generation, payload: payload))
        nextSequence &+= 1
        siftUp(heap.count - 1)
        return TimerHandle(slot: slot, generation: generation)
    }

    /// Schedules `payload` `delay` after the current time. Precondition: `delay >= 0`.
    @inlinable @discardableResult
    public mutating func schedule(_ payload: Payload, after delay: SimDuration) -> TimerHandle {
        schedule(payload, at: now + delay)
    }

    /// Slot value of entries scheduled with ``post(_:at:)``: no handle, no bookkeeping.
    @usableFromInline static var uncancellableSlot: UInt32 { .max }

    /// Schedules `payload` at `time` without a handle: the event cannot be cancelled, and in
    /// exchange costs no slot bookkeeping (the common case in models: arrivals, service
    /// completions). Ordering is the same as ``schedule(_:at:)`` (time, then insertion order).
    /// Precondition: `time >= now`.
    @inlinable
    public mutating func post(_ payload: Payload, at time: SimTime) {
        precondition(time >= now, "EventQueue.post: \(time) is before the current time \(now)")
        heap.append(Entry(time: time.nanosecondsSinceStart, sequence: nextSequence, slot: Self.uncancellableSlot, generation: 0, payload: payload))
        nextSequence &+= 1
        siftUp(heap.count - 1)
    }

    /// Schedules `payload` `delay` after now without a handle; see ``post(_:at:)``.
    @inlinable
    public mutating func post(_ payload: Payload, after delay: SimDuration) {
        post(payload, at: now + delay)
    }

    /// Cancels a pending event. Cancelling an event that already ran or was cancelled does nothing.
    /// - Returns: whether a pending event was cancelled.
    @inlinable @discardableResult
    public mutating func cancel(_ handle: TimerHandle) -> Bool {
        let index = Int(handle.slot)
        guard index < slotGenerations.count, slotGenerations[index] == handle.generation else { return false }
        slotGenerations[index] &+= 1
        freeSlots.append(handle.slot)
        cancelledInHeap += 1
        if cancelledInHeap > 32 && cancelledInHeap * 2 > heap.count { compact() }
        return true
    }

    /// Whether the event behind `handle` is still pending.
    @inlinable public func isPending(_ handle: TimerHandle) -> Bool {
        Int(handle.slot) < slotGenerations.count && slotGenerations[Int(handle.slot)] == handle.generation
    }

    /// The time of the next live event, if any (drops cancelled entries at the top).
    @inlinable public mutating func peekTime() -> SimTime? {
        dropCancelledTop()
        return heap.first.map { SimTime(nanosecondsSinceStart: $0.time) }
    }

    /// Removes the earliest live event, advances ``now`` to its time and returns it.
    @inlinable public mutating func popNext() -> (time: SimTime, payload: Payload)? {
        dropCancelledTop()
        guard !heap.isEmpty else { return nil }
        let top = removeTop()
        if top.slot != Self.uncancellableSlot {
            slotGenerations[Int(top.slot)] &+= 1
            freeSlots.append(top.slot)
        }
        let time = SimTime(nanosecondsSinceStart: top.time)
        clock = time
        return (time, top.payload)
    }

    /// Advances the clock to `time` without an event (e.g. the end of a run).
    /// Precondition: `time >= now` and no live event is due before `time`.
    public mutating func advance(to time: SimTime) {
        precondition(time >= now, "EventQueue.advance: \(time) is before \(now)")
        clock = time
    }

    // MARK: - Heap mechanics

    @inlinable mutating func dropCancelledTop() {
        while let first = heap.first, first.slot != Self.uncancellableSlot, slotGenerations[Int(first.slot)] != first.generation {
            _ = removeTop()
            cancelledInHeap -= 1
        }
    }

    @inlinable mutating func removeTop() -> Entry {
        let last = heap.removeLast()
        if heap.isEmpty { return last }
        let top = heap[0]
        heap[0] = last
        siftDown(0)
        return top
    }

    // Sifting works on the raw buffer: one uniqueness check per operation instead of one per
    // element write, and no bounds checks in release (indices are in range by construction).
    @inlinable mutating func siftUp(_ start: Int) {
        heap.withUnsafeMutableBufferPointer { buffer in
            var child = start
            let moving = buffer[child]
            while child > 0 {
                let parent = (child - 1) >> 1
                if moving.precedes(buffer[parent]) {
                    buffer[child] = buffer[parent]
                    child = parent
                } else { break }
            }
            buffer[child] = moving
        }
    }

    @inlinable mutating func siftDown(_ start: Int) {
        heap.withUnsafeMutableBufferPointer { buffer in
            let count = buffer.count
            var parent = start
            let moving = buffer[parent]
            while true {
                let left = 2 * parent + 1
                if left >= count { break }
                let right = left + 1
                // Branch-free child choice: event times are random, so this branch mispredicts often.
                let best = left &+ ((right < count && buffer[right].precedes(buffer[left])) ? 1 : 0)
                if buffer[best].precedes(moving) {
                    buffer[parent] = buffer[best]
                    parent = best
                } else { break }
            }
            buffer[parent] = moving
        }
    }

    /// Removes every cancelled entry and re-heapifies (Floyd's O(n) build). Inlinable so that it
    /// is specialised for the model's payload like the sifts: generic code moves each entry through
    /// value witnesses (compaction was ~3 % of a platform run's instructions).
    @inlinable mutating func compact() {
        heap.removeAll { $0.slot != Self.uncancellableSlot && slotGenerations[Int($0.slot)] != $0.generation }
        cancelledInHeap = 0
        if heap.count > 1 {
            for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
        }
    }

    /// Checks the heap order and bookkeeping; for tests and checked builds (STYLE.md, invariants).
    public func checkInvariants() {
        for index in 1..<max(heap.count, 1) where index < heap.count {
            precondition(!heap[index].precedes(heap[(index - 1) >> 1]), "EventQueue heap order broken at \(index)")
        }
        let dead = heap.reduce(0) { $0 + ($1.slot != Self.uncancellableSlot && slotGenerations[Int($1.slot)] != $1.generation ? 1 : 0) }
        precondition(dead == cancelledInHeap, "EventQueue cancelled count \(cancelledInHeap) != \(dead)")
    }
}
