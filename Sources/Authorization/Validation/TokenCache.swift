import SimulationPrimitives

/// A bounded cache of per-token results whose entries never outlive the token (`exp`), as real
/// gateways keep for validated JWTs and introspection responses (RFC 7662 §4; case F11 check
/// "`cache_expiry <= token.exp` for 100 % of entries").
///
/// An entry stored at `now` expires at `min(now + timeToLive, tokenExpiry)`. When full, the oldest
/// inserted entry is evicted (FIFO), so eviction order depends only on call order, never on hash
/// order (DESIGN §2). Lookups are dictionary lookups keyed by the token text.
///
/// ```swift
/// var cache = TokenCache<AccessTokenClaims>(capacity: 10_000, timeToLive: .minutes(2))
/// cache.insert(claims, forToken: token, tokenExpiry: expInstant, now: now)
/// cache.lookup(token, now: now)   // claims until min(now+2m, exp)
/// ```
public struct TokenCache<Value: Sendable>: Sendable {
    /// Upper bound on entries.
    public let capacity: Int
    /// Upper bound on an entry's age; `nil` bounds entries by the token's expiry alone.
    public let timeToLive: SimDuration?

    struct Entry: Sendable {
        var value: Value
        var expiresAt: SimTime
        var serial: UInt64
    }

    var entries: [String: Entry] = [:]
    /// Insertion order ring for FIFO eviction: (token, serial of the insertion).
    var order: [(token: String, serial: UInt64)] = []
    var orderHead = 0
    var nextSerial: UInt64 = 0

    /// Hits, misses (absent or expired) and evictions since creation, for metrics.
    public private(set) var hits = 0, misses = 0, evictions = 0

    /// A cache of at most `capacity` entries (> 0), each at most `timeToLive` old.
    public init(capacity: Int, timeToLive: SimDuration?) {
        precondition(capacity > 0, "TokenCache capacity must be positive")
        self.capacity = capacity
        self.timeToLive = timeToLive
    }

    /// The number of entries held (some may be expired but not yet collected).
    public var count: Int { entries.count }

    /// The cached value for `token` if its entry has not expired at `now`.
    public mutating func lookup(_ token: String, now: SimTime) -> Value? {
        guard let entry = entries[token] else { misses += 1; return nil }
        if now >= entry.expiresAt {
            entries[token] = nil
            misses += 1
            return nil
        }
        hits += 1
        return entry.value
    }

    /// The expiry instant of `token`'s entry, if present (for invariant checks).
    public func expiry(of token: String) -> SimTime? { entries[token]?.expiresAt }

    /// Stores `value` for `token` until `min(now + timeToLive, tokenExpiry)`; does nothing if that
    /// is not after `now`. Returns the entry's expiry, or `nil` when nothing was stored.
    @discardableResult
    public mutating func insert(_ value: Value, forToken token: String, tokenExpiry: SimTime, now: SimTime) -> SimTime? {
        var expiresAt = tokenExpiry
        if let timeToLive, now + timeToLive < expiresAt { expiresAt = now + timeToLive }
        guard expiresAt > now else { return nil }
        nextSerial += 1
        entries[token] = Entry(value: value, expiresAt: expiresAt, serial: nextSerial)
        order.append((token, nextSerial))
        while entries.count > capacity { evictOldest() }
        compactOrderIfNeeded()
        return expiresAt
    }

    /// Drops `token`'s entry (e.g. after a revocation is learnt).
    public mutating func remove(_ token: String) { entries[token] = nil }

    /// Drops every entry.
    public mutating func removeAll() {
        entries.removeAll()
        order.removeAll()
        orderHead = 0
    }

    mutating func evictOldest() {
        while orderHead < order.count {
            let candidate = order[orderHead]
            orderHead += 1
            // Skip ring slots whose entry was replaced or removed since.
            if let entry = entries[candidate.token], entry.serial == candidate.serial {
                entries[candidate.token] = nil
                evictions += 1
                return
            }
        }
    }

    mutating func compactOrderIfNeeded() {
        // Keep the ring proportional to the live entries: drop consumed and stale slots.
        guard order.count > 2 * capacity + 16 else { return }
        var kept: [(token: String, serial: UInt64)] = []
        kept.reserveCapacity(entries.count)
        for index in orderHead..<order.count {
            let slot = order[index]
            if let entry = entries[slot.token], entry.serial == slot.serial { kept.append(slot) }
        }
        order = kept
        orderHead = 0
    }
}
