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
///
/// Sharing: copies of a validator share one memo (the storage is a reference), so the gateways of
/// a platform, given copies of one validator, verify each token once between them instead of once
/// each, and hold one entry per token. Safe because entries depend only on the token, keys and
/// policy, which the copies have in common; a copy whose keys or policy change detaches to a
/// fresh memo of its own (``detach()``). Single-threaded use, like every sans-I/O core.
struct VerifiedTokenMemo: Sendable {
    /// The JOSE header members the validator checks (RFC 7515 §4.1, RFC 9068 §2.1): `alg` (always a
    /// string here: a header without one is malformed and never remembered), `typ`, `kid`, as
    /// `JSONValue.stringValue` reads them (`nil` when absent or not a string).
    struct ParsedHeader: Sendable {
        var alg: String
        var typ: String?
        var kid: String?
    }

    /// A token text as a dictionary key. Hashing and the first comparison use a fingerprint of the
    /// text's last bytes (the end of the signature, which differs between any two tokens of one
    /// issuer, while their headers and first claims are identical); equal fingerprints then
    /// compare the whole text, so a collision costs one extra comparison and never a wrong answer.
    struct Key: Hashable, Sendable {
        let text: String
        let fingerprint: UInt64

        static let fingerprintBytes = 16

        /// A key with a fingerprint computed before (the table's rebuilds).
        init(text: String, fingerprint: UInt64) {
            self.text = text
            self.fingerprint = fingerprint
        }

        init(text: String) {
            self.text = text
            fingerprint = Self.fingerprint(of: text)
        }

        /// ``fingerprint(_:)`` of `text`'s UTF-8 bytes.
        static func fingerprint(of text: String) -> UInt64 {
            // Native strings are contiguous; a bridged one is copied first.
            text.utf8.withContiguousStorageIfAvailable(Self.fingerprint) ?? Self.fingerprint(Array(text.utf8))
        }

        /// FNV-1a over the length and the last ``fingerprintBytes`` bytes: a fixed cost whatever
        /// the token's length.
        static func fingerprint<Bytes: RandomAccessCollection>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8, Bytes.Index == Int {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            hash = (hash ^ UInt64(bytes.count)) &* 0x100_0000_01b3
            for byte in bytes[Swift.max(bytes.startIndex, bytes.endIndex - fingerprintBytes)...] {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
            return hash
        }

        static func == (a: Key, b: Key) -> Bool { a.fingerprint == b.fingerprint && a.text == b.text }

        func hash(into hasher: inout Hasher) { hasher.combine(fingerprint) }
    }

    /// The entries, shared by copies of the validator until one of them detaches.
    ///
    /// `claims` and `hits` skip the runtime exclusivity check (`swift_beginAccess`, ~76
    /// instructions per access, on every gateway request): no access to them overlaps another
    /// (no closure or call made during an access touches the storage) and the storage is used from
    /// one thread.
    final class Storage: @unchecked Sendable {   // mutated only from the simulation's one thread
        @exclusivity(unchecked) var claims = FingerprintTable()
        /// The last header segment (base64url text) that parsed as a JSON object with an `alg`
        /// string, and the members the validator reads from it: the header of every token of one
        /// issuer key is the same text, so first sights skip its decoding and parsing. A pure
        /// function of the text, whatever the keys or policy.
        var header: (segment: [UInt8], fields: ParsedHeader)?
        /// Size at which the next sweep of expired entries runs.
        var sweepAt = VerifiedTokenMemo.minimumSweepSize
        /// Verifications answered from the memo (the simulator's work saved; not a modelled metric).
        @exclusivity(unchecked) var hits = 0
    }

    private(set) var storage = Storage()

    static let minimumSweepSize = 1_024

    /// Entries held.
    var count: Int { storage.claims.count }
    /// Verifications answered from this memo, by every validator sharing it.
    var hits: Int { storage.hits }

    /// The remembered claims of `key`'s token, if any (counted as a hit).
    func lookup(_ key: Key) -> VerifiedClaims? {
        guard let claims = storage.claims.value(for: key) else { return nil }
        storage.hits += 1
        return claims
    }

    /// Remembers `value` for `token`; sweeps entries expired at `now` (beyond `leeway`) first when due.
    func insert(_ value: VerifiedClaims, forToken token: String, now: SimTime, clock: JWTClock, leeway: SimDuration) {
        insert(value, for: Key(text: token), now: now, clock: clock, leeway: leeway)
    }

    /// ``insert(_:forToken:now:clock:leeway:)`` with the token's key built before (a
    /// ``BearerToken`` carries its fingerprint).
    func insert(_ value: VerifiedClaims, for key: Key, now: SimTime, clock: JWTClock, leeway: SimDuration) {
        if storage.claims.count >= storage.sweepAt {
            // The result does not depend on dictionary order: every expired entry goes.
            let cutoff = clock.numericDate(at: now - leeway)
            storage.claims = storage.claims.filter { $0.claims.expiresAt >= cutoff }
            storage.sweepAt = Swift.max(Self.minimumSweepSize, 2 * storage.claims.count)
        }
        storage.claims.set(value, for: key)
    }

    /// The cached header fields if `segment` is the header text seen last.
    func header(matching segment: UnsafeBufferPointer<UInt8>) -> ParsedHeader? {
        guard let cached = storage.header, cached.segment.count == segment.count else { return nil }
        let equal = cached.segment.withUnsafeBufferPointer { stored in
            var index = 0
            while index < segment.count, stored[index] == segment[index] { index += 1 }
            return index == segment.count
        }
        return equal ? cached.fields : nil
    }

    /// Remembers the fields of header text `segment`.
    func rememberHeader(_ segment: UnsafeBufferPointer<UInt8>, _ fields: ParsedHeader) {
        storage.header = (Array(segment), fields)
    }

    /// Stops sharing: this copy continues with an empty memo of its own (its keys or policy changed).
    mutating func detach() { storage = Storage() }
}
