import SimulationPrimitives

extension HystrixCommand {
    /// The command's `type:"HystrixCommand"` object of hystrix.stream at `now`, with every field of
    /// reference/netflix-oss.md §2.1 (`SerialHystrixDashboardData.writeCommandMetrics`).
    ///
    /// `currentTime` is simulated milliseconds since the run start (the stream writes epoch ms).
    /// Health fields come from the breaker's health counts; rolling counts from the rolling-stats
    /// window; latencies from the rolling percentiles. Not a hot-path method (allocates); a reader
    /// of counters and breaker state only uses ``clusterCountersSnapshot(at:)``.
    public func snapshot(at now: SimTime) -> HystrixStreamObject {
        let p = properties
        let health = breaker.healthCounts(at: now)
        var f: [(name: String, value: HystrixStreamValue)] = []
        f.reserveCapacity(64)
        f.append(("type", .string("HystrixCommand")))
        f.append(("name", .string(key)))
        f.append(("group", .string(group)))
        f.append(("currentTime", .integer(now.nanosecondsSinceStart / 1_000_000)))
        f.append(("isCircuitBreakerOpen", .bool(p.circuitBreakerEnabled && breaker.isOpen(at: now))))
        f.append(("errorPercentage", .integer(Int64(health.errorPercentage))))
        f.append(("errorCount", .integer(Int64(health.errorCount))))
        f.append(("requestCount", .integer(Int64(health.totalRequests))))
        let counted: [HystrixEventType] = [.badRequest, .collapsed, .emit, .exceptionThrown, .failure, .fallbackEmit,
                                           .fallbackFailure, .fallbackMissing, .fallbackRejection, .fallbackSuccess,
                                           .responseFromCache, .semaphoreRejected, .shortCircuited, .success,
                                           .threadPoolRejected, .timeout]
        for e in counted { f.append((e.rollingCountFieldName!, .integer(rollingCount(e, at: now)))) }
        f.append(("currentConcurrentExecutionCount", .integer(Int64(metrics.currentConcurrentExecutionCount))))
        f.append(("rollingMaxConcurrentExecutionCount", .integer(metrics.rollingMaxConcurrentExecutionCount(at: now))))
        let execute = metrics.executeLatencySnapshot(at: now)
        let total = metrics.totalLatencySnapshot(at: now)
        f.append(("latencyExecute_mean", .integer(Int64(execute.mean))))
        f.append(("latencyExecute", .map(PercentileSnapshot.streamKeys.map { HystrixStreamEntry(key: $0.key, value: Int64(execute.percentile($0.percent))) })))
        f.append(("latencyTotal_mean", .integer(Int64(total.mean))))
        f.append(("latencyTotal", .map(PercentileSnapshot.streamKeys.map { HystrixStreamEntry(key: $0.key, value: Int64(total.percentile($0.percent))) })))
        let timeoutMs = p.executionTimeout.nanoseconds / 1_000_000
        f.append(("propertyValue_circuitBreakerRequestVolumeThreshold", .integer(Int64(p.circuitBreakerRequestVolumeThreshold))))
        f.append(("propertyValue_circuitBreakerSleepWindowInMilliseconds", .integer(p.circuitBreakerSleepWindow.nanoseconds / 1_000_000)))
        f.append(("propertyValue_circuitBreakerErrorThresholdPercentage", .integer(Int64(p.circuitBreakerErrorThresholdPercentage))))
        f.append(("propertyValue_circuitBreakerForceOpen", .bool(p.circuitBreakerForceOpen)))
        f.append(("propertyValue_circuitBreakerForceClosed", .bool(p.circuitBreakerForceClosed)))
        f.append(("propertyValue_circuitBreakerEnabled", .bool(p.circuitBreakerEnabled)))
        f.append(("propertyValue_executionIsolationStrategy", .string(p.executionIsolationStrategy.rawValue)))
        f.append(("propertyValue_executionIsolationThreadTimeoutInMilliseconds", .integer(timeoutMs)))
        f.append(("propertyValue_executionTimeoutInMilliseconds", .integer(timeoutMs)))
        f.append(("propertyValue_executionIsolationThreadInterruptOnTimeout", .bool(p.executionIsolationThreadInterruptOnTimeout)))
        f.append(("propertyValue_executionIsolationThreadPoolKeyOverride", .string(threadPool?.key ?? "")))
        f.append(("propertyValue_executionIsolationSemaphoreMaxConcurrentRequests", .integer(Int64(p.executionIsolationSemaphoreMaxConcurrentRequests))))
        f.append(("propertyValue_fallbackIsolationSemaphoreMaxConcurrentRequests", .integer(Int64(p.fallbackIsolationSemaphoreMaxConcurrentRequests))))
        f.append(("propertyValue_metricsRollingStatisticalWindowInMilliseconds", .integer(p.metricsRollingStatsWindow.nanoseconds / 1_000_000)))
        f.append(("propertyValue_requestCacheEnabled", .bool(p.requestCacheEnabled)))
        f.append(("propertyValue_requestLogEnabled", .bool(p.requestLogEnabled)))
        f.append(("reportingHosts", .integer(1)))
        f.append(("threadPool", .string(threadPool?.key ?? group)))
        return HystrixStreamObject(fields: f)
    }
}

