import SimulationPrimitives

/// Real library property keys under `properties:` (DESIGN §4): Hystrix `hystrix.command.<key>.*`,
/// Ribbon `<client>.ribbon.*` / `ribbon.*`, Eureka `eureka.*`, Zuul `zuul.*`. Modelled keys are
/// applied over the `resilience:` settings; unmodelled keys become warnings that list them.
extension ScenarioDecoder {
    /// Hystrix command property suffixes cinesim models (reference/netflix-oss.md §1.1).
    static let hystrixProperties = [
        "execution.isolation.thread.timeoutInMilliseconds", "execution.timeout.enabled", "execution.isolation.strategy",
        "execution.isolation.semaphore.maxConcurrentRequests", "circuitBreaker.enabled", "circuitBreaker.requestVolumeThreshold",
        "circuitBreaker.errorThresholdPercentage", "circuitBreaker.sleepWindowInMilliseconds",
        "metrics.rollingStats.timeInMilliseconds", "metrics.healthSnapshot.intervalInMilliseconds", "fallback.enabled",
    ]
    /// Ribbon keys cinesim models (reference/netflix-oss.md §4.1).
    static let ribbonProperties = ["ConnectTimeout", "ReadTimeout", "MaxAutoRetries", "MaxAutoRetriesNextServer",
                                   "OkToRetryOnAllOperations", "ServerListRefreshInterval", "NFLoadBalancerRuleClassName"]
    /// Eureka keys cinesim models (reference/netflix-oss.md §5.1).
    static let eurekaProperties = [
        "eureka.instance.leaseRenewalIntervalInSeconds", "eureka.instance.leaseExpirationDurationInSeconds",
        "eureka.client.registryFetchIntervalSeconds", "eureka.server.evictionIntervalTimerInMs",
        "eureka.server.responseCacheUpdateIntervalMs", "eureka.server.useReadOnlyResponseCache",
        "eureka.server.enableSelfPreservation", "eureka.server.renewalPercentThreshold",
    ]
    static let zuulProperties = ["zuul.ribbonIsolationStrategy", "zuul.semaphore.maxSemaphores", "zuul.retryable",
                                  "zuul.threadPool.useSeparateThreadPools"]

    mutating func decodeProperties(_ node: SourceNode?, into settings: inout ResilienceSettings, topology: Topology) throws(ScenarioError) -> [PropertySetting] {
        guard let node else { return [] }
        let reader = try MappingReader(node, path: "properties", allowed: nil)
        var result: [PropertySetting] = []
        var unmodelled: [String] = []
        for entry in reader.all {
            let value = try entry.value.text("properties.\(entry.key)")
            let modelled = try PropertyApplier.apply(key: entry.key, value: value, location: entry.value.location, to: &settings)
            if !modelled { unmodelled.append(entry.key) }
            result.append(PropertySetting(key: entry.key, value: value, location: entry.value.location, isModelled: modelled))
        }
        if !unmodelled.isEmpty {
            warnings.append("properties not modelled by cinesim (recorded, no effect): " + unmodelled.joined(separator: ", "))
        }
        return result
    }
}

