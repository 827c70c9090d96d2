import SimulationPrimitives

/// Local validation of JWT access tokens as a resource server performs it (RFC 9068 §4,
/// RFC 8725 §3), with an optional validation cache bounded by each token's `exp`.
///
/// Order of checks (each failure maps to one ``TokenRejection``):
/// segments → header JSON → `alg` known (rejects `none`) → `alg` allowed → `typ` → `kid` known →
/// key's algorithm equals `alg` (algorithm confusion) → signature → claims → `iss` → `aud` →
/// `exp` (with leeway) → `nbf` (with leeway) → revocation → required scope.
///
/// ```swift
/// var validator = TokenValidator(policy: TokenValidationPolicy(), keys: server.keySet,
///                                cache: TokenCache(capacity: 50_000, timeToLive: nil))
/// switch validator.validate(token, requiredScope: "purchase", now: now) {
/// case .valid(let claims): …
/// case .rejected(let why): respond(why.httpStatus, why.wwwAuthenticate(realm: "cinemanzana"))
/// }
/// ```
/// A cache hit skips the signature and JSON work but still re-checks expiry, revocation and scope.
public struct TokenValidator: Sendable {
    /// The acceptance policy. Changing it forgets the verified-token memo.
    public var policy: TokenValidationPolicy { didSet { memo.detach() } }
    /// The verification keys (the validator's copy of the issuer's JWKS). Changing them forgets
    /// the verified-token memo.
    public var keys: KeySet { didSet { memo.detach() } }
    /// Validated tokens by text; `nil` disables caching.
    public var cache: TokenCache<AccessTokenClaims>?
    /// Revoked token ids (a deny-list pushed by the issuer), each kept until its token's `exp`.
    var revokedTokenIDs: [String: Int64] = [:]
    /// Signature verifications performed (cache misses that reached the signature check). Counts
    /// the modelled validator's work: a verification answered by the simulator's memo counts too.
    public private(set) var signatureVerifications = 0
    /// Time-independent verification results of tokens seen before (``VerifiedTokenMemo``): the
    /// simulator's shortcut, invisible in every outcome and metric.
    var memo = VerifiedTokenMemo()
    /// Verifications answered from the memo instead of re-running base64, JSON and HMAC, by this
    /// validator and the copies sharing its memo.
    public var memoHits: Int { memo.hits }

    /// A validator for `policy` trusting `keys`, with an optional cache.
    public init(policy: TokenValidationPolicy, keys: KeySet, cache: TokenCache<AccessTokenClaims>? = nil) {
        self.policy = policy
        self.keys = keys
        self.cache = cache
    }

    /// The outcome of a validation.
    public enum Outcome: Sendable, Equatable {
        /// The token is acceptable; its claims.
        case valid(AccessTokenClaims)
        /// The token is refused, and why.
        case rejected(TokenRejection)
    }

    /// Records that the token with id `tokenID` (expiring at NumericDate `expiresAt`) is revoked.
    public mutating func revoke(tokenID: String, expiresAt: Int64) {
        revokedTokenIDs[tokenID] = expiresAt
    }

    /// Whether `tokenID` is on the deny-list.
    public func isRevoked(tokenID: String) -> Bool { revokedTokenIDs[tokenID] != nil }

    /// Forgets deny-list entries whose tokens have expired beyond the leeway (they fail `exp` anyway).
    /// The result does not depend on dictionary order: every expired entry is removed.
    public mutating func pruneRevocations(now: SimTime) {
        let cutoff = policy.clock.numericDate(at: now - policy.leeway)
        revokedTokenIDs = revokedTokenIDs.filter { $0.value >= cutoff }
    }

    /// Validates `token` at `now`; `requiredScope` (if any) must be in its `scope`.
    public mutating func validate(_ token: String, requiredScope: String?, now: SimTime) -> Outcome {
        switch validateShared(token, requiredScope: requiredScope, now: now) {
        case .valid(let verified): return .valid(verified.claims)
        case .rejected(let why): return .rejected(why)
        }
    }

