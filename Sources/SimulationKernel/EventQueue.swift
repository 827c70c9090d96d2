import SimulationPrimitives

/// A handle to a scheduled event, used to cancel it. Handles are small values (slot + generation,
/// the generation being the low 32 bits of the event's insertion sequence);
/// a handle whose event already ran or was cancelled is stale and cancelling it does nothing.
public struct TimerHandle: Hashable, Sendable {
    @usableFromInline let slot: UInt32
    @usableFromInline let generation: UInt32
    @inlinable init(slot: UInt32, generation: UInt32) { self.slot = slot; self.generation = generation }
}

/// The simulation's future event list: entries ordered by (time, insertion sequence), so events
/// at equal times run first-in first-out (DESIGN §2).
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
/// second (see `cinesim bench kernel`).
///
/// Two levels (a 4-ary min-heap under a timing wheel, after Varghese & Lauck 1987): an event due
/// in the wheel's current bucket (``bucketNanoseconds``, ~16.8 ms) or beyond the wheel's span
/// (``bucketCount`` buckets, ~68.7 s) goes into the heap; an event due in one of the next buckets is
/// appended, unsorted, to that bucket. When the heap holds nothing earlier than the end of the
/// current bucket, the next bucket is poured into the heap, skipping entries cancelled meanwhile.
/// Everything earlier than the current bucket's end is in the heap, so the pop order is exactly the
/// single heap's (time, sequence) order; what changes is the cost: timeouts (client, Hystrix, read
/// deadlines), which are mostly cancelled long before they are due, never enter the heap, and the
/// heap holds ~one bucket of events instead of every pending timer.
///
/// Cancellation is lazy (a generation check when an entry reaches the top or is poured); when
/// cancelled entries exceed half of the heap (or of the wheel), that part is compacted, so they
/// never accumulate without bound. Complexity: `schedule` O(1) into the wheel, O(log n) into the
/// heap; `popNext` O(log n) amortised; `cancel` O(1) amortised. Events that are never cancelled can
/// be ``post(_:at:)``ed instead, skipping the handle bookkeeping. Heap after Williams (1964), 4-ary (Johnson 1975);
/// the FIFO tie-break follows SimPy's event ids.
public struct EventQueue<Payload> {
    /// A pending event. Its slot generation is not stored: it is the low 32 bits of its
    /// `sequence` (``generation(of:)``), which keeps the entry at 32 bytes for a platform's
    /// ~11-byte payload instead of 40 (the heap's sifts move entries; a fifth less to move).
    @usableFromInline struct Entry {
        @usableFromInline var time: Int64
        @usableFromInline var sequence: UInt64
        // The payload before the slot: an 8-aligned payload of up to 12 bytes then ends the entry
        // at 32 bytes (slot in its tail), where slot-then-payload would pad to 40.
        @usableFromInline var payload: Payload
        @usableFromInline var slot: UInt32

        @inlinable init(time: Int64, sequence: UInt64, slot: UInt32, payload: Payload) {
            self.time = time; self.sequence = sequence; self.slot = slot; self.payload = payload
        }

        /// The generation its slot had when it was scheduled: the low 32 bits of its sequence.
        @inlinable var generation: UInt32 { UInt32(truncatingIfNeeded: sequence) }

        @inlinable func precedes(_ other: Entry) -> Bool {
            time < other.time || (time == other.time && sequence < other.sequence)
        }
    }

    /// A slot's state: its current generation (an entry is live while its generation matches) and
    /// whether its current entry waits in the wheel (so a cancel counts it there). One array of
    /// both, not two: each schedule, cancel and pour pays one uniqueness and bounds check.
    @usableFromInline struct SlotState {
        @usableFromInline var generation: UInt32
        @usableFromInline var inWheel: Bool
        @inlinable init(generation: UInt32, inWheel: Bool) { self.generation = generation; self.inWheel = inWheel }
    }

