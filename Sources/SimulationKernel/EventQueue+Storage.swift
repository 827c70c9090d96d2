/// A heap entry: 16 bytes, four per cache line (a 4-ary node's children fill one line).
/// `order` packs the entry's sequence number (high 32 bits) and its slot (low 32 bits); sequences of
/// stored entries are distinct, so (time, order) orders entries exactly as (time, sequence) does,
/// and the slot rides along for free.
@usableFromInline struct EventKey {
    @usableFromInline var time: Int64
    @usableFromInline var order: UInt64

    @inlinable init(time: Int64, sequence: UInt32, slot: Int) {
        self.time = time
        self.order = UInt64(sequence) << 32 | UInt64(UInt32(truncatingIfNeeded: slot))
    }

    /// The slot holding the entry's payload.
    @inlinable var slot: Int { Int(UInt32(truncatingIfNeeded: order)) }

    /// (time, order) lexicographically, as one 128-bit unsigned comparison: the borrow out of
    /// `self − other` with `time` as the high word (a subtract-with-borrow; compiles to compares
    /// and conditional moves, no branch, so a sift's child choice costs no misprediction).
    /// Exact for all orders; times compare as unsigned, which is their signed order because they
    /// are never negative (the clock starts at zero and entries are never due before it).
    @inlinable func precedes(_ other: EventKey) -> Bool {
        let (_, lowBorrow) = order.subtractingReportingOverflow(other.order)
        let (high, highBorrow) = UInt64(bitPattern: time).subtractingReportingOverflow(UInt64(bitPattern: other.time))
        let (_, carriedBorrow) = high.subtractingReportingOverflow(lowBorrow ? 1 : 0)
        return highBorrow != carriedBorrow   // never both: a borrowed `high` is at least 1
    }
}

/// A slot's record. While the slot holds a stored entry: its time and sequence (the wheel keeps
/// only links, so a pour rebuilds the heap key from here), and `next`/`prev`, its neighbours in
/// its wheel bucket (a cancel unlinks it at once). While free: `next` is the next free slot.
/// `generation` counts the slot's events that ran or were cancelled; a handle is live while it
/// matches.
@usableFromInline struct EventSlot {
    @usableFromInline var time: Int64
    @usableFromInline var sequence: UInt32
    @usableFromInline var generation: UInt32
    @usableFromInline var next: Int32
    @usableFromInline var prev: Int32
    @usableFromInline var state: UInt8

    /// Not holding an entry (on the free list; its payload is uninitialised).
    @inlinable static var free: UInt8 { 0 }
    /// A live entry in the heap.
    @inlinable static var inHeap: UInt8 { 1 }
    /// A live entry in a wheel bucket.
    @inlinable static var inWheel: UInt8 { 2 }
    /// Cancelled, still in the heap until it reaches the top or a compaction (payload already
    /// destroyed). Entries cancelled in the wheel are unlinked and freed at once instead.
    @inlinable static var cancelled: UInt8 { 3 }

    @inlinable init(time: Int64, sequence: UInt32, generation: UInt32, next: Int32, prev: Int32, state: UInt8) {
        self.time = time; self.sequence = sequence; self.generation = generation; self.next = next; self.prev = prev; self.state = state
    }
}

extension EventQueue {
    /// Everything the queue holds, in raw buffers owned by one object: the slots and their payloads
    /// (indexed alike), the heap of keys, the wheel's bucket heads. Operations write through the
    /// buffers directly: no `Array` uniqueness or bounds checks (indices are in range by
    /// construction; `checkInvariants()` verifies the bookkeeping in tests). Stored properties are
    /// `@exclusivity(unchecked)`: the queue is single-threaded and no method overlaps two accesses
    /// to one property (a class's fields are otherwise checked dynamically on every access).
    @usableFromInline final class Storage {
        /// Slot records, `slotCount` initialised of `slotCapacity`.
        @exclusivity(unchecked) @usableFromInline var slots: UnsafeMutablePointer<EventSlot>
        /// Payloads by slot: initialised exactly for slots in state `inHeap` or `inWheel`.
        @exclusivity(unchecked) @usableFromInline var payloads: UnsafeMutablePointer<Payload>
        @exclusivity(unchecked) @usableFromInline var slotCount = 0
        @exclusivity(unchecked) @usableFromInline var slotCapacity: Int
        /// First free slot, -1 when none (a LIFO list through `EventSlot.next`).
        @exclusivity(unchecked) @usableFromInline var freeSlot: Int32 = -1
        /// Sequence of the next entry; always < 2^32 when used (``renumberSequences()``).
        @exclusivity(unchecked) @usableFromInline var nextSequence: UInt64

