import Testing
import PropertyBased
@testable import Authorization
import SimulationPrimitives

/// Round 8: a verification key derived from an HS256 signing key answers its twin's own tokens
/// from the ``IssuedMACMemo`` instead of recomputing the HMAC, and the authorization server
/// remembers its last scope resolutions. Both must answer exactly as the full computations:
/// checked against a key imported from the same secret bytes (no memo) and against
/// ``AuthorizationServer/resolveScope(_:client:ownerScopes:)``, on genuine, tampered and forged inputs.
@Suite("Issued-MAC and scope memos answer as the full computations")
struct IssuedMACMemoTests {
    static let secret: [UInt8] = (0..<32).map { UInt8($0 &* 7 &+ 3) }

    static func signingInput(_ random: inout RandomStream) -> [UInt8] {
        let count = 40 + random.nextInt(below: 360)
        return (0..<count).map { _ in UInt8(0x2D + random.nextInt(below: 78)) }
    }

    @Test func derivedKeyAgreesWithAnImportedKey() async throws {
        let signer = try SigningKey(keyID: "k1", algorithm: .hs256, secretBytes: Self.secret)
        let derived = signer.verificationKey
        let imported = try VerificationKey(keyID: "k1", algorithm: .hs256, keyBytes: Self.secret)
        let stranger = try SigningKey(keyID: "k1", algorithm: .hs256, secretBytes: Self.secret.map { $0 ^ 0x5A })
        await propertyCheck(count: 60, input: Gen.int(in: 1...1_000_000)) { seed in
            var random = RandomStream(seed: UInt64(seed))
            var signed: [(input: [UInt8], mac: [UInt8])] = []
            for _ in 0..<12 {
                let input = Self.signingInput(&random)
                signed.append((input, signer.sign(input)))
            }
            for (input, mac) in signed {
                // Genuine: answered from the memo (or computed, if evicted), true either way.
                #expect(input.withUnsafeBytes { derived.verify(signature: mac, over: $0) })
                #expect(input.withUnsafeBytes { imported.verify(signature: mac, over: $0) })
                // A real signature over other bytes: one byte changed, one dropped, one added.
                var tampered = input
                let at = random.nextInt(below: tampered.count)
                tampered[at] ^= UInt8(1 + random.nextInt(below: 255))
                var shorter = input
                shorter.removeLast()
                let longer = input + [UInt8(ascii: "x")]
                for other in [tampered, shorter, longer] {
                    #expect(other.withUnsafeBytes { derived.verify(signature: mac, over: $0) }
                            == other.withUnsafeBytes { imported.verify(signature: mac, over: $0) })
                    #expect(!other.withUnsafeBytes { derived.verify(signature: mac, over: $0) })
                }
                // Another key's code over the same bytes, and a code with one bit flipped.
                let foreign = stranger.sign(input)
                #expect(!input.withUnsafeBytes { derived.verify(signature: foreign, over: $0) })
                var flipped = mac
                flipped[random.nextInt(below: flipped.count)] ^= 0x01
                #expect(!input.withUnsafeBytes { derived.verify(signature: flipped, over: $0) })
                #expect(!input.withUnsafeBytes { derived.verify(signature: Array(mac.dropLast()), over: $0) })
            }
        }
        let memo = try #require(derived.preparedHMAC?.issued)
        #expect(memo.recorded >= 60 * 12 && memo.hits > 0)
    }

    /// Evicted codes (more than the memo's slots signed since) are still verified, by the HMAC.
    @Test func evictedCodesAreComputed() throws {
        let signer = try SigningKey(keyID: "k1", algorithm: .hs256, secretBytes: Self.secret)
        let derived = signer.verificationKey
        var random = RandomStream(seed: 11)
        let first = Self.signingInput(&random)
        let firstMAC = signer.sign(first)
        for _ in 0..<(4 * IssuedMACMemo.slotCount) { _ = signer.sign(Self.signingInput(&random)) }
        let hitsBefore = derived.preparedHMAC!.issued.hits
        #expect(first.withUnsafeBytes { derived.verify(signature: firstMAC, over: $0) })
        #expect(derived.preparedHMAC!.issued.hits <= hitsBefore + 1)
    }

    /// Tokens issued by a server verify at a validator given its key set exactly as at one given a
    /// key imported from the same secret (the memo's hits change no outcome).
    @Test func validatorOutcomesUnchanged() throws {
        var rng = RandomStream(seed: 5)
        let key = try SigningKey(keyID: "k1", algorithm: .hs256, secretBytes: Self.secret)
        var server = AuthorizationServer(configuration: .init(), signingKey: key, clients: [Fixture.legacy], users: [Fixture.ana])
        var memoValidator = TokenValidator(policy: server.validationPolicy(leeway: .zero), keys: server.keySet)
        var plainValidator = TokenValidator(policy: server.validationPolicy(leeway: .zero),
                                            keys: KeySet([try VerificationKey(keyID: "k1", algorithm: .hs256, keyBytes: Self.secret)]))
        for step in 0..<40 {
            let token = try Fixture.anaToken(&server, &rng, now: SimTime.zero + .seconds(Int64(step))).accessToken
            var candidates = [token]
            var bytes = Array(token.utf8)
            bytes[bytes.count / 2] = bytes[bytes.count / 2] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            candidates.append(String(decoding: bytes, as: UTF8.self))
            for candidate in candidates {
                #expect(memoValidator.verify(candidate, now: SimTime.zero + .seconds(Int64(step))) == plainValidator.verify(candidate, now: SimTime.zero + .seconds(Int64(step))))
            }
        }
        #expect(server.keySet.key(forID: "k1")!.preparedHMAC!.issued.hits >= 40)
    }

    @Test func rememberedScopesEqualResolvedScopes() async {
        let texts: [String?] = [nil, "", "read", "read purchase", "purchase read", "read  purchase", "manage", "read manage purchase", "bogus", "r\u{7F}"]
        let clients = [Fixture.legacy, Fixture.web, Fixture.service]
        let owners: [ScopeSet?] = [nil, Fixture.ana.scopes, Fixture.manolo.scopes, ScopeSet(["internal"])]
        await propertyCheck(count: 40, input: Gen.int(in: 1...1_000_000)) { seed in
            var random = RandomStream(seed: UInt64(seed))
            var (server, _) = Fixture.server(seed: UInt64(seed))
            for _ in 0..<30 {
                let text = texts[random.nextInt(below: texts.count)]
                let client = clients[random.nextInt(below: clients.count)]
                let owner = owners[random.nextInt(below: owners.count)]
                let expected = Result { () throws(OAuthError) in try server.resolveScope(text, client: client, ownerScopes: owner) }
                let remembered = Result { () throws(OAuthError) in try server.resolveScopeRemembered(text, client: client, ownerScopes: owner) }
                switch (expected, remembered) {
                case let (.success(a), .success(b)): #expect(a == b, "seed \(seed)")
                case let (.failure(a), .failure(b)): #expect(a.code == b.code, "seed \(seed)")
                default: Issue.record("seed \(seed): \(expected) vs \(remembered)")
                }
            }
            #expect(server.scopeResolutions.count <= ScopeResolution.kept)
        }
    }
}

