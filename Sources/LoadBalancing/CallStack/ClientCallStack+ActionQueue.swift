/// A fixed six-slot FIFO of actions stored inline, so a call never allocates for its actions
/// (no event produces more than four).
///
/// The slots are a homogeneous tuple addressed through a typed pointer: a push or pop is one
/// indexed copy of a trivial value, not a six-way `switch` writing and clearing `Optional`s
/// (the switch version was ~1 % of a platform run's instructions). `ClientCallAction` holds no
/// references, so stale slots need no clearing.
struct ClientCallActionQueue: Sendable {
    private typealias Slots = (ClientCallAction, ClientCallAction, ClientCallAction, ClientCallAction, ClientCallAction, ClientCallAction)
    private static var capacity: Int { 6 }
    private var slots: Slots = (.finished, .finished, .finished, .finished, .finished, .finished)
    private var head = 0
    private(set) var count = 0

    mutating func push(_ action: ClientCallAction) {
        precondition(count < Self.capacity, "ClientCallStack action queue overflow")
        var slot = head &+ count
        if slot >= Self.capacity { slot &-= Self.capacity }
        withUnsafeMutablePointer(to: &slots) { tuple in
            tuple.withMemoryRebound(to: ClientCallAction.self, capacity: Self.capacity) { $0[slot] = action }
        }
        count &+= 1
    }

    mutating func pop() -> ClientCallAction? {
        guard count > 0 else { return nil }
        let slot = head
        let action = withUnsafeMutablePointer(to: &slots) { tuple in
            tuple.withMemoryRebound(to: ClientCallAction.self, capacity: Self.capacity) { $0[slot] }
        }
        head = slot &+ 1 == Self.capacity ? 0 : slot &+ 1
        count &-= 1
        return action
    }
}