    /// A wheel node: an entry and the next node of its bucket (or of the free list); -1 ends a
    /// list. One array of both (an `Int32` fits in the entry's tail padding for small payloads).
    @usableFromInline struct WheelNode {
        @usableFromInline var entry: Entry
        @usableFromInline var next: Int32
        @inlinable init(entry: Entry, next: Int32) { self.entry = entry; self.next = next }
    }

    /// A 4-ary min-heap (children of `i` at `4i + 1 … 4i + 4`): half the levels of a binary heap,
    /// so half the entry moves per sift (an entry is ~40 bytes), with the children of a node
    /// adjacent in memory. Keys are unique (time, sequence), so the pop order is the same as any
    /// other correct priority queue's.
    @usableFromInline var heap: [Entry] = []
    /// Whether `heap[0]` is a hole left by the last pop (a stale copy; the subtrees below it are
    /// heaps). The next heap insert fills it, sifting down from the root, so a handler that
    /// schedules one event per event it runs (the common case) pays one sift instead of a pop's
    /// sift-down plus an insert's sift-up; any other access fills it with the last entry first.
    @usableFromInline var rootVacant = false
    @usableFromInline var slots: [SlotState] = []
    @usableFromInline var freeSlots: [UInt32] = []
    @usableFromInline var nextSequence: UInt64 = 0
    @usableFromInline var cancelledInHeap: Int = 0

    /// The wheel: ``bucketCount`` unsorted buckets, each a singly linked list of nodes in one pool
    /// (no allocation per bucket: a free node is reused, the pool only grows to the most entries
    /// the wheel ever held). Bucket `b` (entries with `time >> bucketShift == b`) is list
    /// `bucketHead[b & (bucketCount - 1)]` while `wheelBase < b < wheelBase + bucketCount`.
    @usableFromInline var bucketHead: [Int32] = []
    /// The node pool.
    @usableFromInline var wheelNodes: [WheelNode] = []
    /// First free node of the pool, -1 when none.
    @usableFromInline var wheelFree: Int32 = -1
    /// The current bucket: every entry of it and of earlier buckets is in the heap.
    @usableFromInline var wheelBase: Int64 = 0
    /// Entries in the wheel, cancelled ones included, and the cancelled ones.
    @usableFromInline var wheelStored: Int = 0
    @usableFromInline var cancelledInWheel: Int = 0

    @usableFromInline var clock: SimTime = .zero

    /// log2 of the wheel's bucket width in nanoseconds (2^24 ns ≈ 16.8 ms: about the heap's
    /// working set of network and compute events; wider buckets make a larger heap, narrower ones
    /// more pours of few entries).
    @usableFromInline static var bucketShift: Int64 { 24 }
    /// Buckets in the wheel (4,096 × 16.8 ms ≈ 68.7 s: covers the platform's client timeout (30 s)
    /// and the edge balancer's 60 s read timeout; later events go to the heap).
    @usableFromInline static var bucketCount: Int64 { 4_096 }
    /// Width of one wheel bucket.
    public static var bucketNanoseconds: Int64 { 1 << bucketShift }

    /// The time of the last event popped (the simulation clock). Starts at zero.
    @inlinable public var now: SimTime { clock }

    /// An empty queue at time zero.
    public init() {}

    /// Live (not cancelled) pending events.
    @inlinable public var count: Int { heap.count - (rootVacant ? 1 : 0) - cancelledInHeap + wheelStored - cancelledInWheel }
    /// Whether no live event is pending.
    @inlinable public var isEmpty: Bool { count == 0 }
    /// Entries held, including cancelled ones not yet removed (for the boundedness invariant).
    public var storedEntryCount: Int { heap.count - (rootVacant ? 1 : 0) + wheelStored }

