/// The memo's map from token text to verified claims: open addressing with linear probing on the
/// key's fingerprint (``VerifiedTokenMemo/Key``), in parallel arrays.
///
/// Why not `Dictionary<Key, VerifiedClaims>`: every gateway request probed it, and `Hasher`
/// (SipHash over the fingerprint) plus the generic probe cost ~430 instructions per look-up; here a
/// look-up is a mask, a few integer comparisons and one text comparison on a fingerprint match.
/// Same answers: a key is found exactly when an entry with the same fingerprint and the same text
/// was stored, as `Key`'s `==` decides for the dictionary. Iteration order is never observable
/// (only look-ups and a rebuild that keeps entries by value).
struct FingerprintTable: Sendable {
    private(set) var fingerprints: [UInt64]
    private(set) var texts: [String]
    private(set) var values: [VerifiedClaims?]
    private(set) var occupied: [Bool]
    /// Entries held.
    private(set) var count = 0

    /// An empty table with room for `capacity` entries before it grows.
    init(capacity: Int = 8) {
        var slots = 16
        while slots < 2 * capacity { slots *= 2 }
        fingerprints = Array(repeating: 0, count: slots)
        texts = Array(repeating: "", count: slots)
        values = Array(repeating: nil, count: slots)
        occupied = Array(repeating: false, count: slots)
    }

    @inline(__always) private func home(_ fingerprint: UInt64) -> Int {
        // FNV-1a's low bits are weak for the last bytes; fold the high half in.
        Int(truncatingIfNeeded: fingerprint ^ (fingerprint >> 32)) & (occupied.count - 1)
    }

    /// The value stored for `key`, if any.
    func value(for key: VerifiedTokenMemo.Key) -> VerifiedClaims? {
        let mask = occupied.count - 1
        var index = home(key.fingerprint)
        while occupied[index] {
            if fingerprints[index] == key.fingerprint && texts[index] == key.text { return values[index] }
            index = (index + 1) & mask
        }
        return nil
    }

    /// Stores `value` for `key`, replacing the value of an equal key.
    mutating func set(_ value: VerifiedClaims, for key: VerifiedTokenMemo.Key) {
        if 2 * (count + 1) > occupied.count { grow() }
        let mask = occupied.count - 1
        var index = home(key.fingerprint)
        while occupied[index] {
            if fingerprints[index] == key.fingerprint && texts[index] == key.text {
                values[index] = value
                return
            }
            index = (index + 1) & mask
        }
        occupied[index] = true
        fingerprints[index] = key.fingerprint
        texts[index] = key.text
        values[index] = value
        count += 1
    }

    /// A table of the entries whose value satisfies `keep`.
    func filter(_ keep: (VerifiedClaims) -> Bool) -> FingerprintTable {
        var kept = FingerprintTable(capacity: count)
        for index in occupied.indices where occupied[index] {
            let value = values[index]!
            if keep(value) { kept.set(value, for: VerifiedTokenMemo.Key(text: texts[index], fingerprint: fingerprints[index])) }
        }
        return kept
    }

    private mutating func grow() {
        var bigger = FingerprintTable(capacity: occupied.count)
        for index in occupied.indices where occupied[index] {
            bigger.set(values[index]!, for: VerifiedTokenMemo.Key(text: texts[index], fingerprint: fingerprints[index]))
        }
        self = bigger
    }
}
