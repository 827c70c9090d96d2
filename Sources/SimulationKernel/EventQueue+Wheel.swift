extension EventQueue.Storage {
    // MARK: - Wheel mechanics (buckets are lists of slots)

    /// Moves bucket `index`'s entries into the heap (in any order: the heap orders them). Every
    /// entry in a bucket is live: cancelling one unlinks it (``cancel(_:)``).
    @inlinable func pour(_ index: Int) {
        var node = bucketHead[index]
        if node < 0 { return }
        bucketHead[index] = -1
        while node >= 0 {
            let slot = Int(node)
            let record = slots[slot]
            node = record.next
            wheelStored &-= 1
            slots[slot].state = EventSlot.inHeap
            pushHeap(EventKey(time: record.time, sequence: record.sequence, slot: slot))
        }
    }
}
