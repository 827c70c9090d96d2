import Authorization
import SimulationPrimitives

/// The per-request state filters read and write: Zuul's `RequestContext`.
public struct RequestContext: Sendable {
    /// The request.
    public let request: GatewayRequest
    /// When the gateway received it.
    public let receivedAt: SimTime
    /// Whether the request will be routed (`sendZuulResponse`). A filter that answers itself sets
    /// it to false; the route filter then does not run, other filters still do.
    public var sendZuulResponse = true
    /// The response status decided so far.
    public var responseStatus: Int?
    /// Response headers set so far.
    public var responseHeaders: [ResponseHeader] = []
    /// What produced the response so far.
    public var responseSource: ResponseSource?
    /// The error being handled (`throwable`), if any.
    public var throwable: ZuulError?
    /// Whether the error filter handled ``throwable``.
    public var errorHandled = false
    /// The resolved route (PreDecorationFilter; the authentication filter resolves it early for the
    /// route's scope and memoises it here).
    ///
    /// Stored boxed (``routeBox``): a registered target's match is built once and each request holds
    /// one reference to it instead of a copy of its three strings; the filters read its fields
    /// through the box without copying the match.
    public var route: ZuulRouteMatch? {
        get { routeBox?.match }
        set { routeBox = newValue.map(RouteMatchBox.init) }
    }
    /// The resolved route's storage (see ``route``).
    var routeBox: RouteMatchBox?
    /// Whether route resolution ran (so a miss is not retried).
    public var routeResolved = false
    /// The authenticated principal.
    public var principal: Principal?
    /// The principal the local JWT check found before introspection (local-then-introspection
    /// mode), used when introspection fails under ``IntrospectionFailurePolicy/acceptLocallyValidated``.
    public var locallyValidatedPrincipal: Principal?
    /// Whether authentication was answered from a cache.
    public var authenticationCacheHit = false
    /// The instance a stress test pinned the call to.
    public var pinnedInstance: String?
    /// The region the call goes to when not local.
    public var targetRegion: String?
    /// Names of the filters that ran, in order (only when ``GatewayConfiguration/recordsFilterTrail``).
    public var trail: [String] = []
    /// The registered target the request came through (``ZuulGateway/registerTarget(method:path:)``),
    /// whose stored route match replaces matching the path; -1 for a plain ``GatewayRequest``.
    var target: Int32 = -1

    /// A fresh context for `request` received at `receivedAt`.
    public init(request: GatewayRequest, receivedAt: SimTime) {
        self.request = request
        self.receivedAt = receivedAt
    }

    /// A fresh context for a request to registered target `target`, its request built in place (a
    /// request built first and passed in was copied into the context, then destroyed).
    init(method: HTTPMethod, path: String, credential: consuming BearerCredential, origin: consuming String?,
         receivedAt: SimTime, target: Int32) {
        request = GatewayRequest(method: method, path: path, credential: credential, origin: origin)
        self.receivedAt = receivedAt
        self.target = target
    }
}

/// An immutable, shared ``ZuulRouteMatch`` (``RequestContext/route``'s storage).
final class RouteMatchBox: Sendable {
    let match: ZuulRouteMatch
    init(_ match: ZuulRouteMatch) { self.match = match }
}
