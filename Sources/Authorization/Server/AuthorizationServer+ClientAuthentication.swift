extension AuthorizationServer {
    /// Authenticates the client of a token, introspection or revocation request (RFC 6749 §2.3).
    ///
    /// - `.multiple` → `invalid_request` (§2.3: one method per request);
    /// - HTTP Basic failure → `invalid_client`, 401 with `WWW-Authenticate: Basic realm="…"` (§5.2 MUST);
    /// - form-body or missing credentials failure → `invalid_client`, 400;
    /// - a confidential client sending no secret fails; a public client names itself with `client_id`.
    /// `requireConfidential` refuses public clients (introspection callers).
    func authenticate(_ authentication: ClientAuthentication, requireConfidential: Bool = false) throws(OAuthError) -> ClientRegistration {
        switch authentication {
        case .multiple:
            throw OAuthError(.invalidRequest, "More than one client authentication method")
        case .basic(let id, let secret):
            guard let client = clients[id], let expected = client.secret, expected == secret else {
                throw OAuthError(.invalidClient, "Client authentication failed", httpStatus: 401,
                                 wwwAuthenticate: "Basic realm=\"\(configuration.realm)\"")
            }
            return client
        case .post(let id, let secret):
            guard let client = clients[id], let expected = client.secret, expected == secret else {
                throw OAuthError(.invalidClient, "Client authentication failed")
            }
            return client
        case .none(let id):
            guard let id, let client = clients[id], !client.isConfidential, !requireConfidential else {
                throw OAuthError(.invalidClient, "Client authentication failed")
            }
            return client
        }
    }

    /// The scope to grant: the requested scope (or the client's default when none is requested),
    /// which must be within the client's registration (`invalid_scope` otherwise), narrowed to
    /// `ownerScopes` when a resource owner is involved (RFC 6749 §3.3 lets the AS narrow it; the
    /// response then states the granted scope).
    func resolveScope(_ requested: String?, client: ClientRegistration, ownerScopes: ScopeSet?) throws(OAuthError) -> ScopeSet {
        var scope = client.defaultScopes
        if let requested {
            guard let parsed = ScopeSet(parsing: requested) else { throw OAuthError(.invalidScope, "Malformed scope") }
            guard client.scopes.isSuperset(of: parsed) else { throw OAuthError(.invalidScope, "Scope exceeds the client's registration") }
            if !parsed.isEmpty { scope = parsed }
        }
        if let ownerScopes {
            let narrowed = scope.intersection(ownerScopes)
            if narrowed.isEmpty && !scope.isEmpty { throw OAuthError(.invalidScope, "The resource owner holds none of the requested scopes") }
            scope = narrowed
        }
        return scope
    }

    /// ``resolveScope(_:client:ownerScopes:)`` answered from the last few successful resolutions
    /// when every input is equal (the requested text, the client's registered and default scopes,
    /// the owner's scopes): it is a pure function of them, so the answer is the same. A password
    /// grant's scope text is one of a handful per platform, and parsing, checking and narrowing it
    /// cost ~4.9 k instructions per grant (round 8). Errors are never remembered (recomputed).
    mutating func resolveScopeRemembered(_ requested: String?, client: ClientRegistration, ownerScopes: ScopeSet?) throws(OAuthError) -> ScopeSet {
        for index in scopeResolutions.indices where scopeResolutions[index].matches(requested, client: client, ownerScopes: ownerScopes) {
            return scopeResolutions[index].result
        }
        let result = try resolveScope(requested, client: client, ownerScopes: ownerScopes)
        if scopeResolutions.count >= ScopeResolution.kept { scopeResolutions.removeFirst() }
        scopeResolutions.append(ScopeResolution(requested: requested, clientScopes: client.scopes, defaultScopes: client.defaultScopes,
                                                ownerScopes: ownerScopes, result: result))
        return result
    }
}

/// One successful ``AuthorizationServer/resolveScope(_:client:ownerScopes:)``: its inputs and answer.
struct ScopeResolution: Sendable {
    /// How many the server keeps (oldest dropped first).
    static let kept = 4
    let requested: String?
    let clientScopes: ScopeSet
    let defaultScopes: ScopeSet
    let ownerScopes: ScopeSet?
    let result: ScopeSet

    /// Whether these are the inputs remembered (equal sets share their storage, so the
    /// comparisons are usually one pointer check each).
    func matches(_ requested: String?, client: ClientRegistration, ownerScopes: ScopeSet?) -> Bool {
        self.requested == requested && self.ownerScopes == ownerScopes && clientScopes == client.scopes && defaultScopes == client.defaultScopes
    }
}
