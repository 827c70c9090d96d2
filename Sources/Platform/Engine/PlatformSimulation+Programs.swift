import SimulationPrimitives
import Scenarios
import CinemaDomain

/// What each node kind does with a call, one step at a time: compute steps take a worker's CPU
/// time, child steps call other nodes while the worker waits, the last step replies.
extension PlatformSimulation {
    /// Hands a finished child call's outcome to the waiting parent `parent` and runs the parent's
    /// program on from its next step (the one place both direct children and call-stack children
    /// resume a parent).
    @inline(__always)
    func resumeParent(_ parent: Int32, childStatus: Int16, childFlags: ResponseFlags) {
        calls[parent].awaitingChild = false
        calls[parent].childStatus = childStatus
        calls[parent].childFlags = childFlags
        calls[parent].phase = .computing
        calls[parent].step += 1
        advance(parent)
    }

    /// Runs call `c`'s program from its current step until it waits (compute or child) or replies.
    func advance(_ c: Int32) {
        let node = calls[c].callee
        switch nodes[Int(node)].kind {
        case .edge: edgeProgram(c, node)
        case .gateway: gatewayProgram(c, node)
        case .service: serviceProgram(c, node)
        case .mongos: mongosProgram(c, node)
        case .member: memberProgram(c, node)
        case .oauth: oauthProgram(c, node)
        case .external: externalProgram(c, node)
        case .eureka where calls[c].payload >= 0 && calls[c].step > 0:
            reply(c, status: processEurekaMessage(calls[c].payload, at: node))
        case .frontend, .config, .eureka, .turbine, .logstash:
            if calls[c].step == 0 { compute(c) } else { reply(c, status: 200) }
        }
    }

    /// A child failed when it timed out, was refused/reset or answered ≥ 500.
    func childFailed(_ c: Int32) -> Bool {
        calls[c].childStatus >= 500 || calls[c].childFlags.contains(.timedOut)
    }

    /// Edge balancer: a little CPU, then forward to a frontend (pages) or a gateway (API calls).
    func edgeProgram(_ c: Int32, _ node: Int32) {
        switch calls[c].step {
        case 0: compute(c)
        case 1:
            let isPage = calls[c].route == internalRoutes.page
            guard let component = componentOfKind[isPage ? .frontend : .gateway],
                  let choice = chooseServer(caller: node, component: component) else {
                reply(c, status: 503, flags: .shed); return
            }
            // An L4/L7 edge balancer: 1 s connect, 60 s idle timeout (AWS ELB's default).
            callChild(c, callee: choice.node, route: calls[c].route, connectTimeout: .seconds(1), readTimeout: .seconds(60), balancer: choice.balancer)
        default:
            reply(c, status: calls[c].childFlags.contains(.timedOut) ? 504 : (calls[c].childStatus == 599 ? 502 : calls[c].childStatus),
                  flags: calls[c].childFlags.subtracting(.timedOut))
        }
    }

    /// A CQRS service: its own CPU time, an external call when the endpoint needs one (payment
    /// before paying, a social post before recording a share), then the domain: a query answered
    /// from the read model, or a command handler whose store operations go through mongos.
    func serviceProgram(_ c: Int32, _ node: Int32) {
        let step = calls[c].step
        switch step {
        case 0:
            if routeTable[calls[c].route].needsToken && !calls[c].tokenValid { counters.unauthorisedReachingServices += 1 }
            compute(c)
        case 1:
            if let api = externalCall(for: c) {
                calls[c].step = 2
                startOutbound(c, component: externalComponents[api], route: internalRoutes.externalCall, external: true)
                return
            }
            calls[c].step = 3
            startDomainWork(c)
        case 3:
            // A service answers its own external failure with 502 (bad gateway), a timeout with 504.
            if calls[c].childFlags.contains(.timedOut) { reply(c, status: 504); return }
            if calls[c].childStatus >= 400 || calls[c].childStatus == 0 { reply(c, status: 502); return }
            calls[c].step = 4
            startDomainWork(c)
        default:
            // Store operations do not run as child calls (their driver completion resumes the
            // handler, Store/); no other child follows the domain work.
            reply(c, status: 500)
        }
    }

    /// External API a service calls before its domain work, by endpoint.
    func externalCall(for c: Int32) -> Int? {
        let route = calls[c].route
        if route == Int16(Endpoint.payPurchase.rawValue) { return ServiceCatalog.externalAPIs.firstIndex(of: "payment") }
        if route == Int16(Endpoint.updateCustomer.rawValue) { return Int(calls[c].clienteKey % 2) }   // facebook or twitter
        return nil
    }

    func finishServiceCall(_ c: Int32, status: Int16) {
        if logStallActive {
            if logStallBlocking {
                // A blocking appender: the worker waits until the log pipeline drains.
                calls[c].status = status
                stalledCalls.append((c, calls.generation(c)))
                return
            }
            counters.logEventsDropped += 1
        }
        reply(c, status: status)
    }

    /// mongos and replica-set members take no platform calls: the store's traffic is `ShardedStore`
    /// messages between its hosted processes (Store/). A stray call is answered at once.
    func mongosProgram(_ c: Int32, _ node: Int32) { reply(c, status: 200) }

    func memberProgram(_ c: Int32, _ node: Int32) { reply(c, status: 200) }

    /// OAuth server: token grants check the user's credentials with usuario-query; introspection answers from its token store.
    func oauthProgram(_ c: Int32, _ node: Int32) {
        switch calls[c].step {
        case 0:
            if calls[c].route == internalRoutes.introspect { noteIntrospection() }
            compute(c)
        case 1:
            if calls[c].route == internalRoutes.login {
                // The credential check reads the user from usuario-query (GET /api/usuarios/{id}).
                let component = serviceComponents[ServiceCatalog.serviceIDs.firstIndex(of: "usuario-query")!]
                startOutbound(c, component: component, route: Int16(Endpoint.getUser.rawValue))
                return
            }
            reply(c, status: oauthWork(c))
        default:
            reply(c, status: childFailed(c) ? 500 : oauthWork(c))
        }
    }

    /// A third-party API: its latency is its service time; above its rate limit it answers 429.
    func externalProgram(_ c: Int32, _ node: Int32) {
        let api = components[Int(nodes[Int(node)].component)].detail
        if calls[c].step == 0 {
            if let limit = externalRateLimit[api] {
                let now = queue.now
                if now - externalWindowStart[api] >= .seconds(1) { externalWindowStart[api] = now; externalWindowCount[api] = 0 }
                externalWindowCount[api] += 1
                if Double(externalWindowCount[api]) > limit.perSecond { reply(c, status: 429, flags: .shed); return }
            }
            compute(c)
        } else {
            reply(c, status: 200)
        }
    }

    func serviceIndexOfRoute(_ route: Int16) -> Int? {
        let owner = routeTable[route].owner
        guard owner >= 0, components[Int(owner)].kind == .service else { return nil }
        return components[Int(owner)].detail
    }

    /// Records a gateway → service call on the service's summary entry.
    func recordServiceCall(serviceIndex: Int, status: Int16, flags: ResponseFlags, since start: SimTime) {
        let outcome = PlatformSimulation.outcome(status: status, flags: flags)
        recorder.recordRequest(route: serviceRecorder[serviceIndex], outcome: outcome, intendedStart: start, actualStart: start, end: queue.now, retries: 0)
    }
}
