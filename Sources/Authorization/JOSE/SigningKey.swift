import Crypto
import SimulationPrimitives

/// A private signing key with its key id (`kid`) and the one algorithm it may be used with
/// (RFC 8725 §3.1: "each key MUST be used with exactly one algorithm").
///
/// Keys are derived from a seeded ``RandomStream`` so that a run's keys, and with HS256 its
/// tokens, are the same in every process:
///
/// ```swift
/// var rng = RandomStream(rootSeed: 7, component: "oauth-server/keys")
/// let key = SigningKey.derive(keyID: "k1", algorithm: .hs256, rng: &rng)
/// let jwk = key.verificationKey   // what the JWKS publishes (HS256: the shared secret)
/// ```
public struct SigningKey: Sendable {
    /// The `kid` header value tokens signed with this key carry.
    public let keyID: String
    /// The only algorithm this key signs with.
    public let algorithm: JWSAlgorithm
    @usableFromInline let material: Material
    /// HS256: the keyed HMAC state, prepared once (see ``VerificationKey``).
    let preparedHMAC: PreparedHMAC?

    // swift-crypto keys are immutable after creation; 3.12 does not mark them Sendable.
    @usableFromInline enum Material: @unchecked Sendable {
        case hmac(SymmetricKey)
        case p256(P256.Signing.PrivateKey)
        case ed25519(Curve25519.Signing.PrivateKey)
    }

    /// A key from secret material: the HMAC secret (HS256, at least 32 bytes: RFC 7518 §3.2 "a
    /// key of the same size as the hash output or larger MUST be used"), the 32-byte P-256 private
    /// scalar (ES256) or the 32-byte Ed25519 seed (EdDSA).
    /// - Throws: ``KeyError/invalidKeyMaterial`` when the length is wrong or (ES256) the bytes are
    ///   not a valid scalar in `1..<n`.
    public init(keyID: String, algorithm: JWSAlgorithm, secretBytes: [UInt8]) throws(KeyError) {
        guard algorithm == .hs256 ? secretBytes.count >= 32 : secretBytes.count == 32 else { throw .invalidKeyMaterial }
        self.keyID = keyID
        self.algorithm = algorithm
        switch algorithm {
        case .hs256:
            let secret = SymmetricKey(data: secretBytes)
            material = .hmac(secret)
            preparedHMAC = PreparedHMAC(secret)
        case .es256:
            guard let key = try? P256.Signing.PrivateKey(rawRepresentation: secretBytes) else { throw .invalidKeyMaterial }
            material = .p256(key)
            preparedHMAC = nil
        case .edDSA:
            guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: secretBytes) else { throw .invalidKeyMaterial }
            material = .ed25519(key)
            preparedHMAC = nil
        }
    }

    /// A key whose secret is drawn from `rng` (32 bytes; redrawn in the ~2⁻³² case that the bytes
    /// are not a valid P-256 scalar). Same stream state ⇒ same key.
    public static func derive(keyID: String, algorithm: JWSAlgorithm, rng: inout RandomStream) -> SigningKey {
        while true {
            var bytes = [UInt8]()
            bytes.reserveCapacity(32)
            for _ in 0..<4 {
                let word = rng.next()
                for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
            }
            if let key = try? SigningKey(keyID: keyID, algorithm: algorithm, secretBytes: bytes) { return key }
        }
    }

    /// The key that verifies this key's signatures: the public key (ES256, EdDSA) or the shared
    /// secret (HS256).
    public var verificationKey: VerificationKey {
        switch material {
        case .hmac(let secret): return VerificationKey(keyID: keyID, material: .hmac(secret), preparedHMAC: preparedHMAC)
        case .p256(let key): return VerificationKey(keyID: keyID, material: .p256(key.publicKey))
        case .ed25519(let key): return VerificationKey(keyID: keyID, material: .ed25519(key.publicKey))
        }
    }

    /// The signature over `signingInput` (the ASCII bytes `BASE64URL(header).BASE64URL(payload)`).
    /// HS256 and EdDSA (BoringSSL) are deterministic; ES256 is randomised per call.
    public func sign(_ signingInput: [UInt8]) -> [UInt8] {
        switch material {
        case .hmac(let secret):
            guard let prepared = preparedHMAC else { return Array(HMAC<SHA256>.authenticationCode(for: signingInput, using: secret)) }
            let mac = signingInput.withUnsafeBytes { prepared.authenticationCode(for: $0).withUnsafeBytes { Array($0) } }
            prepared.issued.record(mac: mac, over: signingInput)
            return mac
        case .p256(let key):
            // Signing a digest of well-formed input only fails on a broken BoringSSL.
            let signature = try! key.signature(for: signingInput)
            return Array(signature.rawRepresentation)
        case .ed25519(let key):
            let signature = try! key.signature(for: signingInput)
            return Array(signature)
        }
    }
}

/// Errors building keys.
public enum KeyError: Error, Sendable, Equatable {
    /// The secret bytes are not 32 long or not valid for the algorithm.
    case invalidKeyMaterial
}
