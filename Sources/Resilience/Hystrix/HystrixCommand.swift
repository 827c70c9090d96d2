import SimulationPrimitives

/// A Hystrix command key's shared runtime: breaker, execution and fallback semaphores, optional
/// thread pool and metrics (reference/netflix-oss.md §1.3). One instance per command key, shared
/// by every execution of that key (the breaker is per key, §1.4), hence a class.
///
/// ```swift
/// let command = try HystrixCommand(key: "compra-command", properties: .springCloud,
///                                  threadPool: pool, createdAt: .zero)
/// switch command.begin(at: now, callID: id) {
/// case .running(var execution):  // schedule execution.timeoutDeadline, do the work, then:
///     let done = command.complete(&execution, result: .success, at: later)
/// case .queued(let execution): …   // wait for the pool to hand out `id`
/// case .rejected(let event, let fallback): …
/// case .responseFromCache(let original): …
/// }
/// ```
/// Flow (§1.3): request cache → `attemptExecution` (else SHORT_CIRCUITED) → execution semaphore
/// (SEMAPHORE isolation; else SEMAPHORE_REJECTED) → thread pool (THREAD; else
/// THREAD_POOL_REJECTED) → run with a timeout that starts at subscription → SUCCESS
/// (`markSuccess`) or `markNonSuccess` then TIMEOUT / FAILURE / BAD_REQUEST → fallback under the
/// fallback semaphore. Sans-I/O: nothing here schedules timers; deadlines are returned.
/// All hot methods are O(1) and allocation-free.
public final class HystrixCommand {
    // Stored `var`s are `@exclusivity(unchecked)`: a class's mutable state is otherwise checked
    // dynamically on every mutating access (`swift_beginAccess`, ~1.5 % of a platform run's
    // instructions spent in this class and the thread pool). The core is single-threaded and no
    // method overlaps two accesses to one property (docs/performance.md, round 5 `perfcall`).
    /// The command key (e.g. the serviceId for a Zuul route).
    public let key: String
    /// The group key (the default thread-pool key).
    public let group: String
    /// Dynamic properties, read on every call (§1.1); window geometry is fixed at construction.
    @exclusivity(unchecked) public var properties: HystrixCommandProperties {
        didSet { breaker.properties = properties }
    }
    /// Whether the command implements `getFallback()` (otherwise FALLBACK_MISSING).
    @exclusivity(unchecked) public var hasFallback: Bool
    /// Which breaker decides admission (issue 3: "resilience4j semantics, selectable per command").
    public enum CircuitBreakerChoice: Sendable, Equatable {
        /// Hystrix's breaker (§1.4), configured by `properties`.
        case hystrix
        /// resilience4j's breaker (§3.1) with this configuration. Mapping: SUCCESS → success,
        /// FAILURE/TIMEOUT → error (duration = execution time, so slow calls count), rejections →
        /// error when `rejectionsCountAsFailures` else ignored, BAD_REQUEST/CANCELLED → ignored
        /// (permit released). The Hystrix health window still feeds the stream's counts.
        case resilience4j(Resilience4jCircuitBreakerConfig)
    }

    /// The Hystrix breaker shared by every execution of this key (consulted when
    /// `resilience4jBreaker` is nil).
    @exclusivity(unchecked) public internal(set) var breaker: HystrixCircuitBreaker
    /// The resilience4j breaker when `CircuitBreakerChoice.resilience4j` was chosen.
    @exclusivity(unchecked) public internal(set) var resilience4jBreaker: Resilience4jCircuitBreaker?
    /// The thread pool used under THREAD isolation (shared by key).
    public let threadPool: HystrixThreadPool?
    /// Rolling metrics.
    @exclusivity(unchecked) public internal(set) var metrics: HystrixCommandMetrics
    /// Execution-semaphore permits in use (SEMAPHORE isolation).
    @exclusivity(unchecked) public private(set) var executionPermitsInUse = 0
    /// Fallback-semaphore permits in use.
    @exclusivity(unchecked) public private(set) var fallbackPermitsInUse = 0
    private let keyHash: UInt64