        /// The 4-ary min-heap (children of `i` at `4i + 1 … 4i + 4`), `heapCount` keys, placed so
        /// that keys 1…4, 5…8, … (each node's children) share one 64-byte line.
        @exclusivity(unchecked) @usableFromInline var heap: UnsafeMutablePointer<EventKey>
        @exclusivity(unchecked) @usableFromInline var heapAllocation: UnsafeMutableRawPointer
        @exclusivity(unchecked) @usableFromInline var heapCount = 0
        @exclusivity(unchecked) @usableFromInline var heapCapacity: Int
        /// Whether `heap[0]` is a hole left by the last pop (a stale key; the subtrees below it are
        /// heaps; `heapCount` includes it). The next heap insert fills it, sifting down from the
        /// root, so a handler that schedules one event per event it runs (the common case) pays one
        /// sift instead of a pop's sift-down plus an insert's sift-up; any other access fills it
        /// with the last key first.
        @exclusivity(unchecked) @usableFromInline var rootVacant = false
        /// Cancelled entries still in the heap.
        @exclusivity(unchecked) @usableFromInline var cancelledInHeap = 0

        /// The wheel: ``bucketCount`` unsorted buckets, each a doubly linked list of slots
        /// (`EventSlot.next`/`prev`; no node pool: the slot is the node). Bucket `b` (entries with
        /// `time >> bucketShift == b`) is list `bucketHead[b & (bucketCount - 1)]` while
        /// `wheelBase < b < wheelBase + bucketCount`; -1 ends a list.
        @exclusivity(unchecked) @usableFromInline var bucketHead: UnsafeMutablePointer<Int32>
        /// The current bucket: every entry of it and of earlier buckets is in the heap.
        @exclusivity(unchecked) @usableFromInline var wheelBase: Int64 = 0
        /// Entries in the wheel (all live: a cancel unlinks its entry).
        @exclusivity(unchecked) @usableFromInline var wheelStored = 0

        @usableFromInline static var initialCapacity: Int { 64 }

        @usableFromInline init(firstSequence: UInt64) {
            nextSequence = firstSequence
            slotCapacity = Self.initialCapacity
            slots = .allocate(capacity: slotCapacity)
            payloads = .allocate(capacity: slotCapacity)
            heapCapacity = Self.initialCapacity
            (heapAllocation, heap) = Self.allocateHeap(capacity: heapCapacity)
            bucketHead = .allocate(capacity: Int(EventQueue.bucketCount))
            bucketHead.initialize(repeating: -1, count: Int(EventQueue.bucketCount))
        }

        deinit {
            for slot in 0..<slotCount where Self.holdsPayload(slots[slot].state) {
                (payloads + slot).deinitialize(count: 1)
            }
            slots.deallocate()
            payloads.deallocate()
            heapAllocation.deallocate()
            bucketHead.deallocate()
        }

        /// Whether a slot in `state` holds an initialised payload.
        @inlinable static func holdsPayload(_ state: UInt8) -> Bool {
            state == EventSlot.inHeap || state == EventSlot.inWheel
        }

        /// Room for `capacity` keys with key 1 on a 64-byte boundary (so each node's four children
        /// share a cache line).
        @usableFromInline static func allocateHeap(capacity: Int) -> (UnsafeMutableRawPointer, UnsafeMutablePointer<EventKey>) {
            let stride = MemoryLayout<EventKey>.stride   // 16
            let raw = UnsafeMutableRawPointer.allocate(byteCount: (capacity + 3) * stride, alignment: 64)
            let keys = (raw + (64 - stride)).bindMemory(to: EventKey.self, capacity: capacity)
            return (raw, keys)
        }

        /// A deep copy (copy-on-write of a shared queue value).
        @usableFromInline func copy() -> Storage {
            let other = Storage(firstSequence: nextSequence)
            other.growSlots(to: slotCapacity)
            other.slots.initialize(from: slots, count: slotCount)
            for slot in 0..<slotCount where Self.holdsPayload(slots[slot].state) {
                (other.payloads + slot).initialize(to: payloads[slot])
            }
            other.slotCount = slotCount
            other.freeSlot = freeSlot
            other.growHeap(to: heapCapacity)
            other.heap.initialize(from: heap, count: heapCount)
            other.heapCount = heapCount
            other.rootVacant = rootVacant
            other.cancelledInHeap = cancelledInHeap
            other.bucketHead.update(from: bucketHead, count: Int(EventQueue.bucketCount))
            other.wheelBase = wheelBase
            other.wheelStored = wheelStored
            return other
        }

