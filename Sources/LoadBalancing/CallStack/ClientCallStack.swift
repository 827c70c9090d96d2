import Resilience
import SimulationPrimitives

/// One outgoing call through the client call stack (DESIGN §10): a Hystrix command (isolation,
/// timeout over all attempts, breaker, fallback) wrapping Ribbon's retry loop (server choice per
/// attempt, `MaxAutoRetries`, `MaxAutoRetriesNextServer`, retriable errors), each attempt with a
/// connect and a read timeout. Sans-I/O: it returns actions and consumes events.
///
/// ```swift
/// var call = ClientCallStack(configuration: config, command: command, callID: 42, idempotent: true)
/// call.start(at: now)
/// while let action = call.nextAction() { platform.perform(action) }   // schedule, connect, …
/// call.handle(.serverChosen(3), at: now)                               // the rule's pick
/// while let action = call.nextAction() { platform.perform(action) }
/// ```
/// Flow: `start` asks the command (`HystrixCommand.begin`): a rejection or short-circuit goes
/// straight to the fallback; otherwise it returns `.scheduleHystrixTimeout` and (once the thread
/// pool runs it) `.chooseServer`. Each attempt is `.connect` (connect deadline) then
/// `.awaitResponse` (read deadline). A connect error is always retriable; a read timeout or a
/// `retryableStatusCodes` response is retriable only for idempotent calls or with
/// `OkToRetryOnAllOperations` (§4.1). Retries go first to the same server (`MaxAutoRetries`), then
/// to the rule's next pick (`MaxAutoRetriesNextServer`), so at most `(MaxAutoRetries + 1) ×
/// (MaxAutoRetriesNextServer + 1)` attempts. When Hystrix times out, the caller is answered
/// (TIMEOUT, then the fallback) and the attempts follow `hystrixTimeoutBehaviour` — stock: they
/// keep running and retrying (case F02) and the isolation permit/thread stays held until they end.
/// Events for stale attempts are ignored, so the platform need not cancel its timers.
///
/// The struct holds no heap storage of its own (actions sit in an inline queue); the shared
/// `HystrixCommand` is a reference. No server is excluded on retry (Ribbon, §8.5). When the rule
/// has no server (`.serverChosen(nil)`) the call fails at once without further retries.
public struct ClientCallStack {
    /// Where the retry loop is.
    public enum AttemptPhase: Sendable, Equatable {
        /// Not started.
        case idle
        /// Queued in the Hystrix thread pool.
        case awaitingThread
        /// Waiting for `.serverChosen`.
        case choosingServer
        /// Waiting for `.connected` / `.connectFailed`.
        case connecting
        /// Waiting for `.responseReceived` / `.readTimedOut`.
        case awaitingResponse
        /// No attempt will run any more.
        case done
    }

    /// The call's settings.
    public let configuration: ClientCallConfiguration
    /// The Hystrix command (shared per command key).
    public let command: HystrixCommand
    /// The platform's id for the call (echoed by `.startQueuedCall`).
    public let callID: Int
    /// Whether the request is idempotent (GET); non-idempotent requests only retry connection
    /// errors unless `OkToRetryOnAllOperations`.
    public let idempotent: Bool
    /// The retry loop's phase.
    public private(set) var attemptPhase: AttemptPhase = .idle
    /// Attempts started (or being chosen) so far.
    public private(set) var attempts = 0
    /// The current attempt's server.
    public private(set) var server: Int?
    /// Whether the caller has been answered (`.complete` emitted).
    public private(set) var responded = false
    /// Whether Hystrix timed the command out.
    public private(set) var hystrixTimedOut = false
    /// Whether `.finished` has been emitted.
    public private(set) var isFinished = false
    /// The answer, once `responded`.
    public private(set) var outcome: ClientCallOutcome?
    private var sameServerRetries = 0
    private var nextServerRetries = 0
    private var attemptStartedAt = SimTime.zero
    private var execution: HystrixExecution?
    private var workDone = false
    private var fallbackPending = false
    private var pendingOutcome: ClientCallOutcome?
    private var actions = ClientCallActionQueue()

    /// Creates a call; nothing happens until `start(at:)`.
    public init(configuration: ClientCallConfiguration, command: HystrixCommand, callID: Int, idempotent: Bool) {
        self.configuration = configuration
        self.command = command
        self.callID = callID
        self.idempotent = idempotent
    }

    /// The next action to perform, or nil when the call waits for an event.
    public mutating func nextAction() -> ClientCallAction? { actions.pop() }

