import Testing
import Resilience
import SimulationPrimitives

/// The cases of Hystrix's `HystrixCircuitBreakerTest` (reference/netflix-oss.md §1.9, table rows
/// 1–10) on a simulated timeline. Health snapshots every 100 ms; a trip happens at the first
/// 100 ms boundary after the threshold is crossed (§1.5).
@Suite struct HystrixCircuitBreakerSuiteTests {
    func command(sleepWindowMs: Int64 = 200, requestVolumeThreshold: Int = 1) throws -> HystrixCommand {
        try HystrixCommand(key: "cmd", properties: unitTestProperties(sleepWindowMs: sleepWindowMs, requestVolumeThreshold: requestVolumeThreshold),
                           createdAt: .zero)
    }

    @Test func case1_testTripCircuit() throws {
        let c = try command()
        for i in 0..<4 { run(c, .success, at: Int64(i)) }
        #expect(!c.isCircuitBreakerOpen(at: ms(150)))
        for i in 0..<4 { run(c, .failure, at: 150 + Int64(i)) }
        // Boundary 200 emits 4 S + 4 F = 50 % ≥ 40 %.
        #expect(c.isCircuitBreakerOpen(at: ms(250)))
        #expect(!c.allowRequest(at: ms(250)))
        #expect(c.breaker.circuitOpenedAt == ms(200))
        #expect(c.healthCounts(at: ms(250)) == HystrixHealthCounts(totalRequests: 8, errorCount: 4))
    }

    @Test func case2_testTripCircuitOnFailuresAboveThreshold() throws {
        let c = try command()
        run(c, .success, at: 0, durationMs: 60)
        var t: Int64 = 60
        for r in [HystrixRunResult.success, .failure, .success, .failure, .success, .failure, .failure] {
            run(c, r, at: t); t += 1
        }
        #expect(c.healthCounts(at: ms(200)).errorPercentage == 50)
        #expect(c.isCircuitBreakerOpen(at: ms(200)))
        #expect(!c.allowRequest(at: ms(200)))
    }

    @Test func case3_testCircuitDoesNotTripOnFailuresBelowThreshold() throws {
        let c = try command()
        run(c, .success, at: 0, durationMs: 60)
        var t: Int64 = 60
        for r in [HystrixRunResult.success, .failure, .success, .success, .failure, .success, .failure] {
            run(c, r, at: t); t += 1
        }
        #expect(c.healthCounts(at: ms(200)).errorPercentage == 37, "3/8 truncates to 37")
        #expect(!c.isCircuitBreakerOpen(at: ms(200)))
        #expect(c.allowRequest(at: ms(200)))
    }

