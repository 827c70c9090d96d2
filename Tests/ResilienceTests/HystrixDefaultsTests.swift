import Testing
import Resilience
import SimulationPrimitives

/// Every default of reference/netflix-oss.md §1.1 and §1.2, and the Spring Cloud vs Netflix choice.
@Suite struct HystrixDefaultsTests {
    @Test func commandDefaultsMatchSection1_1() {
        let p = HystrixCommandProperties.netflix
        #expect(p.executionIsolationStrategy == .thread)
        #expect(p.executionTimeout == .milliseconds(1_000))
        #expect(p.executionTimeoutEnabled)
        #expect(p.executionIsolationThreadInterruptOnTimeout)
        #expect(p.executionIsolationSemaphoreMaxConcurrentRequests == 10)
        #expect(p.fallbackIsolationSemaphoreMaxConcurrentRequests == 10)
        #expect(p.fallbackEnabled)
        #expect(p.circuitBreakerEnabled)
        #expect(p.circuitBreakerRequestVolumeThreshold == 20)
        #expect(p.circuitBreakerSleepWindow == .milliseconds(5_000))
        #expect(p.circuitBreakerErrorThresholdPercentage == 50)
        #expect(!p.circuitBreakerForceOpen)
        #expect(!p.circuitBreakerForceClosed)
        #expect(p.metricsRollingStatsWindow == .milliseconds(10_000))
        #expect(p.metricsRollingStatsNumBuckets == 10)
        #expect(p.metricsRollingPercentileEnabled)
        #expect(p.metricsRollingPercentileWindow == .milliseconds(60_000))
        #expect(p.metricsRollingPercentileNumBuckets == 6)
        #expect(p.metricsRollingPercentileBucketSize == 100)
        #expect(p.metricsHealthSnapshotInterval == .milliseconds(500))
        #expect(p.requestCacheEnabled)
        #expect(p.requestLogEnabled)
        #expect(p.rejectionsCountAsFailures, "stock Hystrix counts rejections (§1.6, case F05)")
        // §1.5: 10000 / 500 = 20 health buckets.
        #expect(p.healthWindowBucketCount == 20)
        #expect(HystrixCommandProperties.springCloud == p)
        #expect(HystrixCommandProperties.defaults(.springCloud) == p)
    }

    @Test func threadPoolDefaultsMatchSection1_2() {
        let p = HystrixThreadPoolProperties.netflix
        #expect(p.coreSize == 10)
        #expect(p.maximumSize == 10)
        #expect(!p.allowMaximumSizeToDivergeFromCoreSize)
        #expect(p.maxQueueSize == -1)
        #expect(p.queueSizeRejectionThreshold == 5)
        #expect(p.metricsRollingStatsWindow == .milliseconds(10_000))
        #expect(p.metricsRollingStatsNumBuckets == 10)
        #expect(p.actualMaximumSize == 10)
        #expect(p.effectiveQueueBound == 0)
        var q = p
        q.maxQueueSize = 20
        #expect(q.effectiveQueueBound == 5, "min(maxQueueSize, queueSizeRejectionThreshold), §8.10")
        q.allowMaximumSizeToDivergeFromCoreSize = true
        q.maximumSize = 4
        #expect(q.actualMaximumSize == 10, "max < core gives core")
        #expect(HystrixThreadPoolProperties.springCloud == p)
    }

    @Test func zuulRouteDefaultsPerProfile() {
        // Spring Cloud: SEMAPHORE, 100 permits, timeout = ribbonTimeout (4000 ms with its defaults, §6.3).
        let spring = HystrixCommandProperties.zuulRoute(defaults: .springCloud, ribbonTimeout: .milliseconds(4_000))
        #expect(spring.executionIsolationStrategy == .semaphore)
        #expect(spring.executionIsolationSemaphoreMaxConcurrentRequests == 100)
        #expect(spring.executionTimeout == .milliseconds(4_000))
        // Netflix Zuul: SEMAPHORE, 100 permits, Hystrix default timeout 1000 ms (§6.1).
        let netflix = HystrixCommandProperties.zuulRoute(defaults: .netflix, ribbonTimeout: .milliseconds(14_000))
        #expect(netflix.executionIsolationStrategy == .semaphore)
        #expect(netflix.executionIsolationSemaphoreMaxConcurrentRequests == 100)
        #expect(netflix.executionTimeout == .milliseconds(1_000))
        // An explicit Hystrix timeout wins even when lower (only a WARN, §6.3).
        let explicit = HystrixCommandProperties.zuulRoute(defaults: .springCloud, ribbonTimeout: .milliseconds(4_000),
                                                          explicitTimeout: .milliseconds(1_000))
        #expect(explicit.executionTimeout == .milliseconds(1_000))
    }

    @Test func healthSnapshotIntervalZeroIsRejected() {
        var p = HystrixCommandProperties.netflix
        p.metricsHealthSnapshotInterval = .zero
        #expect(throws: HystrixConfigurationError.self) { try p.validate() }
        #expect(throws: HystrixConfigurationError.self) {
            try HystrixCommand(key: "k", properties: .netflix, threadPool: nil, createdAt: .zero)
        }
    }
}
