/// Why a routed call produced no upstream response: the failure kinds the client call stack
/// (Hystrix command around Ribbon, executed by the platform) reports back to the gateway.
///
/// Names follow Hystrix `FailureType` and Ribbon `ClientException.ErrorType` where one exists.
public enum UpstreamFailure: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Hystrix command timeout over all attempts (`TIMEOUT`).
    case timeout
    /// The breaker is open (`SHORTCIRCUIT`).
    case shortCircuited
    /// Semaphore bulkhead full (`REJECTED_SEMAPHORE_EXECUTION`).
    case semaphoreRejected
    /// Thread pool full (`REJECTED_THREAD_EXECUTION`).
    case threadPoolRejected
    /// The instance refused the connection (fast failure; Ribbon `CONNECT_EXCEPTION`).
    case connectRefused
    /// The connection was not established within `ConnectTimeout` (black-holed).
    case connectTimeout
    /// No answer within `ReadTimeout` (`SOCKET_TIMEOUT_EXCEPTION`).
    case readTimeout
    /// Ribbon had no server to choose ("Load balancer does not have available server").
    case noServerAvailable
    /// The server signalled throttling (Ribbon `SERVER_THROTTLED`): the one case stock Zuul maps to 503.
    case serverThrottled
    /// Any other exception from the call (`COMMAND_EXCEPTION`).
    case commandException

    /// The Hystrix `FailureType` / Ribbon error name stock Zuul puts in its message.
    public var description: String {
        switch self {
        case .timeout: return "TIMEOUT"
        case .shortCircuited: return "SHORTCIRCUIT"
        case .semaphoreRejected: return "REJECTED_SEMAPHORE_EXECUTION"
        case .threadPoolRejected: return "REJECTED_THREAD_EXECUTION"
        case .connectRefused: return "CONNECT_EXCEPTION"
        case .connectTimeout: return "CONNECT_TIMEOUT"
        case .readTimeout: return "SOCKET_TIMEOUT_EXCEPTION"
        case .noServerAvailable: return "NO_SERVER_AVAILABLE"
        case .serverThrottled: return "SERVER_THROTTLED"
        case .commandException: return "COMMAND_EXCEPTION"
        }
    }

    /// Whether the gateway refused the call itself to shed load (bulkhead or breaker) rather than
    /// the backend failing: case F05 wants these counted as "shed".
    public var isLoadShedding: Bool { self == .shortCircuited || self == .semaphoreRejected || self == .threadPoolRejected }
}

/// What the platform reports when a routed call ends.
public enum UpstreamOutcome: Sendable, Hashable {
    /// The service answered with `status` (any status, 5xx included, is passed through as Zuul does).
    case response(status: Int)
    /// A `FallbackProvider` answered with `status` after a failure.
    case fallback(status: Int, failure: UpstreamFailure)
    /// The call failed without a response.
    case failure(UpstreamFailure)
}
