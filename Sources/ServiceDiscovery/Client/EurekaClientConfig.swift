import SimulationPrimitives

/// Eureka client settings (`eureka.client.*`, `eureka.instance.*`); defaults from
/// reference/netflix-oss.md §5.1.
public struct EurekaClientConfig: Hashable, Sendable {
    /// `eureka.client.registerWithEureka`: true (the instance registers and heartbeats).
    public var registerWithEureka: Bool
    /// `eureka.client.fetchRegistry`: true (the client keeps a local registry cache).
    public var fetchRegistry: Bool
    /// `eureka.client.registryFetchIntervalSeconds`: 30 s.
    public var registryFetchInterval: SimDuration
    /// `eureka.client.disableDelta`: false (delta fetches after the first full one).
    public var disableDelta: Bool
    /// `eureka.instance.leaseRenewalIntervalInSeconds` (heartbeat): 30 s.
    public var leaseRenewalInterval: SimDuration
    /// `eureka.instance.leaseExpirationDurationInSeconds`: 90 s (sent with the registration).
    public var leaseExpirationDuration: SimDuration
    /// `heartbeatExecutorExponentialBackOffBound` / `cacheRefreshExecutorExponentialBackOffBound`:
    /// 10 (× the interval) — the delay doubles after a timed-out task, up to this multiple.
    public var backoffBound: Int
    /// `eureka.client.filterOnlyUpInstances`: true — reads answer `UP` instances only (§5.4).
    public var filterOnlyUpInstances: Bool

    /// The defaults of §5.1.
    public init() {
        registerWithEureka = true
        fetchRegistry = true
        registryFetchInterval = .seconds(30)
        disableDelta = false
        leaseRenewalInterval = .seconds(30)
        leaseExpirationDuration = .seconds(90)
        backoffBound = 10
        filterOnlyUpInstances = true
    }
}
