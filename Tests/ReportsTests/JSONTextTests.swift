import Foundation
import Testing
@testable import Reports

/// `JSONText.string` (RFC 8259 §7): its fast path for text with nothing to escape must give what
/// the escaping loop gives, and every escaped text must parse back to the original with
/// Foundation's JSON parser (an independent reader).
@Suite struct JSONTextTests {
    @Test(arguments: [
        ("plain", "\"plain\""),
        ("GET /api/funciones/{id}", "\"GET /api/funciones/{id}\""),
        ("Película ñandú 🎬", "\"Película ñandú 🎬\""),
        ("a\"b", "\"a\\\"b\""),
        ("back\\slash", "\"back\\\\slash\""),
        ("line\nbreak\r\ttab", "\"line\\nbreak\\r\\ttab\""),
        ("\u{01}\u{1f}", "\"\\u0001\\u001f\""),
        ("", "\"\""),
    ])
    func escapesPerRFC8259(text: String, expected: String) throws {
        let encoded = JSONText.string(text)
        #expect(encoded == expected)
        let decoded = try JSONSerialization.jsonObject(with: Data("[\(encoded)]".utf8)) as? [String]
        #expect(decoded == [text])
    }

    /// Random strings over a mix of plain ASCII, characters that need escaping and non-ASCII
    /// scalars round-trip through Foundation's parser (both paths are exercised).
    @Test func randomTextRoundTrips() throws {
        let alphabet: [Character] = ["a", "Z", "0", " ", "/", "{", "\"", "\\", "\n", "\u{7}", "ñ", "€", "🎬", "\u{7f}"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<500 {
            var text = ""
            state = state &* 6364136223846793005 &+ 1442695040888963407
            for _ in 0..<Int(state >> 59) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            let encoded = JSONText.string(text)
            let decoded = try JSONSerialization.jsonObject(with: Data("[\(encoded)]".utf8)) as? [String]
            #expect(decoded == [text], "\(text.debugDescription) → \(encoded)")
        }
    }
}
