import Authorization
import SimulationPrimitives

/// How the gateway's authentication filter checks bearer tokens (case F11; reference
/// store-auth-logs.md §2.9).
public enum AuthenticationMode: Sendable {
    /// Local JWT validation with the issuer's keys (JWKS), optionally cached by the validator:
    /// CPU only, revocations seen only through the deny-list the platform pushes.
    case localJWT(TokenValidator)
    /// RFC 7662 introspection against the OAuth server for every token not in the cache.
    case introspection(IntrospectionSettings)
    /// Local signature and claim checks first (forged or expired tokens never reach the server),
    /// then introspection with cache for revocation (case F11's config B).
    case localThenIntrospection(TokenValidator, IntrospectionSettings)
}

/// Introspection settings of the authentication filter.
public struct IntrospectionSettings: Sendable {
    /// How the gateway authenticates to the introspection endpoint.
    public var caller: ClientAuthentication
    /// Maximum age of a cached positive answer; `nil` disables caching (introspect every request).
    /// Entries never outlive the token's `exp` (RFC 7662 §4).
    public var cacheTimeToLive: SimDuration?
    /// Cache capacity (FIFO eviction).
    public var cacheCapacity: Int
    /// How long the gateway waits for the server.
    public var timeout: SimDuration
    /// What a failed introspection means for the client.
    public var onFailure: IntrospectionFailurePolicy
    /// Maps the answer's `exp` onto virtual time (bounds cache entries).
    public var clock: JWTClock

    /// Settings; defaults: no cache, capacity 100 000, timeout 1 s (the Hystrix default a Spring
    /// `RemoteTokenServices` call would get), stock failure handling.
    public init(caller: ClientAuthentication, cacheTimeToLive: SimDuration? = nil, cacheCapacity: Int = 100_000,
                timeout: SimDuration = .seconds(1), onFailure: IntrospectionFailurePolicy = .rejectAsInvalidToken,
                clock: JWTClock = JWTClock()) {
        self.caller = caller
        self.cacheTimeToLive = cacheTimeToLive
        self.cacheCapacity = cacheCapacity
        self.timeout = timeout
        self.onFailure = onFailure
        self.clock = clock
    }

    /// Case F11 config A: introspect with a 3 s cache.
    public static func caseF11ConfigA(caller: ClientAuthentication) -> IntrospectionSettings {
        IntrospectionSettings(caller: caller, cacheTimeToLive: .seconds(3))
    }

    /// Case F11 config B cache: min(2 min, exp − now), and the auth server's failure answered 503.
    public static func caseF11ConfigB(caller: ClientAuthentication) -> IntrospectionSettings {
        IntrospectionSettings(caller: caller, cacheTimeToLive: .minutes(2), onFailure: .serviceUnavailable(retryAfter: .seconds(5)))
    }
}

/// What the gateway answers when introspection fails (case F11).
public enum IntrospectionFailurePolicy: Sendable, Hashable {
    /// Stock behaviour: a failed validation is "not authenticated": 401 `invalid_token`, and
    /// clients log the user out.
    case rejectAsInvalidToken
    /// Improved: 503 with `Retry-After`; the session is kept.
    case serviceUnavailable(retryAfter: SimDuration)
    /// With ``AuthenticationMode/localThenIntrospection(_:_:)``: a token that passed the local
    /// signature and claim checks is accepted on its own claims (scope checked) while the server
    /// does not answer — "auth server unavailable" is not "token invalid" (case F11's fix,
    /// github.com/GCTC-NTGC/gc-digital-talent/issues/14987). Without a local check: as
    /// ``rejectAsInvalidToken``.
    case acceptLocallyValidated
}
