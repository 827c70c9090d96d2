/// A member's retryable-write state per session (reference/store-auth-logs.md §1.5): the last
/// transaction number each session wrote and its outcome, looked up on every retryable write and
/// replaced on every applied entry that carries a retry record.
///
/// Session ids are small (the platform gives each driver `node + 1`, tests a handful), so states
/// live in an array indexed by the id, with a dictionary for ids at or beyond ``denseLimit``: no
/// hashing of the `SessionID` on the write path (performance round 7; the dictionary cost ~285
/// instructions per applied entry). ``values`` lists the states in session order.
struct RetryTable: Sendable {
    /// Session ids below this are indexed directly.
    static let denseLimit: UInt64 = 4_096

    private var dense: [ReplicaSetMember.RetryState?] = []
    private var sparse: [SessionID: ReplicaSetMember.RetryState] = [:]

    /// The state of `session`, or nil; setting nil forgets it.
    subscript(session: SessionID) -> ReplicaSetMember.RetryState? {
        get {
            if session.rawValue < Self.denseLimit {
                let i = Int(session.rawValue)
                return i < dense.count ? dense[i] : nil
            }
            return sparse[session]
        }
        set {
            if session.rawValue < Self.denseLimit {
                let i = Int(session.rawValue)
                if i >= dense.count {
                    guard newValue != nil else { return }
                    dense.append(contentsOf: repeatElement(nil, count: i + 1 - dense.count))
                }
                dense[i] = newValue
            } else {
                sparse[session] = newValue
            }
        }
    }

    /// Stores `state` for `session` and returns the state it replaces (one index, no second look-up).
    mutating func updateValue(_ state: ReplicaSetMember.RetryState, forKey session: SessionID) -> ReplicaSetMember.RetryState? {
        guard session.rawValue < Self.denseLimit else { return sparse.updateValue(state, forKey: session) }
        let i = Int(session.rawValue)
        if i >= dense.count { dense.append(contentsOf: repeatElement(nil, count: i + 1 - dense.count)) }
        var previous: ReplicaSetMember.RetryState? = state
        swap(&previous, &dense[i])
        return previous
    }

    /// Every state, in session order (dense ids first, then the sparse ones sorted: never the
    /// dictionary's hash order).
    var values: [ReplicaSetMember.RetryState] {
        dense.compactMap { $0 } + sparse.sorted { $0.key < $1.key }.map(\.value)
    }

    /// Forgets every session.
    mutating func removeAll() {
        dense.removeAll()
        sparse.removeAll()
    }
}
