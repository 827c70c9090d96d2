/// An overflow-heap entry (events due past the wheel's span): 16 bytes, four per cache line (a 4-ary node's children fill one line).
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

extension EventQueue.Storage {
    // MARK: - Overflow heap mechanics (keys only; payloads stay in their slots)

    /// Adds `key` to the heap (at the end, sifting up).
    @inlinable func pushHeap(_ key: EventKey) {
        if heapCount == heapCapacity { growHeap(to: heapCapacity * 2) }
        let index = heapCount
        heapCount &+= 1
        Self.siftUp(heap, from: index, moving: key)
    }

    /// Replaces the root with the last key and sifts it down (removes the root's key).
    @inlinable func removeRoot() {
        heapCount &-= 1
        if heapCount == 0 { return }   // the root was the only key
        Self.siftDown(heap, count: heapCount, from: 0, moving: heap[heapCount])
    }

    /// Puts `moving` at `start` and sifts it up to its place.
    @inlinable static func siftUp(_ heap: UnsafeMutablePointer<EventKey>, from start: Int, moving: EventKey) {
        var child = start
        while child > 0 {
            let parent = (child &- 1) >> 2
            let above = heap[parent]
            if moving.precedes(above) {
                heap[child] = above
                child = parent
            } else { break }
        }
        heap[child] = moving
    }

    /// Puts `moving` at `start` of the `count` keys at `heap` and sifts it down to its place.
    @inlinable static func siftDown(_ heap: UnsafeMutablePointer<EventKey>, count: Int, from start: Int, moving: EventKey) {
        var parent = start
        while true {
            let first = 4 &* parent &+ 1
            if first >= count { break }
            // The earliest of up to four children: the key comparisons select indices with
            // conditional moves, and the winner is reloaded (cheaper than moving keys around).
            var best = first
            var bestKey = heap[first]
            if first &+ 3 < count {
                let a = heap[first &+ 1].precedes(bestKey) ? first &+ 1 : first
                let b = heap[first &+ 3].precedes(heap[first &+ 2]) ? first &+ 3 : first &+ 2
                best = heap[b].precedes(heap[a]) ? b : a
                bestKey = heap[best]
            } else {
                var child = first &+ 1
                while child < count {
                    if heap[child].precedes(bestKey) { best = child; bestKey = heap[child] }
                    child &+= 1
                }
            }
            if bestKey.precedes(moving) {
                heap[parent] = bestKey
                parent = best
            } else { break }
        }
        heap[parent] = moving
    }

    /// Removes every cancelled key from the heap (freeing their slots) and re-heapifies (Floyd's
    /// O(n) build). The pop order does not depend on the heap's shape: keys are distinct.
    @inlinable @inline(never) func compactHeap() {
        var kept = 0
        for index in 0..<heapCount {
            let key = heap[index]
            if slots[key.slot].state == EventSlot.cancelled {
                release(key.slot)
            } else {
                heap[kept] = key
                kept += 1
            }
        }
        heapCount = kept
        cancelledInHeap = 0
        if kept > 1 {
            for index in stride(from: (kept - 2) / 4, through: 0, by: -1) {
                Self.siftDown(heap, count: kept, from: index, moving: heap[index])
            }
        }
    }
}
