import SimulationPrimitives

/// How the error filter turns an ``UpstreamFailure`` into an HTTP status (DESIGN §10, stock vs
/// improved).
///
/// - ``stockSpringCloudZuul`` (default): `RibbonRoutingFilter.handleException` throws a
///   `ZuulException` with status **500** for every Hystrix failure (timeout, short-circuit,
///   semaphore or thread-pool rejection, connection errors), and **503** only when the cause is a
///   Ribbon `SERVER_THROTTLED` (reference netflix-oss.md §6.3; case F05 reports the 500 on the
///   101st concurrent request).
/// - ``improved(_:)``: what case F05's fix asks for: rejections → 503 or 429 with `Retry-After`,
///   short-circuits → 503 with `Retry-After` (the breaker's sleep window), timeouts → 504,
///   connection failures and no server → 503 / 502.
public enum ErrorStatusMapping: Sendable, Hashable {
    /// Stock Spring Cloud Zuul 2.2.x.
    case stockSpringCloudZuul
    /// The improved mapping.
    case improved(ImprovedErrorMapping)

    /// The status and `Retry-After` (if any) for `failure`.
    public func response(for failure: UpstreamFailure) -> (status: Int, retryAfter: SimDuration?) {
        switch self {
        case .stockSpringCloudZuul:
            return (failure == .serverThrottled ? 503 : 500, nil)
        case .improved(let mapping):
            return mapping.response(for: failure)
        }
    }
}

/// Parameters of the improved mapping.
public struct ImprovedErrorMapping: Sendable, Hashable {
    /// Status for bulkhead rejections: 503 (Service Unavailable) or 429 (Too Many Requests).
    public var rejectionStatus: Int
    /// `Retry-After` sent with rejections.
    public var rejectionRetryAfter: SimDuration
    /// `Retry-After` sent with short-circuits: the breaker's sleep window (Hystrix default 5000 ms,
    /// reference netflix-oss.md §1.1).
    public var shortCircuitRetryAfter: SimDuration

    /// The mapping; defaults 503, 1 s, 5 s.
    public init(rejectionStatus: Int = 503, rejectionRetryAfter: SimDuration = .seconds(1), shortCircuitRetryAfter: SimDuration = .seconds(5)) {
        precondition(rejectionStatus == 503 || rejectionStatus == 429, "rejections map to 503 or 429")
        self.rejectionStatus = rejectionStatus
        self.rejectionRetryAfter = rejectionRetryAfter
        self.shortCircuitRetryAfter = shortCircuitRetryAfter
    }

    /// Rejections → ``rejectionStatus`` + Retry-After; short-circuit → 503 + Retry-After; Hystrix,
    /// connect and read timeouts → 504; refused connection, no server, throttled → 503; other
    /// exceptions → 502.
    public func response(for failure: UpstreamFailure) -> (status: Int, retryAfter: SimDuration?) {
        switch failure {
        case .semaphoreRejected, .threadPoolRejected: return (rejectionStatus, rejectionRetryAfter)
        case .shortCircuited: return (503, shortCircuitRetryAfter)
        case .timeout, .readTimeout, .connectTimeout: return (504, nil)
        case .connectRefused, .noServerAvailable, .serverThrottled: return (503, nil)
        case .commandException: return (502, nil)
        }
    }
}
