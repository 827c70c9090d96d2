/// A fixed six-slot FIFO of actions stored inline, so a call never allocates for its actions
/// (no event produces more than four).
struct ClientCallActionQueue: Sendable {
    private var a0: ClientCallAction?
    private var a1: ClientCallAction?
    private var a2: ClientCallAction?
    private var a3: ClientCallAction?
    private var a4: ClientCallAction?
    private var a5: ClientCallAction?
    private var head = 0
    private(set) var count = 0

    mutating func push(_ action: ClientCallAction) {
        precondition(count < 6, "ClientCallStack action queue overflow")
        let slot = (head + count) % 6
        switch slot {
        case 0: a0 = action
        case 1: a1 = action
        case 2: a2 = action
        case 3: a3 = action
        case 4: a4 = action
        default: a5 = action
        }
        count += 1
    }

    mutating func pop() -> ClientCallAction? {
        guard count > 0 else { return nil }
        let action: ClientCallAction?
        switch head {
        case 0: action = a0; a0 = nil
        case 1: action = a1; a1 = nil
        case 2: action = a2; a2 = nil
        case 3: action = a3; a3 = nil
        case 4: action = a4; a4 = nil
        default: action = a5; a5 = nil
        }
        head = (head + 1) % 6
        count -= 1
        return action
    }
}
