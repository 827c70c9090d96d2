/// A slot's record. While the slot holds a stored entry: its time and sequence, and `next`/`prev`,
/// its neighbours in the circular list it belongs to (a wheel bucket or a fine bucket; unused in
/// the overflow heap), so a cancel unlinks it at once. While free: `next` is the next free slot.
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
    /// A live entry in the overflow heap (due past the wheel's span when scheduled).
    @inlinable static var inHeap: UInt8 { 1 }
    /// A live entry in a wheel bucket (unsorted).
    @inlinable static var inWheel: UInt8 { 2 }
    /// Cancelled, still in the overflow heap until it reaches the top or a compaction (payload
    /// already destroyed). Entries cancelled in a list are unlinked and freed at once instead.
    @inlinable static var cancelled: UInt8 { 3 }
    /// A live entry of the current bucket, in a fine bucket's sorted list.
    @inlinable static var inFine: UInt8 { 4 }

    @inlinable init(time: Int64, sequence: UInt32, generation: UInt32, next: Int32, prev: Int32, state: UInt8) {
        self.time = time; self.sequence = sequence; self.generation = generation; self.next = next; self.prev = prev; self.state = state
    }

    /// Whether this entry runs before one at (`time`, `sequence`): time, then sequence.
    @inlinable func precedes(time otherTime: Int64, sequence otherSequence: UInt32) -> Bool {
        time < otherTime || (time == otherTime && sequence < otherSequence)
    }
}

extension EventQueue {
    /// Everything the queue holds, in raw buffers owned by one object: the slots and their payloads
    /// (indexed alike), the fine buckets of the current wheel bucket, the wheel's bucket heads and
    /// the overflow heap. Operations write through the buffers directly: no `Array` uniqueness or
    /// bounds checks (indices are in range by construction; `checkInvariants()` verifies the
    /// bookkeeping in tests). Stored properties are `@exclusivity(unchecked)`: the queue is
    /// single-threaded and no method overlaps two accesses to one property (a class's fields are
    /// otherwise checked dynamically on every access).
    ///
    /// Where an entry of (wheel) bucket `b = time >> bucketShift` lives, with `wheelBase` the
    /// current bucket: `b == wheelBase`, a fine bucket (sorted); `wheelBase < b < wheelBase +
    /// bucketCount` when scheduled, a wheel bucket (unsorted); later than that when scheduled, the
    /// overflow heap (until its bucket becomes current, even once the wheel has come within
    /// reach). `wheelBase` never passes the clock's bucket (it moves only when a pop takes an
    /// entry from the new bucket), so no entry is ever scheduled before the current bucket.
    @usableFromInline final class Storage {
        /// Slot records, `slotCount` initialised of `slotCapacity`.
        @exclusivity(unchecked) @usableFromInline var slots: UnsafeMutablePointer<EventSlot>
        /// Payloads by slot: initialised exactly for slots in state `inHeap`, `inWheel` or `inFine`.
        @exclusivity(unchecked) @usableFromInline var payloads: UnsafeMutablePointer<Payload>
        @exclusivity(unchecked) @usableFromInline var slotCount = 0
        @exclusivity(unchecked) @usableFromInline var slotCapacity: Int
        /// First free slot, -1 when none (a LIFO list through `EventSlot.next`).
        @exclusivity(unchecked) @usableFromInline var freeSlot: Int32 = -1
        /// Sequence of the next entry; always < 2^32 when used (``renumberSequences()``).
        @exclusivity(unchecked) @usableFromInline var nextSequence: UInt64

        /// The overflow heap: a 4-ary min-heap of keys (children of `i` at `4i + 1 … 4i + 4`),
        /// `heapCount` keys, placed so that keys 1…4, 5…8, … (each node's children) share one
        /// 64-byte line. Holds the entries due past the wheel's span when they were scheduled.
        @exclusivity(unchecked) @usableFromInline var heap: UnsafeMutablePointer<EventKey>
        @exclusivity(unchecked) @usableFromInline var heapAllocation: UnsafeMutableRawPointer
        @exclusivity(unchecked) @usableFromInline var heapCount = 0
        @exclusivity(unchecked) @usableFromInline var heapCapacity: Int
        /// Cancelled entries still in the heap.
        @exclusivity(unchecked) @usableFromInline var cancelledInHeap = 0

