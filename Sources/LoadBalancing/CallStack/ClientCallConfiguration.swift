import Resilience
import SimulationPrimitives

/// The settings of one client call stack: Ribbon's retry loop and timeouts, and how it sits
/// inside its Hystrix command (reference/netflix-oss.md §4.1, §6.3; DESIGN §10).
///
/// ```swift
/// var config = ClientCallConfiguration.defaults(.springCloud)
/// config.ribbon.readTimeout = .seconds(5)
/// if let warning = config.timeoutWarning(hystrixTimeout: .seconds(1)) { print(warning) }
/// ```
public struct ClientCallConfiguration: Sendable, Equatable {
    /// Ribbon client keys (`<client>.ribbon.<Key>`), §4.1.
    public struct Ribbon: Sendable, Equatable {
        /// `ConnectTimeout`: Spring Cloud 1000 ms, Netflix 2000 ms.
        public var connectTimeout: SimDuration
        /// `ReadTimeout`: Spring Cloud 1000 ms, Netflix 5000 ms.
        public var readTimeout: SimDuration
        /// `MaxAutoRetries` (same server), default 0.
        public var maxAutoRetries: Int
        /// `MaxAutoRetriesNextServer`, default 1.
        public var maxAutoRetriesNextServer: Int
        /// `OkToRetryOnAllOperations`, default false: only idempotent requests (GET) retry on
        /// every error; others retry only on connection-phase errors (request never sent).
        public var okToRetryOnAllOperations: Bool
        /// Spring Cloud `retryableStatusCodes` (default none): a response with one of these
        /// statuses is retried like an error; when retries run out the last response is returned.
        public var retryableStatusCodes: [Int]

        /// Creates Ribbon settings.
        public init(connectTimeout: SimDuration, readTimeout: SimDuration, maxAutoRetries: Int = 0,
                    maxAutoRetriesNextServer: Int = 1, okToRetryOnAllOperations: Bool = false, retryableStatusCodes: [Int] = []) {
            self.connectTimeout = connectTimeout
            self.readTimeout = readTimeout
            self.maxAutoRetries = maxAutoRetries
            self.maxAutoRetriesNextServer = maxAutoRetriesNextServer
            self.okToRetryOnAllOperations = okToRetryOnAllOperations
            self.retryableStatusCodes = retryableStatusCodes
        }

        /// Spring Cloud Netflix defaults (`RibbonClientConfiguration`: 1000/1000 ms; 0; 1; false).
        public static let springCloud = Ribbon(connectTimeout: .milliseconds(1_000), readTimeout: .milliseconds(1_000))
        /// Netflix Ribbon defaults (`CommonClientConfigKey`: 2000/5000 ms; 0; 1; false).
        public static let netflix = Ribbon(connectTimeout: .milliseconds(2_000), readTimeout: .milliseconds(5_000))

        /// The defaults `profile` selects.
        public static func defaults(_ profile: DefaultsProfile) -> Ribbon { profile == .netflix ? .netflix : .springCloud }

        /// `(MaxAutoRetries + 1) × (MaxAutoRetriesNextServer + 1)`, the most attempts one call makes (§4.1).
        public var maxAttempts: Int { (maxAutoRetries + 1) * (maxAutoRetriesNextServer + 1) }

        /// Spring Cloud's `ribbonTimeout = (ReadTimeout + ConnectTimeout) × (MaxAutoRetries + 1) ×
        /// (MaxAutoRetriesNextServer + 1)` (§6.3): 4000 ms with Spring Cloud defaults.
        public var ribbonTimeout: SimDuration { (connectTimeout + readTimeout) * Int64(maxAttempts) }
    }

    /// What attempts do once Hystrix has timed out the command (case F02).
    public enum HystrixTimeoutBehaviour: String, Sendable, Equatable {
        /// Stock Zuul/Ribbon: the retry loop keeps running through its whole budget (the interrupt
        /// is not checked, spring-cloud-netflix#1772, §6.3).
        case continueAttempts
        /// The running attempt finishes but no new attempt starts after the Hystrix deadline
        /// (F02's fix: "a retry must not be started when there is no time left").
        case finishCurrentAttemptOnly
        /// The running attempt is cancelled at the Hystrix timeout (connection closed).
        case cancelAttempts
    }

    /// How an HTTP response maps onto the Hystrix outcome.
    public enum ResponseClassification: String, Sendable, Equatable {
        /// Every response is SUCCESS (Zuul's `RibbonRoutingFilter` forwards 5xx as-is).
        case anyResponseIsSuccess
        /// 5xx is FAILURE (Feign's error decoder throws), other responses SUCCESS.
        case serverErrorsAreFailures
        /// 5xx is FAILURE and 4xx is BAD_REQUEST (a decoder mapping 4xx to
        /// `HystrixBadRequestException`: no fallback, not counted in health).
        case serverErrorsFailClientErrorsBadRequest
    }

    /// Ribbon's retry and timeout settings.
    public var ribbon: Ribbon
    /// Whether the Ribbon retry loop runs at all (Spring Cloud Zuul: `zuul.retryable`, default
    /// false, §4.1 / §6.2; Ribbon's own clients: true).
    public var retriesEnabled: Bool
    /// What happens to attempts after a Hystrix timeout (stock: `.continueAttempts`).
    public var hystrixTimeoutBehaviour: HystrixTimeoutBehaviour
    /// How responses map to Hystrix outcomes.
    public var responseClassification: ResponseClassification

