import SimulationPrimitives

/// Hystrix, Ribbon, Eureka, gateway and OAuth settings (DESIGN §4 `resilience`), with per-service
/// overrides of Hystrix and Ribbon. Defaults: reference/netflix-oss.md §1.1, §4.1, §5.1, §6.3.
public struct ResilienceSettings: Sendable, Equatable {
    public var hystrix: HystrixSettings
    public var ribbon: RibbonSettings
    public var eureka: EurekaSettings
    public var gateway: GatewaySettings
    public var oauth: OAuthSettings
    /// Per-service (command key) overrides, in file order.
    public var perService: [ServiceResilienceOverride]

    /// The Hystrix settings for calls to `serviceID` (override or default).
    public func hystrix(for serviceID: String) -> HystrixSettings {
        perService.first { $0.serviceID == serviceID }?.hystrix ?? hystrix
    }
    /// The Ribbon settings for calls to `serviceID` (override or default).
    public func ribbon(for serviceID: String) -> RibbonSettings {
        perService.first { $0.serviceID == serviceID }?.ribbon ?? ribbon
    }
}

public struct ServiceResilienceOverride: Sendable, Equatable {
    public var serviceID: String
    public var hystrix: HystrixSettings
    public var ribbon: RibbonSettings
}

/// Hystrix command settings (reference/netflix-oss.md §1.1, §1.2).
public struct HystrixSettings: Sendable, Equatable {
    public enum Isolation: String, Sendable, CaseIterable, Codable { case thread, semaphore }
    /// `execution.isolation.thread.timeoutInMilliseconds`; nil = Spring Cloud Zuul's derived
    /// Ribbon budget `(connect + read) × (MaxAutoRetries+1) × (MaxAutoRetriesNextServer+1)` (§6.3).
    public var timeout: SimDuration?
    public var timeoutEnabled: Bool
    public var isolation: Isolation
    /// `execution.isolation.semaphore.maxConcurrentRequests` (10; Zuul routes: 100).
    public var maxConcurrentRequests: Int
    /// Thread pool `coreSize` (10) and `maxQueueSize` (−1 = SynchronousQueue).
    public var threadPoolCoreSize: Int
    public var threadPoolMaxQueueSize: Int
    public var circuitBreakerEnabled: Bool
    public var requestVolumeThreshold: Int
    public var errorThresholdPercentage: Int
    public var sleepWindow: SimDuration
    public var rollingWindow: SimDuration
    public var healthSnapshotInterval: SimDuration
    public var fallbackEnabled: Bool
}

/// Ribbon client settings (reference/netflix-oss.md §4.1).
public struct RibbonSettings: Sendable, Equatable {
    public enum Rule: String, Sendable, CaseIterable, Codable {
        case roundRobin = "RoundRobinRule", availabilityFiltering = "AvailabilityFilteringRule"
        case zoneAvoidance = "ZoneAvoidanceRule", weightedResponseTime = "WeightedResponseTimeRule"
        case random = "RandomRule", bestAvailable = "BestAvailableRule", retry = "RetryRule"
    }
    public var connectTimeout: SimDuration
    public var readTimeout: SimDuration
    public var maxAutoRetries: Int
    public var maxAutoRetriesNextServer: Int
    public var okToRetryOnAllOperations: Bool
    public var serverListRefreshInterval: SimDuration
    public var rule: Rule

    /// Spring Cloud Zuul's Ribbon budget (reference/netflix-oss.md §6.3).
    public var retryBudget: SimDuration {
        (connectTimeout + readTimeout) * Int64(maxAutoRetries + 1) * Int64(maxAutoRetriesNextServer + 1)
    }
}

/// Eureka client and server settings (reference/netflix-oss.md §5.1).
public struct EurekaSettings: Sendable, Equatable {
    public var leaseRenewalInterval: SimDuration
    public var leaseExpirationDuration: SimDuration
    public var registryFetchInterval: SimDuration
    public var evictionInterval: SimDuration
    public var responseCacheUpdateInterval: SimDuration
    public var useReadOnlyResponseCache: Bool
    public var enableSelfPreservation: Bool
    public var renewalPercentThreshold: Double
    /// Stock lease expiry (2 × duration after a renewal, Eureka's documented quirk) vs fixed.
    public var stockLeaseExpiry: Bool
}

/// Zuul gateway settings (reference/netflix-oss.md §6).
public struct GatewaySettings: Sendable, Equatable {
    /// `zuul.ribbonIsolationStrategy` (Spring Cloud default SEMAPHORE).
    public var isolation: HystrixSettings.Isolation
    /// `zuul.semaphore.maxSemaphores` (100).
    public var maxSemaphores: Int
    /// Rate limit per client origin (`zuul.ratelimit`), nil = disabled (default).
    public var rateLimit: Rate?
    /// Stock Zuul answers 500 for rejections and timeouts; improved maps them to 503/504.
    public var stockErrorStatus: Bool
    /// `zuul.retryable` (false).
    public var retryable: Bool
    /// `zuul.threadPool.useSeparateThreadPools` (false): with THREAD isolation, one Hystrix thread
    /// pool per route (sized by that service's `hystrix.thread_pool_size`/`thread_pool_queue`)
    /// instead of one shared `RibbonCommand` pool — the per-route bulkhead of case F06.
    public var separateThreadPools: Bool = false
}

/// OAuth server and token checking (reference/store-auth-logs.md §2).
public struct OAuthSettings: Sendable, Equatable {
    /// `jwt`: local validation only; `introspection`: RFC 7662 for every token not cached;
    /// `jwt-then-introspection`: local signature/claim checks first, then introspection (case F11's fix).
    public enum Validation: String, Sendable, CaseIterable, Codable {
        case jwt, introspection
        case jwtThenIntrospection = "jwt-then-introspection"
    }
    public var validation: Validation
    public var accessTokenLifetime: SimDuration
    /// Cache lifetime of an introspection answer at the gateway (0 = no cache, case F11).
    public var introspectionCacheTTL: SimDuration
    /// Accepted clock skew when checking `exp`/`nbf`.
    public var clockSkewLeeway: SimDuration
    /// Clients refresh this long before expiry.
    public var refreshBeforeExpiry: SimDuration
    /// What the gateway does when introspection itself fails (timeout, refused, breaker open)
    /// rather than answering "inactive": `logout` (stock) treats the failure as "not
    /// authenticated" — 401 `invalid_token`, the client drops its token and must log in again (the
    /// reported behaviour of case F11, github.com/GCTC-NTGC/gc-digital-talent/issues/14987);
    /// `unavailable` answers 503 with Retry-After and keeps the session; `local-jwt` (with
    /// `validation: jwt-then-introspection`) accepts the token on the local JWT check (the fix).
    public var introspectionFailure: IntrospectionFailure = .logout

    public enum IntrospectionFailure: String, Sendable, CaseIterable, Codable {
        case logout, unavailable
        case localJWT = "local-jwt"
    }
}
