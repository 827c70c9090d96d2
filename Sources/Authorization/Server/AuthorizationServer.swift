import SimulationPrimitives

/// The OAuth 2.0 authorization server (RFC 6749) issuing RFC 9068 JWT access tokens: the seed's
/// "OAuth Authorization Server". A sans-I/O core: every endpoint is a method taking the decoded
/// request, `now` and (when it mints values) the server's `RandomStream`, and returning the
/// response or an ``OAuthError``.
///
/// ```swift
/// var rng = RandomStream(rootSeed: seed, component: "oauth-server")
/// var server = AuthorizationServer(configuration: .init(),
///                                  signingKey: .derive(keyID: "k1", algorithm: .hs256, rng: &rng),
///                                  clients: [web, gateway], users: [ana])
/// let code = try server.authorize(request, username: "ana", now: now, rng: &rng)
/// let tokens = try server.token(.authorizationCode(code: code.code, …), now: now, rng: &rng)
/// let info = try server.introspect(token: tokens.accessToken, caller: .basic(…), now: now)
/// ```
///
/// Endpoints live in extensions: `+Authorize` (authorization endpoint, PKCE), `+Token` (grants),
/// `+Introspection` (RFC 7662), `+Revocation` (RFC 7009). State held: registered clients and users,
/// pending authorization codes, refresh tokens (with their rotation family), revoked access-token
/// ids until their `exp`, and the signing key set. ``prune(now:)`` drops expired state so memory
/// stays bounded by live tokens.
public struct AuthorizationServer: Sendable {
    /// Settings (lifetimes, issuer, audience, switches).
    public var configuration: AuthorizationServerConfiguration
    /// The key new tokens are signed with.
    public private(set) var signingKey: SigningKey
    /// The published verification keys (current and not yet retired previous keys).
    public private(set) var keySet: KeySet

    var clients: [String: ClientRegistration] = [:]
    var users: [String: UserAccount] = [:]
    var codes: [String: PendingCode] = [:]
    var refreshTokens: [String: RefreshRecord] = [:]
    var families: [UInt64: FamilyState] = [:]
    var nextFamilyID: UInt64 = 1
    var revokedAccessTokens: [String: Int64] = [:]
    /// Used to check tokens the server itself issued (introspection, revocation).
    var ownValidator: TokenValidator
    /// The base64url access-token header of ``signingKey`` (`{"alg":…,"typ":"at+jwt","kid":…}`):
    /// the same for every token the key signs, so it is encoded once per key, not per token.
    var accessTokenHeaderSegment: [UInt8]
    /// The last few successful scope resolutions with their inputs (``resolveScopeRemembered``).
    var scopeResolutions: [ScopeResolution] = []

    /// Counters for metrics: tokens issued per grant, introspections, revocations.
    public internal(set) var statistics = Statistics()

    /// Counters the server keeps.
    public struct Statistics: Sendable, Equatable {
        /// Access tokens issued.
        public var accessTokensIssued = 0
        /// Refresh tokens issued.
        public var refreshTokensIssued = 0
        /// Introspection requests answered (active or not).
        public var introspections = 0
        /// Tokens revoked (access ids and refresh families).
        public var revocations = 0
        /// Token requests refused with an ``OAuthError``.
        public var tokenErrors = 0
        /// Refresh-token reuse detections (a rotated-out token presented again).
        public var refreshReuseDetections = 0
    }

    struct PendingCode: Sendable {
        var clientID: String
        var redirectURI: String
        var username: String
        var scope: ScopeSet
        var codeChallenge: String
        var expiresAt: SimTime
        var used: Bool
        var familyID: UInt64?
    }

    struct RefreshRecord: Sendable {
        var familyID: UInt64
        var clientID: String
        var subject: String
        var username: String?
        var scope: ScopeSet
        var issuedAt: SimTime
        var expiresAt: SimTime
        /// Set when rotation replaced this token; presenting it again is reuse.
        var rotated: Bool
    }

    struct FamilyState: Sendable {
        var revoked = false
        var lastAccessTokenID: String?
        var lastAccessExpiresAt: Int64 = 0
    }

