/// Stable 64-bit FNV-1a hash of a name's UTF-8 bytes.
///
/// Used to derive per-component random streams (DESIGN §2). Unlike Swift's `Hasher`, which is
/// seeded randomly per process, FNV-1a gives the same value in every process and on every
/// machine. Parameters: offset basis 0xcbf29ce484222325, prime 0x100000001b3 (FNV spec,
/// draft-eastlake-fnv).
///
/// ```swift
/// StableHash.fnv1a64("")   // 0xcbf29ce484222325
/// StableHash.fnv1a64("a")  // 0xaf63dc4c8601ec8c
/// ```
public enum StableHash {
    /// The FNV-1a 64-bit hash of `name`'s UTF-8 encoding.
    @inlinable public static func fnv1a64(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
