import SimulationPrimitives

extension AuthorizationServer {
    /// The authorization endpoint (RFC 6749 §4.1.1–4.1.2) for a user `username` who has logged in
    /// and consented: checks the request and returns a single-use code bound to the client, the
    /// redirect URI and the PKCE challenge.
    ///
    /// Errors: unknown client or unregistered `redirect_uri` (exact match, RFC 9700 §2.1) →
    /// `invalid_request` (and the caller must not redirect, §4.1.2.1); `response_type` other than
    /// `code` → `unsupported_response_type`; client not allowed `authorization_code` →
    /// `unauthorized_client`; missing `code_challenge` or a method other than `S256` →
    /// `invalid_request` (RFC 7636 §4.4.1); bad scope → `invalid_scope`; unknown user →
    /// `access_denied`.
    public mutating func authorize(_ request: AuthorizationRequest, username: String, now: SimTime,
                                   rng: inout RandomStream) throws(OAuthError) -> AuthorizationCodeGrant {
        guard let client = clients[request.clientID] else { throw OAuthError(.invalidRequest, "Unknown client_id") }
        guard client.redirectURIs.contains(request.redirectURI) else { throw OAuthError(.invalidRequest, "redirect_uri is not registered") }
        guard request.responseType == "code" else { throw OAuthError(.unsupportedResponseType, "Only response_type=code is supported") }
        guard client.grantTypes.contains(.authorizationCode) else { throw OAuthError(.unauthorizedClient, "Client may not use authorization_code") }
        guard let challenge = request.codeChallenge, !challenge.isEmpty else { throw OAuthError(.invalidRequest, "code_challenge is required") }
        guard request.codeChallengeMethod == "S256" else { throw OAuthError(.invalidRequest, "Only code_challenge_method=S256 is supported") }
        guard let user = users[username] else { throw OAuthError(.accessDenied, "Unknown resource owner") }
        let scope = try resolveScope(request.scope, client: client, ownerScopes: user.scopes)
        let code = AuthorizationServer.randomHandle(&rng)
        codes[code] = PendingCode(clientID: client.clientID, redirectURI: request.redirectURI, username: username,
                                  scope: scope, codeChallenge: challenge,
                                  expiresAt: now + configuration.authorizationCodeLifetime, used: false, familyID: nil)
        return AuthorizationCodeGrant(code: code, redirectURI: request.redirectURI)
    }
}
