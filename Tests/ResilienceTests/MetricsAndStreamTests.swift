import Testing
import Resilience
import SimulationPrimitives

/// Rolling counters/percentiles and the hystrix.stream field set (reference/netflix-oss.md §2.1)
/// plus Turbine aggregation (§2.3).
@Suite struct MetricsAndStreamTests {
    @Test func rollingCountersSumCompletedBucketsAndAgeOut() {
        var c = RollingCounters(counterCount: 1, window: .seconds(10), bucketCount: 10, origin: .zero)
        c.add(0, at: ms(500))
        let inProgress = c.sum(0, at: ms(999))
        #expect(inProgress == 0, "in-progress bucket excluded")
        c.add(0, at: ms(1_500))
        #expect(c.sum(0, at: ms(1_000)) == 1)
        #expect(c.sum(0, at: ms(2_000)) == 2)
        #expect(c.sum(0, at: ms(10_999)) == 2)
        #expect(c.sum(0, at: ms(11_000)) == 1, "[0, 1 s) left the 10 s window")
        #expect(c.sum(0, at: ms(60_000)) == 0)
    }

    @Test func percentileArithmeticMatchesHystrix() {
        // Values 1…100: rank = p/100·100.
        let s = PercentileSnapshot(values: (1...100).map { Int32($0) })
        #expect(s.mean == 50)          // 5050 / 100
        #expect(s.percentile(0) == 1)
        #expect(s.percentile(25) == 26)   // data[25]
        #expect(s.percentile(50) == 51)   // data[50]
        #expect(s.percentile(99) == 100)  // data[99]
        #expect(s.percentile(99.5) == 100) // ceil = 100 ≥ n → max
        #expect(s.percentile(100) == 100)
        // Interpolation: [10, 20], p = 25 → rank 0.5 → 10 + 0.5·10 = 15.
        #expect(PercentileSnapshot(values: [20, 10]).percentile(25) == 15)
        #expect(PercentileSnapshot(values: []).percentile(50) == 0)
    }

    @Test func rollingPercentileKeepsLastValuesPerBucket() {
        var r = RollingPercentile(window: .seconds(60), bucketCount: 6, bucketSize: 3, origin: .zero)
        for v in [1, 2, 3, 4, 5] { r.add(latencyMilliseconds: v, at: ms(100)) }
        let s = r.snapshot(at: ms(10_000))
        // The ring overwrites the oldest: 4 replaces 1, 5 replaces 2.
        #expect(s.sortedValues == [3, 4, 5], "bucketSize bounds the values kept")
        #expect(r.snapshot(at: ms(70_001)).sortedValues.isEmpty)
    }

