import SimulationPrimitives

/// The validator's memory of tokens whose time-independent checks it has already run: structure,
/// header, algorithm, key, signature, claims, `iss` and `aud`. Not a modelled cache (that is
/// ``TokenCache``, which the scenario configures and whose hits show in metrics): it only spares
/// the simulator the wall-clock cost of base64, JSON and HMAC for a token it has verified before.
///
/// Why the outcome cannot change: those checks are a pure function of the token text, the
/// ``TokenValidationPolicy``'s issuer, audience and algorithms, and the ``KeySet``. The memo is
/// keyed by the whole token text (never the signature alone: a forged token may carry a real
/// signature over another payload) and is emptied whenever `keys` or `policy` change. Everything
/// that depends on the moment is re-checked on every call exactly as on first sight: `exp` and
/// `nbf` against the caller's `now` (so a skewed node's clock applies), revocation and scope.
/// Only tokens that passed are remembered; a rejected token is verified again every time.
///
/// Memory: one entry per distinct valid token seen; entries whose `exp` is more than the leeway in
/// the past are dropped whenever the memo doubles in size (amortised O(1) per insert), so it stays
/// proportional to the tokens alive, not to the run length. Dropping an entry only means the next
/// sight runs the full verification again.
struct VerifiedTokenMemo: Sendable {
    /// A token text as a dictionary key that hashes only its last bytes (the end of the signature,
    /// which differs between any two tokens of one issuer) but compares the whole text, so hashing
    /// costs the same for every token length and a collision only costs one extra comparison.
    struct Key: Hashable, Sendable {
        var text: String

        static let hashedSuffixBytes = 16

        static func == (a: Key, b: Key) -> Bool { a.text == b.text }

        func hash(into hasher: inout Hasher) {
            let hashed: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
                let start = Swift.max(0, bytes.count - Self.hashedSuffixBytes)
                hasher.combine(bytes.count)
                hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start...])))
            }
            // A non-contiguous (bridged) string: hash it whole; equality is unaffected.
            if hashed == nil { hasher.combine(text) }
        }
    }

    var claims: [Key: AccessTokenClaims] = [:]
    /// Size at which the next sweep of expired entries runs.
    var sweepAt = Self.minimumSweepSize
    /// Verifications answered from the memo (the simulator's work saved; not a modelled metric).
    var hits = 0

    static let minimumSweepSize = 1_024

    mutating func removeAll() {
        claims.removeAll()
        sweepAt = Self.minimumSweepSize
    }

    /// Remembers `value` for `token`; sweeps entries expired at `now` (beyond `leeway`) first when due.
    mutating func insert(_ value: AccessTokenClaims, forToken token: String, now: SimTime, clock: JWTClock, leeway: SimDuration) {
        if claims.count >= sweepAt {
            // The result does not depend on dictionary order: every expired entry goes.
            let cutoff = clock.numericDate(at: now - leeway)
            claims = claims.filter { $0.value.expiresAt >= cutoff }
            sweepAt = Swift.max(Self.minimumSweepSize, 2 * claims.count)
        }
        claims[Key(text: token)] = value
    }
}
