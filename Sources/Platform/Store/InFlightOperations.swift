/// The domain store operations one driver has in flight, keyed by the driver's operation id
/// (``ShardedStore/StoreDriver/submit(_:writeConcern:readConcern:readPreference:now:random:into:)``
/// numbers them 1, 2, 3, … per driver).
///
/// A direct-mapped table instead of a `[UInt64: InFlightStoreOperation]` (performance round 7):
/// operation `id` lives in slot `id & mask`, so finding it is an index and one comparison, not a
/// hash (`Hasher` costs ~100 instructions a probe, two probes per operation). Ids are sequential and
/// operations finish within a bounded time, so the live ids span a small window; when a new id lands
/// on a slot a still-live older operation occupies, the table doubles (up to ``maxCapacity``), and
/// beyond that the older one moves to a small dictionary (an operation stuck behind a partition).
/// Nothing here is iterated in an order that matters: callers only look up, take out, count and clear.
struct InFlightOperations {
    /// Largest slot array (a driver with more operations in flight at once spills to ``overflow``).
    static let maxCapacity = 4_096

    /// Id of each slot's operation, 0 when the slot is free.
    private var ids: [UInt64]
    /// Slot storage (``InFlightStoreOperation/vacant`` when free, so a free slot holds no payload).
    private var values: [InFlightStoreOperation]
    private var mask: UInt64
    /// Operations displaced from their slot by a newer id (rare).
    private var overflow: [UInt64: InFlightStoreOperation] = [:]
    /// Operations in the table.
    private(set) var count = 0

    /// An empty table of `capacity` slots (a power of two).
    init(capacity: Int = 32) {
        precondition(capacity > 0 && capacity & (capacity - 1) == 0, "capacity must be a power of two")
        ids = Array(repeating: 0, count: capacity)
        values = Array(repeating: .vacant, count: capacity)
        mask = UInt64(capacity - 1)
    }

    /// Slots in the direct-mapped part (for tests).
    var capacity: Int { ids.count }

    /// Stores `operation` under `id` (> 0, not in the table).
    mutating func insert(_ id: UInt64, _ operation: consuming InFlightStoreOperation) {
        precondition(id != 0, "operation ids start at 1")
        var slot = Int(truncatingIfNeeded: id & mask)
        while ids[slot] != 0 {
            if ids.count < Self.maxCapacity {
                grow()
            } else {
                // Keep the newer operation in the slot; the older one waits in the dictionary.
                var displaced = InFlightStoreOperation.vacant
                swap(&displaced, &values[slot])
                overflow[ids[slot]] = displaced
                ids[slot] = 0
                break
            }
            slot = Int(truncatingIfNeeded: id & mask)
        }
        ids[slot] = id
        values[slot] = operation
        count += 1
    }

    /// Takes operation `id` out of the table (moved, not copied); nil when absent.
    mutating func remove(_ id: UInt64) -> InFlightStoreOperation? {
        let slot = Int(truncatingIfNeeded: id & mask)
        if ids[slot] == id && id != 0 {
            ids[slot] = 0
            count -= 1
            var taken = InFlightStoreOperation.vacant
            swap(&taken, &values[slot])
            return taken
        }
        guard !overflow.isEmpty, let taken = overflow.removeValue(forKey: id) else { return nil }
        count -= 1
        return taken
    }

    /// Moves operation `id` into `operation` (whose old value goes into the freed slot) and returns
    /// true; false, leaving `operation` alone, when absent. For a `var` holding ``InFlightStoreOperation/vacant``:
    /// no optional is built around the operation.
    mutating func remove(_ id: UInt64, into operation: inout InFlightStoreOperation) -> Bool {
        let slot = Int(truncatingIfNeeded: id & mask)
        if ids[slot] == id && id != 0 {
            ids[slot] = 0
            count -= 1
            swap(&operation, &values[slot])
            return true
        }
        guard !overflow.isEmpty, let taken = overflow.removeValue(forKey: id) else { return false }
        count -= 1
        operation = taken
        return true
    }

    /// Whether operation `id` is in the table.
    func contains(_ id: UInt64) -> Bool {
        let slot = Int(truncatingIfNeeded: id & mask)
        if ids[slot] == id && id != 0 { return true }
        return !overflow.isEmpty && overflow[id] != nil
    }

    /// The trace of operation `id` (nil when absent or unsampled), read in place.
    func trace(_ id: UInt64) -> StoreHopTrace? {
        let slot = Int(truncatingIfNeeded: id & mask)
        if ids[slot] == id && id != 0 { return values[slot].trace }
        return overflow.isEmpty ? nil : overflow[id]?.trace
    }

    /// Sets the callee of operation `id`'s trace, if the operation is here and sampled.
    mutating func setTraceCallee(_ id: UInt64, _ callee: Int32) {
        let slot = Int(truncatingIfNeeded: id & mask)
        if ids[slot] == id && id != 0 {
            if values[slot].trace != nil { values[slot].trace!.callee = callee }
            return
        }
        if !overflow.isEmpty, overflow[id]?.trace != nil { overflow[id]!.trace!.callee = callee }
    }

    /// How many operations in the table are sampled (have a trace).
    var tracedCount: Int {
        var n = 0
        for slot in ids.indices where ids[slot] != 0 && values[slot].trace != nil { n += 1 }
        for operation in overflow.values where operation.trace != nil { n += 1 }
        return n
    }

    /// Empties the table (a restarted driver forgets its operations).
    mutating func removeAll() {
        for slot in ids.indices where ids[slot] != 0 {
            ids[slot] = 0
            values[slot] = .vacant
        }
        overflow.removeAll()
        count = 0
    }

    /// Doubles the slot array and re-places every operation (live ids that did not collide at the
    /// old size do not collide at twice the size).
    private mutating func grow() {
        let oldIDs = ids
        var oldValues: [InFlightStoreOperation] = []
        swap(&oldValues, &values)
        let capacity = oldIDs.count * 2
        ids = Array(repeating: 0, count: capacity)
        values = Array(repeating: .vacant, count: capacity)
        mask = UInt64(capacity - 1)
        for slot in oldIDs.indices where oldIDs[slot] != 0 {
            let id = oldIDs[slot]
            let to = Int(truncatingIfNeeded: id & mask)
            ids[to] = id
            swap(&values[to], &oldValues[slot])
        }
    }
}

extension InFlightStoreOperation {
    /// What a free slot of ``InFlightOperations`` holds: a payload-free operation.
    static let vacant = InFlightStoreOperation(call: -1, callGeneration: 0, operation: .delete(.chains, key: 0, shardKeyValue: nil),
                                               purchaseWriteKey: nil, trace: nil)
}
