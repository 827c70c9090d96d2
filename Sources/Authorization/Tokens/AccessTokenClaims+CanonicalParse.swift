/// A byte-level reader for claim sets in the exact layout ``AccessTokenClaims/jsonBytes()`` writes
/// (`{"iss":…,"sub":…,"aud":…,"client_id":…,"iat":…[,"nbf":…],"exp":…,"jti":…[,"scope":…]}`, no
/// whitespace, strings of printable ASCII without escapes, integers without leading zeros).
///
/// Why: the general path (``JSONValue/parse(_:maximumDepth:)``, a tree of `JSONValue`s, a `String`
/// per key) cost ~50k instructions per first-seen token. Every token the simulated OAuth server
/// issues has this layout, so the reader handles them in one pass with no intermediate values.
///
/// Why the answer cannot differ: the reader accepts only a strict subset of JSON (one fixed
/// member order, no duplicates, no escapes or non-ASCII bytes, no numbers it would have to round)
/// on which the general parser yields the same members and values; on anything else it returns
/// `nil` and ``AccessTokenClaims/init(jsonBytes:)`` runs the general parser, so odd but valid
/// claim sets (other member orders, escapes, whitespace, unknown members) and invalid ones get the
/// same answer as before. `PropertyTests` checks both paths agree on generated and mutated inputs.
enum CanonicalClaimsReader {
    /// The claims of `bytes` if they are in the canonical layout, else `nil` (use the general parser).
    static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> AccessTokenClaims? {
        var cursor = Cursor(bytes: bytes)
        guard cursor.take(UInt8(ascii: "{")),
              cursor.key("\"iss\":"), let iss = cursor.string(),
              cursor.key(",\"sub\":"), let sub = cursor.string(),
              cursor.key(",\"aud\":") else { return nil }
        var audience: [String] = []
        if cursor.peek == UInt8(ascii: "[") {
            cursor.index += 1
            repeat {
                guard let value = cursor.string() else { return nil }
                audience.append(value)
            } while cursor.take(UInt8(ascii: ","))
            guard cursor.take(UInt8(ascii: "]")) else { return nil }
        } else {
            guard let value = cursor.string() else { return nil }
            audience = [value]
        }
        guard cursor.key(",\"client_id\":"), let clientID = cursor.string(),
              cursor.key(",\"iat\":"), let iat = cursor.integer() else { return nil }
        var notBefore: Int64?
        if cursor.key(",\"nbf\":") {
            guard let nbf = cursor.integer() else { return nil }
            notBefore = nbf
        }
        guard cursor.key(",\"exp\":"), let exp = cursor.integer(),
              cursor.key(",\"jti\":"), let jti = cursor.string() else { return nil }
        var scope = ScopeSet.empty
        if cursor.key(",\"scope\":") {
            guard let text = cursor.string(), let parsed = ScopeSet(parsing: text) else { return nil }
            scope = parsed
        }
        guard cursor.take(UInt8(ascii: "}")), cursor.index == bytes.count else { return nil }
        return AccessTokenClaims(issuer: iss, subject: sub, audience: audience, clientID: clientID, issuedAt: iat,
                                 notBefore: notBefore, expiresAt: exp, tokenID: jti, scope: scope)
    }

    struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// Consumes `literal` (a member separator and key) if the bytes continue with it.
        mutating func key(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            let expected = literal.utf8Start
            for offset in 0..<count where bytes[index + offset] != expected[offset] { return false }
            index += count
            return true
        }

        /// A string of printable ASCII other than `"` and `\` (anything else: not canonical).
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                    index += 1
                    return text
                }
                guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\\") else { return nil }
                index += 1
            }
            return nil
        }

        /// An integer of at most 18 digits (no overflow possible), no leading zero, optional `-`,
        /// and not followed by a fraction or exponent (those the general parser reads as numbers).
        mutating func integer() -> Int64? {
            let negative = take(UInt8(ascii: "-"))
            let start = index
            var value: Int64 = 0
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                value = value * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
                index += 1
                if index - start > 18 { return nil }
            }
            let digits = index - start
            guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
            if let next = peek, next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") { return nil }
            return negative ? -value : value
        }
    }
}
