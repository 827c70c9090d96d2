import Resilience
import SimulationPrimitives

/// What the platform must do next for a call (`ClientCallStack.nextAction()`).
public enum ClientCallAction: Sendable, Equatable {
    /// Schedule Hystrix's timeout: deliver `.hystrixTimedOut` at `at` (covers all attempts and,
    /// under THREAD isolation, the queue wait).
    case scheduleHystrixTimeout(at: SimTime)
    /// Ask the Ribbon rule for a server for attempt `attempt` and deliver `.serverChosen`.
    /// `previous` is the last server tried (Ribbon does not exclude it, §8.5).
    case chooseServer(attempt: Int, previous: Int?)
    /// Open a connection to `server`; deliver `.connected` or `.connectFailed` (refused, or
    /// `.timedOut` at `connectDeadline` if it is still pending).
    case connect(attempt: Int, server: Int, connectDeadline: SimTime)
    /// The request is sent; deliver `.responseReceived`, or `.readTimedOut` at `readDeadline`.
    case awaitResponse(attempt: Int, server: Int, readDeadline: SimTime)
    /// Abandon the in-flight attempt (close its connection) after `duration`; later events for
    /// it are ignored. This also ends the attempt (no separate `.attemptEnded`).
    case cancelAttempt(attempt: Int, server: Int, duration: SimDuration)
    /// Attempt `attempt` on `server` ended (feed Ribbon's `ServerStats`: active requests,
    /// response time, successive connection failures).
    case attemptEnded(attempt: Int, server: Int, result: ClientAttemptResult, duration: SimDuration)
    /// Run the command's fallback, then deliver `.fallbackFinished(success:)`.
    case runFallback(cause: HystrixEventType)
    /// The caller's answer is ready (exactly once per call).
    case complete(ClientCallOutcome)
    /// The Hystrix thread this call held is free and the pool gave it to queued call `callID`:
    /// deliver `.threadStarted` to that call now (THREAD isolation). If that call ends first (its
    /// Hystrix timeout or `.callerCancelled` at the same instant), it gives the thread back itself
    /// and ignores the late `.threadStarted`.
    case startQueuedCall(callID: Int)
    /// All work of the call is over and the caller has its answer: release the calling worker
    /// (under SEMAPHORE isolation the caller's thread is blocked until now, case F02). Last action.
    case finished
}

/// An event the platform delivers to `ClientCallStack.handle(_:at:)`.
public enum ClientCallEvent: Sendable, Equatable {
    /// The Hystrix thread pool started this (queued) call.
    case threadStarted
    /// The rule's answer to `.chooseServer`; nil when no server is available.
    case serverChosen(Int?)
    /// The connection of attempt `attempt` is established (request sent now).
    case connected(attempt: Int)
    /// The connection of attempt `attempt` failed.
    case connectFailed(attempt: Int, ConnectFailure)
    /// Attempt `attempt` received a response with HTTP `status`.
    case responseReceived(attempt: Int, status: Int)
    /// Attempt `attempt` hit its read timeout.
    case readTimedOut(attempt: Int)
    /// Hystrix's timer fired.
    case hystrixTimedOut
    /// The fallback ended.
    case fallbackFinished(success: Bool)
    /// The caller gave up (client disconnect, upstream timeout): Hystrix unsubscribe — CANCELLED
    /// and `markNonSuccess` (reference/netflix-oss.md §1.3 step 9); any in-flight attempt is
    /// cancelled. Ignored once the caller has been answered.
    case callerCancelled
}

/// Why a connection failed (DESIGN §10 "Network calls": refuse vs black-hole).
public enum ConnectFailure: Sendable, Equatable {
    /// Refused (`ConnectException`): fast failure.
    case refused
    /// No answer before `ConnectTimeout`.
    case timedOut
}

/// How one attempt ended.
public enum ClientAttemptResult: Sendable, Equatable {
    /// A response arrived.
    case response(status: Int)
    /// Connection refused (a Ribbon circuit-tripping `SocketException`, §4.2).
    case connectRefused
    /// Connect timeout (circuit-tripping `SocketTimeoutException`, §4.2).
    case connectTimedOut
    /// Read timeout (circuit-tripping `SocketTimeoutException`, §4.2).
    case readTimedOut
    /// Cancelled after the Hystrix timeout.
    case cancelled

    /// Whether Ribbon counts it as a successive connection failure (§4.2).
    public var isCircuitTripping: Bool {
        switch self {
        case .connectRefused, .connectTimedOut, .readTimedOut: true
        case .response, .cancelled: false
        }
    }
}

/// The caller's answer to a call.
public struct ClientCallOutcome: Sendable, Equatable {
    /// What the fallback did, when one was involved.
    public enum Fallback: Sendable, Equatable {
        /// FALLBACK_SUCCESS: the caller gets the fallback's response.
        case success
        /// FALLBACK_FAILURE.
        case failure
        /// FALLBACK_REJECTION.
        case rejected
        /// FALLBACK_MISSING.
        case missing
        /// FALLBACK_DISABLED.
        case disabled
    }

    /// The execution event: SUCCESS, FAILURE, TIMEOUT, SHORT_CIRCUITED, SEMAPHORE_REJECTED,
    /// THREAD_POOL_REJECTED, BAD_REQUEST, or CANCELLED (after `.callerCancelled`).
    public var event: HystrixEventType
    /// The fallback's result after a non-success (nil for SUCCESS and BAD_REQUEST).
    public var fallback: Fallback?
    /// The HTTP status of the response the caller gets from the dependency, if any.
    public var status: Int?
    /// The server that answered, if any.
    public var server: Int?
    /// Attempts started so far.
    public var attempts: Int

    /// Creates an outcome.
    public init(event: HystrixEventType, fallback: Fallback?, status: Int?, server: Int?, attempts: Int) {
        self.event = event
        self.fallback = fallback
        self.status = status
        self.server = server
        self.attempts = attempts
    }

    /// Whether the caller got a usable answer: a SUCCESS or BAD_REQUEST response, or a
    /// successful fallback.
    public var isAnswered: Bool { event == .success || event == .badRequest || fallback == .success }
}
