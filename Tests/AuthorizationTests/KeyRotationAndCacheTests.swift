import Testing
@testable import Authorization
import SimulationPrimitives

@Suite("Key rotation and the validation cache")
struct KeyRotationAndCacheTests {
    @Test func rotationKeepsOldTokensValidUntilTheyExpire() throws {
        var (server, rng) = Fixture.server()
        let old = try Fixture.anaToken(&server, &rng)
        let rotateAt = SimTime.zero + .seconds(3_600)
        server.rotateSigningKey(to: SigningKey.derive(keyID: "k2", algorithm: .hs256, rng: &rng), now: rotateAt)
        let new = try Fixture.anaToken(&server, &rng, now: rotateAt)
        #expect(try JSONValue.parse(JWSCompact.split(new.accessToken).header)?["kid"] == .string("k2"))
        #expect(server.keySet.keyIDs == ["k1", "k2"])

        var stale = TokenValidator(policy: server.validationPolicy(), keys: KeySet([server.keySet.key(forID: "k1")!]))
        #expect(stale.validate(new.accessToken, requiredScope: nil, now: rotateAt) == .rejected(.unknownKeyID))
        var fresh = TokenValidator(policy: server.validationPolicy(), keys: server.keySet)
        #expect(fresh.validate(old.accessToken, requiredScope: nil, now: rotateAt) == .valid(old.claims))
        #expect(fresh.validate(new.accessToken, requiredScope: nil, now: rotateAt) == .valid(new.claims))

        // k1 is retired one access-token lifetime after the rotation.
        server.prune(now: rotateAt + .seconds(43_200) - .nanoseconds(1))
        #expect(server.keySet.keyIDs == ["k1", "k2"])
        server.prune(now: rotateAt + .seconds(43_200))
        #expect(server.keySet.keyIDs == ["k2"])
    }

    @Test func rotationToAnotherAlgorithm() throws {
        var (server, rng) = Fixture.server()
        server.rotateSigningKey(to: SigningKey.derive(keyID: "ec1", algorithm: .es256, rng: &rng), now: .zero)
        let token = try Fixture.anaToken(&server, &rng)
        var validator = TokenValidator(policy: server.validationPolicy(), keys: server.keySet)
        #expect(validator.policy.allowedAlgorithms == [.es256])
        #expect(validator.validate(token.accessToken, requiredScope: "read", now: .zero) == .valid(token.claims))
        #expect(try server.introspect(token: token.accessToken, caller: Fixture.gatewayBasic, now: .zero).active)
    }

    @Test func cacheEntriesNeverOutliveTheToken() {
        var cache = TokenCache<Int>(capacity: 10, timeToLive: .minutes(2))
        let now = SimTime.zero + .seconds(100)
        // F11 config B: min(2 min, exp - now).
        #expect(cache.insert(1, forToken: "long", tokenExpiry: now + .minutes(30), now: now) == now + .minutes(2))
        #expect(cache.insert(2, forToken: "short", tokenExpiry: now + .seconds(30), now: now) == now + .seconds(30))
        #expect(cache.insert(3, forToken: "dead", tokenExpiry: now, now: now) == nil)
        #expect(cache.lookup("short", now: now + .seconds(29)) == 2)
        #expect(cache.lookup("short", now: now + .seconds(30)) == nil)
        #expect(cache.lookup("long", now: now + .seconds(119)) == 1)
        #expect(cache.lookup("long", now: now + .seconds(120)) == nil)
        #expect(cache.hits == 2 && cache.misses == 2)
    }

    @Test func cacheEvictsOldestFirstAtCapacity() {
        var cache = TokenCache<Int>(capacity: 3, timeToLive: nil)
        let far = SimTime.zero + .seconds(1_000)
        for (index, token) in ["a", "b", "c", "d"].enumerated() { cache.insert(index, forToken: token, tokenExpiry: far, now: .zero) }
        #expect(cache.count == 3)
        #expect(cache.lookup("a", now: .zero) == nil)
        #expect(cache.lookup("d", now: .zero) == 3)
        cache.insert(9, forToken: "b", tokenExpiry: far, now: .zero) // re-insert moves b to the back
        cache.insert(5, forToken: "e", tokenExpiry: far, now: .zero)
        #expect(cache.lookup("c", now: .zero) == nil)
        #expect(cache.lookup("b", now: .zero) == 9)
        #expect(cache.evictions == 2)
        for index in 0..<200 { cache.insert(index, forToken: "t\(index)", tokenExpiry: far, now: .zero) }
        #expect(cache.count == 3)
        #expect(cache.order.count <= 2 * 3 + 16 + 1)
    }

    @Test func validatorCacheSkipsSignatureButNotRevocationOrScope() throws {
        var (server, rng) = Fixture.server()
        let token = try Fixture.anaToken(&server, &rng)
        var validator = TokenValidator(policy: server.validationPolicy(), keys: server.keySet,
                                       cache: TokenCache(capacity: 100, timeToLive: nil))
        for second in 0..<10 {
            #expect(validator.validate(token.accessToken, requiredScope: "read", now: .zero + .seconds(Int64(second))) == .valid(token.claims))
        }
        #expect(validator.signatureVerifications == 1)
        #expect(validator.cache?.expiry(of: token.accessToken) == .zero + .seconds(43_200)) // bounded by exp
        #expect(validator.validate(token.accessToken, requiredScope: "manage", now: .zero) == .rejected(.insufficientScope))
        validator.revoke(tokenID: token.claims.tokenID, expiresAt: token.claims.expiresAt)
        #expect(validator.validate(token.accessToken, requiredScope: "read", now: .zero) == .rejected(.revoked))
        // After exp the cache misses and the full check applies the leeway, then rejects.
        validator.pruneRevocations(now: .zero + .seconds(43_261))
        #expect(!validator.isRevoked(tokenID: token.claims.tokenID))
        #expect(validator.validate(token.accessToken, requiredScope: "read", now: .zero + .seconds(43_261)) == .rejected(.expired))
        #expect(validator.signatureVerifications == 2)
    }
}
