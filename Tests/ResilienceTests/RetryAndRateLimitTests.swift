import Testing
import Resilience
import SimulationPrimitives

/// Retry policy and backoff (reference/netflix-oss.md §3.2), retry budget, token bucket.
@Suite struct RetryAndRateLimitTests {
    @Test func resilience4jDefaultRetry() {
        let p = RetryPolicy.resilience4jDefault
        #expect(p.maxAttempts == 3)
        #expect(p.decide(failedAttempt: 1, idempotent: true, random: 0.5) == .retry(after: .milliseconds(500)))
        #expect(p.decide(failedAttempt: 2, idempotent: true, random: 0.5) == .retry(after: .milliseconds(500)))
        #expect(p.decide(failedAttempt: 3, idempotent: true, random: 0.5) == .giveUp(.attemptsExhausted))
    }

    @Test func nonIdempotentCallsAreNotRetriedUnlessAllowed() {
        var p = RetryPolicy.resilience4jDefault
        #expect(p.decide(failedAttempt: 1, idempotent: false, random: 0) == .giveUp(.notIdempotent))
        p.retryNonIdempotent = true
        #expect(p.decide(failedAttempt: 1, idempotent: false, random: 0) == .retry(after: .milliseconds(500)))
    }

    @Test func exponentialTruncatesEachStepLikeResilience4j() {
        // ofExponentialBackoff(500, 1.5): 500, 750, 1125, (long)1687.5 = 1687, (long)2530.5 = 2530.
        let values = (1...5).map { Backoff.exponentialMilliseconds(initialMs: 500, multiplier: 1.5, retry: $0, capMs: 1_000_000) }
        #expect(values == [500, 750, 1_125, 1_687, 2_530])
        #expect(Backoff.exponentialMilliseconds(initialMs: 500, multiplier: 1.5, retry: 5, capMs: 2_000) == 2_000)
    }

    @Test func jitterFormulas() {
        let initial = SimDuration.milliseconds(100), cap = SimDuration.seconds(10)
        // Retry 3: base = 100 · 2² = 400 ms.
        let none = Backoff.exponential(initial: initial, multiplier: 2, maximum: cap, jitter: .none)
        let full = Backoff.exponential(initial: initial, multiplier: 2, maximum: cap, jitter: .full)
        let equal = Backoff.exponential(initial: initial, multiplier: 2, maximum: cap, jitter: .equal)
        let decorrelated = Backoff.exponential(initial: initial, multiplier: 2, maximum: cap, jitter: .decorrelated)
        #expect(none.delay(retry: 3, random: 0.25) == .milliseconds(400))
        #expect(full.delay(retry: 3, random: 0.25) == .milliseconds(100))        // 0.25 · 400
        #expect(equal.delay(retry: 3, random: 0.25) == .milliseconds(250))       // 200 + 0.25 · 200
        // Decorrelated: 100 + u · (3 · 300 − 100) = 100 + 0.5 · 800 = 500 ms.
        #expect(decorrelated.delay(retry: 3, previous: .milliseconds(300), random: 0.5) == .milliseconds(500))
        #expect(decorrelated.delay(retry: 3, previous: .seconds(100), random: 0.99) == cap)
        #expect(Backoff.none.delay(retry: 1, random: 0.7) == .zero)
        // resilience4j ofRandomized(500 ms, 0.5): [250, 751): u = 0 → 250, u = 0.999 → (long)750.499 = 750.
        let r4j = Backoff.exponential(initial: .milliseconds(500), multiplier: 1, maximum: .seconds(60), jitter: .resilience4jRandomized(factor: 0.5))
        #expect(r4j.delay(retry: 1, random: 0) == .milliseconds(250))
        #expect(r4j.delay(retry: 1, random: 0.999) == .milliseconds(750))
    }

    @Test func retryBudgetBoundsRetries() {
        var budget = RetryBudget(ratio: 0.2, minimumRetries: 2, window: .seconds(10), origin: .zero)
        for i in 0..<50 { budget.recordRequest(at: ms(Int64(i))) }
        var granted = 0
        for i in 0..<100 where budget.tryWithdrawRetry(at: ms(100 + Int64(i))) { granted += 1 }
        #expect(granted == 12, "floor(0.2 × 50) + 2")
        // After the window passes, the budget is back to the minimum.
        let late = (0..<3).map { _ in budget.tryWithdrawRetry(at: ms(30_000)) }
        #expect(late == [true, true, false])
        var policyBudget = RetryBudget(ratio: 0, minimumRetries: 0, origin: .zero)
        let decision = RetryPolicy.resilience4jDefault.decide(failedAttempt: 1, idempotent: true, random: 0,
                                                              budget: &policyBudget, at: .zero)
        #expect(decision == .giveUp(.budgetExhausted))
    }

    @Test func tokenBucketRefillsContinuously() {
        var b = TokenBucket(capacity: 10, refillTokens: 5, every: .seconds(1), full: true, at: .zero)
        let first = (0..<11).map { _ in b.tryAcquire(at: .zero) }
        #expect(first == Array(repeating: true, count: 10) + [false])
        let next = b.nextAvailable(at: .zero)
        #expect(next == ms(200), "5 tokens/s → one every 200 ms")
        let early = b.tryAcquire(at: ms(199)), onTime = b.tryAcquire(at: ms(200))
        #expect(!early)
        #expect(onTime)
        let available = b.availableTokens(at: ms(1_200)), capped = b.availableTokens(at: ms(100_000))
        #expect(available == 5)
        #expect(capped == 10, "capped at capacity")
        let never = b.nextAvailable(permits: 11, at: ms(100_000))
        #expect(never == .distantFuture)
    }
}

/// resilience4j `AtomicRateLimiter` (reference/netflix-oss.md §3.3).
@Suite struct Resilience4jRateLimiterTests {
    @Test func defaultsMatchSection3_3() {
        let l = Resilience4jRateLimiter(origin: .zero)
        #expect(l.limitForPeriod == 50)
        #expect(l.limitRefreshPeriod == .nanoseconds(500))
        #expect(l.timeoutDuration == .seconds(5))
    }

    @Test func permitsPerCycleWaitingAndRejection() {
        var l = Resilience4jRateLimiter(limitForPeriod: 2, limitRefreshPeriod: .seconds(1), timeout: .milliseconds(1_500), origin: .zero)
        let decisions = (0..<6).map { _ in l.acquire(at: ms(200)) }
        #expect(decisions == [
            .permitted(startAt: ms(200)), .permitted(startAt: ms(200)),
            .permitted(startAt: ms(1_000)), .permitted(startAt: ms(1_000)),   // wait 800 ms for cycle 1
            .rejected, .rejected,                                               // cycle 2 is 1800 ms away > 1500 ms
        ])
        // Cycle 1 was fully reserved; cycle 2 has 2 again.
        let inCycle2 = l.acquire(at: ms(2_000))
        #expect(inCycle2 == .permitted(startAt: ms(2_000)))
    }
}
