extension PropertyCatalogue {
    /// Hystrix command and thread-pool properties (reference/netflix-oss.md §1.1, §1.2). Every
    /// `hystrix.command.<commandKey>.x` falls back to `hystrix.command.default.x` (use `default` as
    /// the command key).
    static let hystrixEntries: [PropertyDescriptor] = {
        let c = "hystrix.command.<commandKey>."
        let t = "hystrix.threadpool.<threadPoolKey>."
        return [
            .init(c + "execution.isolation.strategy", .string, spring: "THREAD", .perCall, "§1.1, §6.3",
                  "THREAD or SEMAPHORE; Zuul route commands use zuul.ribbonIsolationStrategy (SEMAPHORE)"),
            .init(c + "execution.isolation.thread.timeoutInMilliseconds", .int, spring: "1000", .perCall, "§1.1, §6.3",
                  "Zuul routes: when unset (command and default), the Ribbon budget (Connect+Read)×attempts is used"),
            .init(c + "execution.timeout.enabled", .bool, spring: "true", .perCall, "§1.1"),
            .init(c + "execution.isolation.thread.interruptOnTimeout", .bool, spring: "true", .perCall, "§1.1"),
            .init(c + "execution.isolation.semaphore.maxConcurrentRequests", .int, spring: "10", .perCall, "§1.1"),
            .init(c + "fallback.isolation.semaphore.maxConcurrentRequests", .int, spring: "10", .perCall, "§1.1"),
            .init(c + "fallback.enabled", .bool, spring: "true", .perCall, "§1.1"),
            .init(c + "circuitBreaker.enabled", .bool, spring: "true", .atConstruction, "§1.1",
                  "chooses the breaker implementation when the command is built (NoOpCircuitBreaker when false)"),
            .init(c + "circuitBreaker.requestVolumeThreshold", .int, spring: "20", .perCall, "§1.1"),
            .init(c + "circuitBreaker.sleepWindowInMilliseconds", .int, spring: "5000", .perCall, "§1.1"),
            .init(c + "circuitBreaker.errorThresholdPercentage", .int, spring: "50", .perCall, "§1.1"),
            .init(c + "circuitBreaker.forceOpen", .bool, spring: "false", .perCall, "§1.1"),
            .init(c + "circuitBreaker.forceClosed", .bool, spring: "false", .perCall, "§1.1"),
            .init(c + "metrics.rollingStats.timeInMilliseconds", .int, spring: "10000", .atConstruction, "§1.1, §1.5",
                  "sizes the health and rolling-counter streams, created once"),
            .init(c + "metrics.rollingStats.numBuckets", .int, spring: "10", .atConstruction, "§1.1"),
            .init(c + "metrics.rollingPercentile.enabled", .bool, spring: "true", .atConstruction, "§1.1"),
            .init(c + "metrics.rollingPercentile.timeInMilliseconds", .int, spring: "60000", .atConstruction, "§1.1"),
            .init(c + "metrics.rollingPercentile.numBuckets", .int, spring: "6", .atConstruction, "§1.1"),
            .init(c + "metrics.rollingPercentile.bucketSize", .int, spring: "100", .atConstruction, "§1.1"),
            .init(c + "metrics.healthSnapshot.intervalInMilliseconds", .int, spring: "500", .atConstruction, "§1.1, §1.5",
                  "0 is invalid (Hystrix throws at stream creation)"),
            .init(c + "requestCache.enabled", .bool, spring: "true", .perCall, "§1.1"),
            .init(c + "requestLog.enabled", .bool, spring: "true", .perCall, "§1.1"),
            .init(t + "coreSize", .int, spring: "10", .perCall, "§1.1, §1.2", "re-applied to the executor on every touch"),
            .init(t + "maximumSize", .int, spring: "10", .perCall, "§1.2"),
            .init(t + "allowMaximumSizeToDivergeFromCoreSize", .bool, spring: "false", .perCall, "§1.2"),
            .init(t + "keepAliveTimeMinutes", .int, spring: "1", .perCall, "§1.2"),
            .init(t + "maxQueueSize", .int, spring: "-1", .atConstruction, "§1.2", "≤ 0: no queue; not dynamically changeable"),
            .init(t + "queueSizeRejectionThreshold", .int, spring: "5", .perCall, "§1.2", "consulted only when maxQueueSize > 0"),
            .init(t + "metrics.rollingStats.timeInMilliseconds", .int, spring: "10000", .atConstruction, "§1.2"),
            .init(t + "metrics.rollingStats.numBuckets", .int, spring: "10", .atConstruction, "§1.2"),
        ]
    }()

