import Authorization

/// An inbound request as the gateway sees it: method, path and the bearer credential.
///
/// ```swift
/// GatewayRequest(method: .post, path: "/api/compras", credential: .bearer(token), origin: "10.0.3.7")
/// ```
public struct GatewayRequest: Sendable, Hashable {
    /// The HTTP method.
    public var method: HTTPMethod
    /// The request path, optionally with a query string.
    public var path: String
    /// The access token the request carries, if any (RFC 6750 §2).
    public var credential: BearerCredential
    /// The caller's address (rate limiting by origin); `nil` if unknown.
    public var origin: String?

    /// A request.
    public init(method: HTTPMethod, path: String, credential: BearerCredential = .none, origin: String? = nil) {
        self.method = method
        self.path = path
        self.credential = credential
        self.origin = origin
    }
}

/// The credential of a request (RFC 6750 §2).
public enum BearerCredential: Sendable, Hashable {
    /// No credentials: 401 with a bare challenge.
    case none
    /// `Authorization: Bearer <token>`, the token wrapped with its validator-memo fingerprint
    /// (``Authorization/BearerToken``), so a client that sends one token on many requests wraps it
    /// once. Build it with ``bearer(_:)`` from the text, or from a token wrapped before.
    case bearerToken(BearerToken)
    /// A malformed `Authorization` header, another scheme, or several token methods at once:
    /// 400 `invalid_request` (RFC 6750 §3.1).
    case malformed

    /// `Authorization: Bearer <token>` for the token text `token` (wrapped here).
    public static func bearer(_ token: String) -> BearerCredential { .bearerToken(BearerToken(token)) }
}
