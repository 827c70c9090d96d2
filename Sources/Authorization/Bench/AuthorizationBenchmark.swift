import SimulationPrimitives

/// Workloads for `cinesim bench` to time (this core reads no clock): sign and verify access tokens
/// with each algorithm. The caller measures wall time around a call and divides by `iterations`.
///
/// ```swift
/// let start = ContinuousClock.now                        // in the bench command, not here
/// let checksum = AuthorizationBenchmark.sign(algorithm: .es256, iterations: 10_000)
/// let perOp = (ContinuousClock.now - start) / 10_000
/// ```
/// The returned checksum depends on the work done so the optimiser cannot drop it.
public enum AuthorizationBenchmark {
    /// A fixed key and claim set for `algorithm` (seed 1).
    public static func fixture(algorithm: JWSAlgorithm) -> (key: SigningKey, claims: AccessTokenClaims, token: String) {
        var rng = RandomStream(rootSeed: 1, component: "bench/\(algorithm.headerName)")
        let key = SigningKey.derive(keyID: "bench", algorithm: algorithm, rng: &rng)
        let now = JWTClock.defaultEpochUnixSeconds
        let claims = AccessTokenClaims(issuer: AuthorizationServerConfiguration.defaultIssuer, subject: "cliente-000001",
                                       audience: [AuthorizationServerConfiguration.defaultAudience], clientID: "cinemanzana-web",
                                       issuedAt: now, expiresAt: now + 43_200, tokenID: "bench-jti-000000000001",
                                       scope: ScopeSet(["purchase", "read"]))
        return (key, claims, AccessTokenCodec.encode(claims, key: key))
    }

    /// Encodes and signs `iterations` access tokens (a new `jti` each); returns the total length.
    public static func sign(algorithm: JWSAlgorithm, iterations: Int) -> Int {
        var (key, claims, _) = fixture(algorithm: algorithm)
        _ = key
        var total = 0
        for index in 0..<iterations {
            claims.tokenID = "bench-jti-\(index)"
            total &+= AccessTokenCodec.encode(claims, key: key).utf8.count
        }
        return total
    }

    /// Fully validates (no cache) the same token `iterations` times; returns the number accepted.
    public static func verify(algorithm: JWSAlgorithm, iterations: Int) -> Int {
        let (key, _, token) = fixture(algorithm: algorithm)
        var validator = TokenValidator(policy: TokenValidationPolicy(allowedAlgorithms: [algorithm]),
                                       keys: KeySet([key.verificationKey]))
        var accepted = 0
        for _ in 0..<iterations {
            // `verify` runs every check each time; `validate` would answer repeats of one token
            // from the validator's verified-token memo.
            if case .valid(let claims) = validator.verify(token, now: .zero), claims.scope.contains("read") { accepted += 1 }
        }
        return accepted
    }

    /// Validates the same token `iterations` times through a validation cache (one miss, then hits).
    public static func verifyCached(algorithm: JWSAlgorithm, iterations: Int) -> Int {
        let (key, _, token) = fixture(algorithm: algorithm)
        var validator = TokenValidator(policy: TokenValidationPolicy(allowedAlgorithms: [algorithm]),
                                       keys: KeySet([key.verificationKey]),
                                       cache: TokenCache(capacity: 1_024, timeToLive: nil))
        var accepted = 0
        for _ in 0..<iterations {
            if case .valid = validator.validate(token, requiredScope: "read", now: .zero) { accepted += 1 }
        }
        return accepted
    }
}
