import Testing
@testable import Authorization
import SimulationPrimitives

/// The issue's attack table: each forged or unacceptable token is rejected with the RFC 6750 error
/// the RFCs prescribe (invalid_token → 401, insufficient_scope → 403), and valid tokens within the
/// clock leeway (60 s, reference store-auth-logs.md §2.7) are accepted.
@Suite("Token validation attack table (RFC 6750, 8725, 9068)")
struct AttackTableTests {
    struct World {
        var server: AuthorizationServer
        var rng: RandomStream
        var validator: TokenValidator
        var token: TokenResponse
        var claims: AccessTokenClaims { token.claims }
    }

    static func world(algorithm: JWSAlgorithm = .hs256) throws -> World {
        var (server, rng) = Fixture.server(algorithm: algorithm)
        let token = try Fixture.anaToken(&server, &rng)
        let validator = TokenValidator(policy: server.validationPolicy(), keys: server.keySet)
        return World(server: server, rng: rng, validator: validator, token: token)
    }

    static func forge(header: String, claims: AccessTokenClaims, signature: [UInt8] = []) -> String {
        Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(claims.jsonBytes()) + "." + Base64URL.encode(signature)
    }

    static func expectRejected(_ outcome: TokenValidator.Outcome, _ reason: TokenRejection, code: BearerErrorCode, status: Int,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome == .rejected(reason), sourceLocation: sourceLocation)
        #expect(reason.errorCode == code, sourceLocation: sourceLocation)
        #expect(reason.httpStatus == status, sourceLocation: sourceLocation)
    }

    @Test func validTokenIsAccepted() throws {
        var w = try Self.world()
        #expect(w.validator.validate(w.token.accessToken, requiredScope: "purchase", now: .zero + .seconds(5)) == .valid(w.claims))
    }

    @Test func algNoneIsRejected() throws {
        var w = try Self.world()
        let token = Self.forge(header: #"{"alg":"none","typ":"at+jwt","kid":"k1"}"#, claims: w.claims)
        Self.expectRejected(w.validator.validate(token, requiredScope: nil, now: .zero), .unsupportedAlgorithm, code: .invalidToken, status: 401)
        // Case variants of none are not algorithms either (RFC 7515 §4.1.1 is case-sensitive).
        let upper = Self.forge(header: #"{"alg":"NONE","typ":"at+jwt","kid":"k1"}"#, claims: w.claims)
        Self.expectRejected(w.validator.validate(upper, requiredScope: nil, now: .zero), .unsupportedAlgorithm, code: .invalidToken, status: 401)
    }

    @Test func hs256SignedWithThePublicKeyIsRejected() throws {
        var w = try Self.world(algorithm: .es256)
        let publicBytes = try #require(w.server.keySet.key(forID: "k1")?.publicKeyBytes)
        // The attacker signs with HMAC using the published EC key bytes as the secret.
        let hmacKey = try SigningKey(keyID: "k1", algorithm: .hs256, secretBytes: publicBytes)
        var claims = w.claims
        claims.scope = ScopeSet(["manage", "purchase", "read"])
        let forged = AccessTokenCodec.encode(claims, key: hmacKey)
        // With the allow-list fixed to ES256 the header's HS256 is refused outright…
        Self.expectRejected(w.validator.validate(forged, requiredScope: "manage", now: .zero), .algorithmNotAllowed, code: .invalidToken, status: 401)
        // …and even a lax allow-list cannot be confused: the kid's key is bound to ES256.
        w.validator.policy.allowedAlgorithms = [.es256, .hs256]
        Self.expectRejected(w.validator.validate(forged, requiredScope: "manage", now: .zero), .algorithmKeyMismatch, code: .invalidToken, status: 401)
        #expect(w.validator.signatureVerifications == 0)
    }

    @Test func tamperedPayloadIsRejected() throws {
        var w = try Self.world()
        let segments = w.token.accessToken.split(separator: ".").map(String.init)
        var claims = w.claims
        claims.scope = ScopeSet(["manage", "purchase", "read"])
        let tampered = segments[0] + "." + Base64URL.encode(claims.jsonBytes()) + "." + segments[2]
        Self.expectRejected(w.validator.validate(tampered, requiredScope: "manage", now: .zero), .badSignature, code: .invalidToken, status: 401)
    }

    @Test(arguments: [JWSAlgorithm.hs256, .es256, .edDSA])
    func tamperedSignatureIsRejected(algorithm: JWSAlgorithm) throws {
        var w = try Self.world(algorithm: algorithm)
        var segments = w.token.accessToken.split(separator: ".").map(String.init)
        var signature = try #require(Base64URL.decode(segments[2]))
        signature[0] ^= 0x80
        segments[2] = Base64URL.encode(signature)
        Self.expectRejected(w.validator.validate(segments.joined(separator: "."), requiredScope: nil, now: .zero), .badSignature, code: .invalidToken, status: 401)
    }

    @Test func expiryHonoursTheLeeway() throws {
        var w = try Self.world()
        // Issued at T+0 with the 12 h Spring Security OAuth2 lifetime: exp is T+43200 s.
        let exp = SimTime.zero + .seconds(43_200)
        #expect(w.validator.validate(w.token.accessToken, requiredScope: nil, now: exp + .seconds(59)) == .valid(w.claims))
        Self.expectRejected(w.validator.validate(w.token.accessToken, requiredScope: nil, now: exp + .seconds(60)), .expired, code: .invalidToken, status: 401)
        Self.expectRejected(w.validator.validate(w.token.accessToken, requiredScope: nil, now: exp + .seconds(61)), .expired, code: .invalidToken, status: 401)
        w.validator.policy.leeway = .zero
        Self.expectRejected(w.validator.validate(w.token.accessToken, requiredScope: nil, now: exp), .expired, code: .invalidToken, status: 401)
        #expect(w.validator.validate(w.token.accessToken, requiredScope: nil, now: exp - .nanoseconds(1)) == .valid(w.claims))
    }

    @Test func notBeforeHonoursTheLeeway() throws {
        var w = try Self.world()
        var claims = w.claims
        claims.notBefore = claims.issuedAt + 120
        let token = AccessTokenCodec.encode(claims, key: w.server.signingKey)
        Self.expectRejected(w.validator.validate(token, requiredScope: nil, now: .zero + .seconds(59)), .notYetValid, code: .invalidToken, status: 401)
        #expect(w.validator.validate(token, requiredScope: nil, now: .zero + .seconds(60)) == .valid(claims))
    }

    @Test func wrongAudienceAndIssuerAreRejected() throws {
        var w = try Self.world()
        var otherAudience = w.claims
        otherAudience.audience = ["payments-api"]
        Self.expectRejected(w.validator.validate(AccessTokenCodec.encode(otherAudience, key: w.server.signingKey), requiredScope: nil, now: .zero),
                            .wrongAudience, code: .invalidToken, status: 401)
        var several = w.claims
        several.audience = ["payments-api", AuthorizationServerConfiguration.defaultAudience]
        #expect(w.validator.validate(AccessTokenCodec.encode(several, key: w.server.signingKey), requiredScope: nil, now: .zero) == .valid(several))
        var otherIssuer = w.claims
        otherIssuer.issuer = "https://evil.example"
        Self.expectRejected(w.validator.validate(AccessTokenCodec.encode(otherIssuer, key: w.server.signingKey), requiredScope: nil, now: .zero),
                            .wrongIssuer, code: .invalidToken, status: 401)
    }

    @Test func missingScopeIsInsufficientScope() throws {
        var w = try Self.world()
        let why = TokenRejection.insufficientScope
        Self.expectRejected(w.validator.validate(w.token.accessToken, requiredScope: "manage", now: .zero), why, code: .insufficientScope, status: 403)
        #expect(why.wwwAuthenticate(realm: "cinemanzana", requiredScope: "manage")
                == #"Bearer realm="cinemanzana", error="insufficient_scope", error_description="The access token lacks the required scope", scope="manage""#)
    }

    @Test func revokedTokenIsRejected() throws {
        var w = try Self.world()
        let result = try w.server.revoke(token: w.token.accessToken, client: Fixture.legacyBasic, now: .zero)
        #expect(result.revokedAccessTokens == [.init(tokenID: w.claims.tokenID, expiresAt: w.claims.expiresAt)])
        for entry in result.revokedAccessTokens { w.validator.revoke(tokenID: entry.tokenID, expiresAt: entry.expiresAt) }
        Self.expectRejected(w.validator.validate(w.token.accessToken, requiredScope: nil, now: .zero), .revoked, code: .invalidToken, status: 401)
    }

    @Test func unknownKeyIDIsRejected() throws {
        var w = try Self.world()
        var rng = RandomStream(rootSeed: 1, component: "attacker")
        let attackerKey = SigningKey.derive(keyID: "k9", algorithm: .hs256, rng: &rng)
        Self.expectRejected(w.validator.validate(AccessTokenCodec.encode(w.claims, key: attackerKey), requiredScope: nil, now: .zero),
                            .unknownKeyID, code: .invalidToken, status: 401)
        // The same kid as the real key but a different secret fails the signature.
        let sameKid = SigningKey.derive(keyID: "k1", algorithm: .hs256, rng: &rng)
        Self.expectRejected(w.validator.validate(AccessTokenCodec.encode(w.claims, key: sameKid), requiredScope: nil, now: .zero),
                            .badSignature, code: .invalidToken, status: 401)
    }

    @Test(arguments: ["", "abc", "a.b", "a.b.c.d", "!!!.e30.sig", "e30.e30.", "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln"])
    func malformedSegmentsAreRejected(token: String) throws {
        var w = try Self.world()
        guard case .rejected(let why) = w.validator.validate(token, requiredScope: nil, now: .zero) else {
            Issue.record("accepted \(token)"); return
        }
        #expect(why.errorCode == .invalidToken)
        #expect(why.httpStatus == 401)
    }

    @Test func idTokenTypeIsNotAnAccessToken() throws {
        var w = try Self.world()
        let key = w.server.signingKey
        let token = JWSCompact.sign(header: Array(#"{"alg":"HS256","typ":"JWT","kid":"k1"}"#.utf8), payload: w.claims.jsonBytes(), key: key)
        Self.expectRejected(w.validator.validate(token, requiredScope: nil, now: .zero), .wrongType, code: .invalidToken, status: 401)
    }

    @Test func challengesFollowRFC6750() {
        #expect(TokenRejection.missingToken.wwwAuthenticate(realm: "cinemanzana") == #"Bearer realm="cinemanzana""#)
        #expect(TokenRejection.missingToken.errorCode == nil)
        #expect(TokenRejection.missingToken.httpStatus == 401)
        #expect(TokenRejection.malformedRequest.httpStatus == 400)
        #expect(TokenRejection.expired.wwwAuthenticate(realm: "cinema")
                == #"Bearer realm="cinema", error="invalid_token", error_description="The access token expired""#)
    }
}
