import SimulationPrimitives
import SimulationKernel
import Scenarios

/// The fault timeline (DESIGN §5): each fault changes node health, links or settings when it
/// starts and undoes it when it ends.
extension PlatformSimulation {
    /// Nodes a fault target names: an instance, a component (all its instances), a zone (every
    /// node in it), a shard (its members) or a shard member.
    func nodes(named target: String) -> [Int32] {
        if let index = nodeNames.firstIndex(of: target) { return [Int32(index)] }
        if let component = components.firstIndex(where: { $0.name == target }) { return components[component].instances }
        if let zone = scenario.topology.zones.firstIndex(of: target) {
            return nodes.indices.filter { nodes[$0].zone == Int16(zone) && nodes[$0].kind != .external }.map { Int32($0) }
        }
        return []
    }

    func startFault(_ index: Int) {
        let fault = scenario.faults[index]
        // Link latency may change: the per-hop table is rebuilt on the next hop.
        networkLatencyTable.isBuilt = false
        let targets = nodes(named: fault.target)
        let p = fault.parameters
        switch fault.kind {
        case .instanceCrash, .memberLoss:
            for node in targets { crash(node, reachable: true) }
        case .gracefulStop:
            // Deregister first (Eureka cancel), then stop: in-flight work finishes, new connections are refused.
            for node in targets {
                deregister(node)
                nodes[Int(node)].registered = false
                nodes[Int(node)].health = .refusing
            }
        case .restart:
            for node in targets { crash(node, reachable: true) }
            if fault.duration == nil {
                // A restart without 'for' comes back after a JVM/gunicorn start-up of 30 s.
                queue.schedule(.faultEnds(index: Int32(index)), at: queue.now + .seconds(30))
            }
        case .zoneOutage:
            for node in targets { crash(node, reachable: false) }
        case .partition:
            let zones = scenario.topology.zones
            if let a = zones.firstIndex(of: fault.target), let b = zones.firstIndex(of: p.peer) {
                cutLinks.append((Int16(a), Int16(b)))
                if !p.oneWay { cutLinks.append((Int16(b), Int16(a))) }
            } else {
                for x in nodes(named: fault.target) { for y in nodes(named: p.peer) {
                    cutNodes.append((x, y))
                    if !p.oneWay { cutNodes.append((y, x)) }
                } }
            }
        case .latency:
            for node in targets { nodes[Int(node)].faultLatency += p.latency; nodes[Int(node)].faultJitter += p.jitter }
        case .errors:
            for node in targets { nodes[Int(node)].errorRate = p.errorRate; nodes[Int(node)].errorStatus = Int16(p.status) }
        case .hang:
            for node in targets { nodes[Int(node)].health = .hung }
        case .blackhole:
            for node in targets { crash(node, reachable: false) }
        case .shardSlowdown, .oauthSlowdown:
            let affected = fault.kind == .oauthSlowdown && targets.isEmpty ? nodes(named: "oauth") : targets
            for node in affected { nodes[Int(node)].slowFactor = p.factor; nodes[Int(node)].faultLatency += p.latency }
        case .primaryStepDown:
            // replSetStepDown on the shard's current primary (ShardedStore): the others elect one.
            storeStepDown(target: fault.target, duration: fault.duration)
        case .registryOutage:
            for node in nodes(named: "eureka") { crash(node, reachable: false) }
        case .oauthOutage:
            for node in nodes(named: "oauth") { crash(node, reachable: true) }
        case .clockSkew:
            for node in targets { nodes[Int(node)].clockSkew = p.skew }
        case .logStall:
            logStallActive = true
            logStallBlocking = p.blockingAppender
            for node in nodes(named: "logstash") { nodes[Int(node)].health = .hung }
        case .configPush:
            // A runtime push (Archaius / Spring Cloud Bus refresh): applies to calls started from now on.
            _ = try? PropertyApplier.apply(key: fault.target, value: p.value, location: fault.location, to: &resilience)
        case .externalOutage:
            for node in targets { nodes[Int(node)].health = .hung }
        case .externalRateLimit:
            if let api = ServiceCatalog.externalAPIs.firstIndex(of: fault.target) { externalRateLimit[api] = p.rateLimit }
        }
    }

