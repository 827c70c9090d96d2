import Testing
import PropertyBased
@testable import Authorization
import SimulationPrimitives

@Suite("Properties of tokens, scopes and validation")
struct PropertyTests {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")

    /// Any single-character change anywhere in a signed token is rejected: the signature covers
    /// header and payload, and strict base64url gives each byte string exactly one encoding.
    @Test(arguments: [JWSAlgorithm.hs256, .es256])
    func everySingleCharacterTamperingIsRejected(algorithm: JWSAlgorithm) async throws {
        var (server, rng) = Fixture.server(algorithm: algorithm)
        let token = try Fixture.anaToken(&server, &rng)
        let characters = Array(token.accessToken)
        let policy = server.validationPolicy()
        let keys = server.keySet
        await propertyCheck(count: 200, input: Gen.int(in: 0...(characters.count - 1)), Gen.int(in: 0...(Self.alphabet.count - 1))) { position, replacement in
            var tampered = characters
            guard tampered[position] != Self.alphabet[replacement] else { return }
            tampered[position] = Self.alphabet[replacement]
            var validator = TokenValidator(policy: policy, keys: keys)
            guard case .rejected = validator.validate(String(tampered), requiredScope: nil, now: .zero) else {
                Issue.record("accepted a token tampered at \(position)")
                return
            }
        }
    }

    @Test func claimsRoundTripThroughJSON() async {
        let text = Gen.letterOrNumber.string(of: 1...12)
        await propertyCheck(input: text, text, Gen.int64(in: 0...4_000_000_000), Gen.int64(in: 0...100_000), text.array(of: 0...4)) { sub, client, iat, lifetime, scopes in
            let claims = AccessTokenClaims(issuer: "https://i.example", subject: sub + "\"\\é", audience: ["a", client], clientID: client,
                                           issuedAt: iat, notBefore: lifetime % 2 == 0 ? iat : nil, expiresAt: iat + lifetime,
                                           tokenID: client + sub, scope: ScopeSet(scopes))
            #expect(AccessTokenClaims(jsonBytes: claims.jsonBytes()) == claims)
        }
    }

    @Test func scopeSetsRoundTripAndAreOrderFree() async {
        await propertyCheck(input: Gen.letterOrNumber.string(of: 1...6).array(of: 0...6)) { tokens in
            let set = ScopeSet(tokens)
            #expect(ScopeSet(parsing: set.description) == set)
            #expect(ScopeSet(tokens.reversed()) == set)
            #expect(set.tokens.count == Set(tokens).count)
        }
    }

    @Test func clockRoundTripsWholeSeconds() async {
        await propertyCheck(input: Gen.int64(in: -1_000_000_000...1_000_000_000)) { seconds in
            let clock = JWTClock()
            let instant = clock.instant(ofNumericDate: clock.epochUnixSeconds + seconds)
            #expect(instant.nanosecondsSinceStart == seconds * 1_000_000_000)
            #expect(clock.numericDate(at: instant + .milliseconds(999)) == clock.epochUnixSeconds + seconds)
        }
    }
}
