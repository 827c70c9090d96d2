import Testing
import Resilience
import SimulationPrimitives

/// Command execution (reference/netflix-oss.md §1.2, §1.3, §1.4 edges, §8.10, §8.11, case F05).
@Suite struct HystrixCommandExecutionTests {
    func threadCommand(core: Int, maxQueue: Int, threshold: Int = 5, hasFallback: Bool = true) throws -> HystrixCommand {
        var tp = HystrixThreadPoolProperties.netflix
        tp.coreSize = core
        tp.maxQueueSize = maxQueue
        tp.queueSizeRejectionThreshold = threshold
        let pool = HystrixThreadPool(key: "pool", properties: tp, createdAt: .zero)
        return try HystrixCommand(key: "cmd", group: "pool", properties: .netflix, threadPool: pool, hasFallback: hasFallback, createdAt: .zero)
    }

    /// `HystrixCommandTest.testRejectedThreadUsingQueueSize`: 1 thread, queue 1 pre-filled.
    @Test func testRejectedThreadUsingQueueSize() throws {
        let c = try threadCommand(core: 1, maxQueue: 1, hasFallback: false)
        guard case .running = c.begin(at: .zero, callID: 1) else { Issue.record("first should run"); return }
        guard case .queued = c.begin(at: .zero, callID: 2) else { Issue.record("second should queue"); return }
        #expect(c.begin(at: .zero, callID: 3) == .rejected(.threadPoolRejected, fallback: .missing))
        #expect(c.rollingCount(.threadPoolRejected, at: ms(1_000)) == 1)
        #expect(c.rollingCount(.fallbackMissing, at: ms(1_000)) == 1)
        #expect(c.rollingCount(.exceptionThrown, at: ms(1_000)) == 1)
    }

    /// §1.2: with defaults (core 10, no queue) the 11th concurrent request is rejected.
    @Test func defaultPoolRejectsEleventh() throws {
        let c = try threadCommand(core: 10, maxQueue: -1)
        for i in 0..<10 {
            guard case .running = c.begin(at: .zero, callID: i) else { Issue.record("call \(i) should run"); return }
        }
        #expect(c.begin(at: .zero, callID: 10) == .rejected(.threadPoolRejected, fallback: .run))
    }

    /// §8.10 (Hystrix#1426): core 2, maxQueueSize 20, threshold 5: the 8th task is rejected.
    @Test func queueSizeRejectionThresholdBoundsTheQueue() throws {
        let c = try threadCommand(core: 2, maxQueue: 20, threshold: 5)
        var admissions: [String] = []
        for i in 0..<8 {
            switch c.begin(at: .zero, callID: i) {
            case .running: admissions.append("run")
            case .queued: admissions.append("queued")
            case .rejected: admissions.append("rejected")
            case .responseFromCache: admissions.append("cache")
            }
        }
        #expect(admissions == ["run", "run", "queued", "queued", "queued", "queued", "queued", "rejected"])
        #expect(c.threadPool!.queueCount == 5)
    }

    /// §1.3 step 6: the timeout starts at subscription, so queue wait counts; a thread freed by a
    /// finishing task starts the next queued call.
    @Test func timeoutCountsQueueWait() throws {
        let c = try threadCommand(core: 1, maxQueue: 5)
        guard case var .running(a) = c.begin(at: .zero, callID: 1) else { Issue.record("a"); return }
        guard case var .queued(b) = c.begin(at: ms(100), callID: 2) else { Issue.record("b"); return }
        #expect(b.timeoutDeadline == ms(1_100), "subscription at 100 ms + 1000 ms")
        let doneA = c.complete(&a, result: .success, at: ms(800))
        #expect(doneA.nextQueuedCallID == 2)
        c.threadStarted(&b, at: ms(800))
        #expect(c.timeout(&b, at: ms(1_100))?.fallback == .run)
        #expect(b.phase == .timedOut)
        #expect(c.threadPool!.activeCount == 1, "the timed-out work still holds its thread")
        let late = c.complete(&b, result: .success, at: ms(3_000))
        #expect(late.event == nil, "a result after TIMEOUT is ignored")
        #expect(c.threadPool!.activeCount == 0)
        // Completed 1 s buckets 0…9 at 10 s hold both events.
        #expect(c.rollingCount(.timeout, at: ms(10_000)) == 1)
        #expect(c.rollingCount(.success, at: ms(10_000)) == 1)
        #expect(c.rollingCount(.success, at: ms(11_000)) == 0, "bucket [0, 1 s) has left the window")
    }