    func endFault(_ index: Int) {
        let fault = scenario.faults[index]
        networkLatencyTable.isBuilt = false
        let targets = nodes(named: fault.target)
        let p = fault.parameters
        switch fault.kind {
        case .instanceCrash, .memberLoss, .gracefulStop, .restart, .zoneOutage, .blackhole, .hang:
            for node in targets { revive(node) }
        case .partition:
            cutLinks.removeAll()
            cutNodes.removeAll()
            // Other partitions still active are re-applied.
            for (other, f) in scenario.faults.enumerated() where other != index && f.kind == .partition && isActive(other) { startFault(other) }
            storeReleaseHeldByPartition()
        case .latency:
            for node in targets { nodes[Int(node)].faultLatency -= p.latency; nodes[Int(node)].faultJitter -= p.jitter }
        case .errors:
            for node in targets { nodes[Int(node)].errorRate = 0 }
        case .shardSlowdown, .oauthSlowdown:
            let affected = fault.kind == .oauthSlowdown && targets.isEmpty ? nodes(named: "oauth") : targets
            for node in affected { nodes[Int(node)].slowFactor = 1; nodes[Int(node)].faultLatency -= p.latency }
        case .primaryStepDown:
            // The stepped-down member is electable again once its stepDownSecs pass (inside the core).
            break
        case .registryOutage:
            for node in nodes(named: "eureka") { revive(node) }
        case .oauthOutage:
            for node in nodes(named: "oauth") { revive(node) }
        case .clockSkew:
            for node in targets { nodes[Int(node)].clockSkew = .zero }
        case .logStall:
            logStallActive = false
            for node in nodes(named: "logstash") { revive(node) }
            let stalled = stalledCalls
            stalledCalls.removeAll()
            for (call, generation) in stalled where calls.isCurrent(call, generation) && calls[call].phase == .computing {
                reply(call, status: calls[call].status)
            }
        case .configPush:
            resilience = scenario.resilience
            for (other, f) in scenario.faults.enumerated() where other != index && f.kind == .configPush && isActive(other) { startFault(other) }
        case .externalOutage:
            for node in targets { revive(node) }
        case .externalRateLimit:
            if let api = ServiceCatalog.externalAPIs.firstIndex(of: fault.target) { externalRateLimit[api] = scenario.topology.externals[api].rateLimit }
        }
    }

    func isActive(_ index: Int) -> Bool {
        let fault = scenario.faults[index]
        let start = SimTime.zero + fault.at
        guard queue.now >= start else { return false }
        if let length = fault.duration { return queue.now < start + length }
        return true
    }

    /// Kills node `node`. `reachable`: the host answers RST (process death) vs nothing (host or
    /// zone gone). Everything queued or running on it is lost: callers of a reachable node get a
    /// reset, callers of an unreachable one wait for their deadlines.
    func crash(_ node: Int32, reachable: Bool) {
        let now = queue.now
        nodes[Int(node)].health = reachable ? .refusing : .blackholed
        // A dead process loses its Eureka client; an unreachable host keeps running it.
        if reachable { stopEurekaClient(node) }
        let station = Int(nodes[Int(node)].station)
        // Running calls: every live call whose callee is this node and that holds a worker.
        var victims: [Int32] = []
        for index in 0..<Int32(calls.elements.count) where calls.isCurrent(index, calls.generation(index)) {
            let call = calls[index]
            guard call.callee == node else { continue }
            switch call.phase {
            case .computing, .waitingChild:
                recorder.stations[station].depart(now, sojourn: now - call.acceptedAt)
                victims.append(index)
            case .queued:
                recorder.stations[station].dropQueued(now, sojourn: now - call.acceptedAt)
                victims.append(index)
            case .parked:
                victims.append(index)
            case .connecting, .responding:
                break
            }
        }
        nodes[Int(node)].busy = 0
        nodes[Int(node)].waiting.removeAll()
        nodes[Int(node)].parked.removeAll()
        stalledCalls.removeAll { calls.isCurrent($0.call, $0.generation) && calls[$0.call].callee == node }
        for victim in victims {
            calls[victim].awaitingChild = false
            if reachable {
                calls[victim].status = 599
                calls[victim].flags = []
                sendResponse(victim)
            } else {
                dropInFlight(victim)
            }
        }
    }

    /// Brings a node back up (restart, end of outage): empty queues, registered again.
    func revive(_ node: Int32) {
        let wasHung = nodes[Int(node)].health == .hung
        let wasDown = nodes[Int(node)].health != .up
        nodes[Int(node)].health = .up
        if wasDown { storeNodeRevived(node) }
        nodes[Int(node)].registered = true
        if Self.runsEurekaClient(nodes[Int(node)].kind) && (eurekaClients[Int(node)] == nil || eurekaClientTimers[Int(node)] == nil) {
            // A restarted process registers and fetches again (cold start).
            stopEurekaClient(node)
            startEurekaClient(node, warm: false)
        }
        if wasHung {
            // The backlog a hung node accepted is served now, in arrival order.
            let parked = nodes[Int(node)].parked
            nodes[Int(node)].parked.removeAll()
            for call in parked where calls[call].phase == .parked {
                callArrives(call, calls.generation(call))
            }
        }
    }
}