    @Test func case4_testTripCircuitOnTimeouts() throws {
        let c = try command()
        for i in 0..<4 { #expect(runTimeout(c, at: Int64(i), callID: i) == .timeout) }
        #expect(c.rollingCount(.timeout, at: ms(1_100)) == 4, "rolling counters: 1 s buckets, completed at 1000 ms")
        #expect(c.healthCounts(at: ms(650)) == HystrixHealthCounts(totalRequests: 4, errorCount: 4))
        #expect(c.isCircuitBreakerOpen(at: ms(650)))
        #expect(c.breaker.circuitOpenedAt == ms(600), "timeouts at 500–503 ms, next boundary 600 ms")
    }

    @Test func case5_testTripCircuitOnTimeoutsAboveThreshold() throws {
        let c = try command()
        // S,S,T,S,T,T,S,T,T: timeouts fire at 500 ms, successes end at 1–9 ms.
        var execs: [HystrixExecution] = []
        for (i, kind) in ["S", "S", "T", "S", "T", "T", "S", "T", "T"].enumerated() {
            guard case let .running(e) = c.begin(at: ms(Int64(i)), callID: i) else { Issue.record("not admitted"); return }
            if kind == "S" { var e = e; _ = c.complete(&e, result: .success, at: ms(Int64(i) + 1)) } else { execs.append(e) }
        }
        for i in execs.indices { _ = c.timeout(&execs[i], at: execs[i].timeoutDeadline!) }
        let health = c.healthCounts(at: ms(650))
        #expect(health == HystrixHealthCounts(totalRequests: 9, errorCount: 5))
        #expect(health.errorPercentage == 55)
        #expect(c.isCircuitBreakerOpen(at: ms(650)))
    }

    @Test func case6_testSingleTestOnOpenCircuitAfterTimeWindow() throws {
        let c = try command()
        for i in 0..<4 { run(c, .failure, at: Int64(i)) }
        #expect(c.isCircuitBreakerOpen(at: ms(150)))
        #expect(c.breaker.circuitOpenedAt == ms(100))
        // Sleep window is strictly greater: at opened + 200 ms nothing is allowed yet.
        #expect(!c.allowRequest(at: ms(300)))
        var b = c.breaker
        let atWindowEnd = b.attemptExecution(at: ms(300))
        #expect(!atWindowEnd)
        // 250 ms after opening: one trial.
        let first = b.attemptExecution(at: ms(350))
        let open = b.isOpen(at: ms(350))
        let second = b.attemptExecution(at: ms(350))
        #expect(first)
        #expect(open, "HALF_OPEN reports isOpen() == true")
        #expect(b.status == .halfOpen)
        #expect(!second)
    }

    @Test func case7_testCircuitClosedAfterSuccess() throws {
        let c = try command(sleepWindowMs: 100)
        for i in 0..<3 { run(c, .failure, at: Int64(i)) }
        runTimeout(c, at: 3)  // TIMEOUT at 503 ms
        #expect(c.isCircuitBreakerOpen(at: ms(503)))
        guard case var .running(trial) = c.begin(at: ms(653), callID: 99) else { Issue.record("trial not admitted"); return }
        #expect(!c.allowRequest(at: ms(680)), "the trial is in flight")
        _ = c.complete(&trial, result: .success, at: ms(713))
        for t: Int64 in [720, 721, 722] { #expect(c.allowRequest(at: ms(t))) }
        #expect(!c.isCircuitBreakerOpen(at: ms(720)))
        #expect(c.breaker.status == .closed)
        // Health was reset at 713 ms: only the trial's own success is in the new stream, the old
        // failures (which would be 4 of 5 = 80 %) cannot re-trip the circuit.
        #expect(c.healthCounts(at: ms(1_500)) == HystrixHealthCounts(totalRequests: 1, errorCount: 0))
        #expect(!c.isCircuitBreakerOpen(at: ms(1_500)))
    }

    @Test func case8_testMultipleTimeWindowRetriesBeforeClosingCircuit() throws {
        let c = try command(sleepWindowMs: 200)
        for i in 0..<4 { run(c, .failure, at: Int64(i)) }
        #expect(c.isCircuitBreakerOpen(at: ms(150)))
        // Trial 1 at 350 (> 100 + 200), fails at 400.
        guard case var .running(t1) = c.begin(at: ms(350), callID: 1) else { Issue.record("trial 1"); return }
        #expect(!c.allowRequest(at: ms(360)))
        #expect(c.begin(at: ms(360), callID: 2) == .rejected(.shortCircuited, fallback: .run))
        c.fallbackFinished(success: true, at: ms(360))
        _ = c.complete(&t1, result: .failure, at: ms(400))
        c.fallbackFinished(success: true, at: ms(400))
        for t: Int64 in [410, 500, 600] { #expect(!c.allowRequest(at: ms(t))) }
        #expect(c.breaker.circuitOpenedAt == ms(400))
        // Trial 2 at 650, fails at 700.
        guard case var .running(t2) = c.begin(at: ms(650), callID: 3) else { Issue.record("trial 2"); return }
        #expect(c.begin(at: ms(650), callID: 4) == .rejected(.shortCircuited, fallback: .run))
        c.fallbackFinished(success: true, at: ms(650))
        _ = c.complete(&t2, result: .failure, at: ms(700))
        c.fallbackFinished(success: true, at: ms(700))
        for t: Int64 in [710, 800, 900] { #expect(!c.allowRequest(at: ms(t))) }
        // Trial 3 at 950 succeeds at 1000: CLOSED.
        guard case var .running(t3) = c.begin(at: ms(950), callID: 5) else { Issue.record("trial 3"); return }
        #expect(!c.allowRequest(at: ms(960)))
        _ = c.complete(&t3, result: .success, at: ms(1_000))
        #expect(c.allowRequest(at: ms(1_001)))
        #expect(!c.isCircuitBreakerOpen(at: ms(1_001)))
        #expect(c.breaker.openCount == 3, "tripped once, re-opened twice")
        // CLOSED→OPEN, then 3 × (OPEN→HALF_OPEN), 2 × (HALF_OPEN→OPEN), HALF_OPEN→CLOSED.
        #expect(c.breaker.transitionCount == 7)
        #expect(c.breaker.lastTransition == HystrixCircuitBreaker.Transition(from: .halfOpen, to: .closed, at: ms(1_000)))
    }

    @Test func case9_testLowVolumeDoesNotTripCircuit() throws {
        let c = try command(requestVolumeThreshold: 5)
        for i in 0..<4 { run(c, .failure, at: Int64(i)) }
        #expect(c.healthCounts(at: ms(500)) == HystrixHealthCounts(totalRequests: 4, errorCount: 4))
        #expect(!c.isCircuitBreakerOpen(at: ms(500)))
        #expect(c.allowRequest(at: ms(500)))
    }

    @Test func case10_testUnsubscriptionDoesNotLeaveCircuitStuckHalfOpen() throws {
        let c = try command()
        for i in 0..<4 { run(c, .failure, at: Int64(i)) }
        guard case var .running(trial) = c.begin(at: ms(350), callID: 1) else { Issue.record("trial"); return }
        #expect(c.breaker.status == .halfOpen)
        let r = c.complete(&trial, result: .cancelled, at: ms(350))
        #expect(r.event == .cancelled)
        #expect(c.breaker.status == .open)
        #expect(c.breaker.circuitOpenedAt == ms(350))
        // 10 × 200 ms later a success closes the circuit.
        run(c, .success, at: 2_350)
        #expect(c.allowRequest(at: ms(2_352)))
        #expect(!c.isCircuitBreakerOpen(at: ms(2_352)))
    }
}
