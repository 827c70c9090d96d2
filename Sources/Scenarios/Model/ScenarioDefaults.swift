import SimulationPrimitives

/// Default values of every setting, per ``LibraryDefaults`` (DESIGN §10). Each names its source.
public enum ScenarioDefaults {
    /// Hystrix command defaults (reference/netflix-oss.md §1.1, §1.2). With Spring Cloud the
    /// gateway's timeout is derived from the Ribbon budget (`timeout == nil`, §6.3).
    public static func hystrix(_ defaults: LibraryDefaults) -> HystrixSettings {
        HystrixSettings(
            timeout: defaults == .netflix ? .milliseconds(1000) : nil,
            timeoutEnabled: true, isolation: .thread, maxConcurrentRequests: 10,
            threadPoolCoreSize: 10, threadPoolMaxQueueSize: -1,
            circuitBreakerEnabled: true, requestVolumeThreshold: 20, errorThresholdPercentage: 50,
            sleepWindow: .milliseconds(5000), rollingWindow: .milliseconds(10000),
            healthSnapshotInterval: .milliseconds(500), fallbackEnabled: true)
    }

    /// Ribbon client defaults (reference/netflix-oss.md §4.1): Spring Cloud 1000/1000 ms and
    /// ZoneAvoidanceRule; Netflix 2000/5000 ms and AvailabilityFilteringRule.
    public static func ribbon(_ defaults: LibraryDefaults) -> RibbonSettings {
        RibbonSettings(
            connectTimeout: defaults == .netflix ? .milliseconds(2000) : .milliseconds(1000),
            readTimeout: defaults == .netflix ? .milliseconds(5000) : .milliseconds(1000),
            maxAutoRetries: 0, maxAutoRetriesNextServer: 1, okToRetryOnAllOperations: false,
            serverListRefreshInterval: .seconds(30),
            rule: defaults == .netflix ? .availabilityFiltering : .zoneAvoidance)
    }

    /// Eureka defaults (reference/netflix-oss.md §5.1); the same in Spring Cloud.
    public static let eureka = EurekaSettings(
        leaseRenewalInterval: .seconds(30), leaseExpirationDuration: .seconds(90), registryFetchInterval: .seconds(30),
        evictionInterval: .seconds(60), responseCacheUpdateInterval: .seconds(30), useReadOnlyResponseCache: true,
        enableSelfPreservation: true, renewalPercentThreshold: 0.85, stockLeaseExpiry: true)

    /// Zuul defaults (reference/netflix-oss.md §6.3, §6.4): semaphore isolation with 100 permits,
    /// rate limiting off, stock 500 on Hystrix failures, `zuul.retryable` false.
    public static let gateway = GatewaySettings(isolation: .semaphore, maxSemaphores: 100, rateLimit: nil, stockErrorStatus: true, retryable: false)

    /// OAuth: local JWT validation, 1 h access tokens (a common authorization-server default,
    /// reference/store-auth-logs.md §2.6), no introspection cache, 60 s leeway, refresh 60 s early.
    public static let oauth = OAuthSettings(validation: .jwt, accessTokenLifetime: .seconds(3600), introspectionCacheTTL: .zero,
                                            clockSkewLeeway: .seconds(60), refreshBeforeExpiry: .seconds(60))
}
