/// A JWS signature algorithm (RFC 7518 §3, RFC 8037 §3.1) that cinesim can sign and verify with.
///
/// `none` is deliberately not a case: an unsecured JWS (RFC 7515 §A.5) is never accepted for an
/// access token (RFC 9068 §4, RFC 8725 §3.2). A header naming `none` or any other name fails
/// ``init(headerName:)`` and the token is rejected as `invalid_token`.
public enum JWSAlgorithm: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// HMAC with SHA-256 over a shared secret. What Spring Security OAuth2's
    /// `JwtAccessTokenConverter` used with a signing key in this stack's era. Deterministic.
    case hs256
    /// ECDSA over P-256 with SHA-256; signature is `r || s`, 64 bytes (RFC 7518 §3.4).
    /// Randomised: each signature of the same input differs.
    case es256
    /// EdDSA with Ed25519 (RFC 8037 §3.1); signature 64 bytes.
    case edDSA

    /// The `alg` header value: `HS256`, `ES256`, `EdDSA`.
    public var headerName: String {
        switch self {
        case .hs256: return "HS256"
        case .es256: return "ES256"
        case .edDSA: return "EdDSA"
        }
    }

    /// The algorithm an `alg` header value names, or `nil` for `none` and anything unsupported.
    /// The comparison is case-sensitive (RFC 7515 §4.1.1).
    public init?(headerName: String) {
        switch headerName {
        case "HS256": self = .hs256
        case "ES256": self = .es256
        case "EdDSA": self = .edDSA
        default: return nil
        }
    }

    /// Whether the algorithm uses a shared secret (verification key = signing key).
    public var isSymmetric: Bool { self == .hs256 }

    /// The `alg` header value.
    public var description: String { headerName }
}
