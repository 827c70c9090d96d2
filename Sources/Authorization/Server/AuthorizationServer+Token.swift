import SimulationPrimitives

extension AuthorizationServer {
    /// The token endpoint (RFC 6749 §3.2, §4.1.3, §4.3.2, §4.4.2, §6).
    ///
    /// Checks, in order: `grant_type` present (`invalid_request`), client authentication
    /// (`invalid_client`, see `authenticate`), grant known and enabled (`unsupported_grant_type`),
    /// client allowed the grant (`unauthorized_client`), then the grant's own parameters
    /// (`invalid_request` when missing, `invalid_grant` when wrong, `invalid_scope`).
    ///
    /// - `authorization_code`: the code must exist, be unexpired, unused, issued to this client for
    ///   this `redirect_uri`, and `BASE64URL(SHA256(code_verifier))` must equal its challenge
    ///   (RFC 7636 §4.6). A second use of a code is `invalid_grant` and revokes the tokens issued
    ///   from it (RFC 6749 §4.1.2 SHOULD).
    /// - `password`: the user's credentials; scope narrowed to the user's scopes.
    /// - `client_credentials`: confidential clients only; `sub` = `client_id`; no refresh token
    ///   (§4.4.3).
    /// - `refresh_token`: the token must be live, unrevoked and this client's; the scope may only
    ///   narrow (§6). With rotation, a new refresh token replaces it, and presenting a replaced one
    ///   again revokes the whole family (reuse detection, RFC 9700 §4.14.2).
    ///
    /// Returns the token response; tokens are signed with ``signingKey``.
    public mutating func token(_ request: TokenRequest, now: SimTime, rng: inout RandomStream) throws(OAuthError) -> TokenResponse {
        do {
            return try issue(request, now: now, rng: &rng)
        } catch {
            statistics.tokenErrors += 1
            throw error
        }
    }

    mutating func issue(_ request: TokenRequest, now: SimTime, rng: inout RandomStream) throws(OAuthError) -> TokenResponse {
        guard let grantName = request.grantType, !grantName.isEmpty else { throw OAuthError(.invalidRequest, "grant_type is required") }
        let client = try authenticate(request.client)
        guard let grant = GrantType(rawValue: grantName), grant != .password || configuration.passwordGrantEnabled else {
            throw OAuthError(.unsupportedGrantType, "Unsupported grant_type")
        }
        guard client.grantTypes.contains(grant) else { throw OAuthError(.unauthorizedClient, "Client may not use \(grantName)") }
        switch grant {
        case .authorizationCode: return try exchangeCode(request, client: client, now: now, rng: &rng)
        case .password: return try passwordGrant(request, client: client, now: now, rng: &rng)
        case .clientCredentials: return try clientCredentialsGrant(request, client: client, now: now, rng: &rng)
        case .refreshToken: return try refreshGrant(request, client: client, now: now, rng: &rng)
        }
    }

    mutating func exchangeCode(_ request: TokenRequest, client: ClientRegistration, now: SimTime, rng: inout RandomStream) throws(OAuthError) -> TokenResponse {
        guard let code = request.code, let redirectURI = request.redirectURI, let verifier = request.codeVerifier else {
            throw OAuthError(.invalidRequest, "code, redirect_uri and code_verifier are required")
        }
        guard var pending = codes[code], pending.expiresAt > now, pending.clientID == client.clientID else {
            throw OAuthError(.invalidGrant, "Invalid authorization code")
        }
        if pending.used {
            if let family = pending.familyID { revokeFamily(family) }
            throw OAuthError(.invalidGrant, "Authorization code already used")
        }
        guard pending.redirectURI == redirectURI else { throw OAuthError(.invalidGrant, "redirect_uri does not match") }
        guard PKCE.isWellFormedVerifier(verifier), PKCE.challenge(forVerifier: verifier) == pending.codeChallenge else {
            throw OAuthError(.invalidGrant, "PKCE verification failed")
        }
        let family = newFamily()
        pending.used = true
        pending.familyID = family
        codes[code] = pending
        return issueTokens(subject: pending.username, username: pending.username, client: client, scope: pending.scope,
                           family: family, withRefreshToken: client.grantTypes.contains(.refreshToken), now: now, rng: &rng)
    }

    mutating func passwordGrant(_ request: TokenRequest, client: ClientRegistration, now: SimTime, rng: inout RandomStream) throws(OAuthError) -> TokenResponse {
        guard let username = request.username, let password = request.password else {
            throw OAuthError(.invalidRequest, "username and password are required")
        }
        guard let user = users[username], user.passwordDigest == UserAccount.digest(username: username, password: password) else {
            throw OAuthError(.invalidGrant, "Bad resource owner credentials")
        }
        let scope = try resolveScopeRemembered(request.scope, client: client, ownerScopes: user.scopes)
        return issueTokens(subject: username, username: username, client: client, scope: scope, family: newFamily(),
                           withRefreshToken: client.grantTypes.contains(.refreshToken), now: now, rng: &rng)
    }