    /// Creates a configuration.
    public init(ribbon: Ribbon, retriesEnabled: Bool = true, hystrixTimeoutBehaviour: HystrixTimeoutBehaviour = .continueAttempts,
                responseClassification: ResponseClassification = .serverErrorsAreFailures) {
        self.ribbon = ribbon
        self.retriesEnabled = retriesEnabled
        self.hystrixTimeoutBehaviour = hystrixTimeoutBehaviour
        self.responseClassification = responseClassification
    }

    /// A service → service call through a Ribbon client (retry loop on, 5xx are failures).
    public static func defaults(_ profile: DefaultsProfile) -> ClientCallConfiguration {
        ClientCallConfiguration(ribbon: .defaults(profile))
    }

    /// A Zuul route (§6.2, §6.3): responses are forwarded as-is; Spring Cloud retries only when
    /// `zuul.retryable` is set (default false), Netflix Zuul's RibbonCommand uses Ribbon's loop.
    public static func zuulRoute(defaults profile: DefaultsProfile, retryable: Bool? = nil) -> ClientCallConfiguration {
        ClientCallConfiguration(ribbon: .defaults(profile), retriesEnabled: retryable ?? (profile == .netflix),
                                responseClassification: .anyResponseIsSuccess)
    }

    /// The Ribbon budget the call may spend: `ribbon.ribbonTimeout` when retries are enabled, else
    /// one attempt's `ConnectTimeout + ReadTimeout`.
    public var ribbonBudget: SimDuration {
        retriesEnabled ? ribbon.ribbonTimeout : ribbon.connectTimeout + ribbon.readTimeout
    }

    /// Spring Cloud's check (`AbstractRibbonCommand.getHystrixTimeout`, §6.3; case F02): a
    /// warning with the computed numbers when `hystrixTimeout < ribbon.ribbonTimeout`, else nil.
    /// The formula is Spring Cloud's, which counts retries even when `zuul.retryable` is false.
    public func timeoutWarning(hystrixTimeout: SimDuration, commandKey: String = "default") -> HystrixRibbonTimeoutWarning? {
        HystrixRibbonTimeoutWarning.check(commandKey: commandKey, hystrixTimeout: hystrixTimeout, ribbon: ribbon)
    }
}

/// "The Hystrix timeout … is set lower than the combination of the Ribbon read and connect
/// timeout" (Spring Cloud's WARN, reference/netflix-oss.md §6.3; case F02), with its numbers.
public struct HystrixRibbonTimeoutWarning: Sendable, Equatable, CustomStringConvertible {
    /// The command (serviceId) concerned.
    public let commandKey: String
    /// The Hystrix timeout in force.
    public let hystrixTimeout: SimDuration
    /// `ConnectTimeout`.
    public let connectTimeout: SimDuration
    /// `ReadTimeout`.
    public let readTimeout: SimDuration
    /// `(MaxAutoRetries + 1) × (MaxAutoRetriesNextServer + 1)`.
    public let attempts: Int
    /// `(ConnectTimeout + ReadTimeout) × attempts`.
    public let ribbonTimeout: SimDuration

    /// Creates a warning from its numbers (use `check` to compute them).
    public init(commandKey: String, hystrixTimeout: SimDuration, connectTimeout: SimDuration, readTimeout: SimDuration,
                attempts: Int, ribbonTimeout: SimDuration) {
        self.commandKey = commandKey
        self.hystrixTimeout = hystrixTimeout
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.attempts = attempts
        self.ribbonTimeout = ribbonTimeout
    }

    /// The warning for these settings, or nil when `hystrixTimeout ≥ ribbonTimeout`.
    public static func check(commandKey: String, hystrixTimeout: SimDuration,
                             ribbon: ClientCallConfiguration.Ribbon) -> HystrixRibbonTimeoutWarning? {
        let budget = ribbon.ribbonTimeout
        guard hystrixTimeout < budget else { return nil }
        return HystrixRibbonTimeoutWarning(commandKey: commandKey, hystrixTimeout: hystrixTimeout, connectTimeout: ribbon.connectTimeout,
                                           readTimeout: ribbon.readTimeout, attempts: ribbon.maxAttempts, ribbonTimeout: budget)
    }

    /// A message with every number and the fix.
    public var description: String {
        "The Hystrix timeout of \(hystrixTimeout) for the command \(commandKey) is set lower than the combination of the "
            + "Ribbon read and connect timeout, \(ribbonTimeout) = (\(connectTimeout) + \(readTimeout)) × \(attempts) attempts; "
            + "raise the Hystrix timeout to at least \(ribbonTimeout) or lower the Ribbon timeouts/retries"
    }
}

extension ClientCallConfiguration.Ribbon {
    /// The retry-loop settings of a full Ribbon client configuration, so a scenario's
    /// `<client>.ribbon.*` keys configure the balancer and the call stack from one value.
    public init(_ client: RibbonClientConfig, retryableStatusCodes: [Int] = []) {
        self.init(connectTimeout: client.connectTimeout, readTimeout: client.readTimeout,
                  maxAutoRetries: client.maxAutoRetries, maxAutoRetriesNextServer: client.maxAutoRetriesNextServer,
                  okToRetryOnAllOperations: client.okToRetryOnAllOperations, retryableStatusCodes: retryableStatusCodes)
    }
}
