import SimulationPrimitives
import SimulationKernel
import Scenarios

extension PlatformSimulation {
    /// Sends a call from `caller` (a node, or -1 for a client in `callerZone`) to node `callee`.
    ///
    /// Connect phase: a partition or a black-holed callee drops the SYN (the caller's connect
    /// deadline fires), a refusing callee answers RST after one round trip, otherwise the request
    /// reaches the callee after one-way latency. Response phase: the caller's read deadline (if
    /// any) runs from the moment the request arrives. Returns the call slot and generation.
    @discardableResult
    func sendCall(caller: Int32, callerZone: Int16, callee: Int32, route: Int16, request: Int32, parent: Int32, parentGeneration: UInt32,
                  funcionKey: UInt32, clienteKey: UInt32, tokenValid: Bool, connectTimeout: SimDuration, readTimeout: SimDuration?,
                  body: Int32 = -1) -> (Int32, UInt32) {
        let now = queue.now
        let (index, generation) = calls.acquire(Call(request: request, parent: parent, parentGeneration: parentGeneration, caller: caller,
                                                     callerZone: callerZone, callee: callee, route: route, sentAt: now, readTimeout: readTimeout,
                                                     funcionKey: funcionKey, clienteKey: clienteKey, tokenValid: tokenValid))
        if body >= 0 { calls[index].body = body; retainBody(body) }
        if parent >= 0 { startChildSpan(call: index, parent: parent) }
        // Read fields one by one: copying a `SimNode` retains its queues (hot path).
        let targetHealth = nodes[Int(callee)].health
        if targetHealth != .up && targetHealth != .hung {
            let component = Int(nodes[Int(callee)].component)
            if components[component].kind == .service || components[component].kind == .member {
                counters.requestsToDeadInstances += 1
                recorder.recordDeadRouting(service: components[component].name, at: now)
            }
        }
        let callerUnreachable = caller >= 0 && nodes[Int(caller)].health == .blackholed
        if callerUnreachable || isCut(fromZone: callerZone, fromNode: caller, to: callee) || targetHealth == .blackholed {
            calls[index].deadline = queue.schedule(.callDeadline(call: index, generation: generation), at: now + connectTimeout)
        } else if targetHealth == .refusing {
            let roundTrip = oneWayLatency(fromZone: callerZone, to: callee) * 2
            queue.schedule(.connectRefused(call: index, generation: generation), at: now + roundTrip)
        } else {
            let latency = oneWayLatency(fromZone: callerZone, to: callee)
            queue.schedule(.callArrives(call: index, generation: generation), at: now + latency)
            if let readTimeout {
                calls[index].deadline = queue.schedule(.callDeadline(call: index, generation: generation), at: now + latency + readTimeout)
            }
        }
        return (index, generation)
    }

    /// The request reached its callee: accept into a worker or the queue, or refuse when full.
    func callArrives(_ c: Int32, _ generation: UInt32) {
        guard calls.isCurrent(c, generation) else { return }
        let node = calls[c].callee
        let now = queue.now
        switch nodes[Int(node)].health {
        case .refusing:
            // Died while the request was in flight: the connection is reset.
            finishWithoutWorker(c, status: 599, flags: [])
            return
        case .blackholed:
            dropInFlight(c)
            return
        case .hung:
            calls[c].phase = .parked
            nodes[Int(node)].parked.append(c)
            if calls[c].outbound >= 0 { attemptConnected(call: c) }
            return
        case .up:
            break
        }
        if calls[c].outbound >= 0 {
            // The connection is established (request sent): the call stack now waits for the response.
            calls[c].phase = .queued
            attemptConnected(call: c)
            guard calls.isCurrent(c, calls.generation(c)) else { return }
        }
        calls[c].acceptedAt = now
        if nodes[Int(node)].busy < nodes[Int(node)].workers {
            nodes[Int(node)].busy += 1
            recorder.stations[Int(nodes[Int(node)].station)].arrive(now, queued: false)
            calls[c].phase = .computing
            advance(c)
        } else if nodes[Int(node)].waiting.count < Int(nodes[Int(node)].queueCapacity) {
            nodes[Int(node)].waiting.append(c)
            recorder.stations[Int(nodes[Int(node)].station)].arrive(now, queued: true)
            calls[c].phase = .queued
        } else {
            recorder.stations[Int(nodes[Int(node)].station)].reject()
            finishWithoutWorker(c, status: 503, flags: .shed)
        }
    }