        /// The wheel: ``bucketCount`` unsorted buckets, each a circular doubly linked list of slots
        /// (`EventSlot.next`/`prev`; the slot is the node) in insertion order, so a pour walks it
        /// by ascending sequence. Bucket `b` is list `bucketHead[b & (bucketCount - 1)]` while
        /// `wheelBase < b < wheelBase + bucketCount`; -1 is an empty list.
        @exclusivity(unchecked) @usableFromInline var bucketHead: UnsafeMutablePointer<Int32>
        /// One bit per wheel bucket (``bucketCount`` / 64 words): set while its list is non-empty,
        /// so moving to the next bucket skips empty ones a word at a time (sparse models, e.g. an
        /// M/M/c queue with events ~100 ms apart, would otherwise step through ~100 buckets).
        @exclusivity(unchecked) @usableFromInline var wheelBits: UnsafeMutablePointer<UInt64>
        /// The current bucket: its entries are in the fine buckets.
        @exclusivity(unchecked) @usableFromInline var wheelBase: Int64 = 0
        /// Entries in the wheel (all live: a cancel unlinks its entry).
        @exclusivity(unchecked) @usableFromInline var wheelStored = 0

        /// The current bucket split into ``fineCount`` (64) fine buckets of 2^``fineShift`` ns,
        /// each a circular doubly linked list sorted by (time, sequence): head the earliest, its
        /// `prev` the latest (where a new entry usually goes: it has the highest sequence, and
        /// most fine buckets hold zero or one entry).
        @exclusivity(unchecked) @usableFromInline var fineHead: UnsafeMutablePointer<Int32>
        /// One bit per fine bucket: set while its list is non-empty. No entry is due before the
        /// clock, so the lowest set bit is the earliest entry's fine bucket.
        @exclusivity(unchecked) @usableFromInline var fineBits: UInt64 = 0
        /// Entries in the fine buckets (all live).
        @exclusivity(unchecked) @usableFromInline var fineStored = 0

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
            wheelBits = .allocate(capacity: Int(EventQueue.bucketCount) / 64)
            wheelBits.initialize(repeating: 0, count: Int(EventQueue.bucketCount) / 64)
            fineHead = .allocate(capacity: EventQueue.fineCount)
            fineHead.initialize(repeating: -1, count: EventQueue.fineCount)
        }

        deinit {
            for slot in 0..<slotCount where Self.holdsPayload(slots[slot].state) {
                (payloads + slot).deinitialize(count: 1)
            }
            slots.deallocate()
            payloads.deallocate()
            heapAllocation.deallocate()
            bucketHead.deallocate()
            wheelBits.deallocate()
            fineHead.deallocate()
        }

        /// Whether a slot in `state` holds an initialised payload.
        @inlinable static func holdsPayload(_ state: UInt8) -> Bool {
            state == EventSlot.inHeap || state == EventSlot.inWheel || state == EventSlot.inFine
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
            other.cancelledInHeap = cancelledInHeap
            other.bucketHead.update(from: bucketHead, count: Int(EventQueue.bucketCount))
            other.wheelBits.update(from: wheelBits, count: Int(EventQueue.bucketCount) / 64)
            other.wheelBase = wheelBase
            other.wheelStored = wheelStored
            other.fineHead.update(from: fineHead, count: EventQueue.fineCount)
            other.fineBits = fineBits
            other.fineStored = fineStored
            return other
        }

        /// Live (not cancelled) pending events.
        @inlinable var liveCount: Int { fineStored + wheelStored + heapCount - cancelledInHeap }
        /// Entries held, cancelled ones included.
        @inlinable var storedCount: Int { fineStored + wheelStored + heapCount }

        // MARK: - Slots