    /// A queued call that times out is skipped (zero work) when the thread frees.
    @Test func queuedCallTimedOutIsSkipped() throws {
        let c = try threadCommand(core: 1, maxQueue: 5)
        guard case var .running(a) = c.begin(at: .zero, callID: 1) else { Issue.record("a"); return }
        guard case var .queued(b) = c.begin(at: .zero, callID: 2) else { Issue.record("b"); return }
        guard case .queued = c.begin(at: .zero, callID: 3) else { Issue.record("c"); return }
        _ = c.timeout(&b, at: ms(1_000))
        #expect(b.phase == .completed)
        let doneA = c.complete(&a, result: .success, at: ms(1_500))
        #expect(doneA.nextQueuedCallID == 3)
    }

    /// The pool handed queued call 2 a thread (`threadFinished` returned it) but its timeout fires
    /// before `threadStarted`: the thread finds the command timed out, returns without running
    /// it ("timed out before executing run()", `executeCommandWithSpecifiedIsolation`) and takes
    /// call 3. Likewise an unsubscribe (CANCELLED) of call 3 before its `threadStarted`.
    @Test func queuedCallEndingAfterHandOffFreesItsThread() throws {
        let c = try threadCommand(core: 1, maxQueue: 5)
        let pool = c.threadPool!
        guard case var .running(a) = c.begin(at: .zero, callID: 1) else { Issue.record("a"); return }
        guard case var .queued(b) = c.begin(at: ms(10), callID: 2) else { Issue.record("b"); return }
        guard case var .queued(d) = c.begin(at: ms(20), callID: 3) else { Issue.record("c"); return }
        #expect(c.complete(&a, result: .success, at: ms(1_010)).nextQueuedCallID == 2)
        #expect(pool.activeCount == 1)
        let timedOut = c.timeout(&b, at: ms(1_010))
        #expect(timedOut?.event == .timeout)
        #expect(timedOut?.fallback == .run)
        #expect(timedOut?.nextQueuedCallID == 3)
        #expect(b.phase == .completed)
        #expect(pool.activeCount == 1, "call 2's thread now runs call 3")
        #expect(pool.queueCount == 0)
        let cancelled = c.complete(&d, result: .cancelled, at: ms(1_011))
        #expect(cancelled.event == .cancelled)
        #expect(cancelled.nextQueuedCallID == nil)
        #expect(pool.activeCount == 0)
        #expect(pool.completedTaskCount == 3)
        c.fallbackFinished(success: true, at: ms(1_012))
        #expect(c.rollingCount(.timeout, at: ms(10_000)) == 1)
        pool.checkInvariants()
    }

    /// §8.11 / case F05: 100 permits; the 101st concurrent request is SEMAPHORE_REJECTED.
    @Test func semaphoreRejectsBeyondPermits() throws {
        let p = HystrixCommandProperties.zuulRoute(defaults: .springCloud, ribbonTimeout: .milliseconds(4_000))
        let c = try HystrixCommand(key: "seating", group: "RibbonCommand", properties: p, createdAt: .zero)
        for i in 0..<100 {
            guard case .running = c.begin(at: .zero, callID: i) else { Issue.record("call \(i)"); return }
        }
        #expect(c.begin(at: .zero, callID: 100) == .rejected(.semaphoreRejected, fallback: .run))
        #expect(c.executionPermitsInUse == 100)
    }

    /// Case F05: stock Hystrix counts rejections as errors and trips; the option sheds them.
    @Test func rejectionsCountTowardsHealthOnlyInStockMode() throws {
        for stock in [true, false] {
            var p = HystrixCommandProperties.zuulRoute(defaults: .springCloud, ribbonTimeout: .milliseconds(4_000))
            p.rejectionsCountAsFailures = stock
            let c = try HystrixCommand(key: "seating", properties: p, createdAt: .zero)
            var running: [HystrixExecution] = []
            for i in 0..<300 {
                switch c.begin(at: ms(Int64(i)), callID: i) {
                case let .running(e): running.append(e)
                case let .rejected(_, fallback): if fallback == .run { c.fallbackFinished(success: true, at: ms(Int64(i))) }
                default: break
                }
            }
            for i in running.indices { _ = c.complete(&running[i], result: .success, at: ms(400)) }
            let health = c.healthCounts(at: ms(500))
            if stock {
                #expect(health == HystrixHealthCounts(totalRequests: 300, errorCount: 200))
                #expect(c.isCircuitBreakerOpen(at: ms(500)))
            } else {
                #expect(health == HystrixHealthCounts(totalRequests: 100, errorCount: 0))
                #expect(!c.isCircuitBreakerOpen(at: ms(500)))
            }
            #expect(c.rollingCount(.semaphoreRejected, at: ms(1_000)) == 200)
        }
    }

