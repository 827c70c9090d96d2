import Testing
@testable import Authorization
import SimulationPrimitives

/// Published test vectors: RFC 7515 Appendix A.1 (HS256) and A.3 (ES256), RFC 8037 Appendix A.4
/// (EdDSA / Ed25519), RFC 7636 Appendix B (PKCE S256).
@Suite("JWS test vectors")
struct JWSVectorTests {
    static let a1SigningInput = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"

    @Test func rfc7515A1HS256() throws {
        let secret = try #require(Base64URL.decode("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"))
        let key = try SigningKey(keyID: "a1", algorithm: .hs256, secretBytes: secret)
        let signature = key.sign(Array(Self.a1SigningInput.utf8))
        #expect(Base64URL.encode(signature) == "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        // The A.1 header decodes to {"typ":"JWT",\r\n "alg":"HS256"} and splits cleanly.
        let parts = try JWSCompact.split(Self.a1SigningInput + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        #expect(String(decoding: parts.header, as: UTF8.self) == "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}")
        #expect(key.verificationKey.verify(signature: parts.signature, over: parts.signingInput))
    }

    @Test func rfc7515A3ES256Verifies() throws {
        let x = try #require(Base64URL.decode("f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"))
        let y = try #require(Base64URL.decode("x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"))
        let key = try VerificationKey(keyID: "a3", algorithm: .es256, keyBytes: [0x04] + x + y)
        let token = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q"
        let parts = try JWSCompact.split(token)
        #expect(key.verify(signature: parts.signature, over: parts.signingInput))
        var tampered = parts.signature
        tampered[10] ^= 0x01
        #expect(!key.verify(signature: tampered, over: parts.signingInput))
        // The private scalar d from A.3 derives the same public key.
        let d = try #require(Base64URL.decode("jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"))
        let signing = try SigningKey(keyID: "a3", algorithm: .es256, secretBytes: d)
        #expect(signing.verificationKey.publicKeyBytes == [0x04] + x + y)
    }

    @Test func rfc8037A4EdDSA() throws {
        let d = try #require(Base64URL.decode("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"))
        let key = try SigningKey(keyID: "a4", algorithm: .edDSA, secretBytes: d)
        #expect(key.verificationKey.publicKeyBytes.map { Base64URL.encode($0) } == "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")
        let token = JWSCompact.sign(header: Array(#"{"alg":"EdDSA"}"#.utf8), payload: Array("Example of Ed25519 signing".utf8), key: key)
        #expect(token == "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg")
    }

    @Test func rfc7636AppendixB() {
        #expect(PKCE.challenge(forVerifier: Fixture.verifier) == Fixture.challenge)
        #expect(PKCE.isWellFormedVerifier(Fixture.verifier))
        #expect(!PKCE.isWellFormedVerifier(String(repeating: "a", count: 42)))
        #expect(!PKCE.isWellFormedVerifier(String(repeating: "a", count: 129)))
        #expect(!PKCE.isWellFormedVerifier(String(repeating: "a", count: 42) + "!"))
    }

    @Test(arguments: ["a.b", "a.b.c.d", ".e30.", "e30..", "e30.e30.=", "e30.e30"])
    func malformedCompactSerialisations(token: String) {
        #expect(throws: JWSCompact.SplitError.self) { try JWSCompact.split(token) }
    }

    @Test func keyIsBoundToOneAlgorithmAndDerivationIsReproducible() {
        for algorithm in JWSAlgorithm.allCases {
            var a = RandomStream(rootSeed: 9, component: "keys")
            var b = RandomStream(rootSeed: 9, component: "keys")
            let k1 = SigningKey.derive(keyID: "k", algorithm: algorithm, rng: &a)
            let k2 = SigningKey.derive(keyID: "k", algorithm: algorithm, rng: &b)
            #expect(k1.verificationKey.algorithm == algorithm)
            #expect(k1.verificationKey.publicKeyBytes == k2.verificationKey.publicKeyBytes)
            // Each key's signature verifies with the other derivation of the same key.
            let input = Array("header.payload".utf8)
            #expect(k2.verificationKey.verify(signature: k1.sign(input), over: input[...]))
        }
    }

    @Test func jwksPublishesOnlyPublicKeys() throws {
        var rng = RandomStream(rootSeed: 3, component: "jwks")
        let ec = SigningKey.derive(keyID: "ec1", algorithm: .es256, rng: &rng)
        let ed = SigningKey.derive(keyID: "ed1", algorithm: .edDSA, rng: &rng)
        let hs = SigningKey.derive(keyID: "hs1", algorithm: .hs256, rng: &rng)
        let set = KeySet([ec.verificationKey, ed.verificationKey, hs.verificationKey])
        let json = try #require(JSONValue.parse(Array(set.jwksJSON().utf8)))
        guard case .array(let keys)? = json["keys"] else { Issue.record("no keys array"); return }
        #expect(keys.count == 2) // the HS256 secret is never published
        #expect(keys[0]["kty"] == .string("EC") && keys[0]["crv"] == .string("P-256") && keys[0]["kid"] == .string("ec1"))
        #expect(keys[1]["kty"] == .string("OKP") && keys[1]["crv"] == .string("Ed25519") && keys[1]["alg"] == .string("EdDSA"))
        let bytes = try #require(ec.verificationKey.publicKeyBytes)
        #expect(keys[0]["x"] == .string(Base64URL.encode(bytes[1..<33])))
    }
}