        /// Live (not cancelled) pending events.
        @inlinable var liveCount: Int { heapCount - (rootVacant ? 1 : 0) - cancelledInHeap + wheelStored }
        /// Entries held, cancelled ones included.
        @inlinable var storedCount: Int { heapCount - (rootVacant ? 1 : 0) + wheelStored }

        // MARK: - Slots

        /// Takes a free slot for a new entry of `payload` at `time` and places the entry in the wheel
        /// or the heap.
        @inlinable func add(_ payload: Payload, at time: Int64) -> TimerHandle {
            if freeSlot < 0 { appendSlot() }
            let slot = Int(freeSlot)
            let record = slots[slot]
            freeSlot = record.next
            (payloads + slot).initialize(to: payload)
            if nextSequence > UInt64(UInt32.max) { renumberSequences() }
            let sequence = UInt32(truncatingIfNeeded: nextSequence)
            nextSequence &+= 1
            let bucket = time >> EventQueue.bucketShift
            let ahead = bucket &- wheelBase
            // 0 < ahead < bucketCount in one unsigned comparison.
            if UInt64(bitPattern: ahead &- 1) < UInt64(EventQueue.bucketCount - 1) {
                let index = Int(bucket & (EventQueue.bucketCount - 1))
                let head = bucketHead[index]
                slots[slot] = EventSlot(time: time, sequence: sequence, generation: record.generation,
                                        next: head, prev: -1, state: EventSlot.inWheel)
                if head >= 0 { slots[Int(head)].prev = Int32(truncatingIfNeeded: slot) }
                bucketHead[index] = Int32(truncatingIfNeeded: slot)
                wheelStored &+= 1
            } else {
                slots[slot] = EventSlot(time: time, sequence: sequence, generation: record.generation,
                                        next: -1, prev: -1, state: EventSlot.inHeap)
                pushHeap(EventKey(time: time, sequence: sequence, slot: slot))
            }
            return TimerHandle(slot: UInt32(truncatingIfNeeded: slot), generation: record.generation)
        }

        /// Returns a slot whose entry left the heap or the wheel to the free list.
        @inlinable func release(_ slot: Int) {
            slots[slot].state = EventSlot.free
            slots[slot].next = freeSlot
            freeSlot = Int32(truncatingIfNeeded: slot)
        }

        /// Adds a never-used slot to the free list (growing the buffers when full).
        @inlinable @inline(never) func appendSlot() {
            precondition(slotCount < Int(Int32.max), "EventQueue: more than 2^31 - 1 pending events")
            if slotCount == slotCapacity { growSlots(to: slotCapacity * 2) }
            (slots + slotCount).initialize(to: EventSlot(time: 0, sequence: 0, generation: 0, next: freeSlot, prev: -1, state: EventSlot.free))
            freeSlot = Int32(truncatingIfNeeded: slotCount)
            slotCount += 1
        }

        /// Reallocates the slot and payload buffers for `capacity` slots (moving live payloads).
        @usableFromInline func growSlots(to capacity: Int) {
            guard capacity > slotCapacity else { return }
            let newSlots = UnsafeMutablePointer<EventSlot>.allocate(capacity: capacity)
            newSlots.moveInitialize(from: slots, count: slotCount)
            let newPayloads = UnsafeMutablePointer<Payload>.allocate(capacity: capacity)
            for slot in 0..<slotCount where Self.holdsPayload(newSlots[slot].state) {
                (newPayloads + slot).moveInitialize(from: payloads + slot, count: 1)
            }
            slots.deallocate()
            payloads.deallocate()
            slots = newSlots
            payloads = newPayloads
            slotCapacity = capacity
        }

        /// Reallocates the heap for `capacity` keys.
        @usableFromInline func growHeap(to capacity: Int) {
            guard capacity > heapCapacity else { return }
            let (raw, keys) = Self.allocateHeap(capacity: capacity)
            keys.moveInitialize(from: heap, count: heapCount)
            heapAllocation.deallocate()
            heapAllocation = raw
            heap = keys
            heapCapacity = capacity
        }

