extension EventQueue {
    /// Checks the heap order, the wheel's placement, the slots' bookkeeping (every slot is free,
    /// in the heap or in one bucket, exactly once) and the counters; for tests and checked builds
    /// (STYLE.md, invariants).
    public func checkInvariants() {
        let s = storage
        var seen = [UInt8](repeating: 0, count: s.slotCount)   // 1 heap, 2 wheel, 3 free list
        var sequences: [UInt32] = []
        // A vacant root is a stale key: check from its children on.
        let first = s.rootVacant ? 1 : 0
        precondition(s.heapCount >= first && s.heapCount <= s.heapCapacity, "EventQueue heap count out of range")
        var deadInHeap = 0
        for index in first..<s.heapCount {
            let key = s.heap[index]
            if index > 0 && (index - 1) >> 2 >= first {
                precondition(!key.precedes(s.heap[(index - 1) >> 2]), "EventQueue heap order broken at \(index)")
            }
            precondition(key.slot < s.slotCount && seen[key.slot] == 0, "EventQueue heap key with a bad or repeated slot")
            seen[key.slot] = 1
            let record = s.slots[key.slot]
            precondition(record.state == EventSlot.inHeap || record.state == EventSlot.cancelled, "EventQueue heap key's slot not in the heap")
            precondition(record.time == key.time && key.order >> 32 == UInt64(record.sequence), "EventQueue heap key differs from its slot")
            if record.state == EventSlot.cancelled { deadInHeap += 1 }
            sequences.append(record.sequence)
        }
        precondition(deadInHeap == s.cancelledInHeap, "EventQueue cancelled count in the heap is wrong")
        var stored = 0
        for index in 0..<Int(Self.bucketCount) {
            var node = s.bucketHead[index]
            var previous: Int32 = -1
            while node >= 0 {
                let slot = Int(node)
                precondition(slot < s.slotCount && seen[slot] == 0, "EventQueue wheel list with a bad or repeated slot")
                seen[slot] = 2
                let record = s.slots[slot]
                precondition(record.prev == previous, "EventQueue wheel list's back link is wrong")
                previous = node
                node = record.next
                stored += 1
                sequences.append(record.sequence)
                precondition(record.state == EventSlot.inWheel, "EventQueue wheel slot not marked as in the wheel")
                let ahead = (record.time >> Self.bucketShift) - s.wheelBase
                precondition(ahead > 0 && ahead < Self.bucketCount, "EventQueue wheel entry outside the wheel's span")
                precondition(Int((record.time >> Self.bucketShift) & (Self.bucketCount - 1)) == index, "EventQueue wheel entry in the wrong bucket")
            }
        }
        precondition(stored == s.wheelStored, "EventQueue wheel count is wrong")
        var node = s.freeSlot
        while node >= 0 {
            let slot = Int(node)
            precondition(slot < s.slotCount && seen[slot] == 0 && s.slots[slot].state == EventSlot.free, "EventQueue free list broken")
            seen[slot] = 3
            node = s.slots[slot].next
        }
        precondition(!seen.contains(0), "EventQueue leaks a slot (neither stored nor free)")
        precondition(sequences.allSatisfy { UInt64($0) < s.nextSequence }, "EventQueue sequence from the future")
        precondition(Set(sequences).count == sequences.count, "EventQueue sequences of stored entries repeat")
    }
}