    /// Creates the runtime for `key`.
    /// - Parameters:
    ///   - threadPool: required when `properties.executionIsolationStrategy == .thread`.
    ///   - hasFallback: whether a fallback is implemented (default true).
    ///   - circuitBreaker: Hystrix's breaker (default) or resilience4j's.
    /// - Throws: `HystrixConfigurationError` for invalid properties or a THREAD command without a pool.
    public init(key: String, group: String = "default", properties: HystrixCommandProperties,
                threadPool: HystrixThreadPool? = nil, hasFallback: Bool = true, circuitBreaker: CircuitBreakerChoice = .hystrix,
                createdAt: SimTime) throws(HystrixConfigurationError) {
        try properties.validate()
        if properties.executionIsolationStrategy == .thread && threadPool == nil {
            throw .invalid(property: "execution.isolation.strategy", value: "THREAD",
                           reason: "command '\(key)' needs a HystrixThreadPool (or use SEMAPHORE)")
        }
        self.key = key
        self.group = group
        self.properties = properties
        self.hasFallback = hasFallback
        self.threadPool = threadPool
        breaker = HystrixCircuitBreaker(properties: properties, createdAt: createdAt)
        if case let .resilience4j(config) = circuitBreaker { resilience4jBreaker = Resilience4jCircuitBreaker(config: config) }
        metrics = HystrixCommandMetrics(properties: properties, origin: createdAt)
        keyHash = StableHash.fnv1a64(key)
    }

    /// Starts an execution (§1.3 steps 3–5) for the caller's `callID`.
    public func begin(at now: SimTime, callID: Int) -> HystrixAdmission {
        let admitted = resilience4jBreaker != nil ? resilience4jBreaker!.tryAcquirePermission(at: now) : breaker.attemptExecution(at: now)
        if !admitted {
            return reject(.shortCircuited, at: now)
        }
        let isolation = properties.executionIsolationStrategy
        let deadline: SimTime? = properties.executionTimeoutEnabled ? now + properties.executionTimeout : nil
        switch isolation == .thread && threadPool == nil ? .semaphore : isolation {
        case .semaphore:
            if executionPermitsInUse >= properties.executionIsolationSemaphoreMaxConcurrentRequests {
                return reject(.semaphoreRejected, at: now)
            }
            executionPermitsInUse += 1
            metrics.executionStarted(at: now)
            return .running(HystrixExecution(callID: callID, subscribedAt: now, runStartedAt: now, timeoutDeadline: deadline,
                                             isolation: isolation, phase: .running, holdsSemaphore: true, holdsThread: false))
        case .thread:
            let pool = threadPool!
            switch pool.admit(callID: callID, at: now) {
            case .rejected:
                return reject(.threadPoolRejected, at: now)
            case .run:
                metrics.executionStarted(at: now)
                return .running(HystrixExecution(callID: callID, subscribedAt: now, runStartedAt: now, timeoutDeadline: deadline,
                                                 isolation: isolation, phase: .running, holdsSemaphore: false, holdsThread: true))
            case .queued:
                return .queued(HystrixExecution(callID: callID, subscribedAt: now, runStartedAt: nil, timeoutDeadline: deadline,
                                                isolation: isolation, phase: .queued, holdsSemaphore: false, holdsThread: false))
            }
        }
    }

    /// Starts an execution with the request cache (§1.3 step 2, §1.7): when `requestCacheEnabled`
    /// and `cacheKey` was already used by this command in `context`, answers
    /// `.responseFromCache` (event RESPONSE_FROM_CACHE) without touching breaker or isolation.
    public func begin(at now: SimTime, callID: Int, cacheKey: UInt64, context: inout HystrixRequestContext) -> HystrixAdmission {
        guard properties.requestCacheEnabled else { return begin(at: now, callID: callID) }
        if let original = context.lookup(commandKey: keyHash, cacheKey: cacheKey) {
            metrics.count(.responseFromCache, at: now)
            return .responseFromCache(originalCallID: original)
        }
        context.insert(commandKey: keyHash, cacheKey: cacheKey, callID: callID)
        return begin(at: now, callID: callID)
    }

    /// The thread pool handed `execution.callID` a thread (`HystrixThreadPool.threadFinished`
    /// returned it): `run()` starts now.
    public func threadStarted(_ execution: inout HystrixExecution, at now: SimTime) {
        precondition(execution.phase == .queued, "threadStarted on a \(execution.phase) execution")
        execution.phase = .running
        execution.runStartedAt = now
        execution.holdsThread = true
        metrics.executionStarted(at: now)
    }

