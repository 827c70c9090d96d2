import Testing
import LoadBalancing
import Resilience
import SimulationPrimitives

/// Case F02 (reference/netflix-oss.md §8.2, §8.3, §6.3): Hystrix 1000 ms in front of Ribbon with
/// ReadTimeout 5000 ms and one next-server retry; instance 1 accepts and never answers, instance 2
/// answers in 100 ms.
@Suite struct ClientCallStackF02Tests {
    /// Drives the F02 timeline up to the Hystrix timeout; returns the actions at 1000 ms.
    func runUntilHystrixTimeout(_ call: inout ClientCallStack) -> [ClientCallAction] {
        call.start(at: msAt(0))
        _ = drainActions(&call)
        call.handle(.serverChosen(1), at: msAt(0))
        _ = drainActions(&call)
        call.handle(.connected(attempt: 1), at: msAt(1))
        _ = drainActions(&call)
        call.handle(.hystrixTimedOut, at: msAt(1_000))
        return drainActions(&call)
    }

    /// Stock: the caller gets TIMEOUT at 1000 ms, the retry loop keeps going and the calling worker
    /// stays busy until `.finished` at 5102 ms, the retry succeeds (a "false timeout"). The Hystrix
    /// semaphore permit itself is released at the timeout (the command observable terminated).
    @Test func stockAttemptsContinueAfterHystrixTimeout() throws {
        let command = try semaphoreCommand(timeoutMs: 1_000)
        var call = ClientCallStack(configuration: f02Configuration(.continueAttempts), command: command, callID: 1, idempotent: true)
        let atTimeout = runUntilHystrixTimeout(&call)
        #expect(atTimeout == [.complete(ClientCallOutcome(event: .timeout, fallback: .missing, status: nil, server: nil, attempts: 1))])
        #expect(!call.isFinished)
        #expect(command.executionPermitsInUse == 0, "the semaphore is released when the command terminates")
        call.handle(.readTimedOut(attempt: 1), at: msAt(5_001))
        #expect(drainActions(&call) == [.attemptEnded(attempt: 1, server: 1, result: .readTimedOut, duration: .milliseconds(5_001)),
                                 .chooseServer(attempt: 2, previous: 1)])
        call.handle(.serverChosen(2), at: msAt(5_001))
        #expect(drainActions(&call) == [.connect(attempt: 2, server: 2, connectDeadline: msAt(6_001))])
        call.handle(.connected(attempt: 2), at: msAt(5_002))
        _ = drainActions(&call)
        call.handle(.responseReceived(attempt: 2, status: 200), at: msAt(5_102))
        #expect(drainActions(&call) == [.attemptEnded(attempt: 2, server: 2, result: .response(status: 200), duration: .milliseconds(101)),
                                 .finished])
        #expect(call.outcome?.event == .timeout, "the caller saw a timeout although the retry succeeded")
        #expect(command.executionPermitsInUse == 0)
        #expect(command.rollingCount(.timeout, at: msAt(10_000)) == 1)
        #expect(command.rollingCount(.success, at: msAt(10_000)) == 0, "the late success is not counted")
    }

    @Test func cancelAttemptsReleasesAtTimeout() throws {
        let command = try semaphoreCommand(timeoutMs: 1_000)
        var call = ClientCallStack(configuration: f02Configuration(.cancelAttempts), command: command, callID: 1, idempotent: true)
        let atTimeout = runUntilHystrixTimeout(&call)
        #expect(atTimeout == [.cancelAttempt(attempt: 1, server: 1, duration: .milliseconds(1_000)),
                              .complete(ClientCallOutcome(event: .timeout, fallback: .missing, status: nil, server: nil, attempts: 1)),
                              .finished])
        #expect(command.executionPermitsInUse == 0)
        call.handle(.readTimedOut(attempt: 1), at: msAt(5_001))
        #expect(drainActions(&call).isEmpty, "events of the cancelled attempt are ignored")
    }

    @Test func finishCurrentAttemptOnlyStartsNoRetry() throws {
        let command = try semaphoreCommand(timeoutMs: 1_000)
        var call = ClientCallStack(configuration: f02Configuration(.finishCurrentAttemptOnly), command: command, callID: 1, idempotent: true)
        _ = runUntilHystrixTimeout(&call)
        #expect(!call.isFinished, "the caller's worker is still inside run()")
        call.handle(.readTimedOut(attempt: 1), at: msAt(5_001))
        #expect(drainActions(&call) == [.attemptEnded(attempt: 1, server: 1, result: .readTimedOut, duration: .milliseconds(5_001)), .finished])
        #expect(call.attempts == 1)
        #expect(command.executionPermitsInUse == 0)
    }

    /// The fix: Hystrix timeout ≥ Ribbon budget (12 s here). The retry's success is the answer:
    /// no false timeout, and every attempt starts before the caller's deadline.
    @Test func consistentConfigurationHasNoFalseTimeout() throws {
        let config = f02Configuration(.continueAttempts)
        let budget = config.ribbon.ribbonTimeout
        #expect(budget == .milliseconds(12_000))
        let command = try semaphoreCommand(timeoutMs: 12_000)
        var call = ClientCallStack(configuration: config, command: command, callID: 1, idempotent: true)
        call.start(at: msAt(0))
        #expect(drainActions(&call).first == .scheduleHystrixTimeout(at: msAt(12_000)))
        call.handle(.serverChosen(1), at: msAt(0)); _ = drainActions(&call)
        call.handle(.connected(attempt: 1), at: msAt(1)); _ = drainActions(&call)
        call.handle(.readTimedOut(attempt: 1), at: msAt(5_001)); _ = drainActions(&call)
        call.handle(.serverChosen(2), at: msAt(5_001))
        guard case let .connect(_, _, connectDeadline)? = drainActions(&call).first else { Issue.record("no connect"); return }
        #expect(connectDeadline - .milliseconds(1_000) <= msAt(12_000), "attempt.start_time <= request.deadline")
        call.handle(.connected(attempt: 2), at: msAt(5_002)); _ = drainActions(&call)
        call.handle(.responseReceived(attempt: 2, status: 200), at: msAt(5_102))
        _ = drainActions(&call)
        call.handle(.hystrixTimedOut, at: msAt(12_000))
        #expect(drainActions(&call).isEmpty, "a timer after completion is ignored")
        #expect(call.outcome == ClientCallOutcome(event: .success, fallback: nil, status: 200, server: 2, attempts: 2))
        #expect(config.timeoutWarning(hystrixTimeout: .milliseconds(12_000)) == nil)
    }

    /// THREAD isolation keeps the Hystrix thread busy after the timeout (threads pile up, §8.3).
    @Test func threadHeldUntilRetriesEnd() throws {
        var tp = HystrixThreadPoolProperties.springCloud
        tp.coreSize = 1
        let pool = HystrixThreadPool(key: "RibbonCommand", properties: tp, createdAt: .zero)
        var p = HystrixCommandProperties.springCloud
        p.executionTimeout = .milliseconds(1_000)
        let command = try HystrixCommand(key: "catalog", properties: p, threadPool: pool, hasFallback: false, createdAt: .zero)
        var call = ClientCallStack(configuration: f02Configuration(.continueAttempts), command: command, callID: 1, idempotent: true)
        _ = runUntilHystrixTimeout(&call)
        var second = ClientCallStack(configuration: f02Configuration(.continueAttempts), command: command, callID: 2, idempotent: true)
        second.start(at: msAt(2_000))
        #expect(drainActions(&second) == [.complete(ClientCallOutcome(event: .threadPoolRejected, fallback: .missing, status: nil, server: nil, attempts: 0)),
                                   .finished])
        #expect(pool.activeCount == 1)
    }
}
