/// An RFC 7662 §2.2 introspection response.
///
/// `active` is REQUIRED; an inactive token's response has no other member (`{"active":false}`).
/// An active one carries `scope`, `client_id`, `username` (user tokens), `token_type`, `exp`, `iat`,
/// `nbf`, `sub`, `aud`, `iss`, `jti` (reference store-auth-logs.md §2.4).
public struct IntrospectionResponse: Sendable, Equatable {
    /// `active`.
    public var active: Bool
    /// The token's claims when active (source of the optional members), else `nil`.
    public var claims: AccessTokenClaims?
    /// `username`: the resource owner's login, absent for client-credentials tokens.
    public var username: String?

    /// `{"active":false}`.
    public static let inactive = IntrospectionResponse(active: false, claims: nil, username: nil)

    /// A response; `claims` is ignored when `active` is false.
    public init(active: Bool, claims: AccessTokenClaims?, username: String?) {
        self.active = active
        self.claims = active ? claims : nil
        self.username = active ? username : nil
    }

    /// The JSON body with members in RFC 7662 §2.2 order.
    public func jsonBody() -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("active", active)
        if active, let claims {
            if !claims.scope.isEmpty { writer.member("scope", claims.scope.description) }
            writer.member("client_id", claims.clientID)
            if let username { writer.member("username", username) }
            writer.member("token_type", "Bearer")
            writer.member("exp", claims.expiresAt)
            writer.member("iat", claims.issuedAt)
            if let nbf = claims.notBefore { writer.member("nbf", nbf) }
            writer.member("sub", claims.subject)
            writer.key("aud")
            if claims.audience.count == 1 { writer.string(claims.audience[0]) } else {
                writer.beginArray(); for a in claims.audience { writer.string(a) }; writer.endArray()
            }
            writer.member("iss", claims.issuer)
            writer.member("jti", claims.tokenID)
        }
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
