/// The memo's map from token text to verified claims: open addressing with linear probing on the
/// key's fingerprint (``VerifiedTokenMemo/Key``), one array of slots.
///
/// Why not `Dictionary<Key, VerifiedClaims>`: every gateway request probed it, and `Hasher`
/// (SipHash over the fingerprint) plus the generic probe cost ~430 instructions per look-up; here a
/// look-up is a mask, a few integer comparisons and one text comparison on a fingerprint match.
/// Same answers: a key is found exactly when an entry with the same fingerprint and the same text
/// was stored, as `Key`'s `==` decides for the dictionary. Iteration order is never observable
/// (only look-ups and a rebuild that keeps entries by value).
///
/// Why one array of slots (fingerprint, text, claims together; an empty slot has no claims) rather
/// than four parallel arrays: a long run holds tens of thousands of live tokens, far beyond the
/// caches, and a look-up then missed the cache once per array; a slot is 32 bytes, one line.
struct FingerprintTable: Sendable {
    struct Slot: Sendable {
        var fingerprint: UInt64
        var text: String
        /// `nil`: the slot is empty.
        var value: VerifiedClaims?
    }

    private(set) var slots: [Slot]
    /// Entries held.
    private(set) var count = 0

    /// An empty table with room for `capacity` entries before it grows.
    init(capacity: Int = 8) {
        var size = 16
        while size < 2 * capacity { size *= 2 }
        slots = Array(repeating: Slot(fingerprint: 0, text: "", value: nil), count: size)
    }

    @inline(__always) private func home(_ fingerprint: UInt64) -> Int {
        // FNV-1a's low bits are weak for the last bytes; fold the high half in.
        Int(truncatingIfNeeded: fingerprint ^ (fingerprint >> 32)) & (slots.count - 1)
    }

    /// The value stored for `key`, if any.
    func value(for key: VerifiedTokenMemo.Key) -> VerifiedClaims? {
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var index = home(key.fingerprint)
            while let value = slots[index].value {
                // `==` on the same string storage (the client's token, remembered at its first
                // sight) is decided on the references, without reading the text.
                if slots[index].fingerprint == key.fingerprint && slots[index].text == key.text { return value }
                index = (index + 1) & mask
            }
            return nil
        }
    }

    /// Stores `value` for `key`, replacing the value of an equal key.
    mutating func set(_ value: VerifiedClaims, for key: VerifiedTokenMemo.Key) {
        if 2 * (count + 1) > slots.count { grow() }
        let mask = slots.count - 1
        var index = home(key.fingerprint)
        while slots[index].value != nil {
            if slots[index].fingerprint == key.fingerprint && slots[index].text == key.text {
                slots[index].value = value
                return
            }
            index = (index + 1) & mask
        }
        slots[index] = Slot(fingerprint: key.fingerprint, text: key.text, value: value)
        count += 1
    }

    /// A table of the entries whose value satisfies `keep`.
    func filter(_ keep: (VerifiedClaims) -> Bool) -> FingerprintTable {
        var kept = FingerprintTable(capacity: count)
        for slot in slots {
            if let value = slot.value, keep(value) { kept.set(value, for: VerifiedTokenMemo.Key(text: slot.text, fingerprint: slot.fingerprint)) }
        }
        return kept
    }

    private mutating func grow() {
        var bigger = FingerprintTable(capacity: slots.count)
        for slot in slots {
            if let value = slot.value { bigger.set(value, for: VerifiedTokenMemo.Key(text: slot.text, fingerprint: slot.fingerprint)) }
        }
        self = bigger
    }
}
