import SimulationPrimitives

extension ScenarioDecoder {
    static let hystrixKeys = ["timeout", "timeout_enabled", "isolation", "max_concurrent_requests", "thread_pool_size",
                              "thread_pool_queue", "circuit_breaker_enabled", "request_volume_threshold",
                              "error_threshold_percentage", "sleep_window", "rolling_window", "health_snapshot_interval", "fallback_enabled"]
    static let ribbonKeys = ["connect_timeout", "read_timeout", "max_auto_retries", "max_auto_retries_next_server",
                             "ok_to_retry_on_all_operations", "server_list_refresh_interval", "rule"]

    mutating func decodeResilience(_ node: SourceNode?, defaults: LibraryDefaults, topology: Topology) throws(ScenarioError) -> ResilienceSettings {
        var settings = ResilienceSettings(hystrix: ScenarioDefaults.hystrix(defaults), ribbon: ScenarioDefaults.ribbon(defaults),
                                          eureka: ScenarioDefaults.eureka, gateway: ScenarioDefaults.gateway, oauth: ScenarioDefaults.oauth,
                                          perService: [])
        guard let node else { return settings }
        let reader = try MappingReader(node, path: "resilience", allowed: ["hystrix", "ribbon", "eureka", "gateway", "oauth", "services"])
        if let v = reader["hystrix"] { settings.hystrix = try decodeHystrix(v, path: "resilience.hystrix", base: settings.hystrix) }
        if let v = reader["ribbon"] { settings.ribbon = try decodeRibbon(v, path: "resilience.ribbon", base: settings.ribbon) }
        if let v = reader["eureka"] { settings.eureka = try decodeEureka(v, base: settings.eureka) }
        if let v = reader["gateway"] { settings.gateway = try decodeGateway(v, base: settings.gateway) }
        if let v = reader["oauth"] { settings.oauth = try decodeOAuth(v, base: settings.oauth) }
        if let v = reader["services"] {
            // Services, the external APIs a service calls through its own Hystrix command (case F07),
            // and the OAuth server the gateway calls for introspection (its own timeout, case F11).
            let services = try MappingReader(v, path: "resilience.services", allowed: ServiceCatalog.serviceIDs + ServiceCatalog.externalAPIs + ["oauth"])
            for entry in services.all {
                let path = services.child(entry.key)
                let one = try MappingReader(entry.value, path: path, allowed: ["hystrix", "ribbon"])
                let hystrix = try one["hystrix"].map { n throws(ScenarioError) in try decodeHystrix(n, path: path + ".hystrix", base: settings.hystrix) } ?? settings.hystrix
                let ribbon = try one["ribbon"].map { n throws(ScenarioError) in try decodeRibbon(n, path: path + ".ribbon", base: settings.ribbon) } ?? settings.ribbon
                settings.perService.append(ServiceResilienceOverride(serviceID: entry.key, hystrix: hystrix, ribbon: ribbon))
            }
        }
        return settings
    }

    func decodeHystrix(_ node: SourceNode, path: String, base: HystrixSettings) throws(ScenarioError) -> HystrixSettings {
        let r = try MappingReader(node, path: path, allowed: Self.hystrixKeys)
        var h = base
        if let v = r["timeout"] { h.timeout = try v.duration(r.child("timeout"), allowZero: false) }
        if let v = r["timeout_enabled"] { h.timeoutEnabled = try v.bool(r.child("timeout_enabled")) }
        if let v = r["isolation"] { h.isolation = try v.choice(r.child("isolation"), HystrixSettings.Isolation.self) }
        if let v = r["max_concurrent_requests"] { h.maxConcurrentRequests = try v.int(r.child("max_concurrent_requests"), minimum: 1) }
        if let v = r["thread_pool_size"] { h.threadPoolCoreSize = try v.int(r.child("thread_pool_size"), minimum: 1) }
        if let v = r["thread_pool_queue"] { h.threadPoolMaxQueueSize = try v.int(r.child("thread_pool_queue"), minimum: -1) }
        if let v = r["circuit_breaker_enabled"] { h.circuitBreakerEnabled = try v.bool(r.child("circuit_breaker_enabled")) }
        if let v = r["request_volume_threshold"] { h.requestVolumeThreshold = try v.int(r.child("request_volume_threshold"), minimum: 0) }
        if let v = r["error_threshold_percentage"] {
            h.errorThresholdPercentage = Int((try v.percent(r.child("error_threshold_percentage")) * 100).rounded())
        }
        if let v = r["sleep_window"] { h.sleepWindow = try v.duration(r.child("sleep_window")) }
        if let v = r["rolling_window"] { h.rollingWindow = try v.duration(r.child("rolling_window"), allowZero: false) }
        if let v = r["health_snapshot_interval"] {
            // Hystrix throws at stream creation for 0 (reference/netflix-oss.md §1.1).
            h.healthSnapshotInterval = try v.duration(r.child("health_snapshot_interval"), allowZero: false)
        }
        if let v = r["fallback_enabled"] { h.fallbackEnabled = try v.bool(r.child("fallback_enabled")) }
        return h
    }

