extension EventQueue.Storage {
    // MARK: - Lists: wheel buckets (insertion order) and fine buckets (sorted)

    /// Links a new entry at the tail of wheel bucket `index` (its list stays in insertion order,
    /// so ascending sequence) and writes its record.
    @inlinable func appendToWheel(_ slot: Int, time: Int64, sequence: UInt32, generation: UInt32, index: Int) {
        let slots = self.slots
        let node = Int32(truncatingIfNeeded: slot)
        let head = bucketHead[index]
        if head < 0 {
            slots[slot] = EventSlot(time: time, sequence: sequence, generation: generation,
                                    next: node, prev: node, state: EventSlot.inWheel)
            bucketHead[index] = node
            wheelBits[index >> 6] |= 1 &<< UInt64(index & 63)
        } else {
            let tail = slots[Int(head)].prev
            slots[slot] = EventSlot(time: time, sequence: sequence, generation: generation,
                                    next: head, prev: tail, state: EventSlot.inWheel)
            slots[Int(tail)].next = node
            slots[Int(head)].prev = node
        }
        wheelStored &+= 1
    }

    /// Unlinks `slot` from the circular list whose head is at `head`.
    /// - Returns: whether the list is now empty.
    @inlinable func unlink(_ slot: Int, from head: UnsafeMutablePointer<Int32>) -> Bool {
        let slots = self.slots
        let record = slots[slot]
        if record.next == Int32(truncatingIfNeeded: slot) {
            head.pointee = -1
            return true
        }
        slots[Int(record.prev)].next = record.next
        slots[Int(record.next)].prev = record.prev
        if head.pointee == Int32(truncatingIfNeeded: slot) { head.pointee = record.next }
        return false
    }

    /// Moves wheel bucket `index`'s entries into the fine buckets, in insertion order (each
    /// usually lands in an empty fine bucket or after its tail). Every entry in a bucket is live:
    /// cancelling one unlinks it (``cancel(_:)``).
    @inlinable @inline(__always) func pour(_ index: Int) {
        let head = bucketHead[index]
        if head < 0 { return }
        bucketHead[index] = -1
        wheelBits[index >> 6] &= ~(1 &<< UInt64(index & 63))
        var node = head
        repeat {
            let slot = Int(node)
            let record = slots[slot]
            node = record.next
            wheelStored &-= 1
            slots[slot].state = EventSlot.inFine
            insertFine(slot, time: record.time, sequence: record.sequence)
        } while node != head
    }

    /// The earliest bucket after the current one holding wheel entries (a bucket number, not an
    /// index): the first set bit of `wheelBits` from the current bucket's successor on, circularly.
    /// Precondition: `wheelStored > 0`.
    @inlinable func nextWheelBucket() -> Int64 {
        let mask = Int(EventQueue.bucketCount - 1)
        let start = Int(wheelBase &+ 1) & mask
        var word = start >> 6
        var bits = wheelBits[word] & (~UInt64(0) &<< UInt64(start & 63))
        while bits == 0 {
            word = (word &+ 1) & (mask >> 6)
            bits = wheelBits[word]
        }
        let index = word << 6 | bits.trailingZeroBitCount
        return wheelBase &+ 1 &+ Int64((index &- start) & mask)
    }

    /// Links `slot` (its record's time and sequence are `time`, `sequence`; its links are
    /// overwritten) into its fine bucket's sorted list.
    @inlinable @inline(__always) func insertFine(_ slot: Int, time: Int64, sequence: UInt32) {
        let slots = self.slots
        let fine = EventQueue.fineIndex(time)
        fineStored &+= 1
        let node = Int32(truncatingIfNeeded: slot)
        let head = fineHead[fine]
        if head < 0 {
            slots[slot].next = node
            slots[slot].prev = node
            fineHead[fine] = node
            fineBits |= 1 &<< UInt64(fine)
            return
        }
        let tail = slots[Int(head)].prev
        if slots[Int(tail)].precedes(time: time, sequence: sequence) {
            linkBefore(slot, Int(head))   // the new tail
        } else {
            insertFineEarlier(slot, time: time, sequence: sequence, fine: fine, tail: Int(tail))
        }
    }

    /// ``insertFine``'s rare case: the new entry runs before the list's tail; walks back from it.
    @inlinable @inline(never) func insertFineEarlier(_ slot: Int, time: Int64, sequence: UInt32, fine: Int, tail: Int) {
        let head = Int(fineHead[fine])
        var successor = tail
        while successor != head {
            let predecessor = Int(slots[successor].prev)
            if slots[predecessor].precedes(time: time, sequence: sequence) { break }
            successor = predecessor
        }
        linkBefore(slot, successor)
        if successor == head && !slots[head].precedes(time: time, sequence: sequence) {
            fineHead[fine] = Int32(truncatingIfNeeded: slot)
        }
    }

    /// Links `slot` just before `successor` in a circular list.
    @inlinable @inline(__always) func linkBefore(_ slot: Int, _ successor: Int) {
        let slots = self.slots
        let node = Int32(truncatingIfNeeded: slot)
        let predecessor = slots[successor].prev
        slots[slot].next = Int32(truncatingIfNeeded: successor)
        slots[slot].prev = predecessor
        slots[Int(predecessor)].next = node
        slots[successor].prev = node
    }

    /// The first non-empty fine bucket. Precondition: `fineStored > 0`.
    @inlinable @inline(__always) func firstFineBucket() -> Int { fineBits.trailingZeroBitCount }

    /// Marks fine bucket `fine` empty.
    @inlinable func clearFineBit(_ fine: Int) {
        fineBits &= ~(1 &<< UInt64(fine))
    }
}
