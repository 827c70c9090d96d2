extension EventQueue.Storage {
    // MARK: - Wheel mechanics (buckets are lists of slots)

    /// Moves bucket `index`'s live entries into the heap (in any order: the heap orders them),
    /// freeing the slots of entries cancelled meanwhile.
    @inlinable func pour(_ index: Int) {
        var node = bucketHead[index]
        if node < 0 { return }
        bucketHead[index] = -1
        while node >= 0 {
            let slot = Int(node)
            let record = slots[slot]
            node = record.next
            wheelStored &-= 1
            if record.state == EventSlot.cancelled {
                cancelledInWheel &-= 1
                release(slot)
                continue
            }
            slots[slot].state = EventSlot.inHeap
            pushHeap(EventKey(time: record.time, sequence: record.sequence, slot: slot))
        }
    }

    /// Unlinks every cancelled entry from the wheel's buckets and frees its slot (amortised O(1)
    /// per cancel), so cancelled timers never hold more than about half the wheel's slots.
    @inlinable @inline(never) func compactWheel() {
        for bucket in 0..<Int(EventQueue.bucketCount) where bucketHead[bucket] >= 0 {
            var node = bucketHead[bucket]
            var kept: Int32 = -1
            while node >= 0 {
                let slot = Int(node)
                let next = slots[slot].next
                if slots[slot].state == EventSlot.cancelled {
                    release(slot)
                } else {
                    slots[slot].next = kept
                    kept = node
                }
                node = next
            }
            bucketHead[bucket] = kept
        }
        wheelStored -= cancelledInWheel
        cancelledInWheel = 0
    }
}
