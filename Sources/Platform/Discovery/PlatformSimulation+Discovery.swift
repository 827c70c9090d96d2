import SimulationPrimitives
import SimulationKernel
import Scenarios
import ServiceDiscovery

/// Eureka wiring (`ServiceDiscovery` core): one `EurekaServer` per Eureka node, one `EurekaClient`
/// per service, gateway and OAuth instance. Registrations, heartbeats, fetches and peer
/// replication are calls over the simulated network, so Eureka outages and partitions hit them.
extension PlatformSimulation {
    /// Whether node kind `kind` runs a Eureka client (registers and fetches).
    static func runsEurekaClient(_ kind: NodeKind) -> Bool { kind == .service || kind == .gateway || kind == .oauth }

    func eurekaServerConfig() -> EurekaServerConfig {
        var config = EurekaServerConfig(defaults: scenario.defaults == .netflix ? .netflix : .springCloud)
        let e = resilience.eureka
        config.enableSelfPreservation = e.enableSelfPreservation
        config.renewalPercentThreshold = e.renewalPercentThreshold
        config.evictionInterval = e.evictionInterval
        config.responseCacheUpdateInterval = e.responseCacheUpdateInterval
        config.useReadOnlyResponseCache = e.useReadOnlyResponseCache
        config.defaultLeaseDuration = e.leaseExpirationDuration
        config.leaseExpiry = e.stockLeaseExpiry ? .stockDoubledAfterRenewal : .fixed
        return config
    }

    func eurekaClientConfig(for kind: NodeKind) -> EurekaClientConfig {
        var config = EurekaClientConfig()
        let e = resilience.eureka
        config.registryFetchInterval = e.registryFetchInterval
        config.leaseRenewalInterval = e.leaseRenewalInterval
        config.leaseExpirationDuration = e.leaseExpirationDuration
        return config
    }

    func instanceInfo(_ node: Int32) -> InstanceInfo {
        InstanceInfo(id: InstanceID(Int(node)), app: AppID(Int(nodes[Int(node)].component)), zone: Int(nodes[Int(node)].zone), status: .up)
    }

    /// Starts discovery warm, as a platform that has been running: every instance registered on
    /// every Eureka server, every client's cache filled, timers at random phases.
    func bootstrapDiscovery() {
        nodeEurekaServer = Array(repeating: -1, count: nodes.count)
        eurekaClients = Array(repeating: nil, count: nodes.count)
        eurekaClientTimers = Array(repeating: nil, count: nodes.count)
        eurekaClientTargets = Array(repeating: 0, count: nodes.count)
        guard let eureka = componentOfKind[.eureka] else { return }
        for node in components[Int(eureka)].instances {
            nodeEurekaServer[Int(node)] = Int32(eurekaServers.count)
            eurekaServers.append(EurekaServer(config: eurekaServerConfig(), createdAt: .zero))
        }
        let registering = nodes.indices.filter { Self.runsEurekaClient(nodes[$0].kind) }
        for server in eurekaServers {
            for node in registering {
                _ = server.handle(.register(instanceInfo(Int32(node)), leaseDuration: resilience.eureka.leaseExpirationDuration), isReplication: true, at: .zero)
            }
            server.openForTraffic(count: registering.count, at: .zero)
        }
        for (index, server) in eurekaServers.enumerated() {
            let next = server.tick(at: .zero, random: &discoveryRandom)
            scheduleEurekaServerTick(Int32(index), at: next)
        }
        for node in registering { startEurekaClient(Int32(node), warm: true) }
    }

    /// Creates node `node`'s Eureka client. Warm: cache filled from the first server and timers
    /// at a random phase. Cold (a restart): sends its start-up fetch and registration.
    func startEurekaClient(_ node: Int32, warm: Bool) {
        let interval = resilience.eureka.leaseRenewalInterval
        let phase = SimDuration(nanoseconds: Int64(discoveryRandom.nextDouble() * Double(interval.nanoseconds)))
        let startedAt = warm ? SimTime(nanosecondsSinceStart: -phase.nanoseconds) : queue.now
        var client = EurekaClient(config: eurekaClientConfig(for: nodes[Int(node)].kind), instance: instanceInfo(node), startedAt: startedAt)
        if warm, let server = eurekaServers.first {
            _ = client.fetchCompleted(.full(server.fetchFull(at: .zero)), at: startedAt)
            eurekaClients[Int(node)] = client
        } else {
            eurekaClients[Int(node)] = client
            for request in client.startupRequests() { sendEurekaRequest(from: node, request) }
        }
        rescheduleEurekaClient(node)
    }

    func rescheduleEurekaClient(_ node: Int32) {
        guard let client = eurekaClients[Int(node)] else { return }
        if let handle = eurekaClientTimers[Int(node)] { queue.cancel(handle) }
        let deadline = max(client.nextDeadline, queue.now)
        eurekaClientTimers[Int(node)] = deadline < endTime ? queue.schedule(.eurekaClientTick(node: node), at: deadline) : nil
    }

    func scheduleEurekaServerTick(_ server: Int32, at time: SimTime) {
        if time < endTime { queue.schedule(.eurekaServerTick(server: server), at: max(time, queue.now)) }
    }

    func eurekaServerTick(_ server: Int32) {
        let next = eurekaServers[Int(server)].tick(at: queue.now, random: &discoveryRandom)
        scheduleEurekaServerTick(server, at: next)
    }

