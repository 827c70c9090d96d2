/// JWS compact serialisation (RFC 7515 §3.1, §7.1): `BASE64URL(header) '.' BASE64URL(payload) '.'
/// BASE64URL(signature)`.
///
/// ```swift
/// let token = JWSCompact.sign(header: headerJSON, payload: claimsJSON, key: signingKey)
/// let parts = try JWSCompact.split(token)        // header and payload bytes, signature, signing input
/// key.verificationKey.verify(signature: parts.signature, over: parts.signingInput)
/// ```
public enum JWSCompact {
    /// The three decoded parts of a compact JWS, plus the signing input the signature covers.
    public struct Parts: Sendable {
        /// The decoded protected header (UTF-8 JSON).
        public var header: [UInt8]
        /// The decoded payload (UTF-8 JSON claims for a JWT).
        public var payload: [UInt8]
        /// The decoded signature bytes.
        public var signature: [UInt8]
        /// The ASCII bytes `BASE64URL(header).BASE64URL(payload)` the signature covers.
        public var signingInput: ArraySlice<UInt8>
    }

    /// Why a compact serialisation did not split.
    public enum SplitError: Error, Sendable, Equatable {
        /// Not exactly three dot-separated segments (a JWE has five; RFC 7516 is out of scope).
        case wrongSegmentCount
        /// A segment is not canonical unpadded base64url.
        case badBase64URL
        /// The header or payload segment is empty.
        case emptySegment
    }

    /// Signs `payload` under `header` (both UTF-8 JSON) with `key` and returns the compact token.
    public static func sign(header: [UInt8], payload: [UInt8], key: SigningKey) -> String {
        var segment: [UInt8] = []
        Base64URL.append(header, to: &segment)
        return sign(encodedHeader: segment, payload: payload, key: key)
    }

    /// ``sign(header:payload:key:)`` with the header already base64url-encoded (an issuer's header
    /// is the same for every token of a key, so it is encoded once). One buffer holds the whole
    /// token: no intermediate `String`s.
    public static func sign(encodedHeader: [UInt8], payload: [UInt8], key: SigningKey) -> String {
        var input = [UInt8]()
        input.reserveCapacity(encodedHeader.count + 1 + (payload.count * 4 + 2) / 3 + 1 + 88)
        input.append(contentsOf: encodedHeader)
        input.append(UInt8(ascii: "."))
        Base64URL.append(payload, to: &input)
        let signature = key.sign(input)
        input.append(UInt8(ascii: "."))
        Base64URL.append(signature, to: &input)
        return String(decoding: input, as: UTF8.self)
    }

    /// The positions of the two dots of a compact JWS in `bytes`.
    /// - Throws: ``SplitError/wrongSegmentCount`` unless there are exactly two, and
    ///   ``SplitError/emptySegment`` when the header or payload segment is empty.
    ///
    /// Scans eight bytes at a time (a word with no `.` is skipped after one test: ~0.2 k instead of
    /// ~1.9 k instructions for a 400-byte token, round 8); a word holding a dot is rescanned byte by byte.
    static func dots(_ bytes: UnsafeBufferPointer<UInt8>) throws(SplitError) -> (first: Int, second: Int) {
        var first = -1, second = -1
        let count = bytes.count
        var start = 0
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            let dots: UInt64 = 0x2E2E_2E2E_2E2E_2E2E, ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            while start + 8 <= count {
                let word = raw.loadUnaligned(fromByteOffset: start, as: UInt64.self) ^ dots
                // Non-zero exactly when some byte of `word` is zero, i.e. some byte was a dot.
                if (word &- ones) & ~word & highs != 0 {
                    for index in start..<(start + 8) where bytes[index] == UInt8(ascii: ".") {
                        if first < 0 { first = index } else if second < 0 { second = index } else { throw .wrongSegmentCount }
                    }
                }
                start += 8
            }
        }
        for index in start..<count where bytes[index] == UInt8(ascii: ".") {
            if first < 0 { first = index } else if second < 0 { second = index } else { throw .wrongSegmentCount }
        }
        guard second >= 0 else { throw .wrongSegmentCount }
        guard first > 0, second > first + 1 else { throw .emptySegment }
        return (first, second)
    }

    /// Splits and decodes `token`.
    /// - Throws: ``SplitError`` when the token is not three canonical base64url segments. An empty
    ///   signature segment splits (an `alg: none` token has one) and is rejected later by the
    ///   algorithm check.
    public static func split(_ token: String) throws(SplitError) -> Parts {
        let bytes = Array(token.utf8)
        let (first, second) = try bytes.withUnsafeBufferPointer { buffer throws(SplitError) in try dots(buffer) }
        guard let header = Base64URL.decode(utf8: bytes[0..<first]),
              let payload = Base64URL.decode(utf8: bytes[(first + 1)..<second]),
              let signature = Base64URL.decode(utf8: bytes[(second + 1)...]) else { throw .badBase64URL }
        return Parts(header: header, payload: payload, signature: signature, signingInput: bytes[0..<second])
    }
}