        /// Takes a free slot for a new entry of `payload` at `time` and places the entry in a fine
        /// bucket (due in the current bucket), the wheel (in the next ``bucketCount`` − 1 buckets)
        /// or the overflow heap (later). Precondition: `time` is not before the current bucket
        /// (true whenever `time >= now`).
        @inlinable func add(_ payload: Payload, at time: Int64) -> TimerHandle {
            // The rare cases (no free slot, sequences about to wrap) in one out-of-line call, so the
            // common path saves few registers.
            if freeSlot < 0 || nextSequence > UInt64(UInt32.max) { prepareAddSlowly() }
            let slots = self.slots   // a local: stores through it do not force reloading the field
            let slot = Int(freeSlot)
            let generation = slots[slot].generation
            freeSlot = slots[slot].next
            (payloads + slot).initialize(to: payload)
            let sequence = UInt32(truncatingIfNeeded: nextSequence)
            nextSequence &+= 1
            let handle = TimerHandle(slot: UInt32(truncatingIfNeeded: slot), generation: generation)
            let bucket = time >> EventQueue.bucketShift
            let ahead = bucket &- wheelBase
            if ahead == 0 {
                slots[slot] = EventSlot(time: time, sequence: sequence, generation: generation,
                                        next: -1, prev: -1, state: EventSlot.inFine)
                insertFine(slot, time: time, sequence: sequence)
            } else if UInt64(bitPattern: ahead) < UInt64(EventQueue.bucketCount) {
                appendToWheel(slot, time: time, sequence: sequence, generation: generation,
                              index: Int(bucket & (EventQueue.bucketCount - 1)))
            } else {
                addToHeap(slot, time: time, sequence: sequence, generation: generation)
            }
            return handle
        }

        /// ``add(_:at:)``'s rare preparations: a new slot when none is free, renumbering when the
        /// next sequence would not fit 32 bits.
        @inlinable @inline(never) func prepareAddSlowly() {
            if freeSlot < 0 { appendSlot() }
            if nextSequence > UInt64(UInt32.max) { renumberSequences() }
        }

        /// Writes the record of an entry due past the wheel's span and adds its key to the heap.
        @inlinable @inline(never) func addToHeap(_ slot: Int, time: Int64, sequence: UInt32, generation: UInt32) {
            slots[slot] = EventSlot(time: time, sequence: sequence, generation: generation,
                                    next: -1, prev: -1, state: EventSlot.inHeap)
            pushHeap(EventKey(time: time, sequence: sequence, slot: slot))
        }

        /// Returns a slot whose entry left the queue to the free list.
        @inlinable func release(_ slot: Int) {
            slots[slot].state = EventSlot.free
            slots[slot].next = freeSlot
            freeSlot = Int32(truncatingIfNeeded: slot)
        }