/// Round 8's byte-level rewrites against the code they replaced: random handles written straight
/// into a string, and the word-at-a-time dot scan of a compact JWS.
@Suite("Round 8 token fast paths equal the previous code")
struct Round8TokenFastPathTests {
    /// The previous `randomHandle`: 16 big-endian bytes of two draws through `Base64URL.encode`.
    static func referenceHandle(_ rng: inout RandomStream) -> String {
        var bytes = [UInt8]()
        for _ in 0..<2 {
            let word = rng.next()
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return Base64URL.encode(bytes)
    }

    /// The previous dot scan, one byte at a time.
    static func referenceDots(_ bytes: [UInt8]) -> Result<[Int], JWSCompact.SplitError> {
        var first = -1, second = -1
        for index in bytes.indices where bytes[index] == UInt8(ascii: ".") {
            if first < 0 { first = index } else if second < 0 { second = index } else { return .failure(.wrongSegmentCount) }
        }
        guard second >= 0 else { return .failure(.wrongSegmentCount) }
        guard first > 0, second > first + 1 else { return .failure(.emptySegment) }
        return .success([first, second])
    }

    @Test func handlesEqualTheEncoder() async {
        await propertyCheck(count: 200, input: Gen.int(in: 1...1_000_000)) { seed in
            var a = RandomStream(seed: UInt64(seed)), b = RandomStream(seed: UInt64(seed))
            for _ in 0..<5 { #expect(AuthorizationServer.randomHandle(&a) == Self.referenceHandle(&b)) }
        }
    }

    @Test func dotsEqualTheByteScan() async {
        let alphabet: [UInt8] = Array("ab.".utf8) + Array("xyzXYZ0123456789-_".utf8)
        await propertyCheck(count: 400, input: Gen.int(in: 1...1_000_000)) { seed in
            var random = RandomStream(seed: UInt64(seed))
            let count = random.nextInt(below: 60)
            // Mostly letters, dots at a varying rate (none to many), every length up to 59.
            let dotRate = random.nextDouble() * 0.3
            let bytes = (0..<count).map { _ in random.nextBool(probability: dotRate) ? UInt8(ascii: ".") : alphabet[random.nextInt(below: alphabet.count)] }
            let fast = bytes.withUnsafeBufferPointer { buffer in
                Result { () throws(JWSCompact.SplitError) in let (f, s) = try JWSCompact.dots(buffer); return [f, s] }
            }
            #expect(fast == Self.referenceDots(bytes), "\(String(decoding: bytes, as: UTF8.self))")
        }
    }
}
