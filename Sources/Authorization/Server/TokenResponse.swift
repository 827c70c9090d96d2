/// A successful token response (RFC 6749 §5.1). Sent with `Cache-Control: no-store` and
/// `Pragma: no-cache`.
public struct TokenResponse: Sendable, Equatable {
    /// `access_token`: the signed JWT.
    public var accessToken: String
    /// `token_type`: always `Bearer`.
    public var tokenType: String { "Bearer" }
    /// `expires_in` in seconds.
    public var expiresInSeconds: Int64
    /// `refresh_token`, when one was issued (never for `client_credentials`, §4.4.3).
    public var refreshToken: String?
    /// `scope` granted.
    public var scope: ScopeSet
    /// The claims inside ``accessToken`` (for the platform's bookkeeping; not sent on the wire).
    public var claims: AccessTokenClaims

    /// The response headers RFC 6749 §5.1 requires.
    public static let headers: [(name: String, value: String)] = [("Cache-Control", "no-store"), ("Pragma", "no-cache")]

    /// Field-wise equality.
    public static func == (a: TokenResponse, b: TokenResponse) -> Bool {
        a.accessToken == b.accessToken && a.expiresInSeconds == b.expiresInSeconds && a.refreshToken == b.refreshToken && a.scope == b.scope && a.claims == b.claims
    }

    /// The JSON body with members in a fixed order.
    public func jsonBody() -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("access_token", accessToken)
        writer.member("token_type", tokenType)
        writer.member("expires_in", expiresInSeconds)
        if let refreshToken { writer.member("refresh_token", refreshToken) }
        if !scope.isEmpty { writer.member("scope", scope.description) }
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}

/// An authorization code handed to the client's redirect URI (RFC 6749 §4.1.2).
public struct AuthorizationCodeGrant: Sendable, Equatable {
    /// `code`.
    public var code: String
    /// The redirect URI it is delivered to.
    public var redirectURI: String
}
