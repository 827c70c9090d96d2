import Testing
import Resilience
import SimulationPrimitives

/// `HealthCountsStreamTest` cases (reference/netflix-oss.md §1.9, 10 buckets × 100 ms) and the
/// health-window mechanics of §1.5/§1.6.
@Suite struct HystrixHealthCountsTests {
    func properties() -> HystrixCommandProperties {
        var p = unitTestProperties()
        p.metricsRollingStatsWindow = .milliseconds(1_000)
        p.metricsRollingStatsNumBuckets = 10
        p.metricsHealthSnapshotInterval = .milliseconds(100)
        return p
    }

    @Test func testSingleBadRequest() throws {
        let c = try HystrixCommand(key: "k", properties: properties(), createdAt: .zero)
        #expect(run(c, .badRequest, at: 10) == .badRequest)
        #expect(c.healthCounts(at: ms(150)) == HystrixHealthCounts(totalRequests: 0, errorCount: 0))
        #expect(c.rollingCount(.badRequest, at: ms(1_000)) == 1)
        #expect(c.rollingCount(.fallbackSuccess, at: ms(1_000)) == 0, "BAD_REQUEST never runs the fallback")
    }

    @Test func testRequestFromCache() throws {
        let c = try HystrixCommand(key: "k", properties: properties(), createdAt: .zero)
        var context = HystrixRequestContext()
        guard case var .running(first) = c.begin(at: ms(10), callID: 1, cacheKey: 42, context: &context) else {
            Issue.record("first not admitted"); return
        }
        _ = c.complete(&first, result: .success, at: ms(11))
        #expect(c.begin(at: ms(12), callID: 2, cacheKey: 42, context: &context) == .responseFromCache(originalCallID: 1))
        #expect(c.begin(at: ms(13), callID: 3, cacheKey: 42, context: &context) == .responseFromCache(originalCallID: 1))
        #expect(c.healthCounts(at: ms(150)) == HystrixHealthCounts(totalRequests: 1, errorCount: 0))
        #expect(c.rollingCount(.responseFromCache, at: ms(1_000)) == 2)
        // A new request context does not see the cached entry.
        var other = HystrixRequestContext()
        if case .responseFromCache = c.begin(at: ms(14), callID: 4, cacheKey: 42, context: &other) { Issue.record("cache leaked") }
    }

    @Test func testShortCircuited() throws {
        var p = properties()
        p.circuitBreakerRequestVolumeThreshold = 3
        let c = try HystrixCommand(key: "k", properties: p, createdAt: .zero)
        for i in 0..<3 { run(c, .failure, at: Int64(i)) }
        #expect(c.isCircuitBreakerOpen(at: ms(150)))
        #expect(run(c, .success, at: 150) == .shortCircuited)
        #expect(run(c, .success, at: 151) == .shortCircuited)
        #expect(c.healthCounts(at: ms(250)) == HystrixHealthCounts(totalRequests: 3, errorCount: 3))
        #expect(c.rollingCount(.shortCircuited, at: ms(1_000)) == 2)
    }

    @Test func testMultipleEventsOverTimeGetStoredAndAgeOut() throws {
        var p = properties()
        p.circuitBreakerRequestVolumeThreshold = 1_000  // never trip: only the counts matter here
        let c = try HystrixCommand(key: "k", properties: p, createdAt: .zero)
        run(c, .success, at: 10)
        run(c, .failure, at: 20)
        runTimeout(c, at: 30)
        #expect(c.healthCounts(at: ms(600)) == HystrixHealthCounts(totalRequests: 3, errorCount: 2))
        // After 30 ticks of 100 ms everything has aged out of the 10-bucket window.
        #expect(c.healthCounts(at: ms(3_000)) == HystrixHealthCounts(totalRequests: 0, errorCount: 0))
    }

    @Test func inProgressBucketIsExcluded() throws {
        let c = try HystrixCommand(key: "k", properties: properties(), createdAt: .zero)
        run(c, .failure, at: 150)
        // 150 ms is in bucket [100, 200): not emitted until the 200 ms boundary.
        #expect(c.healthCounts(at: ms(199)).totalRequests == 0)
        #expect(!c.isCircuitBreakerOpen(at: ms(199)))
        #expect(c.healthCounts(at: ms(200)).totalRequests == 1)
        #expect(c.breaker.circuitOpenedAt == ms(200))
    }

    @Test func errorPercentageTruncatesLikeJava() {
        #expect(HystrixHealthCounts(totalRequests: 8, errorCount: 3).errorPercentage == 37)
        #expect(HystrixHealthCounts(totalRequests: 9, errorCount: 5).errorPercentage == 55)
        #expect(HystrixHealthCounts(totalRequests: 3, errorCount: 1).errorPercentage == 33)
        #expect(HystrixHealthCounts(totalRequests: 0, errorCount: 0).errorPercentage == 0)
        // (double) 29 / 100 * 100 = 28.999999999999996 in IEEE doubles: Java's cast gives 28.
        #expect(HystrixHealthCounts(totalRequests: 100, errorCount: 29).errorPercentage == 28)
    }

    /// §8.1: at one call per second the window never holds 20 requests, so an always-failing
    /// command never trips with defaults; 20 calls within 10 s at ≥ 50 % errors trip at the next
    /// 500 ms health tick.
    @Test func lowTrafficNeverTripsWithDefaults() throws {
        var p = HystrixCommandProperties.netflix
        p.executionIsolationStrategy = .semaphore
        let c = try HystrixCommand(key: "k", properties: p, createdAt: .zero)
        for s: Int64 in 0..<120 {
            #expect(run(c, .failure, at: s * 1_000) == .failure)
        }
        #expect(!c.isCircuitBreakerOpen(at: ms(120_000)))
        #expect(c.healthCounts(at: ms(120_000)).totalRequests <= 10)
        for i: Int64 in 0..<20 { run(c, .failure, at: 200_000 + i) }
        #expect(!c.isCircuitBreakerOpen(at: ms(200_499)))
        #expect(c.isCircuitBreakerOpen(at: ms(200_500)))
        #expect(c.breaker.circuitOpenedAt == ms(200_500))
    }
}
