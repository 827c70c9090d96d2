/// Base64url without padding (RFC 4648 §5, as JWS requires in RFC 7515 §2), written by hand so the
/// core needs no Foundation and decoding is strict: no padding, no whitespace, no characters
/// outside `A–Z a–z 0–9 - _`, and no length of the form 4k+1 (which no byte string encodes to).
/// Non-canonical trailing bits are rejected too, so one byte string has exactly one encoding
/// (a tampered last character never decodes to the same signature).
///
/// ```swift
/// Base64URL.encode(Array("hi?".utf8))   // "aGk_"
/// Base64URL.decode("aGk_")              // [0x68, 0x69, 0x3f]
/// ```
public enum Base64URL {
    @usableFromInline static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    @usableFromInline static let reverse: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, char) in alphabet.enumerated() { table[Int(char)] = UInt8(index) }
        return table
    }()

    /// The unpadded base64url text of `bytes`.
    public static func encode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out = [UInt8]()
        append(bytes, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the unpadded base64url text of `bytes` to `out` (ASCII bytes). Contiguous inputs
    /// take a pointer loop, three bytes at a time (the iterator version cost ~30 instructions a byte).
    public static func append<Bytes: Collection>(_ bytes: Bytes, to out: inout [UInt8]) where Bytes.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { appendContiguous($0, to: &out) }
        if done == nil { appendContiguous(Array(bytes), to: &out) }
    }

    static func appendContiguous(_ bytes: [UInt8], to out: inout [UInt8]) {
        bytes.withUnsafeBufferPointer { appendContiguous($0, to: &out) }
    }

    static func appendContiguous(_ input: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let count = input.count
        let outCount = (count / 3) * 4 + (count % 3 == 0 ? 0 : count % 3 + 1)
        let base = out.count
        // Grow once, then write through a pointer (an `append` per character checked capacity and
        // uniqueness each time).
        out.append(contentsOf: repeatElement(0, count: outCount))
        alphabet.withUnsafeBufferPointer { alphabet in
            out.withUnsafeMutableBufferPointer { buffer in
                var i = 0, o = base
                while i + 3 <= count {
                    let word = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
                    buffer[o] = alphabet[Int(word >> 18)]
                    buffer[o + 1] = alphabet[Int((word >> 12) & 0x3F)]
                    buffer[o + 2] = alphabet[Int((word >> 6) & 0x3F)]
                    buffer[o + 3] = alphabet[Int(word & 0x3F)]
                    i += 3
                    o += 4
                }
                switch count - i {
                case 1:
                    let b0 = input[i]
                    buffer[o] = alphabet[Int(b0 >> 2)]
                    buffer[o + 1] = alphabet[Int((b0 & 0x03) << 4)]
                case 2:
                    let b0 = input[i], b1 = input[i + 1]
                    buffer[o] = alphabet[Int(b0 >> 2)]
                    buffer[o + 1] = alphabet[Int(((b0 & 0x03) << 4) | (b1 >> 4))]
                    buffer[o + 2] = alphabet[Int((b1 & 0x0F) << 2)]
                default: break
                }
            }
        }
    }

    /// The bytes `text` encodes, or `nil` when it is not canonical unpadded base64url.
    public static func decode<Text: StringProtocol>(_ text: Text) -> [UInt8]? {
        decode(utf8: text.utf8)
    }

    /// The bytes the UTF-8 code units `utf8` encode, or `nil` when not canonical unpadded base64url.
    public static func decode<Units: Collection>(utf8: Units) -> [UInt8]? where Units.Element == UInt8 {
        if let result = utf8.withContiguousStorageIfAvailable({ decodeContiguous($0) }) { return result }
        return Array(utf8).withUnsafeBufferPointer { decodeContiguous($0) }
    }

    /// ``decode(utf8:)`` over contiguous code units: four characters to three bytes per step, with
    /// the same rules (no length 4k+1, alphabet only, zero leftover bits).
    static func decodeContiguous(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let count = text.count
        if count % 4 == 1 { return nil }
        let outCount = count / 4 * 3 + (count % 4 == 0 ? 0 : count % 4 - 1)
        return reverse.withUnsafeBufferPointer { table -> [UInt8]? in
            var valid = true
            let out = [UInt8](unsafeUninitializedCapacity: outCount) { buffer, initialised in
                var i = 0, o = 0
                while i + 4 <= count {
                    let a = table[Int(text[i])], b = table[Int(text[i + 1])], c = table[Int(text[i + 2])], d = table[Int(text[i + 3])]
                    if (a | b | c | d) & 0xC0 != 0 { valid = false; break }
                    let word = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                    buffer[o] = UInt8(truncatingIfNeeded: word >> 16)
                    buffer[o + 1] = UInt8(truncatingIfNeeded: word >> 8)
                    buffer[o + 2] = UInt8(truncatingIfNeeded: word)
                    i += 4
                    o += 3
                }
                if valid {
                    switch count - i {
                    case 2:
                        let a = table[Int(text[i])], b = table[Int(text[i + 1])]
                        // Leftover bits must be zero, or two encodings would decode to the same bytes.
                        if (a | b) & 0xC0 != 0 || b & 0x0F != 0 { valid = false; break }
                        buffer[o] = a << 2 | b >> 4
                        o += 1
                    case 3:
                        let a = table[Int(text[i])], b = table[Int(text[i + 1])], c = table[Int(text[i + 2])]
                        if (a | b | c) & 0xC0 != 0 || c & 0x03 != 0 { valid = false; break }
                        buffer[o] = a << 2 | b >> 4
                        buffer[o + 1] = (b & 0x0F) << 4 | c >> 2
                        o += 2
                    default: break
                    }
                }
                // Bytes are plain integers: a partly written buffer needs no cleanup.
                initialised = valid ? o : 0
            }
            return valid ? out : nil
        }
    }
}