    /// The outcome of ``validateShared(_:requiredScope:now:)``: the claims behind a shared reference.
    public enum SharedOutcome: Sendable {
        /// The token is acceptable; its claims (shared with the memo, not copied).
        case valid(VerifiedClaims)
        /// The token is refused, and why.
        case rejected(TokenRejection)
    }

    /// ``validate(_:requiredScope:now:)`` returning the claims as a shared ``VerifiedClaims``
    /// (the memo's own box on a repeat sight): the same checks in the same order, the same
    /// rejections and counters; only the claims are not copied.
    public mutating func validateShared(_ token: String, requiredScope: String?, now: SimTime) -> SharedOutcome {
        validateShared(BearerToken(token), requiredScope: requiredScope, now: now)
    }

    /// ``validateShared(_:requiredScope:now:)-(String,_,_)`` for a token wrapped with its memo
    /// fingerprint (``BearerToken``): the same checks, order, rejections and counters; the memo
    /// look-up uses the fingerprint the token carries instead of computing it from the text.
    public mutating func validateShared(_ bearer: BearerToken, requiredScope: String?, now: SimTime) -> SharedOutcome {
        let token = bearer.text
        // Optional chaining mutates the cache in place (no copy of its storage).
        if let claims = cache?.lookup(token, now: now) { return finalChecks(VerifiedClaims(claims), requiredScope: requiredScope) }
        if let verified = memo.lookup(bearer.memoKey) {
            // Seen and verified before: the same checks would give the same answer, except those
            // that depend on `now`, which run again (VerifiedTokenMemo).
            signatureVerifications += 1
            // The two times are read out of the shared claims (passing the claims copied them).
            if let why = timeChecks(expiresAt: verified.claims.expiresAt, notBefore: verified.claims.notBefore, now: now) { return .rejected(why) }
            if cache != nil {
                cache!.insert(verified.claims, forToken: token, tokenExpiry: policy.clock.instant(ofNumericDate: verified.claims.expiresAt), now: now)
            }
            return finalChecks(verified, requiredScope: requiredScope)
        }
        switch verifyShared(token, now: now, memoKey: bearer.memoKey) {
        case .rejected(let why):
            return .rejected(why)
        case .valid(let verified):
            if cache != nil {
                cache!.insert(verified.claims, forToken: token, tokenExpiry: policy.clock.instant(ofNumericDate: verified.claims.expiresAt), now: now)
            }
            return finalChecks(verified, requiredScope: requiredScope)
        }
    }

    func finalChecks(_ verified: VerifiedClaims, requiredScope: String?) -> SharedOutcome {
        // An empty deny-list (the usual case) costs no hashing of the token id.
        if !revokedTokenIDs.isEmpty && revokedTokenIDs[verified.claims.tokenID] != nil { return .rejected(.revoked) }
        if let requiredScope, !verified.claims.scope.contains(requiredScope) { return .rejected(.insufficientScope) }
        return .valid(verified)
    }

    /// Everything but revocation and scope: structure, algorithm, key, signature, claims and time.
    public mutating func verify(_ token: String, now: SimTime) -> Outcome {
        switch verifyShared(token, now: now, memoKey: nil) {
        case .valid(let verified): return .valid(verified.claims)
        case .rejected(let why): return .rejected(why)
        }
    }

    /// ``verify(_:now:)``, remembering a token that passes every time-independent check in the
    /// memo under `memoKey` (the token's own key) when one is given.
    ///
    /// Works on the token's bytes: the dots are found once, the header segment is compared with
    /// the last one parsed (``VerifiedTokenMemo/header(matching:)``) before decoding and parsing
    /// it, the claims go through ``CanonicalClaimsReader`` first. The checks and their order are
    /// those of the type's documentation; every structural failure (dots, empty segment,
    /// base64url, header JSON) is ``TokenRejection/malformedToken``, so the order in which the three
    /// segments are decoded does not show.
    mutating func verifyShared(_ token: String, now: SimTime, memoKey: VerifiedTokenMemo.Key?) -> SharedOutcome {
        var text = token
        return text.withUTF8 { bytes in verifyBytes(bytes, now: now, memoKey: memoKey) }
    }

