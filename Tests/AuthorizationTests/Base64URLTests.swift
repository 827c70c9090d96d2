import Testing
import PropertyBased
@testable import Authorization

@Suite("Base64url (RFC 4648 §5, unpadded)")
struct Base64URLTests {
    /// RFC 4648 §10 test vectors, without padding.
    @Test(arguments: [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy")])
    func rfc4648Vectors(plain: String, encoded: String) {
        #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
        #expect(Base64URL.decode(encoded) == Array(plain.utf8))
    }

    @Test func urlSafeAlphabet() {
        // 0xfb 0xff → "+/8" in standard base64, "-_8" in base64url.
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(Base64URL.decode("-_8") == [0xFB, 0xFF])
    }

    @Test(arguments: ["Zg==", "Zm9v+", "Zm9v/", "Z", "Zm9vY", "Zm 9v", "Zh", "Zm9"])
    func rejectsNonCanonicalInput(text: String) {
        // Padding, standard-alphabet characters, impossible lengths (4k+1), whitespace, and
        // non-zero trailing bits ("Zh" and "Zm9" would alias "Zg" and "Zm8").
        #expect(Base64URL.decode(text) == nil)
    }

    @Test func roundTripsAnyBytes() async {
        await propertyCheck(input: Gen.uint8().array(of: 0...80)) { bytes in
            let text = Base64URL.encode(bytes)
            #expect(Base64URL.decode(text) == bytes)
            #expect(text.utf8.count == (bytes.count * 4 + 2) / 3)
        }
    }
}

@Suite("Small JSON reader and writer")
struct JSONTests {
    @Test func parsesClaimShapes() {
        let json = JSONValue.parse(Array(#"{"a":"x\"y\u00e9","n":-12,"d":1.5,"b":true,"z":null,"l":["p","q"]}"#.utf8))
        #expect(json?["a"] == .string("x\"yé"))
        #expect(json?["n"] == .integer(-12))
        #expect(json?["d"] == .number(1.5))
        #expect(json?["b"] == .bool(true))
        #expect(json?["z"] == .null)
        #expect(json?["l"] == .array([.string("p"), .string("q")]))
    }

    @Test(arguments: [#"{"a":1,"a":2}"#, #"{"a":1"#, #"{"a":01}"#, #"{"a":1} x"#, #"{a:1}"#, "", #"["\u0001"]"#.replacingOccurrences(of: "\\u0001", with: "\u{01}")])
    func rejectsMalformed(text: String) {
        #expect(JSONValue.parse(Array(text.utf8)) == nil)
    }

    @Test func rejectsInvalidUTF8AndReadsSurrogatePairs() {
        #expect(JSONValue.parse([0x22, 0xC3, 0x28, 0x22]) == nil) // "\xC3(" is not UTF-8 (RFC 8725 §3.7)
        #expect(JSONValue.parse(Array(#""\ud83c\udfac""#.utf8)) == .string("🎬"))
        #expect(JSONValue.parse(Array(#""\ud83c""#.utf8)) == nil) // lone high surrogate
    }

    @Test func benchWorkloadsDoTheirWork() {
        // The bench command times these; here only their results are checked.
        #expect(AuthorizationBenchmark.verify(algorithm: .es256, iterations: 3) == 3)
        #expect(AuthorizationBenchmark.verifyCached(algorithm: .hs256, iterations: 5) == 5)
        #expect(AuthorizationBenchmark.sign(algorithm: .edDSA, iterations: 2) > 0)
    }

    @Test func writerEscapesAndParserReadsBack() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("s", "quote\" back\\ nl\n tab\t bell\u{07}")
        writer.member("i", Int64(-5))
        writer.endObject()
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(text == #"{"s":"quote\" back\\ nl\n tab\t bell\u0007","i":-5}"#)
        #expect(JSONValue.parse(writer.bytes)?["s"] == .string("quote\" back\\ nl\n tab\t bell\u{07}"))
    }
}
