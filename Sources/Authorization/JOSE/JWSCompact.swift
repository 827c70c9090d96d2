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
        var input = Array(Base64URL.encode(header).utf8)
        input.append(UInt8(ascii: "."))
        input.append(contentsOf: Base64URL.encode(payload).utf8)
        let signature = key.sign(input)
        input.append(UInt8(ascii: "."))
        input.append(contentsOf: Base64URL.encode(signature).utf8)
        return String(decoding: input, as: UTF8.self)
    }

    /// Splits and decodes `token`.
    /// - Throws: ``SplitError`` when the token is not three canonical base64url segments. An empty
    ///   signature segment splits (an `alg: none` token has one) and is rejected later by the
    ///   algorithm check.
    public static func split(_ token: String) throws(SplitError) -> Parts {
        let bytes = Array(token.utf8)
        var dots: [Int] = []
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: ".") {
            dots.append(index)
            if dots.count > 2 { throw .wrongSegmentCount }
        }
        guard dots.count == 2 else { throw .wrongSegmentCount }
        let headerText = bytes[0..<dots[0]]
        let payloadText = bytes[(dots[0] + 1)..<dots[1]]
        let signatureText = bytes[(dots[1] + 1)...]
        guard !headerText.isEmpty, !payloadText.isEmpty else { throw .emptySegment }
        guard let header = Base64URL.decode(utf8: headerText),
              let payload = Base64URL.decode(utf8: payloadText),
              let signature = Base64URL.decode(utf8: signatureText) else { throw .badBase64URL }
        return Parts(header: header, payload: payload, signature: signature, signingInput: bytes[0..<dots[1]])
    }
}