    /// Ribbon client and load-balancer properties (§4.1–§4.3). `<client>` is the service id.
    static let ribbonEntries: [PropertyDescriptor] = {
        let r = "<client>.ribbon."
        return [
            .init(r + "ConnectTimeout", .int, spring: "1000", netflix: "2000", .perCall, "§4.1, §6.3", "read per request by Zuul's Ribbon command"),
            .init(r + "ReadTimeout", .int, spring: "1000", netflix: "5000", .perCall, "§4.1, §6.3", "read per request by Zuul's Ribbon command"),
            .init(r + "MaxAutoRetries", .int, spring: "0", .perCall, "§4.1, §6.3"),
            .init(r + "MaxAutoRetriesNextServer", .int, spring: "1", .perCall, "§4.1, §6.3"),
            .init(r + "OkToRetryOnAllOperations", .bool, spring: "false", .perCall, "§4.1"),
            .init(r + "ServerListRefreshInterval", .int, spring: "30000", .atConstruction, "§4.1", "PollingServerListUpdater schedules once"),
            .init(r + "NFLoadBalancerRuleClassName", .string, spring: "com.netflix.loadbalancer.ZoneAvoidanceRule",
                  netflix: "com.netflix.loadbalancer.AvailabilityFilteringRule", .atConstruction, "§4.1, §4.3"),
            .init(r + "ActiveConnectionsLimit", .int, spring: "-1", .perCall, "§4.3", "-1: unlimited"),
            .init(r + "ServerWeightTaskTimerInterval", .int, spring: "30000", .atConstruction, "§4.3"),
            .init("niws.loadbalancer.<client>.connectionFailureCountThreshold", .int, spring: "3", .perCall, "§4.2"),
            .init("niws.loadbalancer.<client>.circuitTripTimeoutFactorSeconds", .int, spring: "10", .perCall, "§4.2"),
            .init("niws.loadbalancer.<client>.circuitTripMaxTimeoutSeconds", .int, spring: "30", .perCall, "§4.2"),
            .init("niws.loadbalancer.availabilityFilteringRule.filterCircuitTripped", .bool, spring: "true", .perCall, "§4.3"),
            .init("niws.loadbalancer.availabilityFilteringRule.activeConnectionsLimit", .int, spring: "-1", .perCall, "§4.3"),
            .init("niws.loadbalancer.serverStats.activeRequestsCount.effectiveWindowSeconds", .int, spring: "600", .perCall, "§4.2"),
            .init("niws.loadbalancer.zoneAvoidanceRule.enabled", .bool, spring: "true", .perCall, "§4.3"),
            .init("ZoneAwareNIWSDiscoveryLoadBalancer.<client>.triggeringLoadPerServerThreshold", .double, spring: "0.2", .perCall, "§4.3"),
            .init("ZoneAwareNIWSDiscoveryLoadBalancer.<client>.avoidZoneWithBlackoutPercetage", .double, spring: "0.99999", .perCall, "§4.3",
                  "the key's misspelling is Ribbon's"),
        ]
    }()