    func decodeRibbon(_ node: SourceNode, path: String, base: RibbonSettings) throws(ScenarioError) -> RibbonSettings {
        let r = try MappingReader(node, path: path, allowed: Self.ribbonKeys)
        var b = base
        if let v = r["connect_timeout"] { b.connectTimeout = try v.duration(r.child("connect_timeout"), allowZero: false) }
        if let v = r["read_timeout"] { b.readTimeout = try v.duration(r.child("read_timeout"), allowZero: false) }
        if let v = r["max_auto_retries"] { b.maxAutoRetries = try v.int(r.child("max_auto_retries"), minimum: 0, maximum: 100) }
        if let v = r["max_auto_retries_next_server"] { b.maxAutoRetriesNextServer = try v.int(r.child("max_auto_retries_next_server"), minimum: 0, maximum: 100) }
        if let v = r["ok_to_retry_on_all_operations"] { b.okToRetryOnAllOperations = try v.bool(r.child("ok_to_retry_on_all_operations")) }
        if let v = r["server_list_refresh_interval"] { b.serverListRefreshInterval = try v.duration(r.child("server_list_refresh_interval"), allowZero: false) }
        if let v = r["rule"] { b.rule = try v.choice(r.child("rule"), RibbonSettings.Rule.self) }
        return b
    }

    func decodeEureka(_ node: SourceNode, base: EurekaSettings) throws(ScenarioError) -> EurekaSettings {
        let r = try MappingReader(node, path: "resilience.eureka", allowed: [
            "lease_renewal_interval", "lease_expiration_duration", "registry_fetch_interval", "eviction_interval",
            "response_cache_update_interval", "use_read_only_response_cache", "enable_self_preservation",
            "renewal_percent_threshold", "stock_lease_expiry"])
        var e = base
        if let v = r["lease_renewal_interval"] { e.leaseRenewalInterval = try v.duration(r.child("lease_renewal_interval"), allowZero: false) }
        if let v = r["lease_expiration_duration"] { e.leaseExpirationDuration = try v.duration(r.child("lease_expiration_duration"), allowZero: false) }
        if let v = r["registry_fetch_interval"] { e.registryFetchInterval = try v.duration(r.child("registry_fetch_interval"), allowZero: false) }
        if let v = r["eviction_interval"] { e.evictionInterval = try v.duration(r.child("eviction_interval"), allowZero: false) }
        if let v = r["response_cache_update_interval"] { e.responseCacheUpdateInterval = try v.duration(r.child("response_cache_update_interval"), allowZero: false) }
        if let v = r["use_read_only_response_cache"] { e.useReadOnlyResponseCache = try v.bool(r.child("use_read_only_response_cache")) }
        if let v = r["enable_self_preservation"] { e.enableSelfPreservation = try v.bool(r.child("enable_self_preservation")) }
        if let v = r["renewal_percent_threshold"] { e.renewalPercentThreshold = try v.percent(r.child("renewal_percent_threshold")) }
        if let v = r["stock_lease_expiry"] { e.stockLeaseExpiry = try v.bool(r.child("stock_lease_expiry")) }
        if e.leaseExpirationDuration < e.leaseRenewalInterval, let v = r["lease_expiration_duration"] ?? r["lease_renewal_interval"] {
            throw ScenarioError(at: v.location, "lease expiration (\(e.leaseExpirationDuration)) is shorter than the renewal interval (\(e.leaseRenewalInterval)): every instance would expire between heartbeats",
                                fix: "keep lease_expiration_duration ≥ lease_renewal_interval (defaults 90s / 30s)")
        }
        return e
    }

    func decodeGateway(_ node: SourceNode, base: GatewaySettings) throws(ScenarioError) -> GatewaySettings {
        let r = try MappingReader(node, path: "resilience.gateway", allowed: ["isolation", "max_semaphores", "rate_limit", "stock_error_status", "retryable", "separate_thread_pools"])
        var g = base
        if let v = r["isolation"] { g.isolation = try v.choice("resilience.gateway.isolation", HystrixSettings.Isolation.self) }
        if let v = r["max_semaphores"] { g.maxSemaphores = try v.int("resilience.gateway.max_semaphores", minimum: 1) }
        if let v = r["rate_limit"] { g.rateLimit = try v.rate("resilience.gateway.rate_limit") }
        if let v = r["stock_error_status"] { g.stockErrorStatus = try v.bool("resilience.gateway.stock_error_status") }
        if let v = r["retryable"] { g.retryable = try v.bool("resilience.gateway.retryable") }
        if let v = r["separate_thread_pools"] { g.separateThreadPools = try v.bool("resilience.gateway.separate_thread_pools") }
        return g
    }

    func decodeOAuth(_ node: SourceNode, base: OAuthSettings) throws(ScenarioError) -> OAuthSettings {
        let r = try MappingReader(node, path: "resilience.oauth", allowed: ["validation", "access_token_lifetime", "introspection_cache_ttl", "clock_skew_leeway", "refresh_before_expiry",
                                                                                   "introspection_failure"])
        var o = base
        if let v = r["validation"] { o.validation = try v.choice("resilience.oauth.validation", OAuthSettings.Validation.self) }
        if let v = r["access_token_lifetime"] { o.accessTokenLifetime = try v.duration("resilience.oauth.access_token_lifetime", allowZero: false) }
        if let v = r["introspection_cache_ttl"] { o.introspectionCacheTTL = try v.duration("resilience.oauth.introspection_cache_ttl") }
        if let v = r["clock_skew_leeway"] { o.clockSkewLeeway = try v.duration("resilience.oauth.clock_skew_leeway") }
        if let v = r["refresh_before_expiry"] { o.refreshBeforeExpiry = try v.duration("resilience.oauth.refresh_before_expiry") }
        if let v = r["introspection_failure"] {
            o.introspectionFailure = try v.choice("resilience.oauth.introspection_failure", OAuthSettings.IntrospectionFailure.self)
        }
        return o
    }
}