extension HystrixCommand {
    /// The fields of ``snapshot(at:)`` that a Turbine cluster view of counters
    /// and breaker state reads (`type`, `name`, `isCircuitBreakerOpen`, `errorCount`,
    /// `requestCount`, `reportingHosts`; reference/netflix-oss.md §2.3), with the same values as
    /// the full object and in its order.
    ///
    /// The platform asks every command for its view once per time bucket; the full object's
    /// sixteen rolling counts, concurrency maxima and property values cost about ten times more
    /// and are not read there.
    public func clusterCountersSnapshot(at now: SimTime) -> HystrixStreamObject {
        let health = breaker.healthCounts(at: now)
        return HystrixStreamObject(fields: [
            ("type", .string("HystrixCommand")),
            ("name", .string(key)),
            ("isCircuitBreakerOpen", .bool(properties.circuitBreakerEnabled && breaker.isOpen(at: now))),
            ("errorCount", .integer(Int64(health.errorCount))),
            ("requestCount", .integer(Int64(health.totalRequests))),
            ("reportingHosts", .integer(1)),
        ])
    }
}

extension HystrixThreadPool {
    /// The pool's `type:"HystrixThreadPool"` object of hystrix.stream at `now` (§2.1,
    /// `writeThreadPoolMetrics`).
    public func snapshot(at now: SimTime) -> HystrixStreamObject {
        let p = properties
        var f: [(name: String, value: HystrixStreamValue)] = []
        f.append(("type", .string("HystrixThreadPool")))
        f.append(("name", .string(key)))
        f.append(("currentTime", .integer(now.nanosecondsSinceStart / 1_000_000)))
        f.append(("currentActiveCount", .integer(Int64(activeCount))))
        f.append(("currentCompletedTaskCount", .integer(completedTaskCount)))
        f.append(("currentCorePoolSize", .integer(Int64(p.coreSize))))
        f.append(("currentLargestPoolSize", .integer(Int64(largestPoolSize))))
        f.append(("currentMaximumPoolSize", .integer(Int64(p.actualMaximumSize))))
        f.append(("currentPoolSize", .integer(Int64(poolSize))))
        f.append(("currentQueueSize", .integer(Int64(queueCount))))
        f.append(("currentTaskCount", .integer(taskCount)))
        f.append(("rollingCountThreadsExecuted", .integer(rollingCountThreadsExecuted(at: now))))
        f.append(("rollingMaxActiveThreads", .integer(rollingMaxActiveThreads(at: now))))
        f.append(("rollingCountCommandRejections", .integer(rollingCountCommandRejections(at: now))))
        f.append(("propertyValue_queueSizeRejectionThreshold", .integer(Int64(p.queueSizeRejectionThreshold))))
        f.append(("propertyValue_metricsRollingStatisticalWindowInMilliseconds", .integer(p.metricsRollingStatsWindow.nanoseconds / 1_000_000)))
        f.append(("reportingHosts", .integer(1)))
        return HystrixStreamObject(fields: f)
    }
}
