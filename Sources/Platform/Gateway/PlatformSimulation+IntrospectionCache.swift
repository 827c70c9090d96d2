import SimulationPrimitives
import Telemetry

/// The gateway's cache of positive introspection answers (case F11; RFC 7662 §4 lets a resource
/// server cache them): one entry per gateway instance and user token, kept for
/// `min(introspection_cache_ttl, token exp − now)` so no cached validation outlives its token
/// (the fix of github.com/GCTC-NTGC/gc-digital-talent/pull/15059). A TTL of 0 disables it.
struct GatewayAuthCache {
    struct Entry {
        /// The token this answer is for, identified by its `exp` (a new login issues a new token).
        var tokenExpiry: SimTime
        var cachedUntil: SimTime
    }
    /// Per gateway node: the token holder's session slot → entry. Lookups only; never iterated.
    var entries: [Int32: [Int32: Entry]] = [:]
    /// Introspection requests the auth servers served, cache hits, and entries found to outlive their token.
    var introspections = 0
    /// Introspections after the warm-up (the rate's numerator).
    var introspectionsMeasured = 0
    var hits = 0
    var entriesPastTokenExpiry = 0
    /// Requests with a valid token answered 401 because introspection failed (users logged out).
    var forcedLogouts = 0
    /// Requests routed on the local JWT check because introspection failed.
    var localFallbacks = 0
}

extension PlatformSimulation {
    /// The token call `c` carries — its holder's session slot and the token's `exp` — when the
    /// session is still the request's (nil when the client already gave up and the slot moved on).
    func token(ofCall c: Int32) -> (session: Int32, expiry: SimTime)? {
        let r = calls[c].request
        guard r >= 0, Int(r) < requests.elements.count else { return nil }
        let s = requests[r].session
        guard sessions.isCurrent(s, requests[r].sessionGeneration), sessions[s].clienteKey == calls[c].clienteKey,
              sessions[s].token == .valid else { return nil }
        return (s, sessions[s].tokenExpiry)
    }

    /// Whether gateway `node` holds a live cached introspection answer for call `c`'s token.
    func introspectionCacheHit(_ c: Int32, gateway node: Int32) -> Bool {
        guard resilience.oauth.introspectionCacheTTL > .zero, let token = token(ofCall: c),
              let entry = authCache.entries[node]?[token.session], entry.tokenExpiry == token.expiry else { return false }
        let now = queue.now
        guard now < entry.cachedUntil else { return false }
        if entry.cachedUntil > entry.tokenExpiry { authCache.entriesPastTokenExpiry += 1 }
        authCache.hits += 1
        return true
    }

    /// Caches a positive introspection answer for call `c`'s token, bounded by the token's `exp`.
    func cacheIntrospection(_ c: Int32, gateway node: Int32) {
        let ttl = resilience.oauth.introspectionCacheTTL
        guard ttl > .zero, let token = token(ofCall: c) else { return }
        let until = min(queue.now + ttl, token.expiry)
        authCache.entries[node, default: [:]][token.session] = GatewayAuthCache.Entry(tokenExpiry: token.expiry, cachedUntil: until)
    }

    /// Introspection failed for call `c` (the auth server did not answer). Returns true when the
    /// gateway answered the call: with `introspection_failure: logout` 401 and the user's session
    /// loses its token (logged out mid-purchase); with `error` 500 (stock Zuul) or 503, keeping
    /// the session. With `local-jwt` it returns false: the token already passed the local JWT
    /// check (signature, `exp`) in the pre filter, so the request is routed.
    func introspectionFailed(_ c: Int32) -> Bool {
        switch resilience.oauth.introspectionFailure {
        case .localJWT:
            authCache.localFallbacks += 1
            return false
        case .error:
            reply(c, status: resilience.gateway.stockErrorStatus ? 500 : 503)
        case .logout:
            if let token = token(ofCall: c) {
                authCache.forcedLogouts += 1
                sessions[token.session].token = .none
            }
            reply(c, status: 401, flags: .unauthorised)
        }
        return true
    }

    /// Platform metrics of the gateway's token checks (case F11).
    func authMetrics(measuredSeconds: Double) -> [PlatformMetric] {
        [
            PlatformMetric(name: "introspections_per_s", value: measuredSeconds > 0 ? Double(authCache.introspectionsMeasured) / measuredSeconds : 0),
            PlatformMetric(name: "introspection_cache_hits", value: Double(authCache.hits)),
            PlatformMetric(name: "forced_logouts", value: Double(authCache.forcedLogouts)),
            PlatformMetric(name: "introspection_local_fallbacks", value: Double(authCache.localFallbacks)),
            PlatformMetric(name: "auth_cache_entries_past_token_expiry", value: Double(authCache.entriesPastTokenExpiry)),
        ]
    }
}

extension PlatformSimulation {
    /// Counts one introspection request an auth server starts serving (the load the case bounds).
    func noteIntrospection() {
        authCache.introspections += 1
        if queue.now >= .zero + scenario.warmup { authCache.introspectionsMeasured += 1 }
    }

    /// Seconds of the measured window (after warm-up), the denominator of per-second metrics.
    var measuredSecondsForRates: Double { (scenario.duration - scenario.warmup).seconds }
}
