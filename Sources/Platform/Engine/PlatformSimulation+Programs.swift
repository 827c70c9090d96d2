import SimulationPrimitives
import Scenarios

/// What each node kind does with a call, one step at a time: compute steps take a worker's CPU
/// time, child steps call other nodes while the worker waits, the last step replies.
extension PlatformSimulation {
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

    /// Zuul: pre filters (auth, rate limit) → route filter (call stack to the service) → post.
    func gatewayProgram(_ c: Int32, _ node: Int32) {
        let route = routeTable[calls[c].route]
        switch calls[c].step {
        case 0: compute(c)
        case 1:
            // Auth pre filter.
            if route.needsToken {
                if !TokenCheckSeam.accepts(tokenValid: calls[c].tokenValid) {
                    reply(c, status: 401, flags: .unauthorised); return
                }
                if resilience.oauth.validation == .introspection, let oauth = componentOfKind[.oauth] {
                    guard let choice = chooseServer(caller: node, component: oauth) else {
                        reply(c, status: resilience.gateway.stockErrorStatus ? 500 : 503, flags: .shed); return
                    }
                    let ribbon = resilience.ribbon
                    callChild(c, callee: choice.node, route: internalRoutes.introspect, connectTimeout: ribbon.connectTimeout,
                              readTimeout: ribbon.readTimeout, balancer: choice.balancer)
                    return
                }
            }
            calls[c].step = 2
            advance(c)
        case 2:
            if route.needsToken && resilience.oauth.validation == .introspection && childFailed(c) {
                reply(c, status: resilience.gateway.stockErrorStatus ? 500 : 503); return
            }
            // Route filter: Eureka client cache → Ribbon rule → Hystrix command (SEAM: OutboundCallSeam).
            guard route.owner >= 0 else { reply(c, status: 404); return }
            let owner = route.owner
            let serviceID = components[Int(owner)].name
            let policy = OutboundCallSeam.policy(for: serviceID, resilience: resilience)
            guard let choice = chooseServer(caller: node, component: owner) else {
                reply(c, status: resilience.gateway.stockErrorStatus ? 500 : 503, flags: .shed); return
            }
            calls[c].step = 3
            callChild(c, callee: choice.node, route: calls[c].route, connectTimeout: policy.connectTimeout, readTimeout: policy.readTimeout,
                      balancer: choice.balancer)
        case 3:
            let status = calls[c].childStatus, flags = calls[c].childFlags
            if let serviceIndex = serviceIndexOfRoute(calls[c].route) {
                recordServiceCall(serviceIndex: serviceIndex, status: status, flags: flags, since: calls[c].acceptedAt)
            }
            calls[c].step = 4
            if childFailed(c) {
                // Stock Zuul answers 500 for every Hystrix failure; improved maps timeouts to 504, others to 503.
                let mapped: Int16 = resilience.gateway.stockErrorStatus ? 500 : (flags.contains(.timedOut) ? 504 : 503)
                reply(c, status: mapped, flags: flags.intersection(.shed)); return
            }
            compute(c, factor: 0.5)   // post filters
        default:
            reply(c, status: calls[c].childStatus, flags: calls[c].childFlags)
        }
    }

    /// A CQRS service: its own CPU time, then the route's store operations and downstream calls
    /// (SEAM: ServicePlanSeam), then the answer.
    func serviceProgram(_ c: Int32, _ node: Int32) {
        let step = Int(calls[c].step)
        let route = calls[c].route
        if step == 0 {
            if routeTable[route].needsToken && !calls[c].tokenValid { counters.unauthorisedReachingServices += 1 }
            compute(c); return
        }
        if step >= 2 && childFailed(c) { reply(c, status: 500); return }
        if step >= 2 && calls[c].childStatus >= 400 { reply(c, status: 502); return }
        let plan = servicePlans[Int(route)]
        let index = step - 1
        guard index < plan.count else {
            finishServiceCall(c); return
        }
        let ribbon = resilience.ribbon(for: components[Int(nodes[Int(node)].component)].name)
        switch plan[index] {
        case let .store(collection, write, _):
            guard let mongos = componentOfKind[.mongos],
                  let target = EdgeRuleSeam.choose(among: components[Int(mongos)].instances, nodes: nodes, cursor: &nodes[Int(node)].cursor) else {
                reply(c, status: 500); return
            }
            let operation = write ? internalRoutes.storeWrite : internalRoutes.storeRead
            // MongoDB drivers: connectTimeoutMS 10 s, socketTimeoutMS 0 (no read timeout) by default.
            callChild(c, callee: target, route: operation, connectTimeout: .seconds(10), readTimeout: nil, collection: collection)
        case let .callService(serviceIndex, calledRoute):
            let component = serviceComponents[Int(serviceIndex)]
            let policy = OutboundCallSeam.policy(for: components[Int(component)].name, resilience: resilience)
            guard let choice = chooseServer(caller: node, component: component) else { reply(c, status: 500); return }
            callChild(c, callee: choice.node, route: calledRoute, connectTimeout: policy.connectTimeout, readTimeout: policy.readTimeout,
                      balancer: choice.balancer)
        case let .callExternal(apiIndex):
            callChild(c, callee: components[Int(externalComponents[Int(apiIndex)])].instances[0], route: internalRoutes.externalCall,
                      connectTimeout: ribbon.connectTimeout, readTimeout: ribbon.readTimeout)
        case .callSocial:
            let api = Int(calls[c].clienteKey % 2)   // facebook or twitter
            callChild(c, callee: components[Int(externalComponents[api])].instances[0], route: internalRoutes.externalCall,
                      connectTimeout: ribbon.connectTimeout, readTimeout: ribbon.readTimeout)
        }
    }