    /// `testCircuitBreakerAcrossMultipleCommandsButSameCircuitBreaker`: executions of one key
    /// share the breaker; the 4th attempt is SHORT_CIRCUITED then FALLBACK_SUCCESS.
    @Test func sharedBreakerAcrossInstances() throws {
        let c = try HystrixCommand(key: "shared", properties: unitTestProperties(), createdAt: .zero)
        for i in 0..<3 { #expect(run(c, .failure, at: Int64(i), callID: i) == .failure) }
        guard case let .rejected(event, fallback) = c.begin(at: ms(150), callID: 4) else { Issue.record("4th admitted"); return }
        #expect(event == .shortCircuited)
        #expect(fallback == .run)
        c.fallbackFinished(success: true, at: ms(150))
        #expect(c.rollingCount(.shortCircuited, at: ms(1_000)) == 1)
        #expect(c.rollingCount(.fallbackSuccess, at: ms(1_000)) == 4)
    }

    /// §1.3 edge: a BAD_REQUEST that is the half-open trial re-opens the circuit.
    @Test func badRequestTrialReopens() throws {
        let c = try HystrixCommand(key: "k", properties: unitTestProperties(), createdAt: .zero)
        for i in 0..<4 { run(c, .failure, at: Int64(i)) }
        #expect(run(c, .badRequest, at: 350, durationMs: 10) == .badRequest)
        #expect(c.breaker.status == .open)
        #expect(c.breaker.circuitOpenedAt == ms(360))
    }

    /// §1.4: a trial that times out re-opens from the timeout time.
    @Test func trialTimeoutReopensAtTimeout() throws {
        let c = try HystrixCommand(key: "k", properties: unitTestProperties(), createdAt: .zero)
        for i in 0..<4 { run(c, .failure, at: Int64(i)) }
        runTimeout(c, at: 350)
        #expect(c.breaker.circuitOpenedAt == ms(850))
        #expect(!c.allowRequest(at: ms(1_050)))
        #expect(c.allowRequest(at: ms(1_051)))
    }

    /// forceOpen beats forceClosed; forceClosed still computes health and may flip `status`.
    @Test func forcedStates() throws {
        var p = unitTestProperties()
        p.circuitBreakerForceClosed = true
        let c = try HystrixCommand(key: "k", properties: p, createdAt: .zero)
        for i in 0..<4 { run(c, .failure, at: Int64(i)) }
        #expect(!c.isCircuitBreakerOpen(at: ms(200)))
        #expect(c.breaker.status == .open, "health still trips internally")
        #expect(c.allowRequest(at: ms(200)))
        #expect(run(c, .success, at: 200) == .success)
        p.circuitBreakerForceOpen = true
        c.properties = p
        #expect(c.isCircuitBreakerOpen(at: ms(300)))
        #expect(!c.allowRequest(at: ms(300)))
        #expect(run(c, .success, at: 300) == .shortCircuited)
        #expect(c.snapshot(at: ms(300))["propertyValue_circuitBreakerForceOpen"] == .bool(true))
    }

    @Test func disabledBreakerNeverOpens() throws {
        var p = unitTestProperties()
        p.circuitBreakerEnabled = false
        let c = try HystrixCommand(key: "k", properties: p, createdAt: .zero)
        for i in 0..<20 { run(c, .failure, at: Int64(i)) }
        #expect(!c.isCircuitBreakerOpen(at: ms(500)))
        #expect(run(c, .success, at: 500) == .success)
        #expect(c.snapshot(at: ms(500))["isCircuitBreakerOpen"] == .bool(false))
    }

    /// §1.3 step 8: the fallback semaphore (here 1 permit) and a disabled fallback.
    @Test func fallbackSemaphoreAndDisabled() throws {
        var p = unitTestProperties()
        p.circuitBreakerRequestVolumeThreshold = 1_000
        p.fallbackIsolationSemaphoreMaxConcurrentRequests = 1
        let c = try HystrixCommand(key: "k", properties: p, createdAt: .zero)
        guard case var .running(a) = c.begin(at: ms(1), callID: 1), case var .running(b) = c.begin(at: ms(1), callID: 2) else {
            Issue.record("not admitted"); return
        }
        #expect(c.complete(&a, result: .failure, at: ms(2)).fallback == .run)
        #expect(c.complete(&b, result: .failure, at: ms(3)).fallback == .rejected, "fallback permit still held")
        c.fallbackFinished(success: false, at: ms(4))
        #expect(c.fallbackPermitsInUse == 0)
        #expect(c.rollingCount(.fallbackRejection, at: ms(1_000)) == 1)
        #expect(c.rollingCount(.fallbackFailure, at: ms(1_000)) == 1)
        p.fallbackEnabled = false
        c.properties = p
        guard case var .running(d) = c.begin(at: ms(5), callID: 3) else { Issue.record("d"); return }
        #expect(c.complete(&d, result: .failure, at: ms(6)).fallback == .disabled)
    }
}
