import Testing
@testable import Authorization
import SimulationPrimitives

/// The validator's verified-token memo must never change an outcome: every answer equals the one a
/// validator that has never seen the token gives (RFC 9068 §4 checks), whatever the time, key set,
/// revocations or tampering. Fixture tokens live 43 200 s (server default) with a 60 s leeway.
@Suite("Verified-token memo")
struct VerifiedTokenMemoTests {
    /// A validator with no history: the oracle every memoised answer is compared with.
    static func firstSight(_ server: AuthorizationServer, _ token: String, scope: String?, at now: SimTime) -> TokenValidator.Outcome {
        var fresh = TokenValidator(policy: server.validationPolicy(), keys: server.keySet)
        return fresh.validate(token, requiredScope: scope, now: now)
    }

    @Test func repeatedTokenSkipsTheWorkButNotTheAnswerOrTheCount() throws {
        var (server, rng) = Fixture.server()
        let token = try Fixture.anaToken(&server, &rng)
        var validator = TokenValidator(policy: server.validationPolicy(), keys: server.keySet)
        for second in [0, 1, 600, 43_199, 43_259] {
            let now = SimTime.zero + .seconds(Int64(second))
            #expect(validator.validate(token.accessToken, requiredScope: "read", now: now) == .valid(token.claims))
        }
        #expect(validator.memoHits == 4)
        // The modelled validator has no cache: it verified the signature on all five requests.
        #expect(validator.signatureVerifications == 5)
        #expect(validator.validate(token.accessToken, requiredScope: "manage", now: .zero) == .rejected(.insufficientScope))
    }

    @Test func expiryAndNotBeforeAreCheckedAtEveryMoment() throws {
        var (server, rng) = Fixture.server()
        let token = try Fixture.anaToken(&server, &rng, now: .zero + .seconds(1_000))
        var validator = TokenValidator(policy: server.validationPolicy(), keys: server.keySet)
        #expect(validator.validate(token.accessToken, requiredScope: nil, now: .zero + .seconds(1_000)) == .valid(token.claims))
        // exp = 1 000 + 43 200 = 44 200 s; the leeway accepts until 44 260 s (exclusive).
        for second: Int64 in [44_259, 44_260, 50_000, 1_000] {
            let now = SimTime.zero + .seconds(second)
            let expected = Self.firstSight(server, token.accessToken, scope: nil, at: now)
            #expect(validator.validate(token.accessToken, requiredScope: nil, now: now) == expected)
        }
        #expect(validator.validate(token.accessToken, requiredScope: nil, now: .zero + .seconds(44_260)) == .rejected(.expired))
        // A node clock behind the issuer (skew) sees the token as valid again, as the full check would.
        #expect(validator.validate(token.accessToken, requiredScope: nil, now: .zero + .seconds(44_000)) == .valid(token.claims))
        #expect(validator.memoHits == 6)
    }

    @Test func revocationAppliesToAMemoisedToken() throws {
        var (server, rng) = Fixture.server()
        let token = try Fixture.anaToken(&server, &rng)
        var validator = TokenValidator(policy: server.validationPolicy(), keys: server.keySet)
        #expect(validator.validate(token.accessToken, requiredScope: "read", now: .zero) == .valid(token.claims))
        validator.revoke(tokenID: token.claims.tokenID, expiresAt: token.claims.expiresAt)
        #expect(validator.validate(token.accessToken, requiredScope: "read", now: .zero) == .rejected(.revoked))
        #expect(validator.memoHits == 1)
    }

    @Test func tamperedTokenWithARealSignatureIsStillRejected() throws {
        var (server, rng) = Fixture.server()
        let ana = try Fixture.anaToken(&server, &rng)
        let manolo = try server.token(.password(username: "manolo", password: "boss", scope: "read manage", client: Fixture.legacyBasic),
                                      now: .zero, rng: &rng)
        var validator = TokenValidator(policy: server.validationPolicy(), keys: server.keySet)
        #expect(validator.validate(ana.accessToken, requiredScope: nil, now: .zero) == .valid(ana.claims))
        // manolo's header and claims under ana's (memoised, genuine) signature.
        let anaParts = ana.accessToken.split(separator: ".")
        let manoloParts = manolo.accessToken.split(separator: ".")
        let spliced = "\(manoloParts[0]).\(manoloParts[1]).\(anaParts[2])"
        #expect(validator.validate(spliced, requiredScope: nil, now: .zero) == .rejected(.badSignature))
        #expect(validator.validate(spliced, requiredScope: nil, now: .zero) == .rejected(.badSignature))
        #expect(validator.memoHits == 0)
    }

