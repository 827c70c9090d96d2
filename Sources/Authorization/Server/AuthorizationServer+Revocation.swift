import SimulationPrimitives

/// What a revocation request changed (RFC 7009 §2.2: the HTTP answer is 200 either way).
public struct RevocationResult: Sendable, Equatable {
    /// Access-token ids now revoked, with their `exp` (NumericDate): the deny-list entries to push
    /// to resource servers that validate locally (``TokenValidator/revoke(tokenID:expiresAt:)``).
    public var revokedAccessTokens: [RevokedToken]
    /// Whether a refresh-token family was revoked.
    public var revokedRefreshFamily: Bool

    /// One revoked access token.
    public struct RevokedToken: Sendable, Equatable {
        /// `jti`.
        public var tokenID: String
        /// `exp` (NumericDate seconds).
        public var expiresAt: Int64
    }

    /// Nothing changed (unknown, invalid or foreign token): still HTTP 200.
    public static let nothing = RevocationResult(revokedAccessTokens: [], revokedRefreshFamily: false)

    /// Always 200 (RFC 7009 §2.2).
    public var httpStatus: Int { 200 }
}

extension AuthorizationServer {
    /// The revocation endpoint (RFC 7009 §2). The client authenticates (`invalid_client` on
    /// failure); an unknown or invalid token is not an error (HTTP 200, "the client cannot handle
    /// such an error in a reasonable way").
    ///
    /// - A refresh token revokes its whole family and the family's latest access token (§2.1: the
    ///   AS SHOULD also invalidate access tokens of the same grant).
    /// - An access token (a JWT this server signed) has its `jti` added to the revocation list;
    ///   when ``AuthorizationServerConfiguration/revokesAccessTokens`` is off the answer is
    ///   `unsupported_token_type` (§2.2.1).
    /// - A token issued to another client is left alone and answered like an invalid token
    ///   (deliberate: §2.1 says the request is refused, but names no error code).
    public mutating func revoke(token: String, tokenTypeHint: String? = nil, client authentication: ClientAuthentication,
                                now: SimTime) throws(OAuthError) -> RevocationResult {
        let client = try authenticate(authentication)
        if tokenTypeHint != "access_token", let record = refreshTokens[token] {
            guard record.clientID == client.clientID else { return .nothing }
            let last = families[record.familyID]
            revokeFamily(record.familyID)
            var revoked: [RevocationResult.RevokedToken] = []
            if let last, let jti = last.lastAccessTokenID { revoked.append(.init(tokenID: jti, expiresAt: last.lastAccessExpiresAt)) }
            return RevocationResult(revokedAccessTokens: revoked, revokedRefreshFamily: true)
        }
        guard case .valid(let claims) = ownValidator.verify(token, now: now) else { return .nothing }
        guard claims.clientID == client.clientID else { return .nothing }
        guard configuration.revokesAccessTokens else { throw OAuthError(.unsupportedTokenType, "Access tokens cannot be revoked") }
        if revokedAccessTokens[claims.tokenID] == nil { statistics.revocations += 1 }
        revokedAccessTokens[claims.tokenID] = claims.expiresAt
        return RevocationResult(revokedAccessTokens: [.init(tokenID: claims.tokenID, expiresAt: claims.expiresAt)], revokedRefreshFamily: false)
    }
}