    /// A call whose packets were lost after sending: the caller learns only by its deadline.
    func dropInFlight(_ c: Int32) {
        calls[c].phase = .connecting
        if calls[c].deadline == nil || !queue.isPending(calls[c].deadline!) {
            let generation = calls.generation(c)
            calls[c].deadline = queue.schedule(.callDeadline(call: c, generation: generation), at: queue.now + Self.osReadGiveUp)
        }
    }

    func connectRefused(_ c: Int32, _ generation: UInt32) {
        guard calls.isCurrent(c, generation) else { return }
        deliver(c, status: 599, flags: [])
        release(c)
    }

    /// The caller's connect or read deadline.
    func callDeadline(_ c: Int32, _ generation: UInt32) {
        guard calls.isCurrent(c, generation) else { return }
        calls[c].deadline = nil
        if calls[c].phase == .connecting {
            // Nobody else holds this call: connect timeout (or a response lost for good).
            deliver(c, status: 599, flags: .timedOut)
            release(c)
        } else if calls[c].callerWaiting {
            // Read timeout: the callee keeps working; its late response will be discarded.
            deliver(c, status: 599, flags: .timedOut)
            calls[c].callerWaiting = false
        }
    }

    /// Answers a call whose node never gave it a worker (refused, queue full, reset).
    func finishWithoutWorker(_ c: Int32, status: Int16, flags: ResponseFlags) {
        calls[c].status = status
        calls[c].flags = flags
        sendResponse(c)
    }

    /// The callee's program is done with `status`: free the worker, start the next queued call,
    /// and send the response back.
    func reply(_ c: Int32, status: Int16, flags: ResponseFlags = []) {
        let node = calls[c].callee
        let now = queue.now
        var status = status
        if nodes[Int(node)].errorRate > 0 && status < 400 && faultRandom.nextBool(probability: nodes[Int(node)].errorRate) {
            status = nodes[Int(node)].errorStatus
        }
        calls[c].status = status
        calls[c].flags = flags
        releaseWorker(of: node, sojourn: now - calls[c].acceptedAt)
        sendResponse(c)
    }

    func releaseWorker(of node: Int32, sojourn: SimDuration) {
        let now = queue.now
        recorder.stations[Int(nodes[Int(node)].station)].depart(now, sojourn: sojourn)
        nodes[Int(node)].busy -= 1
        if let next = nodes[Int(node)].waiting.popFirst() {
            nodes[Int(node)].busy += 1
            recorder.stations[Int(nodes[Int(node)].station)].startFromQueue(now)
            calls[next].phase = .computing
            advance(next)
        }
    }

    func sendResponse(_ c: Int32) {
        let node = calls[c].callee
        calls[c].phase = .responding
        let generation = calls.generation(c)
        if calls[c].caller >= 0 && isCut(fromZone: nodes[Int(node)].zone, fromNode: node, to: calls[c].caller) {
            dropInFlight(c)
            return
        }
        var latency = calls[c].caller >= 0 ? oneWayLatency(fromZone: nodes[Int(node)].zone, to: calls[c].caller)
                                            : sameZoneOrCross(from: nodes[Int(node)].zone, toZone: calls[c].callerZone)
        latency += nodes[Int(node)].faultLatency + jitter(nodes[Int(node)].faultJitter)
        queue.schedule(.responseArrives(call: c, generation: generation), at: queue.now + latency)
    }

    /// One-way latency of a client leg (no slow links apply): the zone link's prepared sampler,
    /// the same draw and bits as `sameZoneLatency`/`crossZoneLatency.sample` (the distribution
    /// itself only for an `empirical` table, which the prepared sampler cannot draw).
    func sameZoneOrCross(from zone: Int16, toZone: Int16) -> SimDuration {
        let sampler = zone == toZone ? sameZoneSampler : crossZoneSampler
        if let latency = sampler.sampleDuration(using: &networkRandom) { return latency }
        return zone == toZone ? sameZoneLatency.sample(&networkRandom) : crossZoneLatency.sample(&networkRandom)
    }

    func responseArrives(_ c: Int32, _ generation: UInt32) {
        guard calls.isCurrent(c, generation) else { return }
        if calls[c].phase != .responding { return }
        if let deadline = calls[c].deadline { queue.cancel(deadline) }
        if calls[c].callerWaiting { deliver(c, status: calls[c].status, flags: calls[c].flags) }
        release(c)
    }

