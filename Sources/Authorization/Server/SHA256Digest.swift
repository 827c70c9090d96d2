import Crypto

/// SHA-256 helpers over byte arrays (swift-crypto).
enum SHA256Digest {
    static func of(_ bytes: [UInt8]) -> [UInt8] {
        // Through the buffer and the digest's bytes: the `DataProtocol` and `Sequence` paths walked
        // both generically (~5k instructions per login).
        var hasher = SHA256()
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hasher.finalize().withUnsafeBytes { Array($0) }
    }
}

/// Proof Key for Code Exchange (RFC 7636), `S256` method only.
///
/// `code_challenge = BASE64URL(SHA256(ASCII(code_verifier)))` (§4.2). The verifier is 43–128
/// characters from `[A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"` (§4.1). The `plain` method is
/// refused: RFC 9700 §2.1.1 requires S256 where the client can compute it.
///
/// ```swift
/// PKCE.challenge(forVerifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
/// // "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"  (RFC 7636 Appendix B)
/// ```
public enum PKCE {
    /// The S256 challenge for `verifier`.
    public static func challenge(forVerifier verifier: String) -> String {
        Base64URL.encode(SHA256Digest.of(Array(verifier.utf8)))
    }

    /// Whether `verifier` has RFC 7636 §4.1's length and alphabet.
    public static func isWellFormedVerifier(_ verifier: String) -> Bool {
        let bytes = verifier.utf8
        guard (43...128).contains(bytes.count) else { return false }
        return bytes.allSatisfy { b in
            (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
                || b == 0x2D || b == 0x2E || b == 0x5F || b == 0x7E
        }
    }
}