    /// A server with `configuration`, signing new tokens with `signingKey`, knowing `clients` and
    /// `users`.
    public init(configuration: AuthorizationServerConfiguration = AuthorizationServerConfiguration(),
                signingKey: SigningKey, clients: [ClientRegistration], users: [UserAccount]) {
        self.configuration = configuration
        self.signingKey = signingKey
        self.keySet = KeySet([signingKey.verificationKey])
        self.accessTokenHeaderSegment = AccessTokenCodec.encodedHeader(for: signingKey)
        for client in clients { self.clients[client.clientID] = client }
        for user in users { self.users[user.username] = user }
        self.ownValidator = TokenValidator(
            policy: TokenValidationPolicy(issuer: configuration.issuer, audience: configuration.audience,
                                          allowedAlgorithms: JWSAlgorithm.allCases, leeway: .zero, clock: configuration.clock),
            keys: keySet)
    }

    /// Registers (or replaces) a client.
    public mutating func register(_ client: ClientRegistration) { clients[client.clientID] = client }
    /// Registers (or replaces) a user account.
    public mutating func register(_ user: UserAccount) { users[user.username] = user }

    /// The policy a resource server should validate this server's tokens with (its issuer,
    /// audience, signing algorithm and clock), with `leeway`.
    public func validationPolicy(leeway: SimDuration = .seconds(60)) -> TokenValidationPolicy {
        TokenValidationPolicy(issuer: configuration.issuer, audience: configuration.audience,
                              allowedAlgorithms: [signingKey.algorithm], leeway: leeway, clock: configuration.clock)
    }

    /// Starts signing with `newKey`. The previous key stays published until every token it signed
    /// has expired (`now + accessTokenLifetime`), then ``prune(now:)`` removes it.
    public mutating func rotateSigningKey(to newKey: SigningKey, now: SimTime) {
        keySet.retire(keyID: signingKey.keyID, at: now + configuration.accessTokenLifetime)
        keySet.insert(newKey.verificationKey)
        signingKey = newKey
        accessTokenHeaderSegment = AccessTokenCodec.encodedHeader(for: newKey)
        ownValidator.keys = keySet
        ownValidator.policy.allowedAlgorithms = JWSAlgorithm.allCases
    }

    /// Drops expired codes, refresh tokens, revocation entries and retired keys. The result does
    /// not depend on dictionary order (every expired entry goes).
    public mutating func prune(now: SimTime) {
        codes = codes.filter { $0.value.expiresAt > now }
        refreshTokens = refreshTokens.filter { $0.value.expiresAt > now }
        let nowSeconds = configuration.clock.numericDate(at: now)
        revokedAccessTokens = revokedAccessTokens.filter { $0.value >= nowSeconds }
        let liveFamilies = Set(refreshTokens.values.map(\.familyID)).union(codes.values.compactMap(\.familyID))
        families = families.filter { liveFamilies.contains($0.key) || $0.value.lastAccessExpiresAt >= nowSeconds }
        keySet.prune(now: now)
        ownValidator.keys = keySet
    }

    /// The number of live refresh tokens, codes and revoked ids (for memory checks).
    public var stateSizes: (refreshTokens: Int, codes: Int, revokedAccessTokens: Int) {
        (refreshTokens.count, codes.count, revokedAccessTokens.count)
    }

    /// 128 random bits from `rng` as 22 base64url characters: codes, refresh tokens, `jti`s.
    static func randomHandle(_ rng: inout RandomStream) -> String {
        // The 16 bytes (two draws, big-endian) base64url-encoded straight into the string: the
        // same 22 characters `Base64URL.encode` gives, without the byte array, the encoder's
        // buffer and the copy into a `String` (~2.2 k → ~0.4 k instructions, two per token, round 8).
        let high = rng.next(), low = rng.next()
        @inline(__always) func byte(_ i: Int) -> UInt32 {
            UInt32(truncatingIfNeeded: (i < 8 ? high : low) >> UInt64(56 - 8 * (i & 7))) & 0xFF
        }
        return String(unsafeUninitializedCapacity: 22) { out in
            Base64URL.alphabet.withUnsafeBufferPointer { alphabet in
                var o = 0
                for i in stride(from: 0, to: 15, by: 3) {
                    let word = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2)
                    out[o] = alphabet[Int(word >> 18)]
                    out[o + 1] = alphabet[Int((word >> 12) & 0x3F)]
                    out[o + 2] = alphabet[Int((word >> 6) & 0x3F)]
                    out[o + 3] = alphabet[Int(word & 0x3F)]
                    o += 4
                }
                let last = byte(15)
                out[20] = alphabet[Int(last >> 2)]
                out[21] = alphabet[Int((last & 0x03) << 4)]
            }
            return 22
        }
    }
}
