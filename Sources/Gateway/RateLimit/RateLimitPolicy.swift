import SimulationPrimitives

/// Per-client rate limiting at the gateway, after spring-cloud-zuul-ratelimit
/// (`zuul.ratelimit.*`, reference netflix-oss.md §6.4): `limit` requests per `refreshInterval`
/// (default 60 s) per key; over the limit the pre filter answers 429 with `X-RateLimit-*` headers.
///
/// Deliberate difference: the add-on counts fixed windows; this is a token bucket with the same
/// long-run rate (`limit` per `refreshInterval`) and a burst of `limit`. The add-on is disabled by
/// default (`enabled=false`): the gateway applies no limit unless a policy is configured.
public struct RateLimitPolicy: Sendable, Hashable {
    /// Requests allowed per interval (the bucket capacity).
    public var limit: Int
    /// `refresh-interval`, default 60 s.
    public var refreshInterval: SimDuration
    /// What identifies a "client".
    public var key: Key

    /// The add-on's policy `type`s that cinesim models.
    public enum Key: Sendable, Hashable {
        /// The OAuth `client_id` of the token (cinesim's default: "per client").
        case clientID
        /// The token's subject (`USER`).
        case user
        /// The caller's address (`ORIGIN`).
        case origin
    }

    /// A policy of `limit` per `refreshInterval` keyed by `key`.
    public init(limit: Int, refreshInterval: SimDuration = .seconds(60), key: Key = .clientID) {
        precondition(limit > 0, "RateLimitPolicy.limit must be positive")
        self.limit = limit
        self.refreshInterval = refreshInterval
        self.key = key
    }
}

/// The buckets of a ``RateLimitPolicy``, one per key, created full on first use.
public struct RateLimiter: Sendable {
    /// The policy.
    public let policy: RateLimitPolicy
    var buckets: [String: RateLimitBucket] = [:]
    /// Requests refused since creation.
    public private(set) var rejections = 0

    /// A limiter for `policy`.
    public init(policy: RateLimitPolicy) { self.policy = policy }

    /// The decision for one request from `key` at `now`.
    public struct Decision: Sendable, Hashable {
        /// Whether the request may pass.
        public var allowed: Bool
        /// Tokens left after this request.
        public var remaining: Int64
        /// Time until a token is available again (zero when some are left).
        public var reset: SimDuration
    }

    /// Takes a token for `key` if one is available.
    public mutating func admit(key: String, now: SimTime) -> Decision {
        var bucket = buckets[key] ?? RateLimitBucket(capacity: policy.limit, refillPeriod: policy.refreshInterval, now: now)
        let allowed = bucket.tryTake(now: now)
        let remaining = bucket.available(now: now)
        let reset = bucket.timeUntilNextToken(now: now)
        buckets[key] = bucket
        if !allowed { rejections += 1 }
        return Decision(allowed: allowed, remaining: remaining, reset: reset)
    }

    /// The number of keys tracked.
    public var trackedKeys: Int { buckets.count }
}
