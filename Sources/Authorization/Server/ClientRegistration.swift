/// The grant types of RFC 6749 that the token endpoint implements.
public enum GrantType: String, Sendable, Hashable, CaseIterable {
    /// §4.1 with PKCE (RFC 7636, S256 only).
    case authorizationCode = "authorization_code"
    /// §4.3 resource owner password credentials (legacy logins).
    case password
    /// §4.4 service-to-service.
    case clientCredentials = "client_credentials"
    /// §6 refresh, with rotation.
    case refreshToken = "refresh_token"
}

/// A registered OAuth client (RFC 6749 §2).
///
/// A client with a `secret` is confidential and must authenticate (§2.3.1, `client_secret_basic`
/// or `client_secret_post`); one without is public (a browser app) and identifies itself with
/// `client_id` only. Public clients may not use `client_credentials` (§4.4: confidential only).
///
/// ```swift
/// ClientRegistration(clientID: "web", secret: nil, grantTypes: [.authorizationCode, .refreshToken],
///                    scopes: ScopeSet(["read", "purchase"]), redirectURIs: ["https://cinemanzana.example/cb"])
/// ```
public struct ClientRegistration: Sendable {
    /// `client_id`.
    public var clientID: String
    /// The shared secret of a confidential client; `nil` for a public client.
    public var secret: String?
    /// Grants this client may use (others: `unauthorized_client`).
    public var grantTypes: [GrantType]
    /// The most this client may be granted (more: `invalid_scope`).
    public var scopes: ScopeSet
    /// Scopes granted when a request names none (RFC 6749 §3.3 lets the AS apply a default).
    public var defaultScopes: ScopeSet
    /// Registered redirect URIs, matched exactly (RFC 9700 §2.1).
    public var redirectURIs: [String]

    /// A registration; `defaultScopes` defaults to `scopes`.
    public init(clientID: String, secret: String?, grantTypes: [GrantType], scopes: ScopeSet,
                defaultScopes: ScopeSet? = nil, redirectURIs: [String] = []) {
        self.clientID = clientID
        self.secret = secret
        self.grantTypes = grantTypes
        self.scopes = scopes
        self.defaultScopes = defaultScopes ?? scopes
        self.redirectURIs = redirectURIs
    }

    /// Whether the client is confidential (has a secret).
    public var isConfidential: Bool { secret != nil }
}

/// A resource owner (end user) who can log in.
///
/// The password is kept as SHA-256 of `username + ":" + password` so the server never holds it in
/// clear (a simulation stand-in for bcrypt; cost is not modelled here).
public struct UserAccount: Sendable {
    /// The login name and the `sub` of tokens issued to this user.
    public var username: String
    /// SHA-256 of `username:password`.
    public var passwordDigest: [UInt8]
    /// The scopes this user may hold (customers vs managers); a token gets the intersection with
    /// the client's scopes and the request.
    public var scopes: ScopeSet

    /// An account with password `password` (hashed here).
    public init(username: String, password: String, scopes: ScopeSet) {
        self.username = username
        self.passwordDigest = UserAccount.digest(username: username, password: password)
        self.scopes = scopes
    }

    static func digest(username: String, password: String) -> [UInt8] {
        var input = Array(username.utf8)
        input.append(UInt8(ascii: ":"))
        input.append(contentsOf: password.utf8)
        return SHA256Digest.of(input)
    }
}
