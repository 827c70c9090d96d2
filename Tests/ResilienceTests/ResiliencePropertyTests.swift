import Testing
import PropertyBased
import Resilience
import SimulationPrimitives

/// Property tests over seeded random operation sequences (issue 3 "Done when").
@Suite struct ResiliencePropertyTests {
    /// Random traffic against a Hystrix command: the breaker is never OPEN/HALF_OPEN without an
    /// opened time, at most one trial is admitted per sleep window, and forced states win.
    @Test func hystrixBreakerInvariants() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var rng = RandomStream(seed: UInt64(seed))
            var p = unitTestProperties(sleepWindowMs: Int64(50 + rng.nextInt(below: 400)), requestVolumeThreshold: 1 + rng.nextInt(below: 5))
            p.circuitBreakerErrorThresholdPercentage = 1 + rng.nextInt(below: 99)
            let c = try! HystrixCommand(key: "k", properties: p, createdAt: .zero)
            var inFlight: [(HystrixExecution, Int64)] = []
            var t: Int64 = 0
            var trialsInCurrentWindow = 0
            var lastOpenedAt: SimTime? = nil
            for _ in 0..<400 {
                t += Int64(rng.nextInt(below: 40))
                // Finish due executions.
                var k = 0
                while k < inFlight.count {
                    if inFlight[k].1 <= t {
                        var e = inFlight[k].0
                        let outcome: HystrixRunResult = rng.nextBool(probability: 0.5) ? .success : .failure
                        let r = c.complete(&e, result: outcome, at: ms(inFlight[k].1))
                        if r.fallback == .run { c.fallbackFinished(success: true, at: ms(inFlight[k].1)) }
                        inFlight.remove(at: k)
                    } else { k += 1 }
                }
                let before = c.breaker.status
                let openedBefore = c.breaker.circuitOpenedAt
                let admission = c.begin(at: ms(t), callID: 0)
                c.breaker.checkInvariants()
                if openedBefore != lastOpenedAt { trialsInCurrentWindow = 0; lastOpenedAt = openedBefore }
                if case let .running(e) = admission {
                    if before == .open { trialsInCurrentWindow += 1 }
                    #expect(before != .halfOpen, "no execution while a trial is in flight")
                    inFlight.append((e, t + Int64(rng.nextInt(below: 200))))
                } else if case let .rejected(_, fallback) = admission, fallback == .run {
                    c.fallbackFinished(success: true, at: ms(t))
                }
                #expect(trialsInCurrentWindow <= 1, "at most one trial per sleep window")
            }
            // Forced states: forceOpen beats forceClosed whatever the status.
            var forced = p
            forced.circuitBreakerForceOpen = true
            forced.circuitBreakerForceClosed = true
            c.properties = forced
            #expect(c.isCircuitBreakerOpen(at: ms(t + 1)))
            #expect(!c.allowRequest(at: ms(t + 1)))
            forced.circuitBreakerForceOpen = false
            c.properties = forced
            #expect(!c.isCircuitBreakerOpen(at: ms(t + 2)))
            #expect(c.allowRequest(at: ms(t + 2)))
        }
    }

    /// The lazily advanced health window equals a brute-force recount: at time t the counts are
    /// the events in the N completed buckets before t's bucket (§1.5). forceClosed keeps the
    /// breaker from resetting the window.
    @Test func healthWindowMatchesBruteForce() async {
        await propertyCheck(count: 40, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var rng = RandomStream(seed: UInt64(seed))
            var p = unitTestProperties()
            p.circuitBreakerForceClosed = true
            p.metricsRollingStatsWindow = .milliseconds(1_000)
            p.metricsHealthSnapshotInterval = .milliseconds(100)   // N = 10 buckets
            var breaker = HystrixCircuitBreaker(properties: p, createdAt: .zero)
            var events: [(t: Int64, total: Int, errors: Int)] = []
            var t: Int64 = 0
            for _ in 0..<300 {
                t += Int64(rng.nextInt(below: rng.nextBool(probability: 0.05) ? 3_000 : 60))
                let event = [HystrixEventType.success, .failure, .timeout, .shortCircuited, .badRequest, .semaphoreRejected][rng.nextInt(below: 6)]
                breaker.record(event, at: ms(t))
                let c = event.healthContribution(rejectionsCountAsFailures: true)
                events.append((t, c.total, c.errors))
                let queryAt = t + Int64(rng.nextInt(below: 150))
                let k = queryAt / 100
                var total = 0, errors = 0
                for e in events where e.t / 100 >= k - 10 && e.t / 100 < k && e.t <= queryAt { total += e.total; errors += e.errors }
                let counts = breaker.healthCounts(at: ms(queryAt))
                #expect(counts == HystrixHealthCounts(totalRequests: total, errorCount: errors))
                t = max(t, queryAt)
            }
        }
    }

    /// The retry budget never grants a retry beyond `floor(ratio × requests) + minimum` of its
    /// window at the moment of the grant, refuses exactly when it would, and over a whole run
    /// grants at most `ratio × all requests + minimum × windows spanned`.
    @Test func retryBudgetNeverExceeded() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var rng = RandomStream(seed: UInt64(seed))
            let ratio = Double(rng.nextInt(below: 100)) / 100
            let minimum = rng.nextInt(below: 5)
            var budget = RetryBudget(ratio: ratio, minimumRetries: minimum, window: .seconds(10), origin: .zero)
            var t: Int64 = 0
            var totalRequests: Int64 = 0, totalRetries: Int64 = 0
            for _ in 0..<2_000 {
                t += Int64(rng.nextInt(below: 50))
                if rng.nextBool(probability: 0.5) {
                    budget.recordRequest(at: ms(t))
                    totalRequests += 1
                } else {
                    let before = budget.windowCounts(at: ms(t))
                    let granted = budget.tryWithdrawRetry(at: ms(t))
                    #expect(granted == (before.retries + 1 <= budget.allowance(requests: before.requests)))
                    if granted { totalRetries += 1 }
                }
            }
            let windows = t / 10_000 + 1
            #expect(totalRetries <= budget.allowance(requests: totalRequests) + Int64(minimum) * windows)
        }
    }
}