    @Test func aNewKeySetOrPolicyForgetsTheMemo() throws {
        var (server, rng) = Fixture.server()
        let token = try Fixture.anaToken(&server, &rng)
        var validator = TokenValidator(policy: server.validationPolicy(), keys: server.keySet)
        #expect(validator.validate(token.accessToken, requiredScope: nil, now: .zero) == .valid(token.claims))
        // The JWKS loses k1 (e.g. a bad rotation push): the token's key id is now unknown.
        validator.keys = KeySet([SigningKey.derive(keyID: "k2", algorithm: .hs256, rng: &rng).verificationKey])
        #expect(validator.validate(token.accessToken, requiredScope: nil, now: .zero) == .rejected(.unknownKeyID))
        validator.keys = server.keySet
        #expect(validator.validate(token.accessToken, requiredScope: nil, now: .zero) == .valid(token.claims))
        validator.policy.audience = "another-api"
        #expect(validator.validate(token.accessToken, requiredScope: nil, now: .zero) == .rejected(.wrongAudience))
        #expect(validator.memoHits == 0)
    }

    @Test func keysWithTheSameFingerprintStayDistinct() {
        // Same length and same last 16 bytes: the fingerprint (and so the hash) collides.
        let suffix = String(repeating: "s", count: VerifiedTokenMemo.Key.fingerprintBytes)
        let a = VerifiedTokenMemo.Key(text: "header-a." + suffix), b = VerifiedTokenMemo.Key(text: "header-b." + suffix)
        #expect(a.fingerprint == b.fingerprint)
        #expect(a != b)
        #expect(a == VerifiedTokenMemo.Key(text: "header-a." + suffix))
        var table: [VerifiedTokenMemo.Key: Int] = [a: 1]
        table[b] = 2
        #expect(table[a] == 1 && table[b] == 2)
        #expect(VerifiedTokenMemo.Key(text: "short").fingerprint != VerifiedTokenMemo.Key(text: "shorter").fingerprint)
    }

    @Test func memoStaysProportionalToLiveTokens() throws {
        var (server, rng) = Fixture.server()
        var validator = TokenValidator(policy: server.validationPolicy(), keys: server.keySet)
        // 3 000 tokens, one per 100 s: with 43 200 s lifetimes about 433 are alive at any time.
        for index in 0..<3_000 {
            let now = SimTime.zero + .seconds(Int64(index) * 100)
            let token = try Fixture.anaToken(&server, &rng, now: now)
            #expect(validator.validate(token.accessToken, requiredScope: nil, now: now) == .valid(token.claims))
        }
        #expect(validator.memo.count <= 2 * VerifiedTokenMemo.minimumSweepSize)
        #expect(validator.memo.count > 433)
    }

    @Test func copiesShareTheMemoUntilTheirKeysChange() throws {
        var (server, rng) = Fixture.server()
        let token = try Fixture.anaToken(&server, &rng)
        var gatewayA = TokenValidator(policy: server.validationPolicy(), keys: server.keySet)
        var gatewayB = gatewayA
        #expect(gatewayA.validate(token.accessToken, requiredScope: "read", now: .zero) == .valid(token.claims))
        // B never saw the token, but A verified it with the same keys and policy.
        #expect(gatewayB.validate(token.accessToken, requiredScope: "read", now: .zero) == .valid(token.claims))
        #expect(gatewayB.memoHits == 1)
        #expect(gatewayB.signatureVerifications == 1)
        // B's JWKS loses k1: B detaches and checks in full; A keeps the shared memo.
        gatewayB.keys = KeySet([SigningKey.derive(keyID: "k2", algorithm: .hs256, rng: &rng).verificationKey])
        #expect(gatewayB.validate(token.accessToken, requiredScope: "read", now: .zero) == .rejected(.unknownKeyID))
        #expect(gatewayB.memoHits == 0)
        #expect(gatewayA.validate(token.accessToken, requiredScope: "read", now: .zero) == .valid(token.claims))
        #expect(gatewayA.memoHits == 2)
    }
}
