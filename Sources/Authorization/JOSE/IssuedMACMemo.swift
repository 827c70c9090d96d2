/// The HS256 codes a signing key computed recently, each with the exact bytes it covers, so that a
/// verification of one of its own tokens is answered without computing the same HMAC again.
///
/// Not a modelled cache: in the simulated platform the authorization server signs every access
/// token and a gateway verifies it at first sight, two HMAC-SHA256 computations over the same
/// ~340 bytes with the same secret (each ~21 k instructions: 0.9 G of the 15-min reference run,
/// round 8). HMAC is deterministic, so when the token's signature equals a code this key computed
/// and the signing input equals, byte for byte, the input it computed it over, the verification's
/// answer is `true` without running it. Every other token — forged, tampered (a real signature
/// over other bytes), signed by another key, or evicted from the memo — is verified in full, so no
/// answer can differ. The validator still counts the verification (``TokenValidator/signatureVerifications``).
///
/// Shape: 4,096 direct-mapped slots indexed by the code's first bits (a MAC is uniformly
/// distributed); a newer code overwrites an older one in its slot (a miss only costs the full
/// HMAC). With 512 slots the 4-min reference run still computed ~30 % of its first-sight
/// verifications (a token's slot reused by later logins before its first use, during the
/// on-sale's login burst). Memory is bounded: 4,096 × (40 + one signing-input buffer, ~500
/// bytes) ≈ 2.2 MB per signing key.
/// Shared by the ``SigningKey`` and the ``VerificationKey``s derived from it (a reference in
/// ``PreparedHMAC``). Single-threaded use, like every sans-I/O core.
final class IssuedMACMemo: @unchecked Sendable {
    struct Slot {
        /// The code's 32 bytes as four words (all zero in an unused slot, whose input is empty).
        var mac: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        /// The signing input the code covers (empty: unused; a signing input never is).
        var input: [UInt8] = []
    }

    static let slotCount = 4_096
    private var slots = [Slot](repeating: Slot(), count: IssuedMACMemo.slotCount)

    /// Codes recorded so far; answers given from the memo so far (diagnostics and tests).
    private(set) var recorded = 0
    private(set) var hits = 0

    init() {}

    /// The four words of a 32-byte code, `nil` for any other length.
    @inline(__always) static func words(_ mac: UnsafeRawBufferPointer) -> (UInt64, UInt64, UInt64, UInt64)? {
        guard mac.count == 32 else { return nil }
        return (mac.loadUnaligned(fromByteOffset: 0, as: UInt64.self), mac.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                mac.loadUnaligned(fromByteOffset: 16, as: UInt64.self), mac.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
    }

    @inline(__always) static func slot(of words: (UInt64, UInt64, UInt64, UInt64)) -> Int {
        Int(truncatingIfNeeded: words.0) & (slotCount - 1)
    }

    /// Remembers that this key's HMAC over `input` is `mac` (32 bytes; anything else is ignored).
    /// `input` is kept by reference (copy-on-write).
    func record(mac: [UInt8], over input: [UInt8]) {
        guard !input.isEmpty, let words = mac.withUnsafeBytes({ Self.words($0) }) else { return }
        slots[Self.slot(of: words)] = Slot(mac: words, input: input)
        recorded += 1
    }

    /// Whether `mac` is a code this key recorded over exactly the bytes `input`.
    func contains(mac: [UInt8], over input: UnsafeRawBufferPointer) -> Bool {
        guard let words = mac.withUnsafeBytes({ Self.words($0) }) else { return false }
        let index = Self.slot(of: words)
        let stored = slots[index].mac
        guard stored.0 == words.0, stored.1 == words.1, stored.2 == words.2, stored.3 == words.3 else { return false }
        let matches = slots[index].input.withUnsafeBytes { kept in
            kept.count == input.count && kept.count > 0 && memoryEqual(kept.baseAddress!, input.baseAddress!, kept.count)
        }
        if matches { hits += 1 }
        return matches
    }

    /// Byte-wise equality of two buffers of `count` bytes, a word at a time.
    @inline(__always) private func memoryEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
        var offset = 0
        while offset + 8 <= count {
            if a.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != b.loadUnaligned(fromByteOffset: offset, as: UInt64.self) { return false }
            offset += 8
        }
        while offset < count {
            if a.load(fromByteOffset: offset, as: UInt8.self) != b.load(fromByteOffset: offset, as: UInt8.self) { return false }
            offset += 1
        }
        return true
    }
}
