import Crypto

/// A key that verifies JWS signatures, bound to one algorithm (RFC 8725 §3.1), with its `kid`.
///
/// The algorithm is a property of the key, never of the token: a token whose header names another
/// algorithm than its key's is rejected before any cryptography runs. That is what defeats
/// algorithm confusion (an attacker using an ES256 public key's bytes as an HS256 secret,
/// RFC 8725 §2.1).
public struct VerificationKey: Sendable {
    /// The key id a token's `kid` header must name.
    public let keyID: String
    @usableFromInline let material: Material
    /// HS256: the HMAC state after absorbing the padded secret (RFC 2104 `K XOR ipad`, `K XOR opad`),
    /// computed once; each verification copies it (copy-on-write SHA-256 contexts) instead of
    /// re-deriving it, which was half the cost of an HS256 check.
    let preparedHMAC: PreparedHMAC?

    // swift-crypto keys are immutable after creation; 3.12 does not mark them Sendable.
    @usableFromInline enum Material: @unchecked Sendable {
        case hmac(SymmetricKey)
        case p256(P256.Signing.PublicKey)
        case ed25519(Curve25519.Signing.PublicKey)
    }

    /// A key for `material`; an HS256 key derived from a ``SigningKey`` shares its prepared state
    /// (`prepared`, with the signer's ``IssuedMACMemo``), any other prepares its own.
    init(keyID: String, material: Material, preparedHMAC prepared: PreparedHMAC? = nil) {
        self.keyID = keyID
        self.material = material
        if case .hmac(let secret) = material { preparedHMAC = prepared ?? PreparedHMAC(secret) } else { preparedHMAC = nil }
    }

    /// A key imported from published bytes (a JWKS entry): the X9.63 uncompressed P-256 point
    /// `04 || x || y` (65 bytes) for ES256, the 32-byte Ed25519 public key for EdDSA, or the shared
    /// secret (≥ 32 bytes) for HS256.
    /// - Throws: ``KeyError/invalidKeyMaterial`` when the bytes are not a valid key.
    public init(keyID: String, algorithm: JWSAlgorithm, keyBytes: [UInt8]) throws(KeyError) {
        self.keyID = keyID
        switch algorithm {
        case .hs256:
            guard keyBytes.count >= 32 else { throw .invalidKeyMaterial }
            let secret = SymmetricKey(data: keyBytes)
            material = .hmac(secret)
            preparedHMAC = PreparedHMAC(secret)
        case .es256:
            guard let key = try? P256.Signing.PublicKey(x963Representation: keyBytes) else { throw .invalidKeyMaterial }
            material = .p256(key)
            preparedHMAC = nil
        case .edDSA:
            guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyBytes) else { throw .invalidKeyMaterial }
            material = .ed25519(key)
            preparedHMAC = nil
        }
    }

    /// The one algorithm this key verifies.
    public var algorithm: JWSAlgorithm {
        switch material {
        case .hmac: return .hs256
        case .p256: return .es256
        case .ed25519: return .edDSA
        }
    }

    /// The public key bytes a JWKS publishes: X9.63 uncompressed point (65 bytes) for P-256, the
    /// 32-byte Ed25519 key; `nil` for HS256 (a shared secret is never published).
    public var publicKeyBytes: [UInt8]? {
        switch material {
        case .hmac: return nil
        case .p256(let key): return Array(key.x963Representation)
        case .ed25519(let key): return Array(key.rawRepresentation)
        }
    }

    /// Whether `signature` is valid over `signingInput` for this key. HS256 compares in constant
    /// time (swift-crypto's `isValidAuthenticationCode`).
    public func verify(signature: [UInt8], over signingInput: ArraySlice<UInt8>) -> Bool {
        signingInput.withUnsafeBytes { verify(signature: signature, over: $0) }
    }

    /// ``verify(signature:over:)`` over the signing input's bytes in place (the validator reads
    /// them from the token text without copying).
    public func verify(signature: [UInt8], over signingInput: UnsafeRawBufferPointer) -> Bool {
        switch material {
        case .hmac(let secret):
            // What `HMAC.isValidAuthenticationCode` computes, from the prepared key state; `==` on
            // the code is swift-crypto's constant-time comparison, as there.
            guard let prepared = preparedHMAC else {
                return HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: signingInput, using: secret)
            }
            // A MAC this key's signing twin issued over exactly these bytes: HMAC is deterministic,
            // so recomputing it would give the same code (the simulator's shortcut, see
            // ``IssuedMACMemo``). Anything else (forged, tampered, forgotten) is computed.
            if prepared.issued.contains(mac: signature, over: signingInput) { return true }
            return PreparedHMAC.constantTimeEqual(prepared.authenticationCode(for: signingInput), signature)
        case .p256(let key):
            guard signature.count == 64, let parsed = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: signingInput)
        case .ed25519(let key):
            guard signature.count == 64 else { return false }
            return key.isValidSignature(signature, for: signingInput)
        }
    }
}

/// An HMAC-SHA256 keyed once (RFC 2104): ``authenticationCode(for:)`` continues a copy of the state,
/// so the key schedule is not recomputed per message. Same bytes as
/// `HMAC<SHA256>.authenticationCode(for:using:)` with the same key.
struct PreparedHMAC: @unchecked Sendable {   // swift-crypto's HMAC is a value type, not marked Sendable
    let keyed: HMAC<SHA256>
    /// The codes this key computed as a signer, shared by the ``SigningKey`` and every
    /// ``VerificationKey`` derived from it (copies of the struct share the memo).
    let issued: IssuedMACMemo

    init(_ key: SymmetricKey) {
        keyed = HMAC<SHA256>(key: key)
        issued = IssuedMACMemo()
    }

    /// Whether `code` equals `expected`, comparing every byte whatever the first difference (the
    /// constant-time comparison swift-crypto's `==` on a MAC performs, without its generic
    /// `DataProtocol` walk). A length difference is answered at once, as there.
    static func constantTimeEqual(_ code: HashedAuthenticationCode<SHA256>, _ expected: [UInt8]) -> Bool {
        code.withUnsafeBytes { mac in
            guard mac.count == expected.count else { return false }
            var difference: UInt8 = 0
            for index in 0..<mac.count { difference |= mac[index] ^ expected[index] }
            return difference == 0
        }
    }

    func authenticationCode(for message: UnsafeRawBufferPointer) -> HashedAuthenticationCode<SHA256> {
        var mac = keyed   // the SHA-256 contexts are copied on the first update (copy-on-write)
        mac.update(data: message)
        return mac.finalize()
    }
}
