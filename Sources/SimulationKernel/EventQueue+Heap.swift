extension EventQueue.Storage {
    // MARK: - Heap mechanics (keys only; payloads stay in their slots)

    /// Adds `key` to the heap: into the vacant root (sifting down) if the last pop left one, else
    /// at the end (sifting up).
    @inlinable @inline(__always) func pushHeap(_ key: EventKey) {
        if rootVacant {
            rootVacant = false
            Self.siftDown(heap, count: heapCount, from: 0, moving: key)
        } else {
            if heapCount == heapCapacity { growHeap(to: heapCapacity * 2) }
            let index = heapCount
            heapCount &+= 1
            Self.siftUp(heap, from: index, moving: key)
        }
    }

    /// Fills the vacant root with the last key (the classic pop's second half).
    @inlinable func fillVacantRoot() {
        rootVacant = false
        removeLastIntoRoot()
    }

    /// Replaces the root with the last key and sifts it down (removes the root's key).
    @inlinable func removeLastIntoRoot() {
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
    @inlinable @inline(__always)
    static func siftDown(_ heap: UnsafeMutablePointer<EventKey>, count: Int, from start: Int, moving: EventKey) {
        var parent = start
        while true {
            let first = 4 &* parent &+ 1
            if first >= count { break }
            // The earliest of up to four children: the key comparisons select indices with
            // conditional moves, and the winner is reloaded (cheaper than moving keys around).
            var best = first
            var bestKey = heap[first]
            if first &+ 3 < count {
                // All four present (the common case): two pairs, then their winners.
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
        if rootVacant { fillVacantRoot() }
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
