import SimulationPrimitives

/// The Ribbon client settings of one route's service (`<serviceId>.ribbon.*`) and its explicit
/// Hystrix timeout, from which the gateway derives the command timeout as Spring Cloud Zuul 2.2.x
/// does (reference netflix-oss.md §6.3, `AbstractRibbonCommand.getHystrixTimeout`).
public struct RibbonClientSettings: Sendable, Hashable {
    /// `ConnectTimeout`.
    public var connectTimeout: SimDuration
    /// `ReadTimeout`.
    public var readTimeout: SimDuration
    /// `MaxAutoRetries` (same server).
    public var maxAutoRetries: Int
    /// `MaxAutoRetriesNextServer`.
    public var maxAutoRetriesNextServer: Int
    /// `OkToRetryOnAllOperations` (false: only GET is retried).
    public var okToRetryOnAllOperations: Bool
    /// `hystrix.command.<serviceId>.execution.isolation.thread.timeoutInMilliseconds`, if set.
    public var hystrixTimeout: SimDuration?

    /// Settings with every value given.
    public init(connectTimeout: SimDuration, readTimeout: SimDuration, maxAutoRetries: Int, maxAutoRetriesNextServer: Int,
                okToRetryOnAllOperations: Bool = false, hystrixTimeout: SimDuration? = nil) {
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.maxAutoRetries = maxAutoRetries
        self.maxAutoRetriesNextServer = maxAutoRetriesNextServer
        self.okToRetryOnAllOperations = okToRetryOnAllOperations
        self.hystrixTimeout = hystrixTimeout
    }

    /// Spring Cloud Netflix defaults: connect 1000 ms, read 1000 ms, `MaxAutoRetries` 0,
    /// `MaxAutoRetriesNextServer` 1 (reference netflix-oss.md §4.1).
    public static let springCloud = RibbonClientSettings(connectTimeout: .milliseconds(1_000), readTimeout: .milliseconds(1_000),
                                                         maxAutoRetries: 0, maxAutoRetriesNextServer: 1)
    /// Raw Netflix Ribbon defaults: connect 2000 ms, read 5000 ms, retries 0 / 1 (reference §4.1).
    public static let netflix = RibbonClientSettings(connectTimeout: .milliseconds(2_000), readTimeout: .milliseconds(5_000),
                                                     maxAutoRetries: 0, maxAutoRetriesNextServer: 1)

    /// `ribbonTimeout = (ReadTimeout + ConnectTimeout) × (MaxAutoRetries + 1) × (MaxAutoRetriesNextServer + 1)`:
    /// 4000 ms with Spring Cloud defaults (reference §6.3).
    public var ribbonTimeout: SimDuration {
        (readTimeout + connectTimeout) * Int64(maxAutoRetries + 1) * Int64(maxAutoRetriesNextServer + 1)
    }
}

/// Which library's defaults apply where Spring Cloud and raw Netflix differ (DESIGN §10).
public enum GatewayDefaults: Sendable, Hashable {
    /// Spring Cloud Netflix 2.2.x (the default): Ribbon 1000/1000 ms, and the Hystrix timeout
    /// computed from the Ribbon budget when none is set.
    case springCloud
    /// Raw Netflix Zuul 1 + Ribbon: Ribbon 2000/5000 ms, and the plain Hystrix default of 1000 ms
    /// (Zuul's `RibbonCommand`, reference §6.1).
    case netflix

    /// The Ribbon defaults of this flavour.
    public var ribbon: RibbonClientSettings { self == .springCloud ? .springCloud : .netflix }
}

/// The Hystrix timeout in force for a route and where it came from.
public struct EffectiveCommandTimeout: Sendable, Hashable {
    /// The timeout the command uses.
    public var hystrixTimeout: SimDuration
    /// The Ribbon budget over all attempts.
    public var ribbonTimeout: SimDuration
    /// Where ``hystrixTimeout`` came from.
    public var source: Source

    /// The origin of a Hystrix timeout (precedence as in `AbstractRibbonCommand.getHystrixTimeout`).
    public enum Source: Sendable, Hashable {
        /// `hystrix.command.<serviceId>…timeoutInMilliseconds`.
        case commandProperty
        /// `hystrix.command.default…timeoutInMilliseconds`.
        case defaultProperty
        /// Neither set: the Ribbon budget (Spring Cloud ≥ PR #2645).
        case ribbonBudget
        /// The plain Hystrix default, 1000 ms (raw Netflix Zuul, or Spring Cloud before Jan 2018).
        case hystrixDefault
    }

    /// Resolves the timeout: per-command property > default property > (Spring Cloud) Ribbon budget
    /// or (Netflix) 1000 ms.
    public static func resolve(_ settings: RibbonClientSettings, defaultHystrixTimeout: SimDuration?, defaults: GatewayDefaults) -> EffectiveCommandTimeout {
        let ribbon = settings.ribbonTimeout
        if let own = settings.hystrixTimeout, own > .zero { return .init(hystrixTimeout: own, ribbonTimeout: ribbon, source: .commandProperty) }
        if let shared = defaultHystrixTimeout, shared > .zero { return .init(hystrixTimeout: shared, ribbonTimeout: ribbon, source: .defaultProperty) }
        switch defaults {
        case .springCloud: return .init(hystrixTimeout: ribbon, ribbonTimeout: ribbon, source: .ribbonBudget)
        case .netflix: return .init(hystrixTimeout: .milliseconds(1_000), ribbonTimeout: ribbon, source: .hystrixDefault)
        }
    }

    /// Whether the Hystrix timeout is below the Ribbon budget (case F02): Spring Cloud logs a WARN
    /// and still uses it.
    public var isBelowRibbonBudget: Bool { hystrixTimeout < ribbonTimeout }
}

/// A configuration problem found when the gateway is built.
public enum ConfigurationWarning: Sendable, Hashable, CustomStringConvertible {
    /// The Hystrix timeout of `serviceID` is lower than its Ribbon connect+read budget over all
    /// attempts (case F02; Spring Cloud's WARN in `AbstractRibbonCommand.getHystrixTimeout`).
    case hystrixTimeoutBelowRibbonBudget(serviceID: String, hystrixTimeout: SimDuration, ribbonTimeout: SimDuration)

    /// The message, in Spring Cloud's wording.
    public var description: String {
        switch self {
        case let .hystrixTimeoutBelowRibbonBudget(serviceID, hystrix, ribbon):
            return "The Hystrix timeout of \(hystrix.nanoseconds / 1_000_000)ms for the command \(serviceID) is set lower than the combination of the Ribbon read and connect timeout, \(ribbon.nanoseconds / 1_000_000)ms."
        }
    }
}
