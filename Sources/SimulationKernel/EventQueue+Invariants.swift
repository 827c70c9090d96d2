extension EventQueue {
    /// Checks the overflow heap's order, the lists' links and placement (fine buckets sorted and
    /// in the current bucket, wheel entries within the span, overflow entries past the current
    /// bucket), the bit masks, the slots' bookkeeping (every slot is free, in the heap or in one
    /// list, exactly once) and the counters; for tests and checked builds (STYLE.md, invariants).
    public func checkInvariants() {
        let s = storage
        var seen = [UInt8](repeating: 0, count: s.slotCount)   // 1 heap, 2 wheel, 3 free list, 4 fine
        var sequences: [UInt32] = []
        precondition(s.wheelBase <= clock.nanosecondsSinceStart >> Self.bucketShift, "EventQueue current bucket passed the clock")
        precondition(s.heapCount >= 0 && s.heapCount <= s.heapCapacity, "EventQueue heap count out of range")
        var deadInHeap = 0
        for index in 0..<s.heapCount {
            let key = s.heap[index]
            if index > 0 {
                precondition(!key.precedes(s.heap[(index - 1) >> 2]), "EventQueue heap order broken at \(index)")
            }
            precondition(key.slot < s.slotCount && seen[key.slot] == 0, "EventQueue heap key with a bad or repeated slot")
            seen[key.slot] = 1
            let record = s.slots[key.slot]
            precondition(record.state == EventSlot.inHeap || record.state == EventSlot.cancelled, "EventQueue heap key's slot not in the heap")
            precondition(record.time == key.time && key.order >> 32 == UInt64(record.sequence), "EventQueue heap key differs from its slot")
            if record.state == EventSlot.cancelled {
                deadInHeap += 1
            } else {
                precondition(record.time >> Self.bucketShift > s.wheelBase, "EventQueue overflow entry due in or before the current bucket")
            }
            sequences.append(record.sequence)
        }
        precondition(deadInHeap == s.cancelledInHeap, "EventQueue cancelled count in the heap is wrong")

        /// Walks the circular list at `head`, checking links; returns its slots in list order.
        func walk(_ head: Int32, mark: UInt8, state: UInt8) -> [Int] {
            guard head >= 0 else { return [] }
            var list: [Int] = []
            var node = head
            repeat {
                let slot = Int(node)
                precondition(slot < s.slotCount && seen[slot] == 0, "EventQueue list with a bad or repeated slot")
                seen[slot] = mark
                let record = s.slots[slot]
                precondition(record.state == state, "EventQueue list slot in the wrong state")
                precondition(Int(s.slots[Int(record.next)].prev) == slot, "EventQueue list's back link is wrong")
                list.append(slot)
                sequences.append(record.sequence)
                node = record.next
            } while node != head
            return list
        }

        var stored = 0
        for index in 0..<Int(Self.bucketCount) {
            let list = walk(s.bucketHead[index], mark: 2, state: EventSlot.inWheel)
            stored += list.count
            precondition((s.wheelBits[index >> 6] >> UInt64(index & 63) & 1 == 1) == !list.isEmpty, "EventQueue wheel bit differs from its list")
            for (position, slot) in list.enumerated() {
                let record = s.slots[slot]
                let ahead = (record.time >> Self.bucketShift) - s.wheelBase
                precondition(ahead > 0 && ahead < Self.bucketCount, "EventQueue wheel entry outside the wheel's span")
                precondition(Int((record.time >> Self.bucketShift) & (Self.bucketCount - 1)) == index, "EventQueue wheel entry in the wrong bucket")
                if position > 0 {
                    precondition(s.slots[list[position - 1]].sequence < record.sequence, "EventQueue wheel list not in insertion order")
                }
            }
        }
        precondition(stored == s.wheelStored, "EventQueue wheel count is wrong")

        var fineStored = 0
        for fine in 0..<Self.fineCount {
            let list = walk(s.fineHead[fine], mark: 4, state: EventSlot.inFine)
            fineStored += list.count
            let bit = s.fineBits >> UInt64(fine) & 1
            precondition((bit == 1) == !list.isEmpty, "EventQueue fine bit differs from its list")
            precondition(list.isEmpty || s.slots[list[0]].time >= clock.nanosecondsSinceStart, "EventQueue fine entry before the clock")
            for (position, slot) in list.enumerated() {
                let record = s.slots[slot]
                precondition(record.time >> Self.bucketShift == s.wheelBase, "EventQueue fine entry outside the current bucket")
                precondition(Self.fineIndex(record.time) == fine, "EventQueue fine entry in the wrong fine bucket")
                if position > 0 {
                    precondition(s.slots[list[position - 1]].precedes(time: record.time, sequence: record.sequence), "EventQueue fine list not sorted")
                }
            }
        }
        precondition(fineStored == s.fineStored, "EventQueue fine count is wrong")

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
