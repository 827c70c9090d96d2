import Testing
import Resilience
import SimulationPrimitives

/// resilience4j breaker (reference/netflix-oss.md §3.1) including `CircuitBreakerStateMachineTest`'s cases.
@Suite struct Resilience4jCircuitBreakerTests {
    /// The test class's setup: failure 50 %, slow 50 %, slow call 4 s, 4 half-open permits,
    /// TIME_BASED 20 s window with 5 minimum calls, 5 s in OPEN.
    func suiteConfig() -> Resilience4jCircuitBreakerConfig {
        var c = Resilience4jCircuitBreakerConfig()
        c.failureRateThreshold = 50
        c.slowCallRateThreshold = 50
        c.slowCallDurationThreshold = .seconds(4)
        c.permittedNumberOfCallsInHalfOpenState = 4
        c.slidingWindowType = .timeBased
        c.slidingWindowSize = 20
        c.minimumNumberOfCalls = 5
        c.waitDurationInOpenState = .seconds(5)
        return c
    }

    func opened(at t: SimTime) -> Resilience4jCircuitBreaker {
        var b = Resilience4jCircuitBreaker(config: suiteConfig())
        for _ in 0..<5 { b.onResult(.error, duration: .zero, at: t) }
        return b
    }

    @Test func defaults() {
        let c = Resilience4jCircuitBreakerConfig()
        #expect(c.failureRateThreshold == 50)
        #expect(c.slowCallRateThreshold == 100)
        #expect(c.slowCallDurationThreshold == .seconds(60))
        #expect(c.slidingWindowType == .countBased)
        #expect(c.slidingWindowSize == 100)
        #expect(c.minimumNumberOfCalls == 100)
        #expect(c.permittedNumberOfCallsInHalfOpenState == 10)
        #expect(c.waitDurationInOpenState == .seconds(60))
        #expect(!c.automaticTransitionFromOpenToHalfOpenEnabled)
        #expect(c.maxWaitDurationInHalfOpenState == .zero)
        #expect(c.transitionToStateAfterWaitDuration == .open)
    }

    @Test func shouldOpenAfterFailureRateThresholdExceeded() {
        var b = Resilience4jCircuitBreaker(config: suiteConfig())
        let t = SimTime.zero
        for outcome in [Resilience4jCircuitBreaker.CallOutcome.error, .error, .error, .success] {
            let ok1 = b.tryAcquirePermission(at: t); #expect(ok1)
            b.onResult(outcome, duration: .zero, at: t)
        }
        #expect(b.state == .closed)
        #expect(b.failureRate(at: t) == -1, "below minimumNumberOfCalls")
        let result = b.onResult(.success, duration: .zero, at: t)
        #expect(result == .aboveThresholds)
        #expect(b.failureRate(at: t) == 60)
        #expect(b.state == .open)
        let ok2 = b.tryAcquirePermission(at: t); #expect(!ok2)
        #expect(b.notPermittedCalls == 1)
    }

    @Test func shouldTransitionToHalfOpenAfterWaitDuration() {
        var b = opened(at: .zero)
        #expect(b.state == .open)
        let ok3 = b.tryAcquirePermission(at: ms(3_000)); #expect(!ok3)
        #expect(b.state == .open)
        let ok4 = b.tryAcquirePermission(at: ms(5_000)); #expect(!ok4, "strictly after openedAt + wait")
        let ok5 = b.tryAcquirePermission(at: ms(6_000)); #expect(ok5)
        #expect(b.state == .halfOpen)
        #expect(b.bufferedCalls(at: ms(6_000)) == 0, "metrics reset")
    }

    @Test func shouldTransitionBackToClosedStateWhenFailureIsBelowThreshold() {
        var b = opened(at: .zero)
        let t = ms(6_000)
        for outcome in [Resilience4jCircuitBreaker.CallOutcome.error, .success, .success, .success] {
            let ok6 = b.tryAcquirePermission(at: t); #expect(ok6)
            b.onResult(outcome, duration: .zero, at: t)
        }
        #expect(b.state == .closed, "1/4 = 25 % < 50 %")
        #expect(b.bufferedCalls(at: t) == 0, "fresh metrics")
    }