        /// Renumbers the stored entries' sequences 0, 1, … in their current order when the next
        /// sequence would not fit the key's 32 bits (after 2^32 schedules): relative order among
        /// stored entries is kept and every later entry numbers above them, so the pop order is
        /// exactly that of unbounded sequences. O(n log n) once per 2^32 events.
        @inlinable @inline(never) func renumberSequences() {
            var stored: [(sequence: UInt32, slot: Int32)] = []
            for slot in 0..<slotCount where slots[slot].state != EventSlot.free {
                stored.append((slots[slot].sequence, Int32(truncatingIfNeeded: slot)))
            }
            stored.sort { $0.sequence < $1.sequence }
            for (rank, entry) in stored.enumerated() { slots[Int(entry.slot)].sequence = UInt32(rank) }
            for index in (rootVacant ? 1 : 0)..<heapCount {   // a vacant root is a stale key
                let slot = heap[index].slot
                heap[index] = EventKey(time: heap[index].time, sequence: slots[slot].sequence, slot: slot)
            }
            nextSequence = UInt64(stored.count)
        }

        /// Cancels the live entry in `slot` and destroys its payload. An entry in the wheel is
        /// unlinked from its bucket and its slot freed at once; one in the heap is marked and
        /// leaves lazily (at the top, or when cancelled entries pass half the heap: compaction).
        @inlinable func cancel(_ slot: Int) {
            slots[slot].generation &+= 1
            (payloads + slot).deinitialize(count: 1)
            let record = slots[slot]
            if record.state == EventSlot.inWheel {
                if record.prev >= 0 {
                    slots[Int(record.prev)].next = record.next
                } else {
                    bucketHead[Int((record.time >> EventQueue.bucketShift) & (EventQueue.bucketCount - 1))] = record.next
                }
                if record.next >= 0 { slots[Int(record.next)].prev = record.prev }
                wheelStored &-= 1
                release(slot)
            } else {
                slots[slot].state = EventSlot.cancelled
                cancelledInHeap += 1
                if cancelledInHeap > 32 && cancelledInHeap * 2 > heapCount { compactHeap() }
            }
        }

        // MARK: - Popping

        /// Removes the earliest live entry and returns its time and payload; its slot is freed.
        @inlinable func popNext(now: Int64) -> (time: Int64, payload: Payload)? {
            settleTop(now: now)
            if heapCount == 0 { return nil }
            let top = heap[0]
            rootVacant = true   // filled by the next heap insert or settle
            let slot = top.slot
            let payload = (payloads + slot).move()
            slots[slot].generation &+= 1
            release(slot)
            return (top.time, payload)
        }

        /// Makes the heap's top (if any) the earliest live pending entry: drops cancelled tops and
        /// pours wheel buckets while the heap holds nothing due before the current bucket ends.
        /// The common case (a live top due in the current bucket) is decided here, inlined into
        /// the pop; anything else goes to ``settleTopSlowly(now:)``.
        @inlinable @inline(__always) func settleTop(now: Int64) {
            if rootVacant { fillVacantRoot() }
            if heapCount > 0 {
                let top = heap[0]
                if slots[top.slot].state != EventSlot.cancelled {
                    if wheelStored != 0 {
                        if top.time < (wheelBase &+ 1) << EventQueue.bucketShift { return }
                    } else {
                        // Nothing in the wheel: move its base up so later timers use it again.
                        let bucket = top.time >> EventQueue.bucketShift
                        if bucket > wheelBase { wheelBase = bucket }
                        return
                    }
                }
            }
            settleTopSlowly(now: now)
        }

        /// ``settleTop(now:)``'s loop: drop cancelled tops, pour the next bucket, repeat.
        @inlinable @inline(never) func settleTopSlowly(now: Int64) {
            while true {
                dropCancelledTop()
                if wheelStored == 0 {
                    let bucket = (heapCount > 0 ? heap[0].time : now) >> EventQueue.bucketShift
                    if bucket > wheelBase { wheelBase = bucket }
                    return
                }
                if heapCount > 0 && heap[0].time < (wheelBase &+ 1) << EventQueue.bucketShift { return }
                wheelBase &+= 1
                pour(Int(wheelBase & (EventQueue.bucketCount - 1)))
            }
        }

        @inlinable func dropCancelledTop() {
            while heapCount > 0 {
                let slot = heap[0].slot
                if slots[slot].state != EventSlot.cancelled { return }
                release(slot)
                cancelledInHeap -= 1
                removeLastIntoRoot()
            }
        }
    }
}
