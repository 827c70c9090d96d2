import SimulationPrimitives

/// Runs one ``Command`` as a **step machine** (DESIGN §10): each store operation is a step the
/// platform executes with latency, so other requests' steps interleave with this one and races
/// are real.
///
/// ```swift
/// var handler = CommandHandler(.holdSeats(purchaseId: p, showtimeId: s, seats: [4, 5]), actor: buyer)
/// var step = handler.next(lastResult: nil, now: now)
/// while case .store(let op) = step {
///     let result = store.apply(op, now: now)      // platform: route, charge latency, then apply
///     step = handler.next(lastResult: result, now: now)
/// }
/// guard case .done(let outcome, let events) = step else { fatalError() }
/// ```
///
/// The first call passes `lastResult: nil`; each later call passes the result of the op the
/// previous step asked for, and the current time. A `.failed` result ends the command with 503.
/// Calling `next` after `.done` is a programming error (precondition).
///
/// Allocation: the purchase commands keep their state in a few fixed fields; only catalogue
/// commands (rare) use small arrays.
public struct CommandHandler: Sendable {
    /// The command being run.
    public let command: Command
    /// Who issued it.
    public let actor: Actor
    /// Domain settings (hold TTL, strategy, limits).
    public let config: DomainConfig

    var stage = 0
    var finished = false
    // Purchase flows.
    var seats: [UInt16] = []
    var purchase: Purchase?
    var holdExpiresAt = SimTime.zero
    var amountCents: Int64 = 0
    var refundPath = false
    var loops = 0
    // Catalogue flows.
    var loaded: [DomainDocument] = []
    var many: [DomainDocument] = []
    var readsDone = 0
    var writes: [StoreOperation] = []
    var written: [DomainDocument] = []
    var responseStatus = 200
    var responseId: Int64 = 0

    /// A handler for `command` issued by `actor`.
    public init(_ command: Command, actor: Actor, config: DomainConfig = DomainConfig()) {
        self.command = command
        self.actor = actor
        self.config = config
    }

    /// Number of store operations requested so far.
    public private(set) var storeOperationCount = 0

    /// The next step, given the result of the previous step's store operation (nil on the first
    /// call) and the current simulated time.
    public mutating func next(lastResult: StoreResult?, now: SimTime) -> Step {
        precondition(!finished, "CommandHandler.next called after the command finished")
        if case .failed(let failure)? = lastResult { return finish(.failure(.storeUnavailable(failure))) }
        let step: Step
        switch command {
        case .holdSeats, .payPurchase, .confirmPurchase, .releaseHold, .cancelPurchase, .expireHold:
            step = purchaseStep(lastResult, now: now)
        default:
            step = catalogueStep(lastResult, now: now)
        }
        switch step {
        case .store: storeOperationCount += 1
        case .done: finished = true
        }
        return step
    }

    mutating func finish(_ result: Result<CommandResponse, DomainError>, events: [DomainEvent] = []) -> Step {
        finished = true
        return .done(result, events: events)
    }

    /// A find by `_id`, targeted when the collection's shard key is `_id` (or the key itself, for
    /// inventories), broadcast otherwise.
    static func find(_ c: StoreCollection, _ key: Int64) -> StoreOperation {
        .find(c, key: key, shardKeyValue: c == .showtimes ? nil : key)
    }
}

extension DocumentStore {
    /// Runs `command` to completion with every step applied at `now` (no latency, no
    /// interleaving): for seeding, tools and tests. The simulator instead drives
    /// ``CommandHandler/next(lastResult:now:)`` step by step.
    /// - Returns: the command's outcome and the events it emitted.
    public mutating func execute(_ command: Command, actor: Actor, config: DomainConfig = DomainConfig(),
                                 now: SimTime) -> (result: Result<CommandResponse, DomainError>, events: [DomainEvent]) {
        var handler = CommandHandler(command, actor: actor, config: config)
        var step = handler.next(lastResult: nil, now: now)
        while case .store(let op) = step { step = handler.next(lastResult: apply(op, now: now), now: now) }
        guard case .done(let result, let events) = step else { preconditionFailure("unreachable") }
        return (result, events)
    }
}