    @Test func shouldOnlyPermitFourCallsInHalfOpenState() {
        var b = opened(at: .zero)
        let t = ms(6_000)
        for _ in 0..<4 { let ok7 = b.tryAcquirePermission(at: t); #expect(ok7) }
        let ok8 = b.tryAcquirePermission(at: t); #expect(!ok8)
        #expect(b.state == .halfOpen)
    }

    @Test func halfOpenFailureReopens() {
        var b = opened(at: .zero)
        let t = ms(6_000)
        for _ in 0..<4 { _ = b.tryAcquirePermission(at: t) }
        for o in [Resilience4jCircuitBreaker.CallOutcome.error, .error, .success, .success] { b.onResult(o, duration: .zero, at: t) }
        #expect(b.state == .open, "2/4 = 50 % ≥ 50 %")
        #expect(b.openedAt == t)
    }

    /// §8.12 (resilience4j#903): without the missing outcomes HALF_OPEN never transitions.
    @Test func halfOpenStuckWithoutOutcomesUnlessMaxWait() {
        var b = opened(at: .zero)
        let t = ms(6_000)
        for _ in 0..<4 { _ = b.tryAcquirePermission(at: t) }
        for _ in 0..<3 { b.onResult(.success, duration: .zero, at: t) }
        b.tick(at: ms(1_000_000))
        #expect(b.state == .halfOpen)
        #expect(b.nextDeadline == nil)
        var config = suiteConfig()
        config.maxWaitDurationInHalfOpenState = .seconds(30)
        var m = Resilience4jCircuitBreaker(config: config)
        for _ in 0..<5 { m.onResult(.error, duration: .zero, at: .zero) }
        _ = m.tryAcquirePermission(at: t)
        #expect(m.nextDeadline == ms(36_000))
        m.tick(at: ms(36_000))
        #expect(m.state == .open)
    }

    @Test func slowCallsTripStrictlyAboveThreshold() {
        var b = Resilience4jCircuitBreaker(config: suiteConfig())
        for _ in 0..<5 { b.onResult(.success, duration: .seconds(4), at: .zero) }
        #expect(b.state == .closed, "exactly 4 s is not slow")
        #expect(b.slowCallRate(at: .zero) == 0)
        for _ in 0..<5 { b.onResult(.success, duration: .milliseconds(4_001), at: .zero) }
        #expect(b.state == .open, "5/10 slow = 50 % ≥ 50 %")
    }

    @Test func timeBasedWindowForgetsOldSeconds() {
        var b = Resilience4jCircuitBreaker(config: suiteConfig())
        for _ in 0..<4 { b.onResult(.error, duration: .zero, at: .zero) }
        // 20 s later the four errors (second 0) have left the 20 one-second buckets.
        b.onResult(.error, duration: .zero, at: ms(20_000))
        #expect(b.bufferedCalls(at: ms(20_000)) == 1)
        #expect(b.state == .closed)
    }

    @Test func countBasedMinimumIsCappedAtWindowSize() {
        var c = Resilience4jCircuitBreakerConfig()
        c.slidingWindowSize = 10
        #expect(c.effectiveMinimumNumberOfCalls == 10)
        c.slidingWindowType = .timeBased
        #expect(c.effectiveMinimumNumberOfCalls == 100, "not capped for TIME_BASED")
        c.slidingWindowType = .countBased
        var b = Resilience4jCircuitBreaker(config: c)
        for _ in 0..<5 { b.onResult(.success, duration: .zero, at: .zero) }
        for _ in 0..<4 { b.onResult(.error, duration: .zero, at: .zero) }
        #expect(b.state == .closed)
        b.onResult(.error, duration: .zero, at: .zero)
        #expect(b.state == .open, "10 calls, 5 errors = 50 %")
    }

    @Test func automaticTransitionUsesTick() {
        var config = suiteConfig()
        config.automaticTransitionFromOpenToHalfOpenEnabled = true
        var b = Resilience4jCircuitBreaker(config: config)
        for _ in 0..<5 { b.onResult(.error, duration: .zero, at: ms(1_000)) }
        #expect(b.nextDeadline == ms(6_000))
        b.tick(at: ms(5_999))
        #expect(b.state == .open)
        b.tick(at: ms(6_000))
        #expect(b.state == .halfOpen)
    }

    @Test func ignoredOutcomeReleasesPermitAndForcedStates() {
        var b = opened(at: .zero)
        let t = ms(6_000)
        for _ in 0..<4 { _ = b.tryAcquirePermission(at: t) }
        b.onResult(.ignored, duration: .zero, at: t)
        let ok9 = b.tryAcquirePermission(at: t); #expect(ok9, "the ignored call's permit came back")
        #expect(b.bufferedCalls(at: t) == 0)
        b.transitionToForcedOpen()
        let ok10 = b.tryAcquirePermission(at: t); #expect(!ok10)
        b.transitionToDisabled()
        let ok11 = b.tryAcquirePermission(at: t); #expect(ok11)
        for _ in 0..<10 { b.onResult(.error, duration: .zero, at: t) }
        #expect(b.state == .disabled)
    }

    /// A command can choose resilience4j's breaker: trips on every recorded call (no health tick)
    /// and short-circuits while OPEN.
    @Test func commandWithResilience4jBreaker() throws {
        var config = Resilience4jCircuitBreakerConfig()
        config.slidingWindowSize = 4
        config.minimumNumberOfCalls = 4
        config.waitDurationInOpenState = .seconds(1)
        var p = HystrixCommandProperties.springCloud
        p.executionIsolationStrategy = .semaphore
        let c = try HystrixCommand(key: "pelicula-query", properties: p, circuitBreaker: .resilience4j(config), createdAt: .zero)
        for (i, r) in [HystrixRunResult.success, .failure, .success, .failure].enumerated() { run(c, r, at: Int64(i)) }
        #expect(c.resilience4jBreaker?.state == .open, "2/4 = 50 % ≥ 50 % at the 4th call, no tick needed")
        #expect(c.isCircuitBreakerOpen(at: ms(4)))
        #expect(run(c, .success, at: 10) == .shortCircuited)
        #expect(run(c, .success, at: 1_004) == .shortCircuited, "opened at 4 ms: not strictly after 4 + 1000")
        #expect(run(c, .success, at: 1_005) == .success, "after the wait: a half-open trial")
        #expect(c.resilience4jBreaker?.state == .halfOpen, "10 permitted calls before deciding")
    }
}