    private mutating func verifyBytes(_ bytes: UnsafeBufferPointer<UInt8>, now: SimTime, memoKey: VerifiedTokenMemo.Key?) -> SharedOutcome {
        let first: Int, second: Int
        do { (first, second) = try JWSCompact.dots(bytes) } catch { return .rejected(.malformedToken) }
        let headerSegment = UnsafeBufferPointer(rebasing: bytes[0..<first])
        let header: VerifiedTokenMemo.ParsedHeader
        if let known = memo.header(matching: headerSegment) {
            header = known
        } else {
            guard let headerBytes = Base64URL.decodeContiguous(headerSegment),
                  let json = JSONValue.parse(headerBytes), case .object = json,
                  let alg = json["alg"]?.stringValue else { return .rejected(.malformedToken) }
            header = VerifiedTokenMemo.ParsedHeader(alg: alg, typ: json["typ"]?.stringValue, kid: json["kid"]?.stringValue)
            memo.rememberHeader(headerSegment, header)
        }
        guard let payload = Base64URL.decodeContiguous(UnsafeBufferPointer(rebasing: bytes[(first + 1)..<second])),
              let signature = Base64URL.decodeContiguous(UnsafeBufferPointer(rebasing: bytes[(second + 1)...])) else {
            return .rejected(.malformedToken)
        }
        guard let algorithm = JWSAlgorithm(headerName: header.alg) else { return .rejected(.unsupportedAlgorithm) }
        guard policy.allowedAlgorithms.contains(algorithm) else { return .rejected(.algorithmNotAllowed) }
        guard let typ = header.typ, typ == "at+jwt" || typ == "application/at+jwt" else { return .rejected(.wrongType) }
        guard let kid = header.kid, let key = keys.key(forID: kid) else { return .rejected(.unknownKeyID) }
        guard key.algorithm == algorithm else { return .rejected(.algorithmKeyMismatch) }
        signatureVerifications += 1
        guard key.verify(signature: signature, over: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[0..<second]))) else { return .rejected(.badSignature) }
        guard let claims = AccessTokenClaims(jsonBytes: payload) else { return .rejected(.malformedClaims) }
        guard claims.issuer == policy.issuer else { return .rejected(.wrongIssuer) }
        guard claims.audience.contains(policy.audience) else { return .rejected(.wrongAudience) }
        let verified = VerifiedClaims(claims)
        if let memoKey { memo.insert(verified, for: memoKey, now: now, clock: policy.clock, leeway: policy.leeway) }
        if let why = timeChecks(claims, now: now) { return .rejected(why) }
        return .valid(verified)
    }

    /// `exp` and `nbf` at `now`, with the policy's leeway: the checks that depend on the moment.
    func timeChecks(_ claims: AccessTokenClaims, now: SimTime) -> TokenRejection? {
        timeChecks(expiresAt: claims.expiresAt, notBefore: claims.notBefore, now: now)
    }

    /// ``timeChecks(_:now:)`` on the two NumericDates it reads.
    func timeChecks(expiresAt: Int64, notBefore: Int64?, now: SimTime) -> TokenRejection? {
        let expiry = policy.clock.instant(ofNumericDate: expiresAt)
        if now >= saturatingAdd(expiry, policy.leeway) { return .expired }
        if let nbf = notBefore, saturatingAdd(now, policy.leeway) < policy.clock.instant(ofNumericDate: nbf) {
            return .notYetValid
        }
        return nil
    }

    @inline(__always) func saturatingAdd(_ t: SimTime, _ d: SimDuration) -> SimTime {
        let (sum, overflow) = t.nanosecondsSinceStart.addingReportingOverflow(d.nanoseconds)
        return overflow ? (d.nanoseconds > 0 ? .distantFuture : SimTime(nanosecondsSinceStart: .min)) : SimTime(nanosecondsSinceStart: sum)
    }
}