/// Applies one real library property to the settings; used at load time and by runtime config pushes.
public enum PropertyApplier {
    /// - Returns: whether the key is modelled (false = keep as a warning).
    /// - Throws: ``ScenarioError`` at `location` when a modelled key has a value of the wrong type.
    @discardableResult
    public static func apply(key: String, value: String, location: SourceLocation, to settings: inout ResilienceSettings) throws(ScenarioError) -> Bool {
        func milliseconds() throws(ScenarioError) -> SimDuration {
            guard let ms = Int64(value), ms >= 0 else { throw ScenarioError(at: location, "'\(key)' must be a whole number of milliseconds, found '\(value)'") }
            return .milliseconds(ms)
        }
        func seconds() throws(ScenarioError) -> SimDuration {
            guard let s = Int64(value), s > 0 else { throw ScenarioError(at: location, "'\(key)' must be a whole number of seconds > 0, found '\(value)'") }
            return .seconds(s)
        }
        func integer() throws(ScenarioError) -> Int {
            guard let n = Int(value) else { throw ScenarioError(at: location, "'\(key)' must be a whole number, found '\(value)'") }
            return n
        }
        func boolean() throws(ScenarioError) -> Bool {
            switch value.lowercased() { case "true": return true; case "false": return false
            default: throw ScenarioError(at: location, "'\(key)' must be true or false, found '\(value)'") }
        }
        if key.hasPrefix("hystrix.command.") {
            let rest = key.dropFirst("hystrix.command.".count)
            guard let dot = rest.firstIndex(of: ".") else { return false }
            let commandKey = String(rest[..<dot]), property = String(rest[rest.index(after: dot)...])
            guard ScenarioDecoder.hystrixProperties.contains(property) else { return false }
            var h: HystrixSettings
            if commandKey == "default" { h = settings.hystrix } else {
                guard ServiceCatalog.serviceIDs.contains(commandKey) || ServiceCatalog.externalAPIs.contains(commandKey) else {
                    throw ScenarioError(at: location, "'\(key)' names command '\(commandKey)', which is not a service or external API", fix: Suggestion.fix(for: commandKey, among: ServiceCatalog.serviceIDs + ServiceCatalog.externalAPIs + ["default"]))
                }
                h = settings.hystrix(for: commandKey)
            }
            switch property {
            case "execution.isolation.thread.timeoutInMilliseconds": h.timeout = try milliseconds()
            case "execution.timeout.enabled": h.timeoutEnabled = try boolean()
            case "execution.isolation.strategy":
                guard let isolation = HystrixSettings.Isolation(rawValue: value.lowercased()) else { throw ScenarioError(at: location, "'\(key)' must be THREAD or SEMAPHORE") }
                h.isolation = isolation
            case "execution.isolation.semaphore.maxConcurrentRequests": h.maxConcurrentRequests = try integer()
            case "circuitBreaker.enabled": h.circuitBreakerEnabled = try boolean()
            case "circuitBreaker.requestVolumeThreshold": h.requestVolumeThreshold = try integer()
            case "circuitBreaker.errorThresholdPercentage": h.errorThresholdPercentage = try integer()
            case "circuitBreaker.sleepWindowInMilliseconds": h.sleepWindow = try milliseconds()
            case "metrics.rollingStats.timeInMilliseconds": h.rollingWindow = try milliseconds()
            case "metrics.healthSnapshot.intervalInMilliseconds":
                let interval = try milliseconds()
                if interval.nanoseconds == 0 { throw ScenarioError(at: location, "'\(key)' cannot be 0 (Hystrix throws at stream creation)") }
                h.healthSnapshotInterval = interval
            case "fallback.enabled": h.fallbackEnabled = try boolean()
            default: return false
            }
            if commandKey == "default" { settings.hystrix = h } else { upsert(commandKey, &settings) { $0.hystrix = h } }
            return true
        }
        if let range = key.range(of: "ribbon.") , range.lowerBound == key.startIndex || key[key.index(before: range.lowerBound)] == "." {
            let client = range.lowerBound == key.startIndex ? "" : String(key[..<key.index(before: range.lowerBound)])
            let property = String(key[range.upperBound...])
            guard ScenarioDecoder.ribbonProperties.contains(property) else { return false }
            if !client.isEmpty && !ServiceCatalog.serviceIDs.contains(client) {
                throw ScenarioError(at: location, "'\(key)' names Ribbon client '\(client)', which is not a service", fix: Suggestion.fix(for: client, among: ServiceCatalog.serviceIDs))
            }
            var r = client.isEmpty ? settings.ribbon : settings.ribbon(for: client)
            switch property {
            case "ConnectTimeout": r.connectTimeout = try milliseconds()
            case "ReadTimeout": r.readTimeout = try milliseconds()
            case "MaxAutoRetries": r.maxAutoRetries = try integer()
            case "MaxAutoRetriesNextServer": r.maxAutoRetriesNextServer = try integer()
            case "OkToRetryOnAllOperations": r.okToRetryOnAllOperations = try boolean()
            case "ServerListRefreshInterval": r.serverListRefreshInterval = try milliseconds()
            case "NFLoadBalancerRuleClassName":
                let simple = value.split(separator: ".").last.map(String.init) ?? value
                guard let rule = RibbonSettings.Rule(rawValue: simple) else {
                    throw ScenarioError(at: location, "'\(key)' names an unknown rule '\(value)'", fix: Suggestion.fix(for: simple, among: RibbonSettings.Rule.allCases.map(\.rawValue)))
                }
                r.rule = rule
            default: return false
            }
            if client.isEmpty { settings.ribbon = r } else { upsert(client, &settings) { $0.ribbon = r } }
            return true
        }
        switch key {
        case "eureka.instance.leaseRenewalIntervalInSeconds": settings.eureka.leaseRenewalInterval = try seconds()
        case "eureka.instance.leaseExpirationDurationInSeconds": settings.eureka.leaseExpirationDuration = try seconds()
        case "eureka.client.registryFetchIntervalSeconds": settings.eureka.registryFetchInterval = try seconds()
        case "eureka.server.evictionIntervalTimerInMs": settings.eureka.evictionInterval = try milliseconds()
        case "eureka.server.responseCacheUpdateIntervalMs": settings.eureka.responseCacheUpdateInterval = try milliseconds()
        case "eureka.server.useReadOnlyResponseCache": settings.eureka.useReadOnlyResponseCache = try boolean()
        case "eureka.server.enableSelfPreservation": settings.eureka.enableSelfPreservation = try boolean()
        case "eureka.server.renewalPercentThreshold":
            guard let fraction = Double(value), fraction >= 0, fraction <= 1 else { throw ScenarioError(at: location, "'\(key)' must be a fraction 0…1, found '\(value)'") }
            settings.eureka.renewalPercentThreshold = fraction
        case "zuul.ribbonIsolationStrategy":
            guard let isolation = HystrixSettings.Isolation(rawValue: value.lowercased()) else { throw ScenarioError(at: location, "'\(key)' must be THREAD or SEMAPHORE") }
            settings.gateway.isolation = isolation
        case "zuul.semaphore.maxSemaphores": settings.gateway.maxSemaphores = try integer()
        case "zuul.retryable": settings.gateway.retryable = try boolean()
        case "zuul.threadPool.useSeparateThreadPools": settings.gateway.separateThreadPools = try boolean()
        default: return false
        }
        return true
    }

    static func upsert(_ serviceID: String, _ settings: inout ResilienceSettings, _ change: (inout ServiceResilienceOverride) -> Void) {
        if let index = settings.perService.firstIndex(where: { $0.serviceID == serviceID }) {
            change(&settings.perService[index])
        } else {
            var fresh = ServiceResilienceOverride(serviceID: serviceID, hystrix: settings.hystrix, ribbon: settings.ribbon)
            change(&fresh)
            settings.perService.append(fresh)
        }
    }
}