    /// Hands a call's result to whoever waits for it: the parent call's program or the client.
    func deliver(_ c: Int32, status: Int16, flags: ResponseFlags) {
        // Fields read in place, not a copy of the ~130-byte call.
        guard calls[c].callerWaiting else { return }
        if calls[c].span >= 0 { noteSpanDelivered(c, status: status, flags: flags) }
        let balancer = calls[c].balancer
        if balancer >= 0 { noteAttemptEnded(balancer: balancer, node: calls[c].callee, status: status, flags: flags, sentAt: calls[c].sentAt) }
        if calls[c].outbound >= 0 {
            attemptEnded(call: c, status: status, flags: flags)
        } else if calls[c].payload >= 0 {
            eurekaCallEnded(message: calls[c].payload, status: status, flags: flags)
        } else if calls[c].parent >= 0 {
            let parent = calls[c].parent
            guard calls.isCurrent(parent, calls[c].parentGeneration), calls[parent].phase == .waitingChild, calls[parent].awaitingChild else { return }
            resumeParent(parent, childStatus: status, childFlags: flags)
        } else if calls[c].request >= 0 {
            clientResponse(request: calls[c].request, status: status, flags: flags)
        }
    }

    func release(_ c: Int32) {
        if calls[c].span >= 0 { closeSpan(c) }
        if calls[c].payload >= 0 { eurekaMessages.release(calls[c].payload) }
        if calls[c].body >= 0 { releaseBody(calls[c].body) }
        if calls[c].handler >= 0 { handlers.release(calls[c].handler) }
        calls.release(c)
    }

    /// Schedules the CPU part of the current step on the callee (service time × slowdown).
    func compute(_ c: Int32, factor: Double = 1) {
        let node = calls[c].callee
        var time = serviceTime(of: node)
        let slow = nodes[Int(node)].slowFactor * factor
        if slow != 1 { time = SimDuration(nanoseconds: Int64(Double(time.nanoseconds) * slow)) }
        calls[c].phase = .computing
        queue.schedule(.computeDone(call: c, generation: calls.generation(c)), at: queue.now + time)
    }

    /// One service time of `node`, drawn from `serviceRandom`: its prepared sampler, inlined (the
    /// same draw and bits as `nodes[node].serviceTime.sample`, `DistributionPreparedTests`; the
    /// node's distribution itself only for an `empirical` table). Reading the `DistributionSampler`
    /// out of the node copied its enum (outlined copy and consume) and called the generic sampler:
    /// about 45 instructions a compute step (docs/performance.md, round 8).
    @inline(__always) func serviceTime(of node: Int32) -> SimDuration {
        if let time = serviceTimeSamplers[Int(node)].sampleDuration(using: &serviceRandom) { return time }
        return nodes[Int(node)].serviceTime.sample(&serviceRandom)
    }

    /// Prepares every node's service-time sampler: at the end of `init`, once every node exists
    /// (nodes and their service times do not change during a run); call it again after changing a
    /// node's `serviceTime` (tests do).
    func rebuildServiceTimeSamplers() {
        serviceTimeSamplers = nodes.indices.map { Distribution.Prepared(nodes[$0].serviceTime.distribution) }
    }

    func computeDone(_ c: Int32, _ generation: UInt32) {
        guard calls.isCurrent(c, generation), calls[c].phase == .computing else { return }
        calls[c].step += 1
        advance(c)
    }

    /// Starts a child call from call `c`'s worker and waits for it.
    @discardableResult
    func callChild(_ c: Int32, callee: Int32, route: Int16, connectTimeout: SimDuration, readTimeout: SimDuration?, collection: Int16? = nil, balancer: Int32 = -1) -> Int32 {
        let parent = calls[c]
        calls[c].phase = .waitingChild
        calls[c].awaitingChild = true
        let (child, _) = sendCall(caller: parent.callee, callerZone: nodes[Int(parent.callee)].zone, callee: callee, route: route, request: parent.request,
                 parent: c, parentGeneration: calls.generation(c), funcionKey: parent.funcionKey, clienteKey: parent.clienteKey,
                 tokenValid: parent.tokenValid, connectTimeout: connectTimeout, readTimeout: readTimeout, body: parent.body)
        calls[child].collection = collection ?? parent.collection
        calls[child].balancer = balancer
        // The OAuth server calls usuario-query with its own client credentials, not the user's token.
        if nodes[Int(parent.callee)].kind == .oauth { calls[child].tokenValid = true }
        lastChildCall = child
        return child
    }
}