    @Test func commandSnapshotHasEveryStreamField() throws {
        let c = try HystrixCommand(key: "compra-command", group: "compras", properties: unitTestProperties(), createdAt: .zero)
        run(c, .success, at: 0, durationMs: 40)
        run(c, .failure, at: 50, durationMs: 10)
        let snap = c.snapshot(at: ms(5_000))
        let required = [
            "type", "name", "group", "currentTime", "isCircuitBreakerOpen", "errorPercentage", "errorCount", "requestCount",
            "rollingCountBadRequests", "rollingCountCollapsedRequests", "rollingCountEmit", "rollingCountExceptionsThrown",
            "rollingCountFailure", "rollingCountFallbackEmit", "rollingCountFallbackFailure", "rollingCountFallbackMissing",
            "rollingCountFallbackRejection", "rollingCountFallbackSuccess", "rollingCountResponsesFromCache",
            "rollingCountSemaphoreRejected", "rollingCountShortCircuited", "rollingCountSuccess", "rollingCountThreadPoolRejected",
            "rollingCountTimeout", "currentConcurrentExecutionCount", "rollingMaxConcurrentExecutionCount",
            "latencyExecute_mean", "latencyExecute", "latencyTotal_mean", "latencyTotal",
            "propertyValue_circuitBreakerRequestVolumeThreshold", "propertyValue_circuitBreakerSleepWindowInMilliseconds",
            "propertyValue_circuitBreakerErrorThresholdPercentage", "propertyValue_circuitBreakerForceOpen",
            "propertyValue_circuitBreakerForceClosed", "propertyValue_circuitBreakerEnabled",
            "propertyValue_executionIsolationStrategy", "propertyValue_executionIsolationThreadTimeoutInMilliseconds",
            "propertyValue_executionTimeoutInMilliseconds", "propertyValue_executionIsolationThreadInterruptOnTimeout",
            "propertyValue_executionIsolationThreadPoolKeyOverride", "propertyValue_executionIsolationSemaphoreMaxConcurrentRequests",
            "propertyValue_fallbackIsolationSemaphoreMaxConcurrentRequests",
            "propertyValue_metricsRollingStatisticalWindowInMilliseconds", "propertyValue_requestCacheEnabled",
            "propertyValue_requestLogEnabled", "reportingHosts", "threadPool",
        ]
        for name in required { #expect(snap[name] != nil, "missing \(name)") }
        #expect(snap["type"] == .string("HystrixCommand"))
        #expect(snap["name"] == .string("compra-command"))
        #expect(snap["currentTime"] == .integer(5_000))
        #expect(snap["requestCount"] == .integer(2))
        #expect(snap["errorCount"] == .integer(1))
        #expect(snap["errorPercentage"] == .integer(50))
        #expect(snap["isCircuitBreakerOpen"] == .bool(true), "1 of 2 = 50 % ≥ 40 % with volume 1")
        #expect(snap["rollingCountSuccess"] == .integer(1))
        #expect(snap["rollingCountFailure"] == .integer(1))
        #expect(snap["rollingCountFallbackSuccess"] == .integer(1))
        #expect(snap["rollingMaxConcurrentExecutionCount"] == .integer(1))
        // Percentile buckets are 10 s (60 s / 6): the latencies appear once their bucket completes.
        // Sorted [10, 40]: p25 has rank 0.5, so 10 + 0.5 · 30 = 25; p50 has rank 1, so 40.
        let later = c.snapshot(at: ms(10_000))
        #expect(later["latencyExecute_mean"] == .integer(25))   // (40 + 10) / 2
        #expect(later["latencyExecute"] == .map(zip(["0", "25", "50", "75", "90", "95", "99", "99.5", "100"],
                                                   [10, 25, 40, 40, 40, 40, 40, 40, 40] as [Int64]).map { HystrixStreamEntry(key: $0, value: $1) }))
        #expect(snap["propertyValue_executionIsolationStrategy"] == .string("SEMAPHORE"))
        #expect(snap["propertyValue_executionTimeoutInMilliseconds"] == .integer(500))
        #expect(snap["reportingHosts"] == .integer(1))
        #expect(snap.sseLine.hasPrefix("data: {\"type\":\"HystrixCommand\",\"name\":\"compra-command\""))
        #expect(snap.sseLine.hasSuffix("}\n\n"))
    }

    @Test func clusterCountersSnapshotIsTheFullObjectsSubset() throws {
        // The Turbine view's subset must carry exactly the full object's values for its fields,
        // before and after the breaker opens (errors over the threshold in the health window).
        let c = try HystrixCommand(key: "pago", group: "pagos", properties: unitTestProperties(requestVolumeThreshold: 2), createdAt: .zero)
        let fields = ["type", "name", "isCircuitBreakerOpen", "errorCount", "requestCount", "reportingHosts"]
        var openedSeen = false
        for (i, outcome) in [HystrixRunResult.success, .failure, .failure, .failure, .success].enumerated() {
            _ = run(c, outcome, at: Int64(i) * 600, durationMs: 10)
            for at in [Int64(i) * 600 + 300, Int64(i) * 600 + 599] {
                let full = c.snapshot(at: ms(at)), subset = c.clusterCountersSnapshot(at: ms(at))
                #expect(subset.fields.map(\.name) == fields)
                for name in fields { #expect(subset[name] == full[name], "\(name) at \(at) ms") }
                if subset["isCircuitBreakerOpen"] == .bool(true) { openedSeen = true }
            }
        }
        #expect(openedSeen, "the sequence must open the breaker so both states are compared")
    }

    @Test func threadPoolSnapshotFields() {
        var p = HystrixThreadPoolProperties.netflix
        p.coreSize = 2
        let pool = HystrixThreadPool(key: "RibbonCommand", properties: p, createdAt: .zero)
        _ = pool.admit(callID: 1, at: ms(10))
        _ = pool.admit(callID: 2, at: ms(10))
        #expect(pool.admit(callID: 3, at: ms(10)) == .rejected)
        let snap = pool.snapshot(at: ms(1_000))
        for name in ["type", "name", "currentTime", "currentActiveCount", "currentCompletedTaskCount", "currentCorePoolSize",
                     "currentLargestPoolSize", "currentMaximumPoolSize", "currentPoolSize", "currentQueueSize", "currentTaskCount",
                     "rollingCountThreadsExecuted", "rollingMaxActiveThreads", "rollingCountCommandRejections",
                     "propertyValue_queueSizeRejectionThreshold", "propertyValue_metricsRollingStatisticalWindowInMilliseconds",
                     "reportingHosts"] {
            #expect(snap[name] != nil, "missing \(name)")
        }
        #expect(snap["currentActiveCount"] == .integer(2))
        #expect(snap["rollingMaxActiveThreads"] == .integer(2))
        #expect(snap["rollingCountCommandRejections"] == .integer(1))
        #expect(snap["rollingCountThreadsExecuted"] == .integer(2))
    }

    /// §2.3: numbers summed (reportingHosts, errorPercentage too), maps summed key by key,
    /// strings/booleans/propertyValue_* counted per distinct value; tombstone removes an instance.
    @Test func turbineAggregation() {
        func object(open: Bool, requests: Int64, p50: Int64, timeout: Int64) -> HystrixStreamObject {
            HystrixStreamObject(fields: [
                ("type", .string("HystrixCommand")), ("name", .string("funcion-query")),
                ("isCircuitBreakerOpen", .bool(open)), ("errorPercentage", .integer(10)), ("requestCount", .integer(requests)),
                ("latencyExecute", .map([HystrixStreamEntry(key: "50", value: p50), HystrixStreamEntry(key: "99", value: 2 * p50)])),
                ("propertyValue_executionTimeoutInMilliseconds", .integer(timeout)), ("reportingHosts", .integer(1)),
            ])
        }
        var turbine = TurbineAggregator()
        turbine.receive(instance: "gw-1", object(open: false, requests: 10, p50: 5, timeout: 1_000))
        turbine.receive(instance: "gw-2", object(open: false, requests: 20, p50: 7, timeout: 1_000))
        turbine.receive(instance: "gw-3", object(open: true, requests: 30, p50: 9, timeout: 2_000))
        // A newer sample from gw-1 replaces its previous one (Turbine sums deltas).
        turbine.receive(instance: "gw-1", object(open: false, requests: 15, p50: 5, timeout: 1_000))
        let agg = turbine.aggregate(type: "HystrixCommand", name: "funcion-query")!
        #expect(agg["reportingHosts"] == .integer(3))
        #expect(agg["requestCount"] == .integer(65))
        #expect(agg["errorPercentage"] == .integer(30), "summed; the dashboard divides by reportingHosts")
        #expect(agg["latencyExecute"] == .map([HystrixStreamEntry(key: "50", value: 21), HystrixStreamEntry(key: "99", value: 42)]))
        #expect(agg["isCircuitBreakerOpen"] == .map([HystrixStreamEntry(key: "false", value: 2), HystrixStreamEntry(key: "true", value: 1)]))
        #expect(agg["propertyValue_executionTimeoutInMilliseconds"] == .map([HystrixStreamEntry(key: "1000", value: 2), HystrixStreamEntry(key: "2000", value: 1)]))
        #expect(agg["name"] == .string("funcion-query"), "agreeing values serialise bare")
        turbine.remove(instance: "gw-3")
        let after = turbine.aggregate(type: "HystrixCommand", name: "funcion-query")!
        #expect(after["reportingHosts"] == .integer(2))
        #expect(after["isCircuitBreakerOpen"] == .bool(false))
        #expect(after["propertyValue_executionTimeoutInMilliseconds"] == .integer(1_000))
    }
}
