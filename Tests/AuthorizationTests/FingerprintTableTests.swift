import Testing
import PropertyBased
@testable import Authorization

/// The memo's open-addressing table against `Dictionary` (the previous store): the same answers
/// after any sequence of inserts, replacements and rebuilds, including keys whose fingerprints
/// collide (forced here: few distinct fingerprints for many texts).
@Suite("Verified-token memo table")
struct FingerprintTableTests {
    static func claims(_ id: Int) -> VerifiedClaims {
        VerifiedClaims(AccessTokenClaims(issuer: "i", subject: "s\(id)", audience: ["a"], clientID: "c", issuedAt: 0,
                                         expiresAt: Int64(id), tokenID: "t\(id)", scope: .empty))
    }

    @Test func tableAnswersLikeADictionary() async {
        // (text id, fingerprint id, value id, keep-threshold): fingerprints 0...3 for texts 0...40.
        await propertyCheck(count: 150, input: Gen.int(in: 0...40).array(of: 0...120), Gen.int(in: 0...3), Gen.int(in: 0...40)) { texts, fingerprintSpread, cutoff in
            var table = FingerprintTable()
            var reference: [String: (UInt64, Int)] = [:]
            for (step, text) in texts.enumerated() {
                let fingerprint = UInt64(text % (fingerprintSpread + 1)) &* 0x9E37_79B9_7F4A_7C15
                let key = VerifiedTokenMemo.Key(text: "token-\(text)", fingerprint: fingerprint)
                table.set(Self.claims(step), for: key)
                reference[key.text] = (fingerprint, step)
                if step % 37 == 36 {
                    table = table.filter { $0.claims.expiresAt >= Int64(cutoff) }
                    reference = reference.filter { $0.value.1 >= cutoff }
                }
            }
            #expect(table.count == reference.count)
            for text in 0...40 {
                let fingerprint = UInt64(text % (fingerprintSpread + 1)) &* 0x9E37_79B9_7F4A_7C15
                let found = table.value(for: VerifiedTokenMemo.Key(text: "token-\(text)", fingerprint: fingerprint))
                #expect(found?.claims.expiresAt == reference["token-\(text)"].map { Int64($0.1) })
                // Same text, another fingerprint: not the same key.
                #expect(table.value(for: VerifiedTokenMemo.Key(text: "token-\(text)", fingerprint: fingerprint &+ 1)) == nil)
            }
        }
    }

    @Test func realKeysFindTheirEntries() {
        var table = FingerprintTable()
        for id in 0..<2_000 { table.set(Self.claims(id), for: VerifiedTokenMemo.Key(text: "eyJhbGciOi.\(id).signature-\(id * 7)")) }
        #expect(table.count == 2_000)
        for id in stride(from: 0, to: 2_000, by: 97) {
            #expect(table.value(for: VerifiedTokenMemo.Key(text: "eyJhbGciOi.\(id).signature-\(id * 7)"))?.claims.subject == "s\(id)")
        }
        #expect(table.value(for: VerifiedTokenMemo.Key(text: "eyJhbGciOi.x.signature")) == nil)
    }
}