    /// Schedules `payload` at `time`. Precondition: `time >= now` (scheduling in the past is a
    /// programming error in the model, not a recoverable condition).
    @inlinable @discardableResult
    public mutating func schedule(_ payload: Payload, at time: SimTime) -> TimerHandle {
        precondition(time >= now, "EventQueue.schedule: \(time) is before the current time \(now)")
        let slot: UInt32
        // `last` + `removeLast()` rather than `popLast()`, which is not inlined (a call per schedule).
        if let reused = freeSlots.last {
            freeSlots.removeLast()
            slot = reused
        } else {
            slot = UInt32(slots.count)
            slots.append(SlotState(generation: 0, inWheel: false))
        }
        // The slot's generation becomes the entry's (its sequence's low bits): a new value per
        // schedule, so stale handles and stale entries of the slot no longer match.
        let generation = UInt32(truncatingIfNeeded: nextSequence)
        let inWheel = insert(Entry(time: time.nanosecondsSinceStart, sequence: nextSequence, slot: slot, payload: payload))
        slots[Int(slot)] = SlotState(generation: generation, inWheel: inWheel)
        nextSequence &+= 1
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
        insert(Entry(time: time.nanosecondsSinceStart, sequence: nextSequence, slot: Self.uncancellableSlot, payload: payload))
        nextSequence &+= 1
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
        guard index < slots.count, slots[index].generation == handle.generation else { return false }
        let inWheel = slots[index].inWheel
        slots[index] = SlotState(generation: handle.generation &+ 1, inWheel: false)
        freeSlots.append(handle.slot)
        if inWheel {
            cancelledInWheel += 1
            if cancelledInWheel > 1_024 && cancelledInWheel * 2 > wheelStored { compactWheel() }
        } else {
            cancelledInHeap += 1
            if cancelledInHeap > 32 && cancelledInHeap * 2 > heap.count { compact() }
        }
        return true
    }

    /// Whether the event behind `handle` is still pending.
    @inlinable public func isPending(_ handle: TimerHandle) -> Bool {
        Int(handle.slot) < slots.count && slots[Int(handle.slot)].generation == handle.generation
    }

    /// The time of the next live event, if any (drops cancelled entries at the top).
    @inlinable public mutating func peekTime() -> SimTime? {
        settleTop()
        return heap.first.map { SimTime(nanosecondsSinceStart: $0.time) }
    }

