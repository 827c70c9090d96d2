/// How a client authenticated at the token, introspection or revocation endpoint (RFC 6749 §2.3.1).
public enum ClientAuthentication: Sendable, Hashable {
    /// No client credentials; a public client may still name itself with `client_id` in the body.
    case none(clientID: String?)
    /// HTTP Basic in the `Authorization` header (`client_secret_basic`). Failures answer 401 with
    /// `WWW-Authenticate` (RFC 6749 §5.2).
    case basic(clientID: String, secret: String)
    /// `client_id` and `client_secret` in the form body (`client_secret_post`).
    case post(clientID: String, secret: String)
    /// More than one method at once: `invalid_request` (RFC 6749 §2.3).
    case multiple

    /// The client id the request names, if any.
    public var clientID: String? {
        switch self {
        case .none(let id): return id
        case .basic(let id, _), .post(let id, _): return id
        case .multiple: return nil
        }
    }
}

/// A token endpoint request (RFC 6749 §4.1.3, §4.3.2, §4.4.2, §6): the form parameters, already
/// decoded. `grantType` stays a string so an unknown value can be answered with
/// `unsupported_grant_type`.
public struct TokenRequest: Sendable {
    /// `grant_type` (missing: `invalid_request`).
    public var grantType: String?
    /// How the client authenticated.
    public var client: ClientAuthentication
    /// `scope` as sent (space-delimited), if any.
    public var scope: String?
    /// `code` (authorization_code).
    public var code: String?
    /// `redirect_uri` (authorization_code; must equal the one sent to the authorization endpoint).
    public var redirectURI: String?
    /// `code_verifier` (PKCE).
    public var codeVerifier: String?
    /// `username` (password).
    public var username: String?
    /// `password` (password).
    public var password: String?
    /// `refresh_token` (refresh_token).
    public var refreshToken: String?

    /// A request with the given parameters; absent ones are `nil`.
    public init(grantType: String?, client: ClientAuthentication, scope: String? = nil, code: String? = nil,
                redirectURI: String? = nil, codeVerifier: String? = nil, username: String? = nil,
                password: String? = nil, refreshToken: String? = nil) {
        self.grantType = grantType
        self.client = client
        self.scope = scope
        self.code = code
        self.redirectURI = redirectURI
        self.codeVerifier = codeVerifier
        self.username = username
        self.password = password
        self.refreshToken = refreshToken
    }

    /// `grant_type=authorization_code` with PKCE.
    public static func authorizationCode(code: String, redirectURI: String, codeVerifier: String, client: ClientAuthentication) -> TokenRequest {
        TokenRequest(grantType: GrantType.authorizationCode.rawValue, client: client, code: code, redirectURI: redirectURI, codeVerifier: codeVerifier)
    }
    /// `grant_type=password`.
    public static func password(username: String, password: String, scope: String?, client: ClientAuthentication) -> TokenRequest {
        TokenRequest(grantType: GrantType.password.rawValue, client: client, scope: scope, username: username, password: password)
    }
    /// `grant_type=client_credentials`.
    public static func clientCredentials(scope: String?, client: ClientAuthentication) -> TokenRequest {
        TokenRequest(grantType: GrantType.clientCredentials.rawValue, client: client, scope: scope)
    }
    /// `grant_type=refresh_token`.
    public static func refresh(refreshToken: String, scope: String? = nil, client: ClientAuthentication) -> TokenRequest {
        TokenRequest(grantType: GrantType.refreshToken.rawValue, client: client, scope: scope, refreshToken: refreshToken)
    }
}

/// An authorization request at the authorization endpoint (RFC 6749 §4.1.1 + RFC 7636 §4.3),
/// made after the user has logged in (user authentication itself is not modelled).
public struct AuthorizationRequest: Sendable {
    /// `response_type` (must be `code`).
    public var responseType: String
    /// `client_id`.
    public var clientID: String
    /// `redirect_uri` (exact match with a registered one).
    public var redirectURI: String
    /// `scope`, if any.
    public var scope: String?
    /// `code_challenge` (required).
    public var codeChallenge: String?
    /// `code_challenge_method` (must be `S256`).
    public var codeChallengeMethod: String?

    /// A request with the given parameters.
    public init(responseType: String = "code", clientID: String, redirectURI: String, scope: String?,
                codeChallenge: String?, codeChallengeMethod: String? = "S256") {
        self.responseType = responseType
        self.clientID = clientID
        self.redirectURI = redirectURI
        self.scope = scope
        self.codeChallenge = codeChallenge
        self.codeChallengeMethod = codeChallengeMethod
    }
}