    /// Eureka server, client and instance properties (§5.1–§5.4).
    static let eurekaEntries: [PropertyDescriptor] = {
        let s = "eureka.server.", c = "eureka.client.", i = "eureka.instance."
        return [
            .init(s + "enableSelfPreservation", .bool, spring: "true", .perCall, "§5.1, §5.3"),
            .init(s + "renewalPercentThreshold", .double, spring: "0.85", .perCall, "§5.1, §5.3"),
            .init(s + "renewalThresholdUpdateIntervalMs", .int, spring: "900000", .atConstruction, "§5.1"),
            .init(s + "expectedClientRenewalIntervalSeconds", .int, spring: "30", .perCall, "§5.1, §5.3"),
            .init(s + "evictionIntervalTimerInMs", .int, spring: "60000", .atConstruction, "§5.1, §5.2"),
            .init(s + "responseCacheUpdateIntervalMs", .int, spring: "30000", .atConstruction, "§5.1, §5.4"),
            .init(s + "responseCacheAutoExpirationInSeconds", .int, spring: "180", .atConstruction, "§5.1, §5.4"),
            .init(s + "useReadOnlyResponseCache", .bool, spring: "true", .perCall, "§5.1, §5.4"),
            .init(s + "retentionTimeInMSInDeltaQueue", .int, spring: "180000", .perCall, "§5.1, §5.4"),
            .init(s + "deltaRetentionTimerIntervalInMs", .int, spring: "30000", .atConstruction, "§5.1"),
            .init(s + "expectedNumberOfClientsSendingRenews", .int, spring: "1", netflix: "0", .atConstruction, "§5.1, §5.3",
                  "Spring Cloud InstanceRegistryProperties"),
            .init(s + "defaultOpenForTrafficCount", .int, spring: "1", netflix: "0", .atConstruction, "§5.1, §5.3",
                  "Spring Cloud InstanceRegistryProperties"),
            .init(c + "registerWithEureka", .bool, spring: "true", .atConstruction, "§5.4"),
            .init(c + "fetchRegistry", .bool, spring: "true", .atConstruction, "§5.3, §5.4"),
            .init(c + "registryFetchIntervalSeconds", .int, spring: "30", .atConstruction, "§5.1"),
            .init(c + "disableDelta", .bool, spring: "false", .perCall, "§5.1, §5.4"),
            .init(c + "filterOnlyUpInstances", .bool, spring: "true", .perCall, "§5.4"),
            .init(c + "heartbeatExecutorExponentialBackOffBound", .int, spring: "10", .atConstruction, "§5.1"),
            .init(c + "cacheRefreshExecutorExponentialBackOffBound", .int, spring: "10", .atConstruction, "§5.1"),
            .init(i + "leaseRenewalIntervalInSeconds", .int, spring: "30", .atConstruction, "§5.1"),
            .init(i + "leaseExpirationDurationInSeconds", .int, spring: "90", .atConstruction, "§5.1, §5.2"),
        ]
    }()

    /// Zuul (Spring Cloud Netflix) properties that shape the route commands (§6.2, §6.3, §7.2).
    static let zuulEntries: [PropertyDescriptor] = [
        .init("zuul.ribbonIsolationStrategy", .string, spring: "SEMAPHORE", .atConstruction, "§6.2, §6.3"),
        .init("zuul.semaphore.maxSemaphores", .int, spring: "100", .atConstruction, "§6.2, §7.2",
              "read once when the command Setter is built"),
        .init("zuul.eureka.<serviceId>.semaphore.maxSemaphores", .int, spring: "100", .atConstruction, "§6.3, §7.2"),
        .init("zuul.threadPool.useSeparateThreadPools", .bool, spring: "false", .atConstruction, "§6.2"),
        .init("zuul.retryable", .bool, spring: "false", .perCall, "§4.1, §6.2"),
    ]

    /// Archaius polling properties (§7.1).
    static let archaiusEntries: [PropertyDescriptor] = [
        .init("archaius.fixedDelayPollingScheduler.initialDelayMills", .int, spring: "30000", .atConstruction, "§7.1"),
        .init("archaius.fixedDelayPollingScheduler.delayMills", .int, spring: "60000", .atConstruction, "§7.1"),
    ]
}
