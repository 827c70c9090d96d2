import SimulationPrimitives

extension AuthorizationServer {
    /// The introspection endpoint (RFC 7662 §2). The caller (a resource server such as the
    /// gateway) must authenticate as a confidential client; failure is `invalid_client`.
    ///
    /// An access token is active when its signature verifies with a published key, its issuer and
    /// audience are this server's, `now < exp` (no leeway: the server's own clock), and it was not
    /// revoked (directly or with its refresh family). A refresh token is active while unexpired,
    /// unrotated and unrevoked. Anything else answers `{"active":false}` (§2.2). `tokenTypeHint`
    /// (`access_token` / `refresh_token`) only chooses which lookup runs first (§2.1).
    public mutating func introspect(token: String, tokenTypeHint: String? = nil, caller: ClientAuthentication,
                                    now: SimTime) throws(OAuthError) -> IntrospectionResponse {
        _ = try authenticate(caller, requireConfidential: true)
        statistics.introspections += 1
        if tokenTypeHint == "refresh_token", let response = introspectRefresh(token, now: now) { return response }
        if case .valid(let claims) = ownValidator.verify(token, now: now) {
            if revokedAccessTokens[claims.tokenID] != nil { return .inactive }
            return IntrospectionResponse(active: true, claims: claims, username: users[claims.subject] != nil ? claims.subject : nil)
        }
        return introspectRefresh(token, now: now) ?? .inactive
    }

    func introspectRefresh(_ token: String, now: SimTime) -> IntrospectionResponse? {
        guard let record = refreshTokens[token] else { return nil }
        guard !record.rotated, record.expiresAt > now, !(families[record.familyID]?.revoked ?? false) else { return .inactive }
        let clock = configuration.clock
        let claims = AccessTokenClaims(issuer: configuration.issuer, subject: record.subject, audience: [configuration.audience],
                                       clientID: record.clientID, issuedAt: clock.numericDate(at: record.issuedAt),
                                       expiresAt: clock.numericDate(at: record.expiresAt), tokenID: "refresh-\(record.familyID)",
                                       scope: record.scope)
        return IntrospectionResponse(active: true, claims: claims, username: record.username)
    }
}