    func eurekaClientTick(_ node: Int32) {
        eurekaClientTimers[Int(node)] = nil
        guard nodes[Int(node)].health != .refusing, eurekaClients[Int(node)] != nil else { return }
        let work = eurekaClients[Int(node)]!.tick(at: queue.now)
        if let heartbeat = work.heartbeat { sendEurekaRequest(from: node, heartbeat) }
        if let fetch = work.fetch { sendEurekaRequest(from: node, fetch) }
        rescheduleEurekaClient(node)
    }

    /// Sends a client's request to its current Eureka server (the first of its service URLs;
    /// it moves to the next one after a failure).
    func sendEurekaRequest(from node: Int32, _ request: EurekaClient.Request) {
        guard let eureka = componentOfKind[.eureka] else { return }
        let servers = components[Int(eureka)].instances
        let target = servers[eurekaClientTargets[Int(node)] % servers.count]
        let (message, _) = eurekaMessages.acquire(EurekaMessage(request: request, clientNode: node, isReplication: false))
        counters.backgroundCalls += 1
        // Eureka's client: 5 s connect, 8 s read timeouts (DefaultEurekaClientConfig).
        let (call, _) = sendCall(caller: node, callerZone: nodes[Int(node)].zone, callee: target, route: eurekaRoute(request), request: -1, parent: -1,
                                 parentGeneration: 0, funcionKey: 0, clienteKey: 0, tokenValid: true, connectTimeout: .seconds(5), readTimeout: .seconds(8))
        calls[call].payload = message
    }

    func eurekaRoute(_ request: EurekaClient.Request) -> Int16 {
        switch request {
        case .write: internalRoutes.eurekaRenew
        case .fetchFull, .fetchDelta: internalRoutes.eurekaFetch
        }
    }

    /// The Eureka node processes message `message` (after its CPU time): registry write or fetch,
    /// replication to peers. Returns the HTTP status to answer.
    func processEurekaMessage(_ message: Int32, at node: Int32) -> Int16 {
        let index = nodeEurekaServer[Int(node)]
        guard index >= 0 else { return 404 }
        let server = eurekaServers[Int(index)]
        let now = queue.now
        switch eurekaMessages[message].request {
        case .write(let operation):
            let reply = server.handle(operation, isReplication: eurekaMessages[message].isReplication, at: now)
            eurekaMessages[message].reply = reply
            if reply.replicateToPeers, let eureka = componentOfKind[.eureka] {
                for peer in components[Int(eureka)].instances where peer != node {
                    let (copy, _) = eurekaMessages.acquire(EurekaMessage(request: .write(operation), clientNode: -1, isReplication: true))
                    counters.backgroundCalls += 1
                    let (call, _) = sendCall(caller: node, callerZone: nodes[Int(node)].zone, callee: peer, route: internalRoutes.eurekaRenew, request: -1,
                                             parent: -1, parentGeneration: 0, funcionKey: 0, clienteKey: 0, tokenValid: true,
                                             connectTimeout: .seconds(5), readTimeout: .seconds(8))
                    calls[call].payload = copy
                }
            }
            return reply.succeeded ? 200 : 404
        case .fetchFull:
            eurekaMessages[message].fetch = .full(server.fetchFull(at: now))
            return 200
        case .fetchDelta:
            eurekaMessages[message].fetch = .delta(server.fetchDelta(at: now))
            return 200
        }
    }

    /// A Eureka call ended at the client: feed the reply (or the failure) to its `EurekaClient`.
    func eurekaCallEnded(message: Int32, status: Int16, flags: ResponseFlags) {
        let m = eurekaMessages[message]
        let node = m.clientNode
        guard node >= 0, eurekaClients[Int(node)] != nil, nodes[Int(node)].health != .refusing else { return }
        let now = queue.now
        let failed = flags.contains(.timedOut) || status >= 500 || (m.reply == nil && m.fetch == nil)
        let failure: EurekaClient.Failure = flags.contains(.timedOut) ? .timedOut : .failed
        if failed { eurekaClientTargets[Int(node)] += 1 }
        var followUp: EurekaClient.Request?
        switch m.request {
        case .write(.renew):
            followUp = eurekaClients[Int(node)]!.heartbeatCompleted(reply: failed ? nil : m.reply, failure: failed ? failure : nil, at: now)
        case .write:
            break
        case .fetchFull, .fetchDelta:
            followUp = eurekaClients[Int(node)]!.fetchCompleted(failed ? .failure(failure) : m.fetch!, at: now)
        }
        if let followUp { sendEurekaRequest(from: node, followUp) }
        rescheduleEurekaClient(node)
    }

    /// A graceful stop: the client deregisters (cancel) before the process stops.
    func deregister(_ node: Int32) {
        guard eurekaClients[Int(node)] != nil else { return }
        if let cancel = eurekaClients[Int(node)]!.shutdown(at: queue.now) { sendEurekaRequest(from: node, cancel) }
        if let handle = eurekaClientTimers[Int(node)] { queue.cancel(handle); eurekaClientTimers[Int(node)] = nil }
    }

    /// A crashed process's client is gone; a restart creates a new one (cold start).
    func stopEurekaClient(_ node: Int32) {
        guard eurekaClients[Int(node)] != nil else { return }
        if let handle = eurekaClientTimers[Int(node)] { queue.cancel(handle); eurekaClientTimers[Int(node)] = nil }
        eurekaClients[Int(node)] = nil
    }
}
