/// The four Zuul filter types (reference netflix-oss.md §6.1). Netflix's `static` type is modelled
/// as a `pre` filter, as the Netflix webapp's `Routing` pre-filter runs it.
public enum FilterType: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Before routing: static responses, authentication, rate limiting, route resolution.
    case pre
    /// Routing: the call upstream.
    case route
    /// After routing (or after an error): headers, metrics, sending the response.
    case post
    /// When a filter raised a ``ZuulError``.
    case error
    /// Zuul's type string.
    public var description: String {
        switch self {
        case .pre: return "pre"
        case .route: return "route"
        case .post: return "post"
        case .error: return "error"
        }
    }
}

/// An error a filter raises: Zuul's `ZuulException` (a status and a cause).
public struct ZuulError: Error, Sendable, Hashable {
    /// The status the error filter will send.
    public var status: Int
    /// Why.
    public var cause: Cause

    /// Causes of a ``ZuulError``.
    public enum Cause: Sendable, Hashable {
        /// The routed call failed (RibbonRoutingFilter.handleException).
        case upstream(UpstreamFailure)
        /// The rate limiter refused the request (`RateLimitExceededException`, 429).
        case rateLimited
        /// A filter failed (`UNHANDLED_EXCEPTION_…`, 500), with the filter's name.
        case filterFailure(String)
    }

    /// An error with `status` and `cause`.
    public init(status: Int, cause: Cause) {
        self.status = status
        self.cause = cause
    }
}

/// One filter of the chain: a name, a type, a numeric order and what it does.
///
/// Within a type filters run in ascending ``order``; equal orders run in registration order
/// (Zuul leaves that unspecified, reference §6.1; cinesim fixes it for determinism). A filter whose
/// name is in ``GatewayConfiguration/disabledFilters`` is skipped, like Archaius'
/// `zuul.<SimpleClassName>.<filterType>.disable`.
///
/// ```swift
/// ZuulFilter(name: "AddTraceHeader", type: .post, order: 950) { ctx in true } run: { ctx in
///     ctx.responseHeaders.append(.custom(name: "X-Trace", value: "1"))
/// }
/// ```
public struct ZuulFilter: Sendable {
    /// The filter's name (Zuul: the simple class name).
    public var name: String
    /// Its type.
    public var type: FilterType
    /// Its order within the type.
    public var order: Int
    /// What it does.
    public var kind: Kind

    /// Standard filters, dispatched by `switch` (no existential in the hot path), and custom ones.
    public enum Kind: Sendable {
        /// Health and maintenance responses.
        case staticResponse
        /// Bearer-token check (local, introspection or both).
        case authentication
        /// Per-client token bucket.
        case rateLimit
        /// Route resolution and prefix stripping.
        case preDecoration
        /// Stress-test steering to one instance.
        case stressTest
        /// Cross-region steering.
        case crossRegion
        /// Bulkhead admission and the routing decision.
        case ribbonRouting
        /// Configured response headers.
        case addResponseHeaders
        /// The access record (metrics and log event).
        case accessLog
        /// Spring Cloud's response writer (a marker here).
        case sendResponse
        /// Status from the raised error.
        case sendError
        /// A custom filter: `shouldFilter` and `run` closures.
        case custom(shouldFilter: @Sendable (RequestContext) -> Bool, run: @Sendable (inout RequestContext) throws(ZuulError) -> Void)
    }

    /// The kind as a plain integer tag (no payload), for dispatch without copying the filter.
    enum Code: UInt8, Sendable {
        case staticResponse, authentication, rateLimit, preDecoration, stressTest, crossRegion, ribbonRouting
        case addResponseHeaders, accessLog, sendResponse, sendError, custom
    }

    var code: Code {
        switch kind {
        case .staticResponse: return .staticResponse
        case .authentication: return .authentication
        case .rateLimit: return .rateLimit
        case .preDecoration: return .preDecoration
        case .stressTest: return .stressTest
        case .crossRegion: return .crossRegion
        case .ribbonRouting: return .ribbonRouting
        case .addResponseHeaders: return .addResponseHeaders
        case .accessLog: return .accessLog
        case .sendResponse: return .sendResponse
        case .sendError: return .sendError
        case .custom: return .custom
        }
    }

    /// A filter.
    public init(name: String, type: FilterType, order: Int, kind: Kind) {
        self.name = name
        self.type = type
        self.order = order
        self.kind = kind
    }

    /// A custom filter.
    public init(name: String, type: FilterType, order: Int, shouldFilter: @escaping @Sendable (RequestContext) -> Bool = { _ in true },
                run: @escaping @Sendable (inout RequestContext) throws(ZuulError) -> Void) {
        self.init(name: name, type: type, order: order, kind: .custom(shouldFilter: shouldFilter, run: run))
    }

    /// The standard chain with its orders:
    ///
    /// | type | filter | order | source |
    /// |---|---|---|---|
    /// | pre | StaticResponseFilter | −20 | Netflix `static` filters, run first so the health check needs no token |
    /// | pre | AuthenticationFilter | −10 | stands for Spring Security's OAuth2 resource-server filter, which runs before Zuul's |
    /// | pre | RateLimitPreFilter | −1 | spring-cloud-zuul-ratelimit, `FORM_BODY_WRAPPER_FILTER_ORDER` (ref §6.4) |
    /// | pre | PreDecorationFilter | 5 | Spring Cloud (ref §6.2) |
    /// | pre | StressTestFilter | 6 | after route resolution |
    /// | pre | CrossRegionFilter | 7 | after route resolution |
    /// | route | RibbonRoutingFilter | 10 | Spring Cloud (ref §6.2) |
    /// | post | AddResponseHeadersFilter | 800 | adds ``GatewayConfiguration/responseHeaders`` to every response |
    /// | post | AccessLogFilter | 900 | metrics and log event, before the response is sent |
    /// | post | SendResponseFilter | 1000 | Spring Cloud (ref §6.2) |
    /// | error | SendErrorFilter | 0 | Spring Cloud (ref §6.2) |
    public static let standard: [ZuulFilter] = [
        ZuulFilter(name: "StaticResponseFilter", type: .pre, order: -20, kind: .staticResponse),
        ZuulFilter(name: "AuthenticationFilter", type: .pre, order: -10, kind: .authentication),
        ZuulFilter(name: "RateLimitPreFilter", type: .pre, order: -1, kind: .rateLimit),
        ZuulFilter(name: "PreDecorationFilter", type: .pre, order: 5, kind: .preDecoration),
        ZuulFilter(name: "StressTestFilter", type: .pre, order: 6, kind: .stressTest),
        ZuulFilter(name: "CrossRegionFilter", type: .pre, order: 7, kind: .crossRegion),
        ZuulFilter(name: "RibbonRoutingFilter", type: .route, order: 10, kind: .ribbonRouting),
        ZuulFilter(name: "AddResponseHeadersFilter", type: .post, order: 800, kind: .addResponseHeaders),
        ZuulFilter(name: "AccessLogFilter", type: .post, order: 900, kind: .accessLog),
        ZuulFilter(name: "SendResponseFilter", type: .post, order: 1000, kind: .sendResponse),
        ZuulFilter(name: "SendErrorFilter", type: .error, order: 0, kind: .sendError),
    ]
}
