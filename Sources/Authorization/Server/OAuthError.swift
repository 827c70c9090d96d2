/// RFC 6749 §5.2 token-endpoint error codes, RFC 6749 §4.1.2.1 authorization-endpoint codes used
/// here, and RFC 7009 §2.2.1's `unsupported_token_type`.
public enum OAuthErrorCode: String, Sendable, Hashable {
    case invalidRequest = "invalid_request"
    case invalidClient = "invalid_client"
    case invalidGrant = "invalid_grant"
    case unauthorizedClient = "unauthorized_client"
    case unsupportedGrantType = "unsupported_grant_type"
    case invalidScope = "invalid_scope"
    case unsupportedResponseType = "unsupported_response_type"
    case accessDenied = "access_denied"
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
