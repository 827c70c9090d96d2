/// The claims of a token that passed verification, behind one reference.
///
/// Why a class: a validated request used to copy ``AccessTokenClaims`` (six reference-counted
/// fields: issuer, subject, audience, client id, token id, scope) out of the verified-token memo and
/// again into the gateway's principal, then release them all — ~1.3 % of a platform run in
/// retains alone. ``TokenValidator/validateShared(_:requiredScope:now:)`` hands out the memo's box
/// instead: one retain. Immutable, so sharing it is safe.
///
/// ```swift
/// if case .valid(let verified) = validator.validateShared(token, requiredScope: "read", now: now) {
///     verified.claims.subject
/// }
/// ```
public final class VerifiedClaims: Sendable {
    /// The token's claims.
    public let claims: AccessTokenClaims

    /// A box around `claims`.
    public init(_ claims: AccessTokenClaims) { self.claims = claims }
}