    /// Hystrix's timeout fired at `now` (the caller's timer for `timeoutDeadline`).
    ///
    /// Records TIMEOUT after `markNonSuccess` and decides the fallback. A queued execution is
    /// cancelled in the pool; a running one moves to `.timedOut`: a SEMAPHORE permit is released
    /// now (Hystrix releases it when the command observable terminates), a pool thread stays busy
    /// until `complete` reports the end of the work.
    ///
    /// A queued execution the pool has already handed a thread to (its `threadFinished` returned
    /// this call id, but the caller has not yet called `threadStarted`) gives the thread back at
    /// once: in Hystrix the thread runs the task, sees `isCommandTimedOut == TIMED_OUT` and returns
    /// "timed out before executing run()" without running it (`executeCommandWithSpecifiedIsolation`,
    /// reference/netflix-oss.md §1.3 step 6). That thread then takes the next queued call,
    /// returned in `nextQueuedCallID`.
    /// - Returns: `event` `.timeout`, the fallback decision and the next queued call to start, or
    ///   nil when the execution had already ended.
    public func timeout(_ execution: inout HystrixExecution, at now: SimTime) -> HystrixCompletion? {
        var next: Int?
        switch execution.phase {
        case .completed, .timedOut: return nil
        case .queued:
            next = withdrawQueued(&execution, at: now)
            execution.phase = .completed
        case .running:
            execution.phase = .timedOut
            // SEMAPHORE: the permit is released when the command observable terminates, i.e. at
            // the timeout (`doOnTerminate(singleSemaphoreRelease)` in `applyHystrixSemantics`),
            // while the calling thread is still inside run(). THREAD: the pool thread stays busy
            // until run() returns (a blocking socket read ignores the interrupt, case F02).
            if execution.holdsSemaphore { executionPermitsInUse -= 1; execution.holdsSemaphore = false }
        }
        signalBreaker(.timeout, execution: execution, at: now)
        terminal(.timeout, execution: execution, at: now)
        return HystrixCompletion(event: .timeout, fallback: fallbackDecision(at: now), nextQueuedCallID: next)
    }

    /// The work of `execution` ended at `now` with `result`.
    ///
    /// Releases the semaphore permit or thread (returning the next queued call the thread starts)
    /// and, unless the execution already timed out, records the terminal event: SUCCESS
    /// (`markSuccess`), or `markNonSuccess` and FAILURE (fallback), BAD_REQUEST or CANCELLED.
    /// A queued execution may only end `.cancelled` (unsubscribed before run()); if the pool had
    /// already handed it a thread, that thread is freed now (see `timeout(_:at:)`).
    public func complete(_ execution: inout HystrixExecution, result: HystrixRunResult, at now: SimTime) -> HystrixCompletion {
        precondition(execution.phase == .running || execution.phase == .timedOut || (execution.phase == .queued && result == .cancelled),
                     "complete on a \(execution.phase) execution")
        let wasLive = execution.phase != .timedOut
        let wasQueued = execution.phase == .queued
        var next: Int?
        if wasQueued { next = withdrawQueued(&execution, at: now) }
        if execution.holdsSemaphore { executionPermitsInUse -= 1; execution.holdsSemaphore = false }
        if execution.holdsThread { next = threadPool!.threadFinished(at: now); execution.holdsThread = false }
        if !wasQueued && execution.runStartedAt != nil { metrics.executionEnded() }
        execution.phase = .completed
        guard wasLive else { return HystrixCompletion(event: nil, fallback: nil, nextQueuedCallID: next) }
        switch result {
        case .success:
            signalBreaker(.success, execution: execution, at: now)
            terminal(.success, execution: execution, at: now)
            return HystrixCompletion(event: .success, fallback: nil, nextQueuedCallID: next)
        case .failure:
            signalBreaker(.failure, execution: execution, at: now)
            terminal(.failure, execution: execution, at: now)
            return HystrixCompletion(event: .failure, fallback: fallbackDecision(at: now), nextQueuedCallID: next)
        case .badRequest:
            signalBreaker(.badRequest, execution: execution, at: now)
            terminal(.badRequest, execution: execution, at: now)
            return HystrixCompletion(event: .badRequest, fallback: nil, nextQueuedCallID: next)
        case .cancelled:
            signalBreaker(.cancelled, execution: execution, at: now)
            metrics.count(.cancelled, at: now)
            return HystrixCompletion(event: .cancelled, fallback: nil, nextQueuedCallID: next)
        }
    }

