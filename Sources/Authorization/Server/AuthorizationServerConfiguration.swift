import SimulationPrimitives

/// Settings of the OAuth 2.0 authorization server.
///
/// Defaults and their sources:
/// - access-token lifetime 12 h and refresh-token lifetime 30 days: Spring Security OAuth2's
///   `DefaultTokenServices` (`accessTokenValiditySeconds = 60*60*12`,
///   `refreshTokenValiditySeconds = 60*60*24*30`), the server this stack used;
/// - authorization-code lifetime 10 min: RFC 6749 §4.1.2 ("a maximum authorization code lifetime of
///   10 minutes is RECOMMENDED");
/// - signing algorithm HS256: Spring Security OAuth2's `JwtAccessTokenConverter` with a signing key;
///   ES256/EdDSA selectable;
/// - refresh-token rotation on: RFC 9700 §2.2.2 (public clients' refresh tokens MUST be
///   sender-constrained or rotated);
/// - the password grant is enabled because the seed's legacy logins use it, although RFC 9700
///   says MUST NOT (reference store-auth-logs.md §2.8); ``passwordGrantEnabled`` turns it off.
public struct AuthorizationServerConfiguration: Sendable {
    /// The default issuer identifier.
    public static let defaultIssuer = "https://auth.cinemanzana.example"
    /// The default audience (the API behind the gateway).
    public static let defaultAudience = "cinemanzana-api"

    /// `iss` of every token.
    public var issuer: String
    /// `aud` of every access token (RFC 9068 §3: the resource, or the AS default).
    public var audience: String
    /// Lifetime of access tokens (`exp - iat`).
    public var accessTokenLifetime: SimDuration
    /// Lifetime of refresh tokens from issue (rotation issues a new one with a fresh lifetime).
    public var refreshTokenLifetime: SimDuration
    /// Lifetime of authorization codes.
    public var authorizationCodeLifetime: SimDuration
    /// Whether each refresh returns a new refresh token and invalidates the old one.
    public var rotateRefreshTokens: Bool
    /// Whether the resource owner password credentials grant is accepted.
    public var passwordGrantEnabled: Bool
    /// Whether access tokens can be revoked (RFC 7009 §2: SHOULD); when false, revoking one
    /// answers `unsupported_token_type`.
    public var revokesAccessTokens: Bool
    /// Whether to write `nbf` (= `iat`) into access tokens.
    public var includeNotBefore: Bool
    /// The realm of `WWW-Authenticate` challenges.
    public var realm: String
    /// Mapping from virtual time to JWT seconds.
    public var clock: JWTClock

    /// A configuration with the defaults above.
    public init(issuer: String = defaultIssuer, audience: String = defaultAudience,
                accessTokenLifetime: SimDuration = .seconds(12 * 3600),
                refreshTokenLifetime: SimDuration = .seconds(30 * 86_400),
                authorizationCodeLifetime: SimDuration = .minutes(10),
                rotateRefreshTokens: Bool = true, passwordGrantEnabled: Bool = true,
                revokesAccessTokens: Bool = true, includeNotBefore: Bool = false,
                realm: String = "cinemanzana", clock: JWTClock = JWTClock()) {
        self.issuer = issuer
        self.audience = audience
        self.accessTokenLifetime = accessTokenLifetime
        self.refreshTokenLifetime = refreshTokenLifetime
        self.authorizationCodeLifetime = authorizationCodeLifetime
        self.rotateRefreshTokens = rotateRefreshTokens
        self.passwordGrantEnabled = passwordGrantEnabled
        self.revokesAccessTokens = revokesAccessTokens
        self.includeNotBefore = includeNotBefore
        self.realm = realm
        self.clock = clock
    }
}