        /// Adds a never-used slot to the free list (growing the buffers when full).
        @inlinable func appendSlot() {
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
        /// sequence would not fit 32 bits (after 2^32 schedules): relative order among stored
        /// entries is kept (so the sorted fine lists and the wheel's insertion-ordered lists stay
        /// as they are) and every later entry numbers above them, so the pop order is exactly that
        /// of unbounded sequences. O(n log n) once per 2^32 events.
        @inlinable @inline(never) func renumberSequences() {
            var stored: [(sequence: UInt32, slot: Int32)] = []
            for slot in 0..<slotCount where slots[slot].state != EventSlot.free {
                stored.append((slots[slot].sequence, Int32(truncatingIfNeeded: slot)))
            }
            stored.sort { $0.sequence < $1.sequence }
            for (rank, entry) in stored.enumerated() { slots[Int(entry.slot)].sequence = UInt32(rank) }
            for index in 0..<heapCount {
                let slot = heap[index].slot
                heap[index] = EventKey(time: heap[index].time, sequence: slots[slot].sequence, slot: slot)
            }
            nextSequence = UInt64(stored.count)
        }

        /// Cancels the live entry in `slot` and destroys its payload. An entry in a fine bucket or
        /// the wheel is unlinked from its list and its slot freed at once; one in the overflow heap
        /// is marked and leaves lazily (at the top, or when cancelled entries pass half the heap:
        /// compaction).
        @inlinable func cancel(_ slot: Int) {
            slots[slot].generation &+= 1
            (payloads + slot).deinitialize(count: 1)
            let record = slots[slot]
            if record.state == EventSlot.inWheel {
                let index = Int((record.time >> EventQueue.bucketShift) & (EventQueue.bucketCount - 1))
                if unlink(slot, from: bucketHead + index) { wheelBits[index >> 6] &= ~(1 &<< UInt64(index & 63)) }
                wheelStored &-= 1
                release(slot)
            } else if record.state == EventSlot.inFine {
                let fine = EventQueue.fineIndex(record.time)
                if unlink(slot, from: fineHead + fine) { clearFineBit(fine) }
                fineStored &-= 1
                release(slot)
            } else {
                slots[slot].state = EventSlot.cancelled
                cancelledInHeap += 1
                if cancelledInHeap > 32 && cancelledInHeap * 2 > heapCount { compactHeap() }
            }
        }

        // MARK: - Popping

        /// Removes the earliest live entry and returns its time and payload; its slot is freed.
        @inlinable func popNext() -> (time: Int64, payload: Payload)? {
            if fineStored == 0 && !advanceToNextBucket() { return nil }
            let slots = self.slots
            let fine = firstFineBucket()
            let slot = Int(fineHead[fine])
            let record = slots[slot]
            if record.next == Int32(truncatingIfNeeded: slot) {
                fineHead[fine] = -1
                clearFineBit(fine)
            } else {
                slots[Int(record.prev)].next = record.next
                slots[Int(record.next)].prev = record.prev
                fineHead[fine] = record.next
            }
            fineStored &-= 1
            let payload = (payloads + slot).move()
            slots[slot].generation &+= 1
            release(slot)
            return (record.time, payload)
        }

        /// The time of the earliest live entry, without moving the current bucket (a later
        /// schedule may still be due before the bucket this finds).
        @inlinable func earliestTime() -> Int64? {
            if fineStored > 0 { return slots[Int(fineHead[firstFineBucket()])].time }
            dropCancelledTop()
            var earliest: Int64? = heapCount > 0 ? heap[0].time : nil
            if wheelStored > 0 {
                let head = bucketHead[Int(nextWheelBucket() & (EventQueue.bucketCount - 1))]
                var node = head
                repeat {
                    let time = slots[Int(node)].time
                    if earliest == nil || time < earliest! { earliest = time }
                    node = slots[Int(node)].next
                } while node != head
            }
            return earliest
        }

        /// Called when the fine buckets are empty: moves the current bucket on to the next one
        /// holding an entry (the next non-empty wheel bucket or the overflow heap's earliest live
        /// entry's bucket, whichever is earlier), moving that bucket's wheel entries and its
        /// overflow entries into the fine buckets. Returns false when nothing is pending (the
        /// current bucket stays: it never moves past the last live entry, so never past the clock
        /// for nothing).
        @inlinable @inline(never) func advanceToNextBucket() -> Bool {
            while true {
                if heapCount > 0 { dropCancelledTop() }
                if wheelStored == 0 {
                    if heapCount == 0 { return false }
                    wheelBase = heap[0].time >> EventQueue.bucketShift
                } else {
                    // The next bucket is usually non-empty (dense models): check it before the scan.
                    var next = wheelBase &+ 1
                    if bucketHead[Int(next & (EventQueue.bucketCount - 1))] < 0 { next = nextWheelBucket() }
                    if heapCount > 0 { next = min(next, heap[0].time >> EventQueue.bucketShift) }
                    wheelBase = next
                    pour(Int(wheelBase & (EventQueue.bucketCount - 1)))
                }
                drainHeap()
                if fineStored > 0 { return true }
            }
        }

        /// Moves the overflow heap's entries due in the current bucket into the fine buckets
        /// (dropping cancelled ones on the way).
        @inlinable func drainHeap() {
            while heapCount > 0 && heap[0].time >> EventQueue.bucketShift <= wheelBase {
                let top = heap[0]
                let slot = top.slot
                removeRoot()
                if slots[slot].state == EventSlot.cancelled {
                    release(slot)
                    cancelledInHeap -= 1
                } else {
                    slots[slot].state = EventSlot.inFine
                    insertFine(slot, time: top.time, sequence: slots[slot].sequence)
                }
            }
        }

        /// Drops cancelled entries at the heap's top.
        @inlinable func dropCancelledTop() {
            while heapCount > 0 {
                let slot = heap[0].slot
                if slots[slot].state != EventSlot.cancelled { return }
                release(slot)
                cancelledInHeap -= 1
                removeRoot()
            }
        }
    }
}