    /// The fallback that `.run` admitted ended at `now`: releases its permit and records
    /// FALLBACK_SUCCESS, or FALLBACK_FAILURE and EXCEPTION_THROWN.
    public func fallbackFinished(success: Bool, at now: SimTime) {
        precondition(fallbackPermitsInUse > 0, "fallbackFinished without a running fallback")
        fallbackPermitsInUse -= 1
        if success {
            metrics.count(.fallbackSuccess, at: now)
        } else {
            metrics.count(.fallbackFailure, at: now)
            metrics.count(.exceptionThrown, at: now)
        }
    }

    /// Breaker `isOpen()` at `now` (false when the breaker is disabled), for the stream and tests.
    public func isCircuitBreakerOpen(at now: SimTime) -> Bool {
        if let r = resilience4jBreaker { return r.state == .open || r.state == .halfOpen || r.state == .forcedOpen }
        return breaker.isOpen(at: now)
    }
    /// Breaker `allowRequest()` at `now`.
    public func allowRequest(at now: SimTime) -> Bool {
        if var r = resilience4jBreaker {
            // A probe on a copy: resilience4j has no idempotent query.
            return r.tryAcquirePermission(at: now)
        }
        return breaker.allowRequest(at: now)
    }
    /// The breaker's current health emission at `now`.
    public func healthCounts(at now: SimTime) -> HystrixHealthCounts { breaker.healthCounts(at: now) }
    /// The rolling count of `event` at `now`.
    public func rollingCount(_ event: HystrixEventType, at now: SimTime) -> Int64 { metrics.rollingCount(event, at: now) }

    /// Takes a queued execution out of the pool at `now` (timeout or unsubscribe before run()).
    /// Still in the queue: its `FutureTask` is cancelled and skipped when dequeued. Already
    /// dequeued (the pool gave it a thread, `threadStarted` not yet delivered): that thread finds
    /// the command over and returns without running it, so it is freed now and takes the next
    /// queued call, whose id is returned.
    private func withdrawQueued(_ execution: inout HystrixExecution, at now: SimTime) -> Int? {
        guard let pool = threadPool, !pool.cancelQueued(callID: execution.callID) else { return nil }
        return pool.threadFinished(at: now)
    }

    private func reject(_ event: HystrixEventType, at now: SimTime) -> HystrixAdmission {
        // A rejection after a granted trial is a non-success of the trial (§1.4 transition table).
        if event != .shortCircuited { signalBreaker(event, execution: nil, at: now) }
        breaker.record(event, at: now)
        metrics.count(event, at: now)
        return .rejected(event, fallback: fallbackDecision(at: now))
    }

    /// Tells the chosen breaker how an admitted execution ended (`markSuccess`/`markNonSuccess`
    /// for Hystrix, §1.3 step 7; `onResult` for resilience4j, see `CircuitBreakerChoice`).
    private func signalBreaker(_ event: HystrixEventType, execution: HystrixExecution?, at now: SimTime) {
        guard resilience4jBreaker != nil else {
            if event == .success { breaker.markSuccess(at: now) } else { breaker.markNonSuccess(at: now) }
            return
        }
        let duration = execution.map { now - ($0.runStartedAt ?? $0.subscribedAt) } ?? .zero
        let outcome: Resilience4jCircuitBreaker.CallOutcome
        switch event {
        case .success: outcome = .success
        case .failure, .timeout: outcome = .error
        case .threadPoolRejected, .semaphoreRejected: outcome = properties.rejectionsCountAsFailures ? .error : .ignored
        default: outcome = .ignored
        }
        resilience4jBreaker!.onResult(outcome, duration: duration, at: now)
    }

    private func terminal(_ event: HystrixEventType, execution: HystrixExecution, at now: SimTime) {
        breaker.record(event, at: now)
        metrics.count(event, at: now)
        let execute = execution.runStartedAt.map { now - $0 }
        metrics.latencies(execute: execute, total: now - execution.subscribedAt, at: now)
    }

    private func fallbackDecision(at now: SimTime) -> HystrixFallbackDecision {
        let decision: HystrixFallbackDecision
        if !properties.fallbackEnabled {
            decision = .disabled
        } else if !hasFallback {
            decision = .missing
            metrics.count(.fallbackMissing, at: now)
        } else if fallbackPermitsInUse >= properties.fallbackIsolationSemaphoreMaxConcurrentRequests {
            decision = .rejected
            metrics.count(.fallbackRejection, at: now)
        } else {
            fallbackPermitsInUse += 1
            return .run
        }
        metrics.count(.exceptionThrown, at: now)
        return decision
    }
}
