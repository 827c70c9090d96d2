import Testing
import LoadBalancing
import Resilience
import SimulationPrimitives

/// The client call stack (DESIGN §10; reference/netflix-oss.md §4.1, §6.3; cases F02, §8.5).
@Suite struct ClientCallStackTests {
    @Test func ribbonTimeoutFormula() {
        // §6.3: (1000 + 1000) × 1 × 2 = 4000 ms with Spring Cloud defaults.
        #expect(ClientCallConfiguration.Ribbon.springCloud.ribbonTimeout == .milliseconds(4_000))
        #expect(ClientCallConfiguration.Ribbon.springCloud.maxAttempts == 2)
        // Netflix defaults: (2000 + 5000) × 2 = 14000 ms.
        #expect(ClientCallConfiguration.Ribbon.netflix.ribbonTimeout == .milliseconds(14_000))
        // F02's PR example: connect 500 + read 100, 1 same-server and 1 next-server retry → 2400 ms.
        let pr = ClientCallConfiguration.Ribbon(connectTimeout: .milliseconds(500), readTimeout: .milliseconds(100),
                                                maxAutoRetries: 1, maxAutoRetriesNextServer: 1)
        #expect(pr.maxAttempts == 4)
        #expect(pr.ribbonTimeout == .milliseconds(2_400))
    }

