import SimulationPrimitives

/// One execution of a Hystrix command, from `HystrixCommand.begin` to its terminal event
/// (reference/netflix-oss.md §1.3). A value the caller keeps and passes back `inout`.
public struct HystrixExecution: Sendable, Equatable {
    /// Where the execution is.
    public enum Phase: Sendable, Equatable {
        /// Waiting in the thread pool's queue.
        case queued
        /// `run()` is executing.
        case running
        /// Hystrix emitted TIMEOUT but the work still runs: under THREAD isolation it occupies its
        /// pool thread (the interrupt is not honoured by a blocking socket read, case F02) until
        /// `complete`; under SEMAPHORE isolation the permit was already released at the timeout
        /// but the caller's own thread is still inside run().
        case timedOut
        /// Terminal: nothing held any more.
        case completed
    }

    /// The caller's id for this call (echoed by `HystrixThreadPool.threadFinished`).
    public let callID: Int
    /// Subscription time: the timeout timer starts here, so queue wait counts (§1.3 step 6).
    public let subscribedAt: SimTime
    /// When `run()` started (nil while queued).
    public internal(set) var runStartedAt: SimTime?
    /// When Hystrix's timeout fires (nil when `execution.timeout.enabled` is false). The caller
    /// schedules a timer and calls `HystrixCommand.timeout(_:at:)` then.
    public let timeoutDeadline: SimTime?
    /// The isolation strategy in force when the execution began.
    public let isolation: HystrixCommandProperties.IsolationStrategy
    /// The current phase.
    public internal(set) var phase: Phase
    var holdsSemaphore: Bool
    var holdsThread: Bool
}

/// What happens about the fallback after a non-success (§1.3 step 8).
public enum HystrixFallbackDecision: Sendable, Equatable {
    /// A fallback permit was taken: run the fallback, then call `HystrixCommand.fallbackFinished`.
    case run
    /// FALLBACK_REJECTION: the fallback semaphore is exhausted; the caller gets the error.
    case rejected
    /// FALLBACK_MISSING: the command has no fallback; the caller gets the error.
    case missing
    /// FALLBACK_DISABLED: `fallback.enabled` is false; the caller gets the error.
    case disabled
}

/// The result of `HystrixCommand.begin` (§1.3 steps 2–5).
public enum HystrixAdmission: Sendable, Equatable {
    /// Admitted and running now; schedule `execution.timeoutDeadline`.
    case running(HystrixExecution)
    /// Admitted into the thread pool's queue; schedule `execution.timeoutDeadline` (queue wait
    /// counts) and start the work when the pool hands out `callID`.
    case queued(HystrixExecution)
    /// RESPONSE_FROM_CACHE: answer with the result of call `originalCallID` (no breaker, no
    /// isolation touched, §1.7).
    case responseFromCache(originalCallID: Int)
    /// Not executed: `event` is SHORT_CIRCUITED, SEMAPHORE_REJECTED or THREAD_POOL_REJECTED and
    /// `fallback` says what happens next.
    case rejected(HystrixEventType, fallback: HystrixFallbackDecision)
}

/// How `run()` ended, as reported by the caller.
public enum HystrixRunResult: Sendable, Equatable {
    /// `run()` returned a value: SUCCESS.
    case success
    /// `run()` threw: FAILURE, then the fallback.
    case failure
    /// `run()` threw `HystrixBadRequestException`: BAD_REQUEST, no fallback, not counted in
    /// health but still `markNonSuccess` (§1.3 edge).
    case badRequest
    /// The caller unsubscribed: CANCELLED and `markNonSuccess` (§1.3 step 9).
    case cancelled
}

/// The result of `HystrixCommand.complete`.
public struct HystrixCompletion: Sendable, Equatable {
    /// The terminal execution event recorded, or nil when the execution had already timed out
    /// (Hystrix ignores the late result; only the resources are released).
    public let event: HystrixEventType?
    /// The fallback decision after FAILURE; nil otherwise.
    public let fallback: HystrixFallbackDecision?
    /// A queued call the freed thread starts now (THREAD isolation), to be resumed by the caller.
    public let nextQueuedCallID: Int?
}

/// The per-user-request cache scope of Hystrix's request cache (`HystrixRequestContext`, §1.7).
/// Create one per inbound request; it allocates only when a cacheable command runs.
public struct HystrixRequestContext: Sendable {
    private var entries: [(commandKey: UInt64, cacheKey: UInt64, callID: Int)] = []

    /// An empty context.
    public init() {}

    func lookup(commandKey: UInt64, cacheKey: UInt64) -> Int? {
        for e in entries where e.commandKey == commandKey && e.cacheKey == cacheKey { return e.callID }
        return nil
    }

    mutating func insert(commandKey: UInt64, cacheKey: UInt64, callID: Int) {
        entries.append((commandKey, cacheKey, callID))
    }
}
