import Testing
import PropertyBased
@testable import Authorization
import SimulationPrimitives

/// Round 4 replaced per-byte and `JSONValue`-tree code on the token paths with pointer loops and a
/// reader for the issuer's own claims layout. Each fast path is checked here against a plain
/// reference: the previous code (kept as `generalJSONBytes`) or a textbook version written in the
/// test, on generated and on mutated inputs, so both valid and invalid inputs must agree.
@Suite("Fast paths equal the reference implementations")
struct FastPathEquivalenceTests {
    // MARK: - Base64url

    /// RFC 4648 §5 without padding, one character at a time (the pre-round-4 encoder).
    static func referenceEncode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var out = ""
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index], b1 = index + 1 < bytes.count ? bytes[index + 1] : nil, b2 = index + 2 < bytes.count ? bytes[index + 2] : nil
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int(((b0 & 0x03) << 4) | ((b1 ?? 0) >> 4))])
            if let b1 {
                out.append(alphabet[Int(((b1 & 0x0F) << 2) | ((b2 ?? 0) >> 6))])
                if let b2 { out.append(alphabet[Int(b2 & 0x3F)]) }
            }
            index += 3
        }
        return out
    }

    /// Strict decoding, bit by bit (the pre-round-4 decoder).
    static func referenceDecode(_ text: [UInt8]) -> [UInt8]? {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        if text.count % 4 == 1 { return nil }
        var out: [UInt8] = []
        var accumulator: UInt32 = 0
        var bits = 0
        for char in text {
            guard let value = alphabet.firstIndex(of: char) else { return nil }
            accumulator = (accumulator << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((accumulator >> UInt32(bits)) & 0xFF))
            }
        }
        if bits > 0, accumulator & ((1 << UInt32(bits)) - 1) != 0 { return nil }
        return out
    }

    @Test func base64EncodingEqualsTheReference() async {
        await propertyCheck(count: 300, input: Gen.uint8(in: 0...255).array(of: 0...70)) { bytes in
            #expect(Base64URL.encode(bytes) == Self.referenceEncode(bytes))
            var appended: [UInt8] = [0x2E]
            Base64URL.append(bytes[...], to: &appended)
            #expect(appended == [0x2E] + Array(Self.referenceEncode(bytes).utf8))
            #expect(Base64URL.decode(Self.referenceEncode(bytes)) == bytes)
        }
    }

    /// Text over the alphabet plus a few outsiders (`=`, `+`, `/`, space, non-ASCII), every length:
    /// invalid characters, 4k+1 lengths and non-zero leftover bits must be refused exactly as before.
    @Test func base64DecodingEqualsTheReference() async {
        let characters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8) + [0x3D, 0x2B, 0x2F, 0x20, 0xC3, 0x00]
        await propertyCheck(count: 400, input: Gen.int(in: 0...(characters.count - 1)).array(of: 0...23), Gen.int(in: 0...9)) { picks, outsiderRate in
            // Mostly alphabet characters, so valid texts come up often.
            let text = picks.enumerated().map { offset, pick in (offset + pick) % 10 < outsiderRate ? characters[pick] : characters[pick % 64] }
            #expect(Base64URL.decode(utf8: text) == Self.referenceDecode(text))
            #expect(Base64URL.decode(utf8: text[...]) == Self.referenceDecode(text))
        }
    }

    @Test func base64KnownVectors() {
        // RFC 4648 §10 vectors, unpadded (RFC 7515 §2).
        let vectors = [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy")]
        for (plain, encoded) in vectors {
            #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
            #expect(Base64URL.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base64URL.decode("Zh") == nil)      // leftover bits not zero
        #expect(Base64URL.decode("Zm9vY") == nil)   // length 4k+1
        #expect(Base64URL.decode("Zm9v+g") == nil)  // '+' is base64, not base64url
    }

    // MARK: - Claims

    static func claims(subject: String, client: String, iat: Int64, lifetime: Int64, scopes: [String], audiences: Int, nbf: Bool) -> AccessTokenClaims {
        AccessTokenClaims(issuer: "https://oauth.cinemanzana.example", subject: subject,
                          audience: Array(["cinemanzana-api", client, "x"].prefix(audiences)), clientID: client,
                          issuedAt: iat, notBefore: nbf ? iat : nil, expiresAt: iat + lifetime, tokenID: client + subject, scope: ScopeSet(scopes))
    }

    /// The canonical layout (what the server writes) is read by the fast reader, and the result is
    /// the general parser's, for names with and without characters that need escaping.
    @Test func canonicalClaimsReadLikeTheGeneralParser() async {
        let text = Gen.letterOrNumber.string(of: 1...10)
        await propertyCheck(count: 200, input: text, text, Gen.int64(in: -5...4_000_000_000), Gen.int64(in: 0...100_000), text.array(of: 0...3), Gen.int(in: 1...3)) { sub, client, iat, lifetime, scopes, audiences in
            for subject in [sub, sub + "\"é\\"] {
                let claims = Self.claims(subject: subject, client: client, iat: iat, lifetime: lifetime, scopes: scopes, audiences: audiences, nbf: lifetime % 2 == 0)
                let bytes = claims.jsonBytes()
                #expect(AccessTokenClaims(generalJSONBytes: bytes) == claims)
                #expect(AccessTokenClaims(jsonBytes: bytes) == claims)
                let fast = bytes.withUnsafeBufferPointer(CanonicalClaimsReader.read)
                // Escaped or non-ASCII text is left to the general parser.
                #expect((fast == nil) == (subject != sub))
                if let fast { #expect(fast == claims) }
            }
        }
    }

    /// Any single-byte change, insertion or deletion of a canonical claim set gives the same
    /// answer (claims or `nil`) on both paths: the fast reader never accepts what the general
    /// parser would read differently.
    @Test func mutatedClaimSetsReadLikeTheGeneralParser() async {
        let claims = Self.claims(subject: "u42", client: "cinemanzana-web", iat: 1_767_225_600, lifetime: 3_600,
                                 scopes: ["customer", "read"], audiences: 1, nbf: true)
        let bytes = claims.jsonBytes()
        let replacements: [UInt8] = Array("{}[]\",:-0123456789. \\eEnulltrfasx".utf8) + [0x7F, 0xC3, 0x0A]
        await propertyCheck(count: 600, input: Gen.int(in: 0...(bytes.count - 1)), Gen.int(in: 0...(replacements.count - 1)), Gen.int(in: 0...2)) { position, pick, operation in
            var mutated = bytes
            switch operation {
            case 0: mutated[position] = replacements[pick]
            case 1: mutated.insert(replacements[pick], at: position)
            default: mutated.remove(at: position)
            }
            #expect(AccessTokenClaims(jsonBytes: mutated) == AccessTokenClaims(generalJSONBytes: mutated))
        }
    }

    @Test func nonCanonicalButValidClaimSetsStillParse() {
        // Another member order, whitespace and an unknown member: the general parser's job.
        let text = #"{ "sub":"ana","iss":"https://i.example","aud":["a"],"client_id":"web","iat":1,"exp":2,"jti":"j","x":true }"#
        let parsed = AccessTokenClaims(jsonBytes: Array(text.utf8))
        #expect(parsed?.subject == "ana")
        #expect(parsed?.audience == ["a"])
        #expect(Array(text.utf8).withUnsafeBufferPointer(CanonicalClaimsReader.read) == nil)
        // A fraction or exponent is a number, not an integer: refused on both paths.
        let fractional = #"{"iss":"i","sub":"s","aud":"a","client_id":"c","iat":1.5,"exp":2,"jti":"j"}"#
        #expect(AccessTokenClaims(jsonBytes: Array(fractional.utf8)) == nil)
    }

    // MARK: - Scopes

    /// `ScopeSet(parsing:)` as it was: the generic split and the byte check.
    static func referenceParse(_ text: String) -> [String]? {
        if text.isEmpty { return [] }
        var parts: [String] = []
        for part in text.split(separator: " ", omittingEmptySubsequences: false) {
            guard !part.isEmpty else { return nil }
            for byte in part.utf8 {
                guard byte == 0x21 || (byte >= 0x23 && byte <= 0x5B) || (byte >= 0x5D && byte <= 0x7E) else { return nil }
            }
            parts.append(String(part))
        }
        let sorted = parts.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var unique: [String] = []
        for token in sorted where unique.last != token { unique.append(token) }
        return unique
    }

    @Test func scopeParsingEqualsTheReference() async {
        let pieces = ["read", "customer", "manager", "", " ", "a\"b", "é", "x\\y", "read"]
        await propertyCheck(count: 300, input: Gen.int(in: 0...(pieces.count - 1)).array(of: 0...5), Gen.bool) { picks, spaced in
            let text = picks.map { pieces[$0] }.joined(separator: spaced ? " " : "")
            #expect(ScopeSet(parsing: text)?.tokens == Self.referenceParse(text))
        }
    }

    @Test func scopeSetsSortAndDeduplicateAsBefore() async {
        await propertyCheck(count: 300, input: Gen.letterOrNumber.string(of: 0...3).array(of: 0...6)) { tokens in
            let sorted = tokens.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            var unique: [String] = []
            for token in sorted where unique.last != token { unique.append(token) }
            #expect(ScopeSet(tokens).tokens == unique)
            #expect(ScopeSet(unique).tokens == unique)
        }
    }

    // MARK: - Issuing and verifying

    /// The issuer's cached header segment and one-buffer signing give the same token text as the
    /// general encoder; the validator accepts it with the issued claims.
    @Test(arguments: [JWSAlgorithm.hs256, .es256, .edDSA])
    func issuedTokensMatchTheGeneralEncoder(algorithm: JWSAlgorithm) throws {
        var (server, rng) = Fixture.server(algorithm: algorithm)
        let issued = try Fixture.anaToken(&server, &rng, now: .zero + .seconds(5))
        let reencoded = AccessTokenCodec.encode(issued.claims, key: server.signingKey)
        if algorithm == .hs256 {
            // Deterministic signatures: the same text.
            #expect(reencoded == issued.accessToken)
        }
        var validator = TokenValidator(policy: server.validationPolicy(), keys: server.keySet)
        #expect(validator.validate(issued.accessToken, requiredScope: "read", now: .zero + .seconds(6)) == .valid(issued.claims))
        #expect(validator.validate(reencoded, requiredScope: "read", now: .zero + .seconds(6)) == .valid(issued.claims))
    }

    /// Tokens with different headers in turn (the header memo holds one): every answer equals a
    /// fresh validator's.
    @Test func alternatingHeadersGetTheFirstSightAnswer() throws {
        var (server, rng) = Fixture.server()
        let good = try Fixture.anaToken(&server, &rng)
        let parts = good.accessToken.split(separator: ".").map(String.init)
        let otherHeader = Base64URL.encode(Array(#"{"alg":"HS256","typ":"JWT","kid":"k1"}"#.utf8))
        let noneHeader = Base64URL.encode(Array(#"{"alg":"none","typ":"at+jwt","kid":"k1"}"#.utf8))
        let unknownKid = Base64URL.encode(Array(#"{"alg":"HS256","typ":"at+jwt","kid":"k9"}"#.utf8))
        let tokens = [good.accessToken, otherHeader + "." + parts[1] + "." + parts[2], good.accessToken,
                      noneHeader + "." + parts[1] + ".", unknownKid + "." + parts[1] + "." + parts[2], good.accessToken,
                      "x." + parts[1] + "." + parts[2], parts[0] + "." + parts[1], good.accessToken]
        var validator = TokenValidator(policy: server.validationPolicy(), keys: server.keySet)
        for token in tokens {
            var fresh = TokenValidator(policy: server.validationPolicy(), keys: server.keySet)
            let expected = fresh.validate(token, requiredScope: nil, now: .zero)
            #expect(validator.validate(token, requiredScope: nil, now: .zero) == expected)
        }
        #expect(validator.validate(tokens[1], requiredScope: nil, now: .zero) == .rejected(.wrongType))
        #expect(validator.validate(tokens[3], requiredScope: nil, now: .zero) == .rejected(.unsupportedAlgorithm))
        #expect(validator.validate(tokens[4], requiredScope: nil, now: .zero) == .rejected(.unknownKeyID))
    }

    /// The shared form answers like the copying form and hands out the memo's box on repeats.
    @Test func sharedValidationMatchesAndSharesTheClaims() throws {
        var (server, rng) = Fixture.server()
        let token = try Fixture.anaToken(&server, &rng)
        var validator = TokenValidator(policy: server.validationPolicy(), keys: server.keySet)
        guard case .valid(let first) = validator.validateShared(token.accessToken, requiredScope: "read", now: .zero),
              case .valid(let second) = validator.validateShared(token.accessToken, requiredScope: "purchase", now: .zero) else {
            Issue.record("a valid token was refused")
            return
        }
        #expect(first === second)
        #expect(first.claims == token.claims)
        guard case .rejected(.insufficientScope) = validator.validateShared(token.accessToken, requiredScope: "manage", now: .zero) else {
            Issue.record("scope not checked on a repeat")
            return
        }
        #expect(validator.signatureVerifications == 3)
        #expect(validator.memoHits == 2)
    }
}