    /// Removes the earliest live event, advances ``now`` to its time and returns it.
    @inlinable public mutating func popNext() -> (time: SimTime, payload: Payload)? {
        settleTop()
        guard !heap.isEmpty else { return nil }
        let top = heap[0]
        rootVacant = true   // filled by the next heap insert or settle
        if top.slot != Self.uncancellableSlot {
            slots[Int(top.slot)].generation &+= 1   // a heap entry: `inWheel` is already false
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

    // MARK: - Wheel mechanics

    /// Puts `entry` in the wheel when it is due in one of the next buckets, else in the heap.
    /// - Returns: whether it went into the wheel.
    @inlinable @discardableResult
    mutating func insert(_ entry: Entry) -> Bool {
        let ahead = (entry.time >> Self.bucketShift) &- wheelBase
        if ahead > 0 && ahead < Self.bucketCount {
            if bucketHead.isEmpty { bucketHead = Array(repeating: -1, count: Int(Self.bucketCount)) }
            let bucket = Int((entry.time >> Self.bucketShift) & (Self.bucketCount - 1))
            let node: Int32
            if wheelFree >= 0 {
                node = wheelFree
                wheelFree = wheelNodes[Int(node)].next
                wheelNodes[Int(node)] = WheelNode(entry: entry, next: bucketHead[bucket])
            } else {
                node = Int32(wheelNodes.count)
                wheelNodes.append(WheelNode(entry: entry, next: bucketHead[bucket]))
            }
            bucketHead[bucket] = node
            wheelStored += 1
            return true
        }
        pushHeap(entry)
        return false
    }

    /// Adds `entry` to the heap: into the vacant root (sifting down) if the last pop left one,
    /// else at the end (sifting up).
    @inlinable mutating func pushHeap(_ entry: Entry) {
        if rootVacant {
            rootVacant = false
            heap.withUnsafeMutableBufferPointer { Self.siftDown($0, from: 0, moving: entry) }
        } else {
            heap.append(entry)
            siftUp(heap.count - 1)
        }
    }

    /// Fills the vacant root with the last entry (the classic pop's second half).
    @inlinable mutating func fillVacantRoot() {
        rootVacant = false
        let last = heap.removeLast()
        if heap.isEmpty { return }   // the hole was the only slot
        heap.withUnsafeMutableBufferPointer { Self.siftDown($0, from: 0, moving: last) }
    }

    /// Makes the heap's top (if any) the earliest live pending entry: drops cancelled tops and pours
    /// wheel buckets while the heap holds nothing due before the current bucket ends.
    @inlinable mutating func settleTop() {
        if rootVacant { fillVacantRoot() }
        while true {
            dropCancelledTop()
            if wheelStored == 0 {
                // Nothing in the wheel: move its base up so later timers use it again.
                let bucket = (heap.first?.time ?? clock.nanosecondsSinceStart) >> Self.bucketShift
                if bucket > wheelBase { wheelBase = bucket }
                return
            }
            if let first = heap.first, first.time < (wheelBase &+ 1) << Self.bucketShift { return }
            wheelBase &+= 1
            pour(Int(wheelBase & (Self.bucketCount - 1)))
        }
    }

    /// Moves bucket `index`'s live entries into the heap (in any order: the heap orders them) and
    /// returns its nodes to the free list, dropping entries cancelled meanwhile.
    @inlinable mutating func pour(_ index: Int) {
        var node = bucketHead[index]
        if node < 0 { return }
        bucketHead[index] = -1
        while node >= 0 {
            let entry = wheelNodes[Int(node)].entry
            let next = wheelNodes[Int(node)].next
            wheelNodes[Int(node)].next = wheelFree
            wheelFree = node
            wheelStored -= 1
            node = next
            if entry.slot != Self.uncancellableSlot {
                if slots[Int(entry.slot)].generation != entry.generation { cancelledInWheel -= 1; continue }
                slots[Int(entry.slot)].inWheel = false
            }
            pushHeap(entry)
        }
    }

    /// Unlinks every cancelled entry from the wheel's buckets into the free list (amortised O(1)
    /// per cancel), so the pool never holds more than about twice the live wheel entries.
    @inlinable mutating func compactWheel() {
        for bucket in bucketHead.indices where bucketHead[bucket] >= 0 {
            var node = bucketHead[bucket]
            var kept: Int32 = -1
            while node >= 0 {
                let next = wheelNodes[Int(node)].next
                let entry = wheelNodes[Int(node)].entry
                if entry.slot != Self.uncancellableSlot && slots[Int(entry.slot)].generation != entry.generation {
                    wheelNodes[Int(node)].next = wheelFree
                    wheelFree = node
                } else {
                    wheelNodes[Int(node)].next = kept
                    kept = node
                }
                node = next
            }
            bucketHead[bucket] = kept
        }
        wheelStored -= cancelledInWheel
        cancelledInWheel = 0
    }

    // MARK: - Heap mechanics

    @inlinable mutating func dropCancelledTop() {
        while let first = heap.first, first.slot != Self.uncancellableSlot, slots[Int(first.slot)].generation != first.generation {
            _ = removeTop()
            cancelledInHeap -= 1
        }
    }

    @inlinable mutating func removeTop() -> Entry {
        let last = heap.removeLast()
        if heap.isEmpty { return last }
        // The last entry sifts down from the root in the same buffer access that reads the top
        // (no separate `heap[0] = last` write with its own uniqueness check).
        return heap.withUnsafeMutableBufferPointer { buffer in
            let top = buffer[0]
            Self.siftDown(buffer, from: 0, moving: last)
            return top
        }
    }

    // Sifting works on the raw buffer: one uniqueness check per operation instead of one per
    // element write, and no bounds checks in release (indices are in range by construction).
    @inlinable mutating func siftUp(_ start: Int) {
        heap.withUnsafeMutableBufferPointer { buffer in
            var child = start
            let moving = buffer[child]
            while child > 0 {
                let parent = (child - 1) >> 2
                if moving.precedes(buffer[parent]) {
                    buffer[child] = buffer[parent]
                    child = parent
                } else { break }
            }
            buffer[child] = moving
        }
    }

    @inlinable mutating func siftDown(_ start: Int) {
        heap.withUnsafeMutableBufferPointer { buffer in Self.siftDown(buffer, from: start, moving: buffer[start]) }
    }

    /// Puts `moving` at `start` of `buffer` and sifts it down to its place.
    @inlinable static func siftDown(_ buffer: UnsafeMutableBufferPointer<Entry>, from start: Int, moving: Entry) {
        let count = buffer.count
        var parent = start
        while true {
            let first = 4 &* parent &+ 1
            if first >= count { break }
            // The earliest of up to four children.
            var best = first
            if first &+ 3 < count {
                // All four present (the common case): two pairs, then their winners.
                let a = buffer[first &+ 1].precedes(buffer[first]) ? first &+ 1 : first
                let b = buffer[first &+ 3].precedes(buffer[first &+ 2]) ? first &+ 3 : first &+ 2
                best = buffer[b].precedes(buffer[a]) ? b : a
            } else {
                var child = first &+ 1
                while child < count {
                    if buffer[child].precedes(buffer[best]) { best = child }
                    child &+= 1
                }
            }
            if buffer[best].precedes(moving) {
                buffer[parent] = buffer[best]
                parent = best
            } else { break }
        }
        buffer[parent] = moving
    }

    /// Removes every cancelled entry from the heap and re-heapifies (Floyd's O(n) build). Inlinable
    /// so that it is specialised for the model's payload like the sifts: generic code moves each
    /// entry through value witnesses (compaction was ~3 % of a platform run's instructions).
    @inlinable mutating func compact() {
        if rootVacant { fillVacantRoot() }
        heap.removeAll { $0.slot != Self.uncancellableSlot && slots[Int($0.slot)].generation != $0.generation }
        cancelledInHeap = 0
        if heap.count > 1 {
            for index in stride(from: (heap.count - 2) / 4, through: 0, by: -1) { siftDown(index) }
        }
    }

    /// Checks the heap order, the wheel's placement and the bookkeeping; for tests and checked
    /// builds (STYLE.md, invariants).
    public func checkInvariants() {
        func dead(_ entry: Entry) -> Bool { entry.slot != Self.uncancellableSlot && slots[Int(entry.slot)].generation != entry.generation }
        // A vacant root (`rootVacant`) is a stale copy: check from its children on.
        let first = rootVacant ? 1 : 0
        for index in 1..<max(heap.count, 1) where index < heap.count && (index - 1) >> 2 >= first {
            precondition(!heap[index].precedes(heap[(index - 1) >> 2]), "EventQueue heap order broken at \(index)")
        }
        let held = heap.dropFirst(first)
        precondition(held.reduce(0) { $0 + (dead($1) ? 1 : 0) } == cancelledInHeap, "EventQueue cancelled count in the heap is wrong")
        for entry in held where !dead(entry) && entry.slot != Self.uncancellableSlot {
            precondition(!slots[Int(entry.slot)].inWheel, "EventQueue heap entry marked as in the wheel")
        }
        var stored = 0, deadInWheel = 0
        for (index, head) in bucketHead.enumerated() {
            var node = head
            while node >= 0 {
                let entry = wheelNodes[Int(node)].entry
                node = wheelNodes[Int(node)].next
                stored += 1
                if dead(entry) { deadInWheel += 1; continue }
                let ahead = (entry.time >> Self.bucketShift) - wheelBase
                precondition(ahead > 0 && ahead < Self.bucketCount, "EventQueue wheel entry outside the wheel's span")
                precondition(Int((entry.time >> Self.bucketShift) & (Self.bucketCount - 1)) == index, "EventQueue wheel entry in the wrong bucket")
                if entry.slot != Self.uncancellableSlot { precondition(slots[Int(entry.slot)].inWheel, "EventQueue wheel entry not marked") }
            }
        }
        precondition(stored == wheelStored && deadInWheel == cancelledInWheel, "EventQueue wheel counts are wrong")
        var free = 0, node = wheelFree
        while node >= 0 { free += 1; node = wheelNodes[Int(node)].next }
        precondition(free + stored == wheelNodes.count, "EventQueue wheel pool leaks nodes")
    }
}