    func finishServiceCall(_ c: Int32) {
        let route = routeTable[calls[c].route]
        if route.name == "PUT /api/compras" { SeatLedgerSeam.confirmed(simulation: self, call: c) }
        if route.name == "POST /api/compras" { SeatLedgerSeam.held(simulation: self, call: c) }
        if logStallActive {
            if logStallBlocking {
                // A blocking appender: the worker waits until the log pipeline drains.
                stalledCalls.append((c, calls.generation(c)))
                return
            }
            counters.logEventsDropped += 1
        }
        reply(c, status: route.isRead ? 200 : 201)
    }

    /// mongos: route by shard key to the shard's primary (SEAM: StoreRoutingSeam).
    func mongosProgram(_ c: Int32, _ node: Int32) {
        switch calls[c].step {
        case 0: compute(c)
        case 1:
            let collection = max(calls[c].collection, 0)
            let shard = StoreRoutingSeam.shard(for: calls[c], collection: collection, keyKind: shardKeyFor[Int(collection)], shards: shardComponents.count)
            let component = shardComponents[shard]
            let members = components[Int(component)].instances
            let target = members[components[Int(component)].primary]
            callChild(c, callee: target, route: calls[c].route, connectTimeout: .seconds(10), readTimeout: nil)
        default:
            reply(c, status: calls[c].childFlags.contains(.timedOut) ? 504 : calls[c].childStatus)
        }
    }

    /// A replica-set member: apply, and for writes with majority write concern wait for one
    /// secondary's acknowledgement (a majority of 3).
    func memberProgram(_ c: Int32, _ node: Int32) {
        switch calls[c].step {
        case 0: compute(c)
        case 1:
            let component = nodes[Int(node)].component
            let members = components[Int(component)].instances
            let isWrite = calls[c].route == internalRoutes.storeWrite
            if isWrite && scenario.topology.store.writeConcern == .majority && members.count > 1 {
                let primary = components[Int(component)].primary
                let secondary = members[(primary + 1) % members.count]
                callChild(c, callee: secondary, route: internalRoutes.replicate, connectTimeout: .seconds(10), readTimeout: nil)
            } else {
                calls[c].step = 2
                advance(c)
            }
        default:
            // childStatus stays 0 when no acknowledgement was needed.
            reply(c, status: childFailed(c) ? 500 : 200)
        }
    }

    /// OAuth server: token grants check the user's credentials with usuario-query; introspection answers from its token store.
    func oauthProgram(_ c: Int32, _ node: Int32) {
        switch calls[c].step {
        case 0: compute(c)
        case 1:
            if calls[c].route == internalRoutes.login {
                let component = serviceComponents[ServiceCatalog.serviceIDs.firstIndex(of: "usuario-query")!]
                let policy = OutboundCallSeam.policy(for: "usuario-query", resilience: resilience)
                if let choice = chooseServer(caller: node, component: component) {
                    callChild(c, callee: choice.node, route: routeTable.index(of: "GET /api/usuarios")!, connectTimeout: policy.connectTimeout,
                              readTimeout: policy.readTimeout, balancer: choice.balancer)
                    return
                }
                reply(c, status: 500); return
            }
            reply(c, status: 200)
        default:
            reply(c, status: childFailed(c) ? 500 : 200)
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
