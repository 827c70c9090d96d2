import SimulationPrimitives

/// A bounded client-side cache of idempotent read responses, with TTL (optionally jittered),
/// single-flight loading per key and stale-on-error.
///
/// ```swift
/// var cache = ResponseCache<SeatMap>(config: ResponseCacheConfig())
/// switch cache.lookup(key, requester: requestID, at: now) {
/// case .hit(let value): reply(value)
/// case .load: startCall(key)                    // this requester loads; others wait for it
/// case .wait: break                              // parked: the loader's completion returns it
/// }
/// let done = cache.completeLoad(key, value: map, at: later, random: rng.nextDouble())
/// // done.waiters get `map`
/// ```
///
/// Sans-I/O: the cache never calls anyone. A miss makes the first requester the loader and parks
/// the others (their ids come back from ``completeLoad(_:value:at:random:)`` or
/// ``failLoad(_:at:)``). Keys are integers the caller derives (route and resource id), so lookups
/// are allocation-free. Eviction is FIFO by insertion, bounded by ``ResponseCacheConfig/capacity``.
public struct ResponseCache<Value> {
    /// What the requester should do after a lookup.
    public enum Lookup {
        /// A fresh value: answer with it.
        case hit(Value)
        /// No fresh value and no load in flight: this requester must load it, then call
        /// ``completeLoad(_:value:at:random:)`` or ``failLoad(_:at:)``.
        case load
        /// A load for the key is in flight: the requester is parked until it ends.
        case wait
    }

    /// The end of a load: who was waiting, and what to answer them.
    public struct LoadResult {
        /// The value to answer the loader and every waiter with: the loaded value, or on failure a
        /// stale value when stale-on-error allows one (nil means: answer with the error).
        public var value: Value?
        /// Whether ``value`` is a stale entry served because the load failed.
        public var isStale: Bool
        /// The requesters parked on this load, in arrival order.
        public var waiters: [UInt64]
    }

    @usableFromInline struct Entry {
        var value: Value?
        var expiresAt: SimTime
        var generation: UInt64
        var loading: Bool
        var waiters: [UInt64]
    }

    /// The settings.
    public let config: ResponseCacheConfig
    @usableFromInline var entries: [UInt64: Entry] = [:]
    /// Insertion order for FIFO eviction: (key, generation); stale pairs are skipped.
    @usableFromInline var order: [(key: UInt64, generation: UInt64)] = []
    @usableFromInline var orderHead = 0
    @usableFromInline var nextGeneration: UInt64 = 0
    /// Counters for reports.
    public private(set) var hits = 0, misses = 0, coalesced = 0, staleServed = 0, evictions = 0

    /// An empty cache.
    public init(config: ResponseCacheConfig) { self.config = config }

    /// Number of keys held (values and loads in flight).
    public var count: Int { entries.count }

    /// Looks `key` up at `now` for `requester` (an id the caller uses to resume it).
    public mutating func lookup(_ key: UInt64, requester: UInt64, at now: SimTime) -> Lookup {
        if var entry = entries[key] {
            if let v = entry.value, now < entry.expiresAt { hits += 1; return .hit(v) }
            if entry.loading {
                coalesced += 1
                entry.waiters.append(requester)
                entries[key] = entry
                return .wait
            }
            misses += 1
            entry.loading = true
            entries[key] = entry
            return .load
        }
        misses += 1
        insert(key, Entry(value: nil, expiresAt: now, generation: 0, loading: true, waiters: []))
        return .load
    }

    /// The load of `key` succeeded at `now` with `value`; it is cached for the TTL jittered by
    /// `random` (a uniform draw in [0, 1)).
    /// - Returns: the value for the loader and the parked waiters.
    public mutating func completeLoad(_ key: UInt64, value: Value, at now: SimTime, random: Double) -> LoadResult {
        let jitter = config.timeToLiveJitterFraction * (2 * random - 1)
        let ttl = SimDuration(nanoseconds: Int64((Double(config.timeToLive.nanoseconds) * (1 + jitter)).rounded()))
        var waiters: [UInt64] = []
        if var entry = entries[key] {
            waiters = entry.waiters
            entry.waiters = []
            entry.value = value
            entry.expiresAt = now + ttl
            entry.loading = false
            entries[key] = entry
        } else {
            insert(key, Entry(value: value, expiresAt: now + ttl, generation: 0, loading: false, waiters: []))
        }
        return LoadResult(value: value, isStale: false, waiters: waiters)
    }

    /// The load of `key` failed at `now`. With stale-on-error, an expired value at most
    /// `maximumStaleness` past expiry is answered instead of the error.
    /// - Returns: the stale value (or nil: answer with the error) and the parked waiters.
    public mutating func failLoad(_ key: UInt64, at now: SimTime) -> LoadResult {
        guard var entry = entries[key] else { return LoadResult(value: nil, isStale: false, waiters: []) }
        let waiters = entry.waiters
        entry.waiters = []
        entry.loading = false
        var stale: Value? = nil
        if config.serveStaleOnError, let v = entry.value, now - entry.expiresAt <= config.maximumStaleness {
            stale = v
            staleServed += 1 + waiters.count
        }
        if entry.value == nil || stale == nil {
            entries[key] = nil
        } else {
            entries[key] = entry
        }
        return LoadResult(value: stale, isStale: stale != nil, waiters: waiters)
    }

    @usableFromInline mutating func insert(_ key: UInt64, _ entry: Entry) {
        var entry = entry
        nextGeneration += 1
        entry.generation = nextGeneration
        if entries.count >= config.capacity { evictOldest() }
        entries[key] = entry
        order.append((key, entry.generation))
        if orderHead > 1024 && orderHead * 2 > order.count {
            order.removeFirst(orderHead)
            orderHead = 0
        }
    }

    /// Evicts the oldest inserted entry that has no load in flight. Entries being loaded are
    /// skipped (re-queued) so no parked waiter is ever lost; if every entry is loading, nothing is
    /// evicted and the cache exceeds its capacity by at most the number of loads in flight.
    @usableFromInline mutating func evictOldest() {
        var budget = order.count - orderHead
        while orderHead < order.count && budget > 0 {
            budget -= 1
            let (key, generation) = order[orderHead]
            orderHead += 1
            guard let e = entries[key], e.generation == generation else { continue }
            if e.loading {
                order.append((key, generation))
                continue
            }
            entries[key] = nil
            evictions += 1
            return
        }
    }
}
