import SimulationPrimitives
import SimulationKernel
import Scenarios
import LoadBalancing
import ServiceDiscovery

/// Ribbon wiring (`LoadBalancing` core): one `LoadBalancer` per (calling instance, target
/// service), its server list refreshed from the caller's Eureka client cache every
/// `ServerListRefreshInterval` (PollingServerListUpdater), the rule choosing per attempt, and
/// ServerStats fed with every attempt's outcome. The edge balancer is a Ribbon balancer over the
/// deployed frontend/gateway instances (a static list; DESIGN §1 "round-robin, fault tolerant").
extension PlatformSimulation {
    static func rule(_ rule: RibbonSettings.Rule) -> LoadBalancingRule {
        switch rule {
        case .roundRobin, .retry: .roundRobin
        case .availabilityFiltering: .availabilityFiltering
        case .zoneAvoidance: .zoneAvoidance
        case .weightedResponseTime: .weightedResponseTime
        case .random: .random
        case .bestAvailable: .bestAvailable
        }
    }

    func ribbonConfig(for serviceID: String) -> RibbonClientConfig {
        let settings = resilience.ribbon(for: serviceID)
        var config = RibbonClientConfig(defaults: defaultsProfile)
        config.connectTimeout = settings.connectTimeout
        config.readTimeout = settings.readTimeout
        config.maxAutoRetries = settings.maxAutoRetries
        config.maxAutoRetriesNextServer = settings.maxAutoRetriesNextServer
        config.okToRetryOnAllOperations = settings.okToRetryOnAllOperations
        config.serverListRefreshInterval = settings.serverListRefreshInterval
        config.rule = Self.rule(settings.rule)
        return config
    }

    /// The balancer of `caller` for `component`, created on first use with a list from the
    /// caller's Eureka cache (or the deployed instances when the caller has no Eureka client).
    func balancer(caller: Int32, component: Int32) -> Int32 {
        let key = Int(caller) * components.count + Int(component)
        if balancerIndex.isEmpty { balancerIndex = Array(repeating: -1, count: nodes.count * components.count) }
        if balancerIndex[key] >= 0 { return balancerIndex[key] }
        let name = components[Int(component)].name
        var config = ribbonConfig(for: name)
        if eurekaClients[Int(caller)] == nil {
            // Edge balancer and other static lists: fault-tolerant round robin skipping tripped servers.
            config.rule = .availabilityFiltering
        }
        var lb = LoadBalancer(config: config, createdAt: queue.now)
        lb.refreshServerList(serverList(caller: caller, component: component), at: queue.now)
        let index = Int32(balancers.count)
        balancers.append(lb)
        balancerOwners.append((caller, component))
        balancerIndex[key] = index
        if let weights = balancers[Int(index)].tick(at: queue.now) { _ = weights }
        if eurekaClients[Int(caller)] != nil {
            // First refresh at a random phase of the interval (the callers started at different times).
            let interval = config.serverListRefreshInterval
            let phase = SimDuration(nanoseconds: Int64(balancerRandom.nextDouble() * Double(interval.nanoseconds)) + 1)
            if queue.now + phase < endTime { queue.schedule(.ribbonRefresh(balancer: index), at: queue.now + phase) }
        }
        return index
    }

    /// Ribbon's view of `component` from `caller`: the UP instances in its Eureka client cache.
    func serverList(caller: Int32, component: Int32) -> [ServerInfo] {
        if let client = eurekaClients[Int(caller)] {
            return client.upInstances(of: AppID(Int(component))).map { ServerInfo(id: ServerID($0.id.rawValue), zone: ZoneID($0.zone)) }
        }
        return components[Int(component)].instances.map { ServerInfo(id: ServerID(Int($0)), zone: ZoneID(Int(nodes[Int($0)].zone))) }
    }

    func ribbonRefresh(_ index: Int32) {
        let owner = balancerOwners[Int(index)]
        // A dead caller refreshes nothing; its timer resumes with the process (kept simple: keep polling).
        let next = balancers[Int(index)].refreshServerList(serverList(caller: owner.node, component: owner.component), at: queue.now)
        if next < endTime { queue.schedule(.ribbonRefresh(balancer: index), at: next) }
    }

    /// Ribbon's choice for one attempt from `caller` to `component`; nil when no server is listed.
    func chooseServer(caller: Int32, component: Int32, excluding: Int32? = nil) -> (node: Int32, balancer: Int32)? {
        let index = balancer(caller: caller, component: component)
        let excluded = excluding.map { ServerID(Int($0)) }
        guard let server = balancers[Int(index)].choose(now: queue.now, excluding: excluded, random: balancerRandom.nextDouble()) else { return nil }
        let node = Int32(server.rawValue)
        balancers[Int(index)].noteRequestStarted(on: server, at: queue.now)
        return (node, index)
    }

    /// Reports an attempt's end to the balancer's ServerStats (§4.2: connection failures trip the
    /// server's circuit; any response clears the streak).
    func noteAttemptEnded(balancer index: Int32, node: Int32, status: Int16, flags: ResponseFlags, sentAt: SimTime) {
        guard index >= 0 else { return }
        let outcome: AttemptOutcome = (flags.contains(.timedOut) || status == 599) ? .connectionFailure : .response
        balancers[Int(index)].noteRequestCompleted(on: ServerID(Int(node)), outcome: outcome, responseTime: queue.now - sentAt, at: queue.now)
    }
}
