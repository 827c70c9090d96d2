import SimulationPrimitives

/// A handle to a scheduled event, used to cancel it. Handles are small values (slot + the slot's
/// generation when the event was scheduled); a handle whose event already ran or was cancelled is
/// stale (its slot's generation moved on) and cancelling it does nothing.
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
/// Three levels after Varghese & Lauck's timing wheel (1987): the wheel's current bucket
/// (``bucketNanoseconds``, ~1.05 ms) is split into 64 fine buckets of ~16.4 µs, each a list kept
/// sorted by (time, sequence); the next ``bucketCount`` − 1 buckets (~68.7 s) are unsorted lists;
/// events due later wait in an overflow 4-ary min-heap. When the fine buckets are empty, the wheel
/// moves to its next non-empty bucket and pours it (and the overflow entries due in it) into the
/// fine buckets. A pop takes the head of the first non-empty fine bucket (the lowest set bit of
/// one word), so the pop order is exactly the (time, sequence) order.
/// Most fine buckets hold zero or one entry and a new entry has the highest sequence, so an
/// insert is a link at a list's tail: no sift. Timeouts (client, Hystrix, read deadlines), which
/// are mostly cancelled long before they are due, sit in the wheel and are unlinked in O(1).
///
/// Every pending event has a *slot* (``Storage``): its payload, time, sequence and generation live
/// there, and the lists link slots (circular and doubly linked, so a cancel unlinks at once). The
/// overflow heap holds 16-byte keys (time, then sequence and slot packed in one word). All storage
/// is one object with raw buffers: a mutating call pays one uniqueness check (copy-on-write), not
/// one per array written.
///
/// Cancelling an entry in a list unlinks it and frees its slot at once; in the overflow heap,
/// cancellation is lazy (the entry keeps its slot until it reaches the top), and when cancelled
/// entries exceed half of the heap it is compacted, so they never accumulate without bound.
/// Complexity: `schedule` O(1) (O(k) for k entries in one ~16 µs fine bucket, O(log n) past the
/// wheel's span); `popNext` O(1) amortised plus one step per empty wheel bucket passed; `cancel`
/// O(1) amortised. Events that are never cancelled can be ``post(_:at:)``ed instead (no handle).
/// Heap after Williams (1964), 4-ary (Johnson 1975); the FIFO tie-break follows SimPy's event ids.
public struct EventQueue<Payload> {
    /// Slots, payloads, heap keys, wheel buckets and their counters (shared until a mutation when
    /// the queue is copied).
    @usableFromInline var storage: Storage
    @usableFromInline var clock: SimTime = .zero

    /// log2 of the wheel's bucket width in nanoseconds (2^20 ns ≈ 1.05 ms). Round 7 chose it for
    /// the heap that then held the current bucket; with the fine buckets (round 8) 2^21 ran as
    /// many instructions on the full reference run and 2^22 1.2 % more (docs/performance.md).
    @usableFromInline static var bucketShift: Int64 { 20 }
    /// Buckets in the wheel (65,536 × 1.05 ms ≈ 68.7 s: covers the platform's client timeout
    /// (30 s) and the edge balancer's 60 s read timeout; later events go to the heap).
    @usableFromInline static var bucketCount: Int64 { 65_536 }
    /// Width of one wheel bucket.
    public static var bucketNanoseconds: Int64 { 1 << bucketShift }
    /// log2 of a fine bucket's width in nanoseconds (2^14 ns ≈ 16.4 µs): the current bucket is 64
    /// fine buckets, one bit each in one word, and most of the reference scenario's fine buckets
    /// hold zero or one event (docs/performance.md, round 8).
    @usableFromInline static var fineShift: Int64 { bucketShift - 6 }
    /// Fine buckets in the current wheel bucket (64: one bit each in ``Storage/fineBits``).
    @usableFromInline static var fineCount: Int { 64 }
    /// The fine bucket of an entry due at `time` in the current wheel bucket.
    @inlinable static func fineIndex(_ time: Int64) -> Int { Int((time >> fineShift) & Int64(fineCount - 1)) }

    /// The time of the last event popped (the simulation clock). Starts at zero.
    @inlinable public var now: SimTime { clock }

    /// An empty queue at time zero.
    public init() { storage = Storage(firstSequence: 0) }

    /// An empty queue whose first event gets sequence number `firstSequence` (< 2^32), so tests can
    /// cross the point where sequences are renumbered (``Storage/renumberSequences()``).
    init(firstSequenceForTesting firstSequence: UInt64) {
        precondition(firstSequence <= UInt64(UInt32.max) + 1)
        storage = Storage(firstSequence: firstSequence)
    }

    /// Live (not cancelled) pending events.
    @inlinable public var count: Int { storage.liveCount }
    /// Whether no live event is pending.
    @inlinable public var isEmpty: Bool { count == 0 }
    /// Entries held, including cancelled ones not yet removed (for the boundedness invariant).
    public var storedEntryCount: Int { storage.storedCount }

    /// Copies the storage if another queue value shares it (value semantics; one check per call).
    @inlinable mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    /// Schedules `payload` at `time`. Precondition: `time >= now` (scheduling in the past is a
    /// programming error in the model, not a recoverable condition).
    @inlinable @discardableResult
    public mutating func schedule(_ payload: Payload, at time: SimTime) -> TimerHandle {
        precondition(time >= now, "EventQueue.schedule: \(time) is before the current time \(now)")
        makeUnique()
        return storage.add(payload, at: time.nanosecondsSinceStart)
    }

    /// Schedules `payload` `delay` after the current time. Precondition: `delay >= 0`.
    @inlinable @discardableResult
    public mutating func schedule(_ payload: Payload, after delay: SimDuration) -> TimerHandle {
        schedule(payload, at: now + delay)
    }

    /// Schedules `payload` at `time` without a handle: the event cannot be cancelled (the common
    /// case in models: arrivals, service completions). Ordering is the same as
    /// ``schedule(_:at:)`` (time, then insertion order). Precondition: `time >= now`.
    @inlinable
    public mutating func post(_ payload: Payload, at time: SimTime) {
        precondition(time >= now, "EventQueue.post: \(time) is before the current time \(now)")
        makeUnique()
        _ = storage.add(payload, at: time.nanosecondsSinceStart)
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
        guard isPending(handle) else { return false }
        makeUnique()
        storage.cancel(Int(handle.slot))
        return true
    }

    /// Whether the event behind `handle` is still pending.
    @inlinable public func isPending(_ handle: TimerHandle) -> Bool {
        Int(handle.slot) < storage.slotCount && storage.slots[Int(handle.slot)].generation == handle.generation
    }

    /// The time of the next live event, if any (may drop cancelled entries; O(1) while the
    /// current ~1 ms bucket holds an event, else a walk to the next non-empty wheel bucket).
    @inlinable public mutating func peekTime() -> SimTime? {
        makeUnique()
        return storage.earliestTime().map { SimTime(nanosecondsSinceStart: $0) }
    }

    /// Removes the earliest live event, advances ``now`` to its time and returns it.
    @inlinable public mutating func popNext() -> (time: SimTime, payload: Payload)? {
        makeUnique()
        guard let (nanoseconds, payload) = storage.popNext() else { return nil }
        let time = SimTime(nanosecondsSinceStart: nanoseconds)
        clock = time
        return (time, payload)
    }

    /// Advances the clock to `time` without an event (e.g. the end of a run).
    /// Precondition: `time >= now` and no live event is due before `time`.
    public mutating func advance(to time: SimTime) {
        precondition(time >= now, "EventQueue.advance: \(time) is before \(now)")
        clock = time
    }
}
