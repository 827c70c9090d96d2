import Testing
@testable import Authorization
import SimulationPrimitives

/// A token wrapped with its memo fingerprint (``BearerToken``) must be validated exactly as its
/// text: the same outcomes, counters and memo hits, for genuine, expired, tampered and forged
/// tokens, and the fingerprint is the memo key's own (RFC 9068 §4 checks unchanged).
@Suite("Bearer token with fingerprint")
struct BearerTokenTests {
    @Test func fingerprintIsTheMemoKeysAndEqualityIsTheTexts() throws {
        var (server, rng) = Fixture.server()
        let token = try Fixture.anaToken(&server, &rng)
        let wrapped = BearerToken(token.accessToken)
        #expect(wrapped.fingerprint == VerifiedTokenMemo.Key(text: token.accessToken).fingerprint)
        #expect(wrapped.memoKey == VerifiedTokenMemo.Key(text: token.accessToken))
        #expect(wrapped == BearerToken(String(token.accessToken.utf8.map { Character(Unicode.Scalar($0)) })))
        #expect(BearerToken("a.b.c") != BearerToken("a.b.d"))
        #expect(Set([BearerToken("x"), BearerToken("x"), BearerToken("y")]).count == 2)
    }

    @Test func wrappedAndPlainTokensGetTheSameAnswers() throws {
        var (server, rng) = Fixture.server()
        let ana = try Fixture.anaToken(&server, &rng)
        let manolo = try server.token(.password(username: "manolo", password: "boss", scope: "read manage", client: Fixture.legacyBasic),
                                      now: .zero, rng: &rng)
        let anaParts = ana.accessToken.split(separator: ".")
        let manoloParts = manolo.accessToken.split(separator: ".")
        let spliced = "\(manoloParts[0]).\(manoloParts[1]).\(anaParts[2])"
        let texts = [ana.accessToken, manolo.accessToken, spliced, "not-a-token", "a..b", String(ana.accessToken.dropLast())]
        var plain = TokenValidator(policy: server.validationPolicy(), keys: server.keySet)
        var wrapped = TokenValidator(policy: server.validationPolicy(), keys: server.keySet)
        // Repeated sights (memo hits), across expiry, with and without a scope.
        for second: Int64 in [0, 5, 43_259, 43_260, 0] {
            let now = SimTime.zero + .seconds(second)
            for text in texts {
                for scope in [nil, "read", "manage"] as [String?] {
                    let expected = plain.validateShared(text, requiredScope: scope, now: now)
                    let actual = wrapped.validateShared(BearerToken(text), requiredScope: scope, now: now)
                    switch (expected, actual) {
                    case (.valid(let a), .valid(let b)): #expect(a.claims == b.claims)
                    case (.rejected(let a), .rejected(let b)): #expect(a == b)
                    default: Issue.record("\(text.prefix(12))… at \(second) s, scope \(scope ?? "-"): \(expected) vs \(actual)")
                    }
                }
            }
        }
        #expect(plain.memoHits == wrapped.memoHits)
        #expect(plain.memoHits > 0)
        #expect(plain.signatureVerifications == wrapped.signatureVerifications)
        #expect(wrapped.validate(spliced, requiredScope: nil, now: .zero) == .rejected(.badSignature))
    }
}
