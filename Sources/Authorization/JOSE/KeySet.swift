import SimulationPrimitives

/// A JWKS-like set of verification keys with rotation (RFC 7517 §5, as `jwks_uri` serves it).
///
/// Rotation follows common practice: the authorization server starts signing with a new key at
/// once, and keeps the previous key in the published set until every token it signed has expired
/// (``retire(keyID:at:)`` sets that instant; ``prune(now:)`` drops it). A validator that holds an
/// older copy of the set rejects tokens with an unknown `kid` as `invalid_token`; refreshing the
/// copy (as gateways do every few minutes, reference store-auth-logs.md §2.9) is the platform's job.
///
/// ```swift
/// var keys = KeySet()
/// keys.insert(k1.verificationKey)
/// keys.insert(k2.verificationKey)
/// keys.retire(keyID: "k1", at: now + .hours(12))
/// keys.key(forID: "k2")?.algorithm   // .hs256
/// ```
/// Lookup is a linear scan: a set holds a handful of keys.
public struct KeySet: Sendable {
    /// The keys in insertion order, each with the instant after which it is dropped (`nil`: never).
    public private(set) var entries: [(key: VerificationKey, retiredAt: SimTime?)] = []

    /// An empty set.
    public init() {}

    /// A set holding `keys` in order, none retired.
    public init(_ keys: [VerificationKey]) {
        for key in keys { insert(key) }
    }

    /// Adds `key`, replacing any key with the same `kid`.
    public mutating func insert(_ key: VerificationKey) {
        entries.removeAll { $0.key.keyID == key.keyID }
        entries.append((key, nil))
    }

    /// Marks the key `keyID` to be dropped once `instant` has passed (normally the `exp` of the
    /// last token it signed).
    public mutating func retire(keyID: String, at instant: SimTime) {
        for index in entries.indices where entries[index].key.keyID == keyID { entries[index].retiredAt = instant }
    }

    /// Drops keys whose retirement instant is at or before `now`.
    public mutating func prune(now: SimTime) {
        entries.removeAll { entry in entry.retiredAt.map { $0 <= now } ?? false }
    }

    /// The key whose `kid` is `keyID`, if present.
    @inlinable public func key(forID keyID: String) -> VerificationKey? {
        for entry in entries where entry.key.keyID == keyID { return entry.key }
        return nil
    }

    /// The key ids in insertion order.
    public var keyIDs: [String] { entries.map(\.key.keyID) }

    /// The public part as a JWKS document (`{"keys":[...]}`): EC keys as `kty: EC, crv: P-256, x, y`,
    /// Ed25519 keys as `kty: OKP, crv: Ed25519, x` (RFC 7518 §6.2, RFC 8037 §2), each with `kid`,
    /// `alg` and `use: sig`. HS256 secrets are never published and are left out.
    public func jwksJSON() -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("keys")
        writer.beginArray()
        for entry in entries {
            guard let bytes = entry.key.publicKeyBytes else { continue }
            writer.beginObject()
            switch entry.key.algorithm {
            case .es256:
                writer.member("kty", "EC")
                writer.member("crv", "P-256")
                writer.member("x", Base64URL.encode(bytes[1..<33]))
                writer.member("y", Base64URL.encode(bytes[33..<65]))
            case .edDSA:
                writer.member("kty", "OKP")
                writer.member("crv", "Ed25519")
                writer.member("x", Base64URL.encode(bytes))
            case .hs256:
                break
            }
            writer.member("kid", entry.key.keyID)
            writer.member("alg", entry.key.algorithm.headerName)
            writer.member("use", "sig")
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
