/// RFC 6749 §5.2 token-endpoint error codes, RFC 6749 §4.1.2.1 authorization-endpoint codes used
/// here, and RFC 7009 §2.2.1's `unsupported_token_type`.
public enum OAuthErrorCode: String, Sendable, Hashable {
    /// Missing, duplicate or malformed parameter; several client authentication methods.
    case invalidRequest = "invalid_request"
    /// Client authentication failed (401 after HTTP Basic).
    case invalidClient = "invalid_client"
    /// Code, credentials or refresh token invalid, expired, revoked, another client's, or redirect mismatch.
    case invalidGrant = "invalid_grant"
    /// The client may not use this grant type.
    case unauthorizedClient = "unauthorized_client"
    /// The grant type is not supported (or disabled).
    case unsupportedGrantType = "unsupported_grant_type"
    /// Scope invalid, malformed or beyond what may be granted.
    case invalidScope = "invalid_scope"
    /// Authorization endpoint: `response_type` other than `code`.
    case unsupportedResponseType = "unsupported_response_type"
    /// Authorization endpoint: the resource owner is unknown or refused.
    case accessDenied = "access_denied"
    /// Revocation endpoint: this token type cannot be revoked (RFC 7009 §2.2.1).
    case unsupportedTokenType = "unsupported_token_type"
}

/// An error response of the token, introspection or revocation endpoint (RFC 6749 §5.2): HTTP 400
/// with `{"error", "error_description"}`, except `invalid_client` after HTTP Basic authentication,
/// which MUST be 401 with `WWW-Authenticate` (reference store-auth-logs.md §2.2).
public struct OAuthError: Error, Sendable, Equatable {
    /// The `error` code.
    public var code: OAuthErrorCode
    /// `error_description`.
    public var description: String
    /// 400, or 401 for `invalid_client` when the client used the `Authorization` header.
    public var httpStatus: Int
    /// `WWW-Authenticate` value for a 401 (`Basic realm="…"`), else `nil`.
    public var wwwAuthenticate: String?

    /// An error with `code`, status 400 unless given.
    public init(_ code: OAuthErrorCode, _ description: String, httpStatus: Int = 400, wwwAuthenticate: String? = nil) {
        self.code = code
        self.description = description
        self.httpStatus = httpStatus
        self.wwwAuthenticate = wwwAuthenticate
    }

    /// The JSON body `{"error":…,"error_description":…}`.
    public func jsonBody() -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("error", code.rawValue)
        writer.member("error_description", description)
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
