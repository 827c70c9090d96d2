import Authorization
import SimulationPrimitives

/// Everything the gateway is built from. Defaults are Spring Cloud Netflix Zuul 2.2.x's
/// (DESIGN §10): semaphore isolation with 100 permits per route, Ribbon 1000/1000 ms with one
/// next-server retry, Hystrix timeout computed from the Ribbon budget, stock error mapping (500),
/// no rate limiting (the add-on is off by default), the health check as the only static response.
///
/// ```swift
/// var configuration = GatewayConfiguration(authentication: .localJWT(validator))
/// configuration.isolation = .semaphore(maxSemaphores: 300)
/// configuration.errorMapping = .improved(ImprovedErrorMapping(rejectionStatus: 429))
/// var gateway = ZuulGateway(configuration: configuration)
/// ```
public struct GatewayConfiguration: Sendable {
    /// The route table (default: the CineManzana table).
    public var routes: ZuulRouteTable
    /// Spring Cloud or raw Netflix defaults.
    public var defaults: GatewayDefaults
    /// Per-service Ribbon settings (`<serviceId>.ribbon.*`) and Hystrix timeouts; services not
    /// listed use ``defaults``' Ribbon settings.
    public var ribbonSettings: [String: RibbonClientSettings]
    /// `hystrix.command.default.execution.isolation.thread.timeoutInMilliseconds`, if set.
    public var defaultHystrixTimeout: SimDuration?
    /// Route isolation (`zuul.ribbonIsolationStrategy`).
    public var isolation: IsolationStrategy
    /// `zuul.eureka.<serviceId>.semaphore.maxSemaphores` (or per-service pool size) overrides.
    public var isolationOverrides: [String: Int]
    /// How tokens are checked.
    public var authentication: AuthenticationMode
    /// Per-client rate limiting; `nil` (default) disables it.
    public var rateLimit: RateLimitPolicy?
    /// Static responses, first match wins.
    public var staticResponses: [StaticResponse]
    /// Maintenance mode; `nil` (default) is off.
    public var maintenance: MaintenanceMode?
    /// Stress tests, first matching service wins.
    public var stressTests: [StressTestPolicy]
    /// Cross-region routing; `nil` routes everything locally.
    public var crossRegion: CrossRegionPolicy?
    /// Upstream failure → status mapping.
    public var errorMapping: ErrorStatusMapping
    /// `WWW-Authenticate` realm.
    public var realm: String
    /// Headers the post filter adds to every response (e.g. `X-Content-Type-Options: nosniff`).
    public var responseHeaders: [(name: String, value: String)]
    /// Names of filters to skip (`zuul.<Name>.<type>.disable=true`).
    public var disabledFilters: [String]
    /// Extra filters added to the standard chain.
    public var customFilters: [ZuulFilter]
    /// Record each executed filter's name in ``RequestContext/trail`` (tests, debugging).
    public var recordsFilterTrail: Bool

    /// A configuration with the defaults above and `authentication`.
    public init(authentication: AuthenticationMode, routes: ZuulRouteTable = .cineManzana(), defaults: GatewayDefaults = .springCloud) {
        self.routes = routes
        self.defaults = defaults
        self.ribbonSettings = [:]
        self.defaultHystrixTimeout = nil
        self.isolation = .springCloudDefault
        self.isolationOverrides = [:]
        self.authentication = authentication
        self.rateLimit = nil
        self.staticResponses = [.health]
        self.maintenance = nil
        self.stressTests = []
        self.crossRegion = nil
        self.errorMapping = .stockSpringCloudZuul
        self.realm = "cinemanzana"
        self.responseHeaders = []
        self.disabledFilters = []
        self.customFilters = []
        self.recordsFilterTrail = false
    }

    /// The Ribbon settings of `serviceID`.
    public func ribbon(for serviceID: String) -> RibbonClientSettings { ribbonSettings[serviceID] ?? defaults.ribbon }

    /// The effective command timeout of `serviceID`.
    public func commandTimeout(for serviceID: String) -> EffectiveCommandTimeout {
        EffectiveCommandTimeout.resolve(ribbon(for: serviceID), defaultHystrixTimeout: defaultHystrixTimeout, defaults: defaults)
    }

    /// Configuration warnings, one per service whose Hystrix timeout is below its Ribbon budget
    /// (case F02), in route-table order.
    public var warnings: [ConfigurationWarning] {
        routes.serviceIDs.compactMap { serviceID in
            let timeout = commandTimeout(for: serviceID)
            guard timeout.isBelowRibbonBudget else { return nil }
            return .hystrixTimeoutBelowRibbonBudget(serviceID: serviceID, hystrixTimeout: timeout.hystrixTimeout, ribbonTimeout: timeout.ribbonTimeout)
        }
    }
}
