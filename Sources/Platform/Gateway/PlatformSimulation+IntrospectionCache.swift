import SimulationPrimitives
import Scenarios
import Telemetry
import Authorization
import Gateway

/// Token introspection at the gateway (case F11): the scenario's cache TTL and failure policy for
/// `Gateway`'s introspection filter, the users a failed validation logs out, and the metrics the
/// case's checks read.
struct AuthLoad {
    /// Introspection requests the auth servers served (all, and after the warm-up).
    var introspections = 0
    var introspectionsMeasured = 0
    /// Introspections the gateways asked for after the warm-up (the demand, including calls
    /// rejected by the gateway's Hystrix command or the auth servers' queues).
    var requestedMeasured = 0
    /// Requests that carried a valid, unexpired token and were answered 401 (the client then
    /// drops the token: the user is logged out).
    var forcedLogouts = 0
}

extension PlatformSimulation {
    /// `Gateway.IntrospectionSettings` from `resilience.oauth`: cache `introspection_cache_ttl`
    /// (0 = none; entries never outlive the token), failure policy `introspection_failure`.
    func introspectionSettings() -> IntrospectionSettings {
        let oauth = resilience.oauth
        let policy: IntrospectionFailurePolicy
        switch oauth.introspectionFailure {
        case .logout: policy = .rejectAsInvalidToken
        case .unavailable: policy = .serviceUnavailable(retryAfter: .seconds(5))
        case .localJWT: policy = .acceptLocallyValidated
        }
        return IntrospectionSettings(caller: .basic(clientID: Self.gatewayClientID, secret: Self.gatewayClientSecret),
                                     cacheTimeToLive: oauth.introspectionCacheTTL > .zero ? oauth.introspectionCacheTTL : nil,
                                     onFailure: policy)
    }

    /// Counts one introspection request an auth server starts serving (the load the case bounds).
    func noteIntrospection() {
        authLoad.introspections += 1
        if queue.now >= .zero + scenario.warmup { authLoad.introspectionsMeasured += 1 }
    }

    /// A gateway's authentication filter asks for an introspection.
    func noteIntrospectionRequested() {
        if queue.now >= .zero + scenario.warmup { authLoad.requestedMeasured += 1 }
    }

    /// A client got 401 for request `r`: if its session's token was valid and unexpired, the
    /// gateway refused a good token (introspection failed under the stock policy) — the browser
    /// drops it and the user must log in again.
    func noteUnauthorised(request r: Int32) {
        let s = requests[r].session
        guard sessions.isCurrent(s, requests[r].sessionGeneration), !sessions[s].attacker,
              sessions[s].token == .valid, sessions[s].tokenExpiry > queue.now else { return }
        authLoad.forcedLogouts += 1
        sessions[s].token = .none
        sessions[s].tokenString = nil
        rememberedTokens[sessions[s].userId] = nil
    }

    /// Cached introspection answers found to outlive their token (`cache_expiry > token.exp`),
    /// checked for every live session's token on every gateway at the end of the run.
    func cacheEntriesPastTokenExpiry() -> Int {
        // The caches alone (copy-on-write references), not whole gateway values per session.
        let caches = gateways.indices.compactMap { gateways.isGateway($0) ? gateways[gatewayNode: $0].introspectionCache : nil }
        guard !caches.isEmpty else { return 0 }
        var violations = 0
        for s in 0..<Int32(sessions.elements.count) where sessions.isCurrent(s, sessions.generation(s)) {
            guard let token = sessions[s].tokenString else { continue }
            for cache in caches {
                if let expiry = cache.expiry(of: token.text), expiry > sessions[s].tokenExpiry { violations += 1 }
            }
        }
        return violations
    }

    /// Seconds of the measured window (after warm-up), the denominator of per-second metrics.
    var measuredSecondsForRates: Double { (scenario.duration - scenario.warmup).seconds }

    /// Platform metrics of the gateways' token checks (case F11).
    func authMetrics() -> [PlatformMetric] {
        var hits = 0, fallbacks = 0
        for node in gateways.indices where gateways.isGateway(node) {
            hits += gateways[gatewayNode: node].statistics.introspectionCacheHits
            fallbacks += gateways[gatewayNode: node].statistics.locallyValidatedFallbacks
        }
        let seconds = measuredSecondsForRates
        return [
            PlatformMetric(name: "introspections_per_s", value: seconds > 0 ? Double(authLoad.introspectionsMeasured) / seconds : 0),
            PlatformMetric(name: "introspection_requests_per_s", value: seconds > 0 ? Double(authLoad.requestedMeasured) / seconds : 0),
            PlatformMetric(name: "introspection_cache_hits", value: Double(hits)),
            PlatformMetric(name: "introspection_local_fallbacks", value: Double(fallbacks)),
            PlatformMetric(name: "forced_logouts", value: Double(authLoad.forcedLogouts)),
            PlatformMetric(name: "auth_cache_entries_past_token_expiry", value: Double(cacheEntriesPastTokenExpiry())),
        ]
    }
}
