import Authorization
import SimulationPrimitives

/// Identifies one in-flight exchange of a ``ZuulGateway`` (slot + generation, so a stale id from a
/// finished exchange is recognised and ignored).
public struct ExchangeID: Sendable, Hashable, CustomStringConvertible {
    /// Slot index.
    public let slot: Int32
    /// Reuse count of the slot.
    public let generation: UInt32
    /// `#slot.generation`.
    public var description: String { "#\(slot).\(generation)" }
}

/// What the route filter decided: "call `serviceID` (optionally instance X, region R) with this
/// path and deadline". The platform executes it with the client call stack (Hystrix command around
/// Ribbon's retry loop, owned by Resilience/LoadBalancing) and reports an ``UpstreamOutcome`` with
/// ``ZuulGateway/upstreamCompleted(_:outcome:now:)``.
public struct RoutingDecision: Sendable, Hashable {
    /// The exchange to report back on.
    public var exchange: ExchangeID
    /// The matched route's id (`zuul.routes.<id>`).
    public var routeID: String
    /// The Eureka service id / Ribbon client name / Hystrix command key.
    public var serviceID: String
    /// Interned service index (for the platform's per-service arrays).
    public var service: ServiceIndex
    /// Hystrix group key: `RibbonCommand` for every route (reference netflix-oss.md §6.3).
    public var commandGroupKey: String { "RibbonCommand" }
    /// The HTTP method.
    public var method: HTTPMethod
    /// The path to send upstream (prefix stripped if the route says so).
    public var forwardedPath: String
    /// Whether Ribbon may retry: the route is `retryable` and the method is GET (or
    /// `OkToRetryOnAllOperations`). When false the call makes one attempt.
    public var retryable: Bool
    /// Ribbon settings for the attempts.
    public var ribbon: RibbonClientSettings
    /// The Hystrix timeout over all attempts and where it came from.
    public var timeout: EffectiveCommandTimeout
    /// `now + hystrixTimeout`: when the command times out. Attempts still running then continue
    /// unless cancelled (case F02).
    public var deadline: SimTime
    /// A stress test pinned the call to this instance id; `nil` lets the Ribbon rule choose.
    public var pinnedInstance: String?
    /// Send the call to this region instead of the local one (cross-region routing); `nil`: local.
    public var targetRegion: String?
    /// The authenticated principal, forwarded to the service.
    public var principal: Principal?
    /// Whether the gateway already holds a bulkhead permit for this call (always true: the platform
    /// must not apply a second semaphore in the command).
    public var admittedByGateway: Bool { true }
}

/// The identity a valid token establishes.
///
/// Held as a reference to the token's verified claims (``Authorization/VerifiedClaims``), shared
/// with the validator's memo: a request's principal costs one retain, not a copy of three strings
/// and an array per request (and again for the routing decision). The properties read and write
/// like stored ones; a write gives this copy claims of its own (copy-on-write). Equality and
/// hashing use the four properties only, as before.
public struct Principal: Sendable, Hashable {
    var verified: VerifiedClaims

    /// `client_id`.
    public var clientID: String {
        get { verified.claims.clientID }
        set { modify { $0.clientID = newValue } }
    }
    /// `sub`.
    public var subject: String {
        get { verified.claims.subject }
        set { modify { $0.subject = newValue } }
    }
    /// `scope`.
    public var scope: ScopeSet {
        get { verified.claims.scope }
        set { modify { $0.scope = newValue } }
    }
    /// `exp` (NumericDate).
    public var expiresAt: Int64 {
        get { verified.claims.expiresAt }
        set { modify { $0.expiresAt = newValue } }
    }

    /// The principal of validated `claims`.
    public init(claims: AccessTokenClaims) { verified = VerifiedClaims(claims) }

    /// The principal of a validator's shared verified claims (no copy).
    public init(verified: VerifiedClaims) { self.verified = verified }

    private mutating func modify(_ change: (inout AccessTokenClaims) -> Void) {
        var claims = verified.claims
        change(&claims)
        verified = VerifiedClaims(claims)
    }

    public static func == (a: Principal, b: Principal) -> Bool {
        a.verified === b.verified
            || (a.clientID == b.clientID && a.subject == b.subject && a.scope == b.scope && a.expiresAt == b.expiresAt)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(clientID)
        hasher.combine(subject)
        hasher.combine(scope)
        hasher.combine(expiresAt)
    }
}

/// An introspection the platform must perform as a network call to the OAuth server: POST
/// `token` with the gateway's client credentials (RFC 7662 §2.1), then report the result with
/// ``ZuulGateway/introspectionCompleted(_:result:now:rng:)``, or a failure at ``deadline``.
public struct IntrospectionCall: Sendable, Hashable {
    /// The exchange waiting for it.
    public var exchange: ExchangeID
    /// The token to introspect.
    public var token: String
    /// How the gateway authenticates to the introspection endpoint.
    public var caller: ClientAuthentication
    /// When the gateway gives up (its introspection timeout).
    public var deadline: SimTime
}

/// The result of an introspection call.
public enum IntrospectionResult: Sendable, Equatable {
    /// The server answered (RFC 7662 response).
    case response(IntrospectionResponse)
    /// The call failed (server down, slow beyond the deadline, refused).
    case failed(UpstreamFailure)
}

/// What the gateway needs next for an exchange.
public enum GatewayStep: Sendable, Hashable {
    /// Perform this introspection and report back (authentication filter suspended).
    case introspect(IntrospectionCall)
    /// Perform this routed call and report back (route filter suspended).
    case forward(RoutingDecision)
    /// Send this response to the client; the exchange is over.
    case respond(GatewayResponse)
}

/// ``GatewayStep`` reduced to what a caller that runs the calls itself reads: the response's
/// status, the introspection call, and for a routed call its exchange and service. Returned by
/// ``ZuulGateway/receiveCompact(_:credential:origin:now:rng:)`` and
/// ``ZuulGateway/introspectionCompletedCompact(_:result:now:rng:)``: the same chain, counters and
/// permits as the full entry points, without building the ``RoutingDecision`` (~200 bytes, six
/// references, moved four times) or the ``GatewayResponse`` only to drop them.
public enum CompactGatewayStep: Sendable, Hashable {
    /// Perform this introspection and report back (authentication filter suspended).
    case introspect(IntrospectionCall)
    /// Run the routed call to `serviceID` (interned `service`) and report back on `exchange`
    /// (``ZuulGateway/upstreamCompleted(_:outcome:now:)`` or
    /// ``ZuulGateway/upstreamCompletedStatus(_:outcome:now:)``).
    case forward(exchange: ExchangeID, service: ServiceIndex, serviceID: String)
    /// The exchange is over with this HTTP status.
    case respond(status: Int)
}
