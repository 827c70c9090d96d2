import Authorization
import SimulationPrimitives

/// A response header the gateway sets. Kept as an enum so the hot path builds no strings; render
/// with ``name`` and ``value``.
public enum ResponseHeader: Sendable, Hashable {
    /// `WWW-Authenticate` for a refused bearer token (RFC 6750 §3).
    case wwwAuthenticate(TokenRejection, realm: String, requiredScope: String?)
    /// `Retry-After` in whole seconds (rounded up).
    case retryAfter(SimDuration)
    /// `X-RateLimit-Limit` (spring-cloud-zuul-ratelimit).
    case rateLimitLimit(Int)
    /// `X-RateLimit-Remaining`.
    case rateLimitRemaining(Int64)
    /// `X-RateLimit-Reset`, milliseconds until a request is allowed again.
    case rateLimitReset(SimDuration)
    /// Any other header.
    case custom(name: String, value: String)

    /// The header name.
    public var name: String {
        switch self {
        case .wwwAuthenticate: return "WWW-Authenticate"
        case .retryAfter: return "Retry-After"
        case .rateLimitLimit: return "X-RateLimit-Limit"
        case .rateLimitRemaining: return "X-RateLimit-Remaining"
        case .rateLimitReset: return "X-RateLimit-Reset"
        case .custom(let name, _): return name
        }
    }

    /// The header value.
    public var value: String {
        switch self {
        case let .wwwAuthenticate(rejection, realm, scope): return rejection.wwwAuthenticate(realm: realm, requiredScope: scope)
        case .retryAfter(let delay): return String((delay.nanoseconds + 999_999_999) / 1_000_000_000)
        case .rateLimitLimit(let limit): return String(limit)
        case .rateLimitRemaining(let remaining): return String(remaining)
        case .rateLimitReset(let delay): return String((delay.nanoseconds + 999_999) / 1_000_000)
        case .custom(_, let value): return value
        }
    }
}

/// Who produced a response, for metrics, logs and the "every request ends in exactly one outcome"
/// invariant.
public enum ResponseSource: Sendable, Hashable {
    /// The upstream service answered.
    case upstream
    /// A route fallback answered after `failure`.
    case fallback(UpstreamFailure)
    /// The routed call failed.
    case upstreamFailure(UpstreamFailure)
    /// A static response (health check, maintenance) with its index in the configuration.
    case staticResponse(Int)
    /// Maintenance mode answered.
    case maintenance
    /// The authentication filter refused the token.
    case authenticationRejected(TokenRejection)
    /// Introspection could not be performed (authorization server down or slow, case F11).
    case authorizationServerUnavailable(UpstreamFailure)
    /// The rate limiter refused the request.
    case rateLimited
    /// No route matched the path.
    case noRoute
    /// A filter threw (Zuul's `UNHANDLED_EXCEPTION`), with the filter's name.
    case filterError(String)
}

/// The response the gateway sends to the client, with its access record.
public struct GatewayResponse: Sendable, Hashable {
    /// The exchange it ends.
    public var exchange: ExchangeID
    /// HTTP status.
    public var status: Int
    /// Headers the gateway set.
    public var headers: [ResponseHeader]
    /// What produced it.
    public var source: ResponseSource
    /// The access-log / metrics record (the post filters' output).
    public var record: AccessRecord
    /// Names of the filters that ran, in order; empty unless
    /// ``GatewayConfiguration/recordsFilterTrail`` is on.
    public var filterTrail: [String]

    /// The value of the first header named `name` (case-insensitive), rendered.
    public func headerValue(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// What the metrics/log post filter records about one exchange (fed to Telemetry by the platform).
public struct AccessRecord: Sendable, Hashable {
    /// The request method.
    public var method: HTTPMethod
    /// The matched route's index in the table, if any.
    public var routeIndex: Int?
    /// The target service id, if routed.
    public var serviceID: String?
    /// Final status.
    public var status: Int
    /// The token's `client_id`, if authenticated.
    public var clientID: String?
    /// When the gateway received the request.
    public var receivedAt: SimTime
    /// When it answered.
    public var completedAt: SimTime
    /// The instance a stress test pinned the call to, if any.
    public var pinnedInstance: String?
    /// The region the call was sent to when routed cross-region.
    public var targetRegion: String?
    /// Whether the answer came from the introspection cache or the local validator's cache.
    public var authenticationCacheHit: Bool

    /// `completedAt - receivedAt`.
    public var latency: SimDuration { completedAt - receivedAt }
}
