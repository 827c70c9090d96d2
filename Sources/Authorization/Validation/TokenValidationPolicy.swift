import SimulationPrimitives

/// What a resource server (the gateway) accepts: issuer, audience, algorithms, clock leeway.
///
/// Defaults: only HS256 allowed (the issuing default, see ``AuthorizationServerConfiguration``),
/// leeway 60 s ("usually no more than a few minutes", RFC 7519 §4.1.4; 60 s per reference
/// store-auth-logs.md §2.7), `typ` must be `at+jwt` (RFC 9068 §4).
public struct TokenValidationPolicy: Sendable {
    /// The exact `iss` required (RFC 9068 §4 step 2).
    public var issuer: String
    /// The identifier `aud` must contain (RFC 9068 §4 step 3).
    public var audience: String
    /// Algorithms accepted; a header naming any other is `invalid_token` (RFC 8725 §3.1).
    public var allowedAlgorithms: [JWSAlgorithm]
    /// Tolerated clock skew for `exp` and `nbf`.
    public var leeway: SimDuration
    /// Maps virtual time to JWT seconds; must equal the issuer's clock (plus any skew being simulated).
    public var clock: JWTClock

    /// A policy for `issuer` and `audience` with the defaults above.
    public init(issuer: String = AuthorizationServerConfiguration.defaultIssuer,
                audience: String = AuthorizationServerConfiguration.defaultAudience,
                allowedAlgorithms: [JWSAlgorithm] = [.hs256],
                leeway: SimDuration = .seconds(60),
                clock: JWTClock = JWTClock()) {
        self.issuer = issuer
        self.audience = audience
        self.allowedAlgorithms = allowedAlgorithms
        self.leeway = leeway
        self.clock = clock
    }
}
