/// The acknowledged purchase writes whose marker documents must survive on the shards (DESIGN §2:
/// no majority-acknowledged purchase lost), as two bit sets over marker numbers: one bit per store
/// operation the platform submitted (marker numbers are `StoreWiring.nextMarker`, one per
/// operation), whatever the purchase count, instead of a 32-byte record per acknowledged write.
///
/// The end-of-run check (``PlatformSimulation/storeCountLostWrites()``) walks the purchase markers
/// the shards still hold and counts which acknowledged ones are present; lost = acknowledged −
/// present. Order-independent, so walking a dictionary is fine here.
struct AcknowledgedMarkers {
    /// Acknowledged purchase writes (all write concerns).
    private(set) var count = 0
    /// Of those, acknowledged with `w:"majority"`.
    private(set) var majorityCount = 0
    private var acknowledgedBits: [UInt64] = []
    private var majorityBits: [UInt64] = []

    /// Records the acknowledgement of the purchase write with marker number `marker` (> 0).
    mutating func insert(marker: Int64, majority: Bool) {
        let word = Int(marker >> 6), bit = UInt64(1) << UInt64(marker & 63)
        if word >= acknowledgedBits.count {
            let grown = max(word + 1, acknowledgedBits.count * 2)
            acknowledgedBits.append(contentsOf: repeatElement(0, count: grown - acknowledgedBits.count))
            majorityBits.append(contentsOf: repeatElement(0, count: grown - majorityBits.count))
        }
        guard acknowledgedBits[word] & bit == 0 else { return }
        acknowledgedBits[word] |= bit
        count += 1
        if majority { majorityBits[word] |= bit; majorityCount += 1 }
    }

    /// Whether the write with marker number `marker` was acknowledged.
    func contains(_ marker: Int64) -> Bool {
        let word = Int(marker >> 6)
        return marker >= 0 && word < acknowledgedBits.count && acknowledgedBits[word] & (UInt64(1) << UInt64(marker & 63)) != 0
    }

    /// Whether the write with marker number `marker` was acknowledged with `w:"majority"`.
    func isMajority(_ marker: Int64) -> Bool {
        let word = Int(marker >> 6)
        return marker >= 0 && word < majorityBits.count && majorityBits[word] & (UInt64(1) << UInt64(marker & 63)) != 0
    }

    /// Lost writes given the markers still present: `present` is called once per marker number found
    /// on the shards (duplicates, e.g. a chunk's orphaned copy, are counted once).
    /// Returns (lost, lost with `w:"majority"`).
    func lost(presentMarkers: (_ visit: (Int64) -> Void) -> Void) -> (all: Int, majority: Int) {
        var seen = [UInt64](repeating: 0, count: acknowledgedBits.count)
        var present = 0, presentMajority = 0
        presentMarkers { marker in
            guard contains(marker) else { return }
            let word = Int(marker >> 6), bit = UInt64(1) << UInt64(marker & 63)
            guard seen[word] & bit == 0 else { return }
            seen[word] |= bit
            present += 1
            if majorityBits[word] & bit != 0 { presentMajority += 1 }
        }
        return (count - present, majorityCount - presentMajority)
    }
}