    /// Starts the call at `now` (Hystrix admission, §1.3).
    public mutating func start(at now: SimTime) {
        precondition(attemptPhase == .idle, "ClientCallStack.start called twice")
        switch command.begin(at: now, callID: callID) {
        case let .running(exec):
            execution = exec
            if let deadline = exec.timeoutDeadline { actions.push(.scheduleHystrixTimeout(at: deadline)) }
            chooseServer()
        case let .queued(exec):
            execution = exec
            if let deadline = exec.timeoutDeadline { actions.push(.scheduleHystrixTimeout(at: deadline)) }
            attemptPhase = .awaitingThread
        case let .rejected(event, decision):
            attemptPhase = .done
            workDone = true
            answerNonSuccess(event, decision: decision, status: nil, server: nil)
            finishIfDone()
        case let .responseFromCache(original):
            preconditionFailure("the call stack does not use the request cache (call \(original))")
        }
    }

    /// Consumes `event` at `now`; stale or out-of-phase events are ignored.
    public mutating func handle(_ event: ClientCallEvent, at now: SimTime) {
        switch event {
        case .threadStarted:
            guard attemptPhase == .awaitingThread, var exec = execution, exec.phase == .queued else { return }
            command.threadStarted(&exec, at: now)
            execution = exec
            chooseServer()
        case let .serverChosen(choice):
            guard attemptPhase == .choosingServer else { return }
            guard let choice else {
                endWork(.failure, status: nil, server: nil, at: now)
                return
            }
            server = choice
            connect(at: now)
        case let .connected(attempt):
            guard attempt == attempts, attemptPhase == .connecting else { return }
            attemptPhase = .awaitingResponse
            actions.push(.awaitResponse(attempt: attempt, server: server!, readDeadline: now + configuration.ribbon.readTimeout))
        case let .connectFailed(attempt, failure):
            guard attempt == attempts, attemptPhase == .connecting else { return }
            attemptFailed(failure == .refused ? .connectRefused : .connectTimedOut, at: now)
        case let .readTimedOut(attempt):
            guard attempt == attempts, attemptPhase == .awaitingResponse else { return }
            attemptFailed(.readTimedOut, at: now)
        case let .responseReceived(attempt, status):
            guard attempt == attempts, attemptPhase == .awaitingResponse else { return }
            responseReceived(status: status, at: now)
        case .hystrixTimedOut:
            hystrixTimeout(at: now)
        case .callerCancelled:
            callerCancelled(at: now)
        case let .fallbackFinished(success):
            guard fallbackPending, var answer = pendingOutcome else { return }
            fallbackPending = false
            command.fallbackFinished(success: success, at: now)
            answer.fallback = success ? .success : .failure
            answer.attempts = attempts
            respond(answer)  // no-op if the caller cancelled meanwhile
            finishIfDone()
        }
    }

    // MARK: - Retry loop

    private mutating func chooseServer() {
        attempts += 1
        attemptPhase = .choosingServer
        actions.push(.chooseServer(attempt: attempts, previous: server))
    }

    private mutating func connect(at now: SimTime) {
        attemptPhase = .connecting
        attemptStartedAt = now
        actions.push(.connect(attempt: attempts, server: server!, connectDeadline: now + configuration.ribbon.connectTimeout))
    }

    private mutating func attemptFailed(_ result: ClientAttemptResult, at now: SimTime) {
        actions.push(.attemptEnded(attempt: attempts, server: server!, result: result, duration: now - attemptStartedAt))
        let connectionPhase = result == .connectRefused || result == .connectTimedOut
        if retryAllowed(connectionPhase: connectionPhase), retry(at: now) { return }
        endWork(.failure, status: nil, server: server, at: now)
    }

    private mutating func responseReceived(status: Int, at now: SimTime) {
        actions.push(.attemptEnded(attempt: attempts, server: server!, result: .response(status: status), duration: now - attemptStartedAt))
        if configuration.ribbon.retryableStatusCodes.contains(status), retryAllowed(connectionPhase: false), retry(at: now) { return }
        let result: HystrixRunResult
        switch configuration.responseClassification {
        case .anyResponseIsSuccess: result = .success
        case .serverErrorsAreFailures: result = status >= 500 ? .failure : .success
        case .serverErrorsFailClientErrorsBadRequest:
            result = status >= 500 ? .failure : (status >= 400 ? .badRequest : .success)
        }
        endWork(result, status: status, server: server, at: now)
    }

    /// Whether Ribbon's handler allows any retry of this error (§4.1 request-specific handler).
    private func retryAllowed(connectionPhase: Bool) -> Bool {
        guard configuration.retriesEnabled else { return false }
        if hystrixTimedOut && configuration.hystrixTimeoutBehaviour != .continueAttempts { return false }
        return connectionPhase || idempotent || configuration.ribbon.okToRetryOnAllOperations
    }