    mutating func clientCredentialsGrant(_ request: TokenRequest, client: ClientRegistration, now: SimTime, rng: inout RandomStream) throws(OAuthError) -> TokenResponse {
        guard client.isConfidential else { throw OAuthError(.unauthorizedClient, "client_credentials needs a confidential client") }
        let scope = try resolveScope(request.scope, client: client, ownerScopes: nil)
        return issueTokens(subject: client.clientID, username: nil, client: client, scope: scope, family: nil,
                           withRefreshToken: false, now: now, rng: &rng)
    }

    mutating func refreshGrant(_ request: TokenRequest, client: ClientRegistration, now: SimTime, rng: inout RandomStream) throws(OAuthError) -> TokenResponse {
        guard let presented = request.refreshToken else { throw OAuthError(.invalidRequest, "refresh_token is required") }
        guard var record = refreshTokens[presented], record.clientID == client.clientID, record.expiresAt > now else {
            throw OAuthError(.invalidGrant, "Invalid refresh token")
        }
        if families[record.familyID]?.revoked ?? false { throw OAuthError(.invalidGrant, "Refresh token revoked") }
        if record.rotated {
            statistics.refreshReuseDetections += 1
            revokeFamily(record.familyID)
            throw OAuthError(.invalidGrant, "Refresh token already used")
        }
        var scope = record.scope
        if let requested = request.scope {
            guard let parsed = ScopeSet(parsing: requested) else { throw OAuthError(.invalidScope, "Malformed scope") }
            guard record.scope.isSuperset(of: parsed) else { throw OAuthError(.invalidScope, "Scope exceeds the original grant") }
            if !parsed.isEmpty { scope = parsed }
        }
        if configuration.rotateRefreshTokens {
            record.rotated = true
            refreshTokens[presented] = record
        }
        var response = issueTokens(subject: record.subject, username: record.username, client: client, scope: scope,
                                   family: record.familyID, withRefreshToken: configuration.rotateRefreshTokens, now: now, rng: &rng)
        if !configuration.rotateRefreshTokens { response.refreshToken = presented }
        return response
    }

    mutating func newFamily() -> UInt64 {
        let id = nextFamilyID
        nextFamilyID += 1
        families[id] = FamilyState()
        return id
    }

    /// Revokes every refresh token of a family and its latest access token.
    mutating func revokeFamily(_ family: UInt64) {
        guard var state = families[family] else { return }
        if !state.revoked { statistics.revocations += 1 }
        state.revoked = true
        if let jti = state.lastAccessTokenID { revokedAccessTokens[jti] = state.lastAccessExpiresAt }
        families[family] = state
    }

    mutating func issueTokens(subject: String, username: String?, client: ClientRegistration, scope: ScopeSet, family: UInt64?,
                              withRefreshToken: Bool, now: SimTime, rng: inout RandomStream) -> TokenResponse {
        let clock = configuration.clock
        let issuedAt = clock.numericDate(at: now)
        let lifetimeSeconds = configuration.accessTokenLifetime.nanoseconds / 1_000_000_000
        let claims = AccessTokenClaims(issuer: configuration.issuer, subject: subject, audience: [configuration.audience],
                                       clientID: client.clientID, issuedAt: issuedAt,
                                       notBefore: configuration.includeNotBefore ? issuedAt : nil,
                                       expiresAt: issuedAt + lifetimeSeconds,
                                       tokenID: AuthorizationServer.randomHandle(&rng), scope: scope)
        let accessToken = AccessTokenCodec.encode(claims, key: signingKey, encodedHeader: accessTokenHeaderSegment)
        statistics.accessTokensIssued += 1
        var refreshToken: String?
        if let family {
            families[family, default: FamilyState()].lastAccessTokenID = claims.tokenID
            families[family, default: FamilyState()].lastAccessExpiresAt = claims.expiresAt
            if withRefreshToken {
                let handle = AuthorizationServer.randomHandle(&rng)
                refreshTokens[handle] = RefreshRecord(familyID: family, clientID: client.clientID, subject: subject, username: username,
                                                      scope: scope, issuedAt: now, expiresAt: now + configuration.refreshTokenLifetime, rotated: false)
                refreshToken = handle
                statistics.refreshTokensIssued += 1
            }
        }
        return TokenResponse(accessToken: accessToken, expiresInSeconds: lifetimeSeconds, refreshToken: refreshToken, scope: scope, claims: claims)
    }
}
