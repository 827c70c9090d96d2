import SimulationPrimitives
import Resilience

/// The configuration of one Ribbon client (`<client>.ribbon.*` and the `niws.loadbalancer.*` keys).
///
/// ```swift
/// var config = RibbonClientConfig()                       // Spring Cloud defaults
/// config.maxAutoRetriesNextServer = 2
/// let raw = RibbonClientConfig(defaults: .netflix)        // 2000 / 5000 ms, AvailabilityFilteringRule
/// ```
///
/// Every default cites reference/netflix-oss.md: §4.1 (client keys), §4.2 (ServerStats circuit),
/// §4.3 (rules). Values are read when the balancer is built; the platform rebuilds or reassigns
/// ``LoadBalancer/config`` when a dynamic property changes (see docs/modules/DynamicConfig.md).
public struct RibbonClientConfig: Hashable, Sendable {
    /// `ConnectTimeout`: Spring Cloud 1000 ms, Netflix 2000 ms (§4.1).
    public var connectTimeout: SimDuration
    /// `ReadTimeout`: Spring Cloud 1000 ms, Netflix 5000 ms (§4.1).
    public var readTimeout: SimDuration
    /// `MaxAutoRetries`, retries on the same server: 0 (§4.1).
    public var maxAutoRetries: Int
    /// `MaxAutoRetriesNextServer`, retries on the next server: 1 (§4.1).
    public var maxAutoRetriesNextServer: Int
    /// `OkToRetryOnAllOperations`: false, so non-idempotent requests are not retried (§4.1).
    public var okToRetryOnAllOperations: Bool
    /// `ServerListRefreshInterval`: 30 000 ms, fixed delay (`PollingServerListUpdater`, §4.1).
    public var serverListRefreshInterval: SimDuration
    /// `PollingServerListUpdater` initial delay: 1000 ms (§4.1).
    public var serverListRefreshInitialDelay: SimDuration
    /// `NFLoadBalancerRuleClassName`: Spring Cloud `ZoneAvoidanceRule`, Netflix `AvailabilityFilteringRule` (§4.1).
    public var rule: LoadBalancingRule
    /// `<client>.ribbon.ActiveConnectionsLimit` / `niws.loadbalancer.availabilityFilteringRule.activeConnectionsLimit`:
    /// -1 means unlimited (`Integer.MAX_VALUE`) (§4.3).
    public var activeConnectionsLimit: Int
    /// `niws.loadbalancer.availabilityFilteringRule.filterCircuitTripped`: true (§4.3).
    public var filterCircuitTripped: Bool
    /// `niws.loadbalancer.<client>.connectionFailureCountThreshold`: 3 (§4.2).
    public var connectionFailureCountThreshold: Int
    /// `niws.loadbalancer.<client>.circuitTripTimeoutFactorSeconds`: 10 s (§4.2).
    public var circuitTripTimeoutFactor: SimDuration
    /// `niws.loadbalancer.<client>.circuitTripMaxTimeoutSeconds`: 30 s (§4.2).
    public var circuitTripMaxTimeout: SimDuration
    /// `niws.loadbalancer.serverStats.activeRequestsCount.effectiveWindowSeconds`: 600 s; an active
    /// count unchanged for longer reads as 0 (§4.2).
    public var activeRequestsCountEffectiveWindow: SimDuration
    /// `ServerWeightTaskTimerInterval` of `WeightedResponseTimeRule`: 30 000 ms, first run at 0 (§4.3).
    public var serverWeightTaskTimerInterval: SimDuration
    /// `ZoneAwareNIWSDiscoveryLoadBalancer.<client>.triggeringLoadPerServerThreshold`: 0.2 (§4.3).
    public var triggeringLoadPerServerThreshold: Double
    /// `ZoneAwareNIWSDiscoveryLoadBalancer.<client>.avoidZoneWithBlackoutPercetage` (sic): 0.99999 (§4.3).
    public var avoidZoneWithBlackoutPercentage: Double
    /// `niws.loadbalancer.zoneAvoidanceRule.enabled`: true (§4.3).
    public var zoneAvoidanceEnabled: Bool
    /// How many recent response times each server keeps for percentiles. Ribbon keeps a larger
    /// windowed `DataDistribution`; cinesim bounds memory per server (docs/modules/LoadBalancing.md).
    public var responseTimeWindowCapacity: Int

    /// The defaults of `defaults` (Spring Cloud unless `netflix` is selected, DESIGN §10).
    public init(defaults: DefaultsProfile = .springCloud) {
        switch defaults {
        case .springCloud:
            connectTimeout = .milliseconds(1_000)
            readTimeout = .milliseconds(1_000)
            rule = .zoneAvoidance
        case .netflix:
            connectTimeout = .milliseconds(2_000)
            readTimeout = .milliseconds(5_000)
            rule = .availabilityFiltering
        }
        maxAutoRetries = 0
        maxAutoRetriesNextServer = 1
        okToRetryOnAllOperations = false
        serverListRefreshInterval = .milliseconds(30_000)
        serverListRefreshInitialDelay = .milliseconds(1_000)
        activeConnectionsLimit = -1
        filterCircuitTripped = true
        connectionFailureCountThreshold = 3
        circuitTripTimeoutFactor = .seconds(10)
        circuitTripMaxTimeout = .seconds(30)
        activeRequestsCountEffectiveWindow = .seconds(600)
        serverWeightTaskTimerInterval = .milliseconds(30_000)
        triggeringLoadPerServerThreshold = 0.2
        avoidZoneWithBlackoutPercentage = 0.99999
        zoneAvoidanceEnabled = true
        responseTimeWindowCapacity = 128
    }

    /// Most attempts one call can make: `(MaxAutoRetries + 1) × (MaxAutoRetriesNextServer + 1)` (§4.1).
    public var maxAttempts: Int { (maxAutoRetries + 1) * (maxAutoRetriesNextServer + 1) }

    /// Spring Cloud's `ribbonTimeout`: `(ReadTimeout + ConnectTimeout) × (MaxAutoRetries + 1) ×
    /// (MaxAutoRetriesNextServer + 1)`; 4000 ms with Spring Cloud defaults (§6.3 [derived]).
    public var ribbonTimeoutBudget: SimDuration { (readTimeout + connectTimeout) * Int64(maxAttempts) }

    /// The active-request limit as a number (`-1` and other negatives mean `Int.max`, §4.3).
    @inlinable public var effectiveActiveConnectionsLimit: Int { activeConnectionsLimit < 0 ? Int.max : activeConnectionsLimit }
}
