import Scenarios
import LoadBalancing

/// Small lookup tables on the per-event path kept as arrays indexed by a dense key instead of
/// `Dictionary`s: a dictionary probe hashes its key with SipHash (`Hasher`) on every look-up,
/// which was ~5 % of a run's instructions spread over these tables (docs/performance.md, round 4).
/// Each keeps the dictionary's `subscript` shape (`Value?`), so call sites read the same.

/// The component of each singleton node kind (edge, gateway, oauth, eureka…), by `NodeKind.rawValue`.
struct ComponentByKind {
    private var slots = [Int32](repeating: -1, count: 256)

    subscript(kind: NodeKind) -> Int32? {
        @inline(__always) get {
            let slot = slots[Int(kind.rawValue)]
            return slot >= 0 ? slot : nil
        }
        set { slots[Int(kind.rawValue)] = newValue ?? -1 }
    }
}

/// The recorder entry of each journey (journey latency series), by the journey's position in
/// `Journey.allCases`.
struct RecorderByJourney {
    private var slots = [Int](repeating: -1, count: Journey.allCases.count)

    @inline(__always) static func position(_ journey: Journey) -> Int {
        switch journey {
        case .browse: 0
        case .buy: 1
        case .share: 2
        case .manage: 3
        }
    }

    subscript(journey: Journey) -> Int? {
        @inline(__always) get {
            let slot = slots[Self.position(journey)]
            return slot >= 0 ? slot : nil
        }
        set { slots[Self.position(journey)] = newValue ?? -1 }
    }
}
