/// An access token's text together with the verified-token memo's fingerprint of it
/// (``VerifiedTokenMemo/Key``), computed once when the token is wrapped.
///
/// A client that presents one token on many requests (the simulator's sessions hold the token
/// they were issued) wraps it once and passes it to ``TokenValidator/validateShared(_:requiredScope:now:)-(BearerToken,_,_)``:
/// the validator's memo then finds the token without reading its bytes again. Security is
/// unchanged: the fingerprint is a pure function of the text (the only initialiser computes it),
/// it only chooses where the memo looks, and an entry is used only when its whole text equals
/// ``text``; a forged, expired or unknown token is verified in full exactly as a plain `String`.
///
/// Equality and hashing are those of ``text``.
public struct BearerToken: Sendable, Hashable {
    /// The token as sent (`Authorization: Bearer <text>`).
    public let text: String
    /// ``VerifiedTokenMemo/Key/fingerprint(of:)`` of ``text``.
    let fingerprint: UInt64

    /// Wraps `text`, computing its fingerprint (FNV-1a over the length and the last 16 bytes).
    public init(_ text: String) {
        self.text = text
        fingerprint = VerifiedTokenMemo.Key.fingerprint(of: text)
    }

    /// The memo key of this token (no hashing of the text).
    var memoKey: VerifiedTokenMemo.Key { VerifiedTokenMemo.Key(text: text, fingerprint: fingerprint) }

    public static func == (a: BearerToken, b: BearerToken) -> Bool { a.text == b.text }

    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}