    /// Starts the next attempt if the same-server or next-server budget allows.
    private mutating func retry(at now: SimTime) -> Bool {
        let ribbon = configuration.ribbon
        if sameServerRetries < ribbon.maxAutoRetries {
            sameServerRetries += 1
            attempts += 1
            connect(at: now)
            return true
        }
        if nextServerRetries < ribbon.maxAutoRetriesNextServer {
            nextServerRetries += 1
            sameServerRetries = 0
            chooseServer()
            return true
        }
        return false
    }

    // MARK: - Hystrix

    private mutating func hystrixTimeout(at now: SimTime) {
        guard var exec = execution, exec.phase == .running || exec.phase == .queued else { return }
        let wasQueued = exec.phase == .queued
        guard let timedOut = command.timeout(&exec, at: now) else { return }
        execution = exec
        hystrixTimedOut = true
        if wasQueued {
            attemptPhase = .done
            workDone = true
            // The pool may already have handed this call a thread (`.threadStarted` not yet
            // delivered): Hystrix freed it at once and it starts the next queued call.
            if let next = timedOut.nextQueuedCallID { actions.push(.startQueuedCall(callID: next)) }
        } else if configuration.hystrixTimeoutBehaviour == .cancelAttempts
                    || (configuration.hystrixTimeoutBehaviour == .finishCurrentAttemptOnly && attemptPhase == .choosingServer) {
            if attemptPhase == .connecting || attemptPhase == .awaitingResponse {
                actions.push(.cancelAttempt(attempt: attempts, server: server!, duration: now - attemptStartedAt))
            }
            releaseWork(result: .failure, at: now)
        }
        answerNonSuccess(.timeout, decision: timedOut.fallback ?? .missing, status: nil, server: nil)
        finishIfDone()
    }

    private mutating func callerCancelled(at now: SimTime) {
        guard !responded else { return }
        if attemptPhase == .connecting || attemptPhase == .awaitingResponse {
            actions.push(.cancelAttempt(attempt: attempts, server: server!, duration: now - attemptStartedAt))
        }
        attemptPhase = .done
        if !workDone, var exec = execution, exec.phase != .completed {
            let completion = command.complete(&exec, result: .cancelled, at: now)
            execution = exec
            if let next = completion.nextQueuedCallID { actions.push(.startQueuedCall(callID: next)) }
        }
        workDone = true
        // A fallback already running keeps its permit until `.fallbackFinished` arrives.
        respond(ClientCallOutcome(event: .cancelled, fallback: nil, status: nil, server: nil, attempts: attempts))
        finishIfDone()
    }

    /// The retry loop ended at `now` with `result`: report it to Hystrix, answer if still live.
    private mutating func endWork(_ result: HystrixRunResult, status: Int?, server: Int?, at now: SimTime) {
        guard let completion = releaseWork(result: result, at: now) else { return }
        switch completion.event {
        case .success?:
            respond(ClientCallOutcome(event: .success, fallback: nil, status: status, server: server, attempts: attempts))
        case .badRequest?:
            respond(ClientCallOutcome(event: .badRequest, fallback: nil, status: status, server: server, attempts: attempts))
        case .failure?:
            answerNonSuccess(.failure, decision: completion.fallback ?? .missing, status: status, server: server)
        default:
            break  // late result after TIMEOUT: already answered.
        }
        finishIfDone()
    }

    @discardableResult
    private mutating func releaseWork(result: HystrixRunResult, at now: SimTime) -> HystrixCompletion? {
        attemptPhase = .done
        guard !workDone, var exec = execution else { workDone = true; return nil }
        workDone = true
        let completion = command.complete(&exec, result: result, at: now)
        execution = exec
        if let next = completion.nextQueuedCallID { actions.push(.startQueuedCall(callID: next)) }
        return completion
    }

    private mutating func answerNonSuccess(_ event: HystrixEventType, decision: HystrixFallbackDecision, status: Int?, server: Int?) {
        let answer = ClientCallOutcome(event: event, fallback: nil, status: status, server: server, attempts: attempts)
        switch decision {
        case .run:
            fallbackPending = true
            pendingOutcome = answer
            actions.push(.runFallback(cause: event))
        case .rejected: respond(with(answer, .rejected))
        case .missing: respond(with(answer, .missing))
        case .disabled: respond(with(answer, .disabled))
        }
    }

    private func with(_ o: ClientCallOutcome, _ f: ClientCallOutcome.Fallback) -> ClientCallOutcome {
        var o = o
        o.fallback = f
        return o
    }

    private mutating func respond(_ answer: ClientCallOutcome) {
        guard !responded else { return }
        responded = true
        outcome = answer
        actions.push(.complete(answer))
    }

    private mutating func finishIfDone() {
        guard responded, workDone, !fallbackPending, !isFinished else { return }
        isFinished = true
        actions.push(.finished)
    }
}
