/// Why a bearer token (or its absence) was refused, mapped onto RFC 6750 §3.1 errors.
///
/// The cases name the check that failed (RFC 9068 §4, RFC 8725 §3); ``errorCode`` gives the
/// RFC 6750 code and ``httpStatus`` its status: `invalid_request` 400, `invalid_token` 401,
/// `insufficient_scope` 403, and 401 without an error code when no credentials were sent
/// (reference store-auth-logs.md §2.3).
public enum TokenRejection: Sendable, Hashable {
    /// No token at all: 401 with a bare `Bearer realm=…` challenge and no error code (RFC 6750 §3.1).
    case missingToken
    /// Malformed `Authorization` header or more than one token method (RFC 6750 §3.1 `invalid_request`).
    case malformedRequest
    /// Not three canonical base64url segments, or header/claims not JSON.
    case malformedToken
    /// `alg` is `none` or an algorithm cinesim does not implement.
    case unsupportedAlgorithm
    /// `alg` is implemented but not in the validator's allow-list (RFC 8725 §3.1).
    case algorithmNotAllowed
    /// `typ` is not `at+jwt` / `application/at+jwt` (RFC 9068 §4 step 1, RFC 8725 §3.11).
    case wrongType
    /// No `kid`, or no key in the key set with that `kid`.
    case unknownKeyID
    /// The header's `alg` differs from the algorithm the `kid`'s key is bound to (algorithm confusion).
    case algorithmKeyMismatch
    /// The signature does not verify.
    case badSignature
    /// A required RFC 9068 claim is missing or has the wrong type.
    case malformedClaims
    /// `iss` is not exactly the expected issuer (RFC 9068 §4 step 2).
    case wrongIssuer
    /// `aud` does not contain this resource server (RFC 9068 §4 step 3).
    case wrongAudience
    /// Now is at or after `exp` plus the leeway (RFC 7519 §4.1.4).
    case expired
    /// Now is before `nbf` minus the leeway (RFC 7519 §4.1.5).
    case notYetValid
    /// The token's `jti` was revoked (RFC 7009).
    case revoked
    /// Introspection answered `{"active":false}` (RFC 7662 §2.2).
    case inactive
    /// The token is valid but lacks the scope the route requires (RFC 6750 §3.1).
    case insufficientScope

    /// The RFC 6750 error code, or `nil` for ``missingToken`` (which MUST NOT carry one).
    public var errorCode: BearerErrorCode? {
        switch self {
        case .missingToken: return nil
        case .malformedRequest: return .invalidRequest
        case .insufficientScope: return .insufficientScope
        default: return .invalidToken
        }
    }

    /// The HTTP status: 400, 401 or 403 (RFC 6750 §3.1).
    public var httpStatus: Int { errorCode?.httpStatus ?? 401 }

    /// A short `error_description` for the challenge.
    public var errorDescription: String {
        switch self {
        case .missingToken: return "No access token"
        case .malformedRequest: return "Malformed Authorization header"
        case .malformedToken: return "The access token is malformed"
        case .unsupportedAlgorithm: return "The access token algorithm is not supported"
        case .algorithmNotAllowed: return "The access token algorithm is not allowed"
        case .wrongType: return "The token is not an access token"
        case .unknownKeyID: return "The access token was signed with an unknown key"
        case .algorithmKeyMismatch: return "The access token algorithm does not match its key"
        case .badSignature: return "The access token signature is invalid"
        case .malformedClaims: return "The access token claims are invalid"
        case .wrongIssuer: return "The access token issuer is not trusted"
        case .wrongAudience: return "The access token is not meant for this audience"
        case .expired: return "The access token expired"
        case .notYetValid: return "The access token is not valid yet"
        case .revoked: return "The access token was revoked"
        case .inactive: return "The access token is not active"
        case .insufficientScope: return "The access token lacks the required scope"
        }
    }

    /// The `WWW-Authenticate` value, e.g.
    /// `Bearer realm="cinemanzana", error="invalid_token", error_description="The access token expired"`;
    /// for ``insufficientScope`` with `scope="<requiredScope>"` (RFC 6750 §3).
    public func wwwAuthenticate(realm: String, requiredScope: String? = nil) -> String {
        var value = "Bearer realm=\"\(realm)\""
        guard let code = errorCode else { return value }
        value += ", error=\"\(code.rawValue)\", error_description=\"\(errorDescription)\""
        if self == .insufficientScope, let requiredScope { value += ", scope=\"\(requiredScope)\"" }
        return value
    }
}

/// RFC 6750 §3.1 error codes.
public enum BearerErrorCode: String, Sendable, Hashable {
    /// 400: malformed request.
    case invalidRequest = "invalid_request"
    /// 401: expired, revoked, malformed or otherwise invalid token.
    case invalidToken = "invalid_token"
    /// 403: the token lacks the privileges the request needs.
    case insufficientScope = "insufficient_scope"

    /// 400, 401 or 403 (RFC 6750 §3.1).
    public var httpStatus: Int {
        switch self {
        case .invalidRequest: return 400
        case .invalidToken: return 401
        case .insufficientScope: return 403
        }
    }
}
