import SimulationPrimitives

extension ReplicaSetMember {
    /// Traps when the member's state is inconsistent: oplog indexes consecutive and optimes
    /// non-decreasing, commit point within the oplog, retry records pointing into it, pre-images for every entry above the commit point, a primary's last
    /// entry from its own term, no pending write already past the commit point for `w:"majority"`.
    /// Cheap enough to run after every step in tests and checked simulation runs.
    public func checkInvariants() {
        var previous = baseOpTime
        for (offset, entry) in oplog.enumerated() {
            precondition(entry.opTime.index == baseOpTime.index + Int64(offset) + 1, "oplog index gap at \(entry.opTime)")
            precondition(entry.opTime >= previous, "oplog optimes go backwards at \(entry.opTime)")
            previous = entry.opTime
        }
        precondition(commitIndex <= lastIndex || oplog.isEmpty, "commit point \(commitIndex) beyond the oplog end \(lastIndex)")
        precondition(preImages.count <= oplog.count && Int64(preImages.count) >= lastIndex - max(commitIndex, baseOpTime.index),
                     "rollback pre-images (\(preImages.count)) do not cover the entries above the commit point")
        precondition(history.last == lastApplied, "history ends at \(history.last), oplog at \(lastApplied)")
        if let first = oplog.first { precondition(history.contains(first.opTime), "history lacks the first kept entry \(first.opTime)") }
        precondition(lastApplied.term <= term, "an entry from a future term \(lastApplied.term) > \(term)")
        for state in retryTable.values {
            precondition(state.index <= lastIndex, "retry record beyond the oplog end")
        }
        if state == .primary {
            precondition(knownPrimary == node, "a primary that does not know it is primary")
            for write in pending where write.acknowledgement == .majority {
                precondition(write.index > commitIndex, "a majority write left waiting after its commit")
            }
        }
    }
}