    @Test func timeoutWarningCarriesTheNumbers() {
        let config = f02Configuration(.continueAttempts)
        let warning = config.timeoutWarning(hystrixTimeout: .milliseconds(1_000), commandKey: "catalog")
        #expect(warning == HystrixRibbonTimeoutWarning(commandKey: "catalog", hystrixTimeout: .milliseconds(1_000),
                                                       connectTimeout: .milliseconds(1_000), readTimeout: .milliseconds(5_000),
                                                       attempts: 2, ribbonTimeout: .milliseconds(12_000)))
        #expect(warning?.description.contains("12s") == true)
        // Equal is fine (Spring Cloud warns only when lower).
        #expect(ClientCallConfiguration.defaults(.springCloud).timeoutWarning(hystrixTimeout: .milliseconds(4_000)) == nil)
        #expect(ClientCallConfiguration.defaults(.springCloud).timeoutWarning(hystrixTimeout: .milliseconds(3_999)) != nil)
    }

    @Test func zuulRouteDefaults() {
        let spring = ClientCallConfiguration.zuulRoute(defaults: .springCloud)
        #expect(!spring.retriesEnabled, "zuul.retryable defaults to false (§4.1)")
        #expect(spring.responseClassification == .anyResponseIsSuccess)
        #expect(spring.ribbon == .springCloud)
        #expect(spring.hystrixTimeoutBehaviour == .continueAttempts)
        let netflix = ClientCallConfiguration.zuulRoute(defaults: .netflix)
        #expect(netflix.retriesEnabled)
        #expect(netflix.ribbon.connectTimeout == .milliseconds(2_000))
        #expect(netflix.ribbon.readTimeout == .milliseconds(5_000))
    }

    /// Total attempts = (MaxAutoRetries + 1) × (MaxAutoRetriesNextServer + 1); same-server
    /// retries first, then the rule's next pick.
    @Test func attemptsAreBoundedAndOrdered() throws {
        var config = ClientCallConfiguration.defaults(.springCloud)
        config.ribbon.maxAutoRetries = 1
        config.ribbon.maxAutoRetriesNextServer = 2
        let command = try semaphoreCommand(timeoutMs: 60_000)
        var call = ClientCallStack(configuration: config, command: command, callID: 1, idempotent: true)
        call.start(at: msAt(0))
        var connects: [(Int, Int)] = []
        var chooses = 0
        var final: ClientCallOutcome?
        var pending = drainActions(&call)
        var t: Int64 = 0
        var nextServer = 10
        while !pending.isEmpty {
            let action = pending.removeFirst()
            switch action {
            case .chooseServer:
                chooses += 1
                call.handle(.serverChosen(nextServer), at: msAt(t)); nextServer += 10
            case let .connect(attempt, server, _):
                connects.append((attempt, server))
                t += 1
                call.handle(.connectFailed(attempt: attempt, .refused), at: msAt(t))
            case let .complete(outcome): final = outcome
            default: break
            }
            pending += drainActions(&call)
        }
        #expect(connects.count == 6)
        #expect(connects.map(\.0) == [1, 2, 3, 4, 5, 6])
        #expect(connects.map(\.1) == [10, 10, 20, 20, 30, 30])
        #expect(chooses == 3)
        #expect(final == ClientCallOutcome(event: .failure, fallback: .missing, status: nil, server: 30, attempts: 6))
        #expect(call.isFinished)
        #expect(command.executionPermitsInUse == 0)
    }

    @Test func retryOnNextServerSucceeds() throws {
        let command = try semaphoreCommand(timeoutMs: 4_000)
        var call = ClientCallStack(configuration: .defaults(.springCloud), command: command, callID: 1, idempotent: true)
        call.start(at: msAt(0))
        #expect(drainActions(&call) == [.scheduleHystrixTimeout(at: msAt(4_000)), .chooseServer(attempt: 1, previous: nil)])
        call.handle(.serverChosen(1), at: msAt(0))
        #expect(drainActions(&call) == [.connect(attempt: 1, server: 1, connectDeadline: msAt(1_000))])
        call.handle(.connectFailed(attempt: 1, .refused), at: msAt(2))
        #expect(drainActions(&call) == [.attemptEnded(attempt: 1, server: 1, result: .connectRefused, duration: .milliseconds(2)),
                                 .chooseServer(attempt: 2, previous: 1)])
        call.handle(.serverChosen(2), at: msAt(2))
        #expect(drainActions(&call) == [.connect(attempt: 2, server: 2, connectDeadline: msAt(1_002))])
        call.handle(.connected(attempt: 2), at: msAt(3))
        #expect(drainActions(&call) == [.awaitResponse(attempt: 2, server: 2, readDeadline: msAt(1_003))])
        // A stale event for attempt 1 is ignored.
        call.handle(.connectFailed(attempt: 1, .timedOut), at: msAt(50))
        #expect(drainActions(&call).isEmpty)
        call.handle(.responseReceived(attempt: 2, status: 200), at: msAt(60))
        let outcome = ClientCallOutcome(event: .success, fallback: nil, status: 200, server: 2, attempts: 2)
        #expect(drainActions(&call) == [.attemptEnded(attempt: 2, server: 2, result: .response(status: 200), duration: .milliseconds(58)),
                                 .complete(outcome), .finished])
        #expect(outcome.isAnswered)
        #expect(command.rollingCount(.success, at: msAt(10_000)) == 1)
    }

    /// Non-idempotent calls retry only connection-phase errors (§4.1 request-specific handler).
    @Test func nonIdempotentRetriesOnlyConnectErrors() throws {
        let command = try semaphoreCommand(timeoutMs: 4_000)
        var post = ClientCallStack(configuration: .defaults(.springCloud), command: command, callID: 1, idempotent: false)
        post.start(at: msAt(0)); _ = drainActions(&post)
        post.handle(.serverChosen(1), at: msAt(0)); _ = drainActions(&post)
        post.handle(.connected(attempt: 1), at: msAt(1)); _ = drainActions(&post)
        post.handle(.readTimedOut(attempt: 1), at: msAt(1_001))
        let actions = drainActions(&post)
        #expect(!actions.contains { if case .chooseServer = $0 { true } else { false } })
        #expect(post.outcome?.event == .failure)
        #expect(post.attempts == 1)

        var refused = ClientCallStack(configuration: .defaults(.springCloud), command: command, callID: 2, idempotent: false)
        refused.start(at: msAt(0)); _ = drainActions(&refused)
        refused.handle(.serverChosen(1), at: msAt(0)); _ = drainActions(&refused)
        refused.handle(.connectFailed(attempt: 1, .refused), at: msAt(1))
        #expect(drainActions(&refused).last == .chooseServer(attempt: 2, previous: 1), "the request was never sent: safe to retry")

        var allOps = ClientCallConfiguration.defaults(.springCloud)
        allOps.ribbon.okToRetryOnAllOperations = true
        var dup = ClientCallStack(configuration: allOps, command: command, callID: 3, idempotent: false)
        dup.start(at: msAt(0)); _ = drainActions(&dup)
        dup.handle(.serverChosen(1), at: msAt(0)); _ = drainActions(&dup)
        dup.handle(.connected(attempt: 1), at: msAt(1)); _ = drainActions(&dup)
        dup.handle(.readTimedOut(attempt: 1), at: msAt(1_001))
        #expect(drainActions(&dup).last == .chooseServer(attempt: 2, previous: 1), "OkToRetryOnAllOperations may duplicate a POST (§8.4)")
    }

    @Test func retryableStatusCodes() throws {
        var config = ClientCallConfiguration.defaults(.springCloud)
        config.ribbon.retryableStatusCodes = [503]
        let command = try semaphoreCommand(timeoutMs: 4_000)
        var call = ClientCallStack(configuration: config, command: command, callID: 1, idempotent: true)
        call.start(at: msAt(0)); _ = drainActions(&call)
        call.handle(.serverChosen(1), at: msAt(0)); _ = drainActions(&call)
        call.handle(.connected(attempt: 1), at: msAt(1)); _ = drainActions(&call)
        call.handle(.responseReceived(attempt: 1, status: 503), at: msAt(5))
        #expect(drainActions(&call).last == .chooseServer(attempt: 2, previous: 1))
        call.handle(.serverChosen(2), at: msAt(5)); _ = drainActions(&call)
        call.handle(.connected(attempt: 2), at: msAt(6)); _ = drainActions(&call)
        call.handle(.responseReceived(attempt: 2, status: 503), at: msAt(9))
        _ = drainActions(&call)
        // Out of retries: the last response is returned; 5xx is a FAILURE for a Feign-style client.
        #expect(call.outcome == ClientCallOutcome(event: .failure, fallback: .missing, status: 503, server: 2, attempts: 2))
    }

    @Test func clientErrorsAsBadRequests() throws {
        var config = ClientCallConfiguration.defaults(.springCloud)
        config.responseClassification = .serverErrorsFailClientErrorsBadRequest
        let command = try semaphoreCommand(timeoutMs: 4_000, hasFallback: true)
        var call = ClientCallStack(configuration: config, command: command, callID: 1, idempotent: true)
        call.start(at: msAt(0)); _ = drainActions(&call)
        call.handle(.serverChosen(1), at: msAt(0)); _ = drainActions(&call)
        call.handle(.connected(attempt: 1), at: msAt(1)); _ = drainActions(&call)
        call.handle(.responseReceived(attempt: 1, status: 404), at: msAt(3))
        let actions = drainActions(&call)
        #expect(!actions.contains(.runFallback(cause: .badRequest)), "BAD_REQUEST never runs the fallback")
        #expect(call.outcome == ClientCallOutcome(event: .badRequest, fallback: nil, status: 404, server: 1, attempts: 1))
        #expect(command.healthCounts(at: msAt(1_000)).totalRequests == 0)
    }

    @Test func noServerAvailableFails() throws {
        let command = try semaphoreCommand(timeoutMs: 4_000)
        var call = ClientCallStack(configuration: .defaults(.springCloud), command: command, callID: 1, idempotent: true)
        call.start(at: msAt(0)); _ = drainActions(&call)
        call.handle(.serverChosen(nil), at: msAt(0))
        #expect(drainActions(&call) == [.complete(ClientCallOutcome(event: .failure, fallback: .missing, status: nil, server: nil, attempts: 1)), .finished])
    }

    @Test func springCloudZuulDoesNotRetryByDefault() throws {
        let command = try semaphoreCommand(timeoutMs: 4_000)
        var call = ClientCallStack(configuration: .zuulRoute(defaults: .springCloud), command: command, callID: 1, idempotent: true)
        call.start(at: msAt(0)); _ = drainActions(&call)
        call.handle(.serverChosen(1), at: msAt(0)); _ = drainActions(&call)
        call.handle(.connectFailed(attempt: 1, .refused), at: msAt(1))
        _ = drainActions(&call)
        #expect(call.outcome?.event == .failure)
        #expect(call.attempts == 1)
    }

    /// A short-circuited call goes straight to the fallback.
    @Test func shortCircuitRunsFallback() throws {
        let command = try semaphoreCommand(timeoutMs: 1_000, hasFallback: true)
        var p = command.properties
        p.circuitBreakerForceOpen = true
        command.properties = p
        var call = ClientCallStack(configuration: .defaults(.springCloud), command: command, callID: 1, idempotent: true)
        call.start(at: msAt(0))
        #expect(drainActions(&call) == [.runFallback(cause: .shortCircuited)])
        call.handle(.fallbackFinished(success: true), at: msAt(2))
        let outcome = ClientCallOutcome(event: .shortCircuited, fallback: .success, status: nil, server: nil, attempts: 0)
        #expect(drainActions(&call) == [.complete(outcome), .finished])
        #expect(outcome.isAnswered)
        #expect(command.fallbackPermitsInUse == 0)
    }

    /// THREAD isolation: a queued call starts when a thread frees; its Hystrix timer started at
    /// subscription.
    @Test func threadPoolQueueHandOff() throws {
        var tp = HystrixThreadPoolProperties.springCloud
        tp.coreSize = 1
        tp.maxQueueSize = 5
        let pool = HystrixThreadPool(key: "funcion-query", properties: tp, createdAt: .zero)
        let command = try HystrixCommand(key: "funcion-query", properties: .springCloud, threadPool: pool, createdAt: .zero)
        var a = ClientCallStack(configuration: .defaults(.springCloud), command: command, callID: 1, idempotent: true)
        var b = ClientCallStack(configuration: .defaults(.springCloud), command: command, callID: 2, idempotent: true)
        a.start(at: msAt(0)); _ = drainActions(&a)
        b.start(at: msAt(10))
        #expect(drainActions(&b) == [.scheduleHystrixTimeout(at: msAt(1_010))])
        #expect(b.attemptPhase == .awaitingThread)
        a.handle(.serverChosen(7), at: msAt(0)); _ = drainActions(&a)
        a.handle(.connected(attempt: 1), at: msAt(1)); _ = drainActions(&a)
        a.handle(.responseReceived(attempt: 1, status: 200), at: msAt(300))
        let actions = drainActions(&a)
        #expect(actions.contains(.startQueuedCall(callID: 2)))
        #expect(actions.last == .finished)
        b.handle(.threadStarted, at: msAt(300))
        #expect(drainActions(&b) == [.chooseServer(attempt: 1, previous: nil)])
        #expect(pool.activeCount == 1)
    }

    /// §1.3 step 9: the caller gives up mid-attempt — the attempt is cancelled, CANCELLED is
    /// recorded and `markNonSuccess` applies.
    @Test func callerCancellation() throws {
        let command = try semaphoreCommand(timeoutMs: 4_000)
        var call = ClientCallStack(configuration: .defaults(.springCloud), command: command, callID: 1, idempotent: true)
        call.start(at: msAt(0)); _ = drainActions(&call)
        call.handle(.serverChosen(3), at: msAt(0)); _ = drainActions(&call)
        call.handle(.connected(attempt: 1), at: msAt(1)); _ = drainActions(&call)
        call.handle(.callerCancelled, at: msAt(300))
        #expect(drainActions(&call) == [.cancelAttempt(attempt: 1, server: 3, duration: .milliseconds(300)),
                                 .complete(ClientCallOutcome(event: .cancelled, fallback: nil, status: nil, server: nil, attempts: 1)),
                                 .finished])
        #expect(command.executionPermitsInUse == 0)
        #expect(command.rollingCount(.cancelled, at: msAt(10_000)) == 1)
        call.handle(.responseReceived(attempt: 1, status: 200), at: msAt(400))
        #expect(drainActions(&call).isEmpty)
    }
}
