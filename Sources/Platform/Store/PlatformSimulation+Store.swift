import SimulationPrimitives
import SimulationKernel
import Scenarios
import ShardedStore
import CinemaDomain
import Telemetry

/// Hosting of the real `ShardedStore` processes (DESIGN §3 step 6, §10 "Store and driver"):
/// members, mongos routers, the config server and one driver per service instance run as platform
/// actors; their messages travel the simulated network (latency, partitions, crashes), each actor
/// has one pending tick at its `nextDeadline`, driver completions resume the service's command
/// handler, store events feed the timeline and the lost-write invariant.
extension PlatformSimulation {
    // MARK: Building

    /// Creates every store process from the topology (shards × replicas from the scenario, the
    /// mongos instances, one driver per service instance) and schedules their first ticks.
    func buildStore() {
        let settings = scenario.topology.store
        let shards = shardComponents.map { components[Int($0)].instances.map { StoreNodeID($0) } }
        let configNode = Int32(nodes.count)
        store.configNode = configNode
        store.actors = Array(repeating: .none, count: nodes.count + 1)
        store.tickHandles = Array(repeating: nil, count: nodes.count + 1)
        store.tickTimes = Array(repeating: .distantFuture, count: nodes.count + 1)
        store.driverOfNode = Array(repeating: -1, count: nodes.count)
        store.writeConcern = settings.writeConcern == .w1 ? .primary : .majority
        // The scenario's shard keys (case F14) over the catalogue present at the start.
        shardKeyRouter = ShardKeyRouter(settings: settings, store: documentStore)
        let tables = StoreTranslation.initialTables(shards: shards.count, rules: shardKeyRouter.rules)
        let schema = StoreTranslation.schema(rules: shardKeyRouter.rules)
        store.purchasesPattern = schema[Self.purchasesCollection].shardKey
        for (shard, component) in shardComponents.enumerated() {
            let info = components[Int(component)]
            var replicaSettings = ReplicaSetSettings()
            replicaSettings.oplogCapacityEntries = Self.oplogWindowEntries
            let config = ReplicaSetConfig(members: info.instances.map { ReplicaSetMemberConfig(node: StoreNodeID($0)) },
                                          settings: replicaSettings,
                                          bootstrapPrimary: StoreNodeID(info.instances[info.primary]))
            for node in info.instances {
                let member = ReplicaSetMember(node: StoreNodeID(node), config: config, schema: schema,
                                              shard: ShardID(Int32(shard)), now: .zero, random: &store.random)
                store.members.append(member)
                store.memberShard.append(Int32(shard))
                store.actors[Int(node)] = .member(Int32(store.members.count - 1))
            }
        }
        store.config = ConfigServer(node: StoreNodeID(configNode), shards: shards, tables: tables, now: .zero)
        store.actors[Int(configNode)] = .config
        let routers = componentOfKind[.mongos].map { components[Int($0)].instances } ?? []
        // The services reach the replica sets through mongos, whose ReplicaSetMonitor tracks each
        // shard's primary: the scenario's driver monitoring (heartbeatFrequencyMS, re-discovery on
        // "not primary"; case F12's stale topology) applies to it as well as to the drivers.
        var routerSettings = MongosSettings()
        routerSettings.shardMonitor.heartbeatFrequency = settings.driver.heartbeatFrequency
        routerSettings.shardMonitor.rediscoverOnError = settings.driver.rediscoverOnNotPrimary
        for node in routers {
            // Each mongos process started at its own time before the run: its monitors' periodic
            // checks fall at their own phase in the heartbeat interval (so after an election with
            // re-discovery off, the routers learn the new primary at different times, case F12).
            // Drawn from the process's own stream, like Turbine's stream phase: it depends on the
            // seed and the instance only, not on how many draws other store processes made.
            var phaseRandom = RandomStream(rootSeed: scenario.seed, component: "store.mongos-phase." + nodeNames[Int(node)])
            let interval = Double(routerSettings.shardMonitor.heartbeatFrequency.nanoseconds)
            let phase = SimDuration(nanoseconds: max(1, Int64((1 - phaseRandom.nextDouble()) * interval)))
            store.routers.append(MongosRouter(node: StoreNodeID(node), configServer: StoreNodeID(configNode), shards: shards,
                                              collectionCount: tables.count, settings: routerSettings, now: .zero, tables: tables,
                                              monitorPhase: phase))
            store.actors[Int(node)] = .router(Int32(store.routers.count - 1))
        }
        for node in nodes.indices where nodes[node].kind == .service {
            store.drivers.append(StoreDriver(node: StoreNodeID(Int32(node)), servers: routers.map { StoreNodeID($0) },
                                             settings: driverSettings(forNode: Int32(node)), now: .zero))
            store.inFlight.append(InFlightOperations())
            store.driverOfNode[node] = Int32(store.drivers.count - 1)
            store.actors[node] = .driver(Int32(store.drivers.count - 1))
        }
        store.participantIndex = Array(repeating: -1, count: nodes.count + 1)
        for node in 0...Int(configNode) where store.actors[node] != .none {
            store.participantIndex[node] = Int32(store.participants)
            store.participants += 1
        }
        store.lastArrival = Array(repeating: .zero, count: store.participants * store.participants)
        store.lastProcessed = Array(repeating: .zero, count: store.participants * store.participants)
        for node in 0...Int(configNode) where store.actors[node] != .none { storeReschedule(Int32(node)) }
    }

    /// The scenario's driver settings (`topology.store.driver`, `write_concern`) for the driver on
    /// platform node `node` (its own session id). Case F12's driver is heartbeat 300 s, no
    /// re-discovery, no retryable writes (`DriverSettings.f12BuggyDriver` also reads from secondaries).
    func driverSettings(forNode node: Int32) -> DriverSettings {
        let options = scenario.topology.store.driver
        var settings = DriverSettings(sessionID: SessionID(UInt64(node) + 1))
        settings.writeConcern = store.writeConcern
        settings.retryWrites = options.retryWrites
        settings.serverSelectionTimeout = options.serverSelectionTimeout
        settings.socketTimeout = options.socketTimeout
        settings.monitor.heartbeatFrequency = options.heartbeatFrequency
        settings.monitor.rediscoverOnError = options.rediscoverOnNotPrimary
        switch options.readPreference {
        case .primary: settings.readPreference = .primary
        case .primaryPreferred: settings.readPreference = .primaryPreferred
        case .secondary: settings.readPreference = .secondary
        case .secondaryPreferred: settings.readPreference = .secondaryPreferred
        case .nearest: settings.readPreference = .nearest
        }
        return settings
    }

    // MARK: Actors

    /// Whether store node `node` is stopped (its platform node crashed, hung or unreachable).
    func storeNodeDown(_ node: Int32) -> Bool {
        node < Int32(nodes.count) && nodes[Int(node)].health != .up
    }

    func storeDeadline(_ node: Int32) -> SimTime {
        switch store.actors[Int(node)] {
        case .member(let i): return store.members[Int(i)].nextDeadline
        case .router(let i): return store.routers[Int(i)].nextDeadline
        case .driver(let i): return store.drivers[Int(i)].nextDeadline
        case .config: return store.config?.nextDeadline ?? .distantFuture
        case .none: return .distantFuture
        }
    }

    /// Replaces `node`'s pending tick with one at its current `nextDeadline` (none when stopped).
    func storeReschedule(_ node: Int32) {
        let n = Int(node)
        let deadline = storeNodeDown(node) ? SimTime.distantFuture : storeDeadline(node)
        let at = deadline == .distantFuture ? deadline : max(deadline, queue.now)
        if let handle = store.tickHandles[n] {
            if store.tickTimes[n] == at && queue.isPending(handle) { return }
            _ = queue.cancel(handle)
            store.tickHandles[n] = nil
        }
        store.tickTimes[n] = at
        guard at != .distantFuture else { return }
        store.tickHandles[n] = queue.schedule(.storeTick(node: node), at: at)
    }

    /// `node`'s timer fired.
    func storeTick(_ node: Int32) {
        store.tickHandles[Int(node)] = nil
        store.tickTimes[Int(node)] = .distantFuture
        guard !storeNodeDown(node) else { return }
        let now = queue.now
        switch store.actors[Int(node)] {
        case .member(let i): store.members[Int(i)].tick(now: now, random: &store.random, into: &store.outbox)
        case .router(let i): store.routers[Int(i)].tick(now: now, random: &store.random, into: &store.outbox)
        case .driver(let i): store.drivers[Int(i)].tick(now: now, random: &store.random, into: &store.outbox)
        case .config: store.config?.tick(now: now, random: &store.random, into: &store.outbox)
        case .none: return
        }
        storeFlush(from: node)
    }

    /// Sends the outbox's messages, records its events, hands its completions to the services, and
    /// reschedules `node`'s tick.
    func storeFlush(from node: Int32) {
        // Each envelope moves out of the outbox (no retain of its payload, and the outbox's
        // `removeAll` then destroys trivial placeholders). Sending never writes to the outbox.
        for i in store.outbox.messages.indices {
            let envelope = store.outbox.messages.withUnsafeMutableBufferPointer { StoreMessageInFlight.take(from: $0.baseAddress! + i) }
            storeSend(envelope)
        }
        for event in store.outbox.events { storeRecord(event) }
        if store.outbox.completions.isEmpty {
            store.outbox.removeAll()
        } else {
            // Completions resume handlers, which may submit again into the outbox: empty it first.
            // The completions move into a spare buffer (no copy, no allocation once warm).
            var completions = store.spareCompletions
            store.spareCompletions = []
            swap(&completions, &store.outbox.completions)
            store.outbox.removeAll()
            if case .driver(let d) = store.actors[Int(node)] {
                // Each completion moves out (a payload-free one stays behind for `removeLast`):
                // iterating by value copied each result and destroyed it twice (round 7).
                completions.withUnsafeMutableBufferPointer { buffer in
                    for i in buffer.indices {
                        let slot = buffer.baseAddress! + i
                        let completion = slot.move()
                        slot.initialize(to: Self.vacantCompletion)
                        storeCompleted(driver: d, completion)
                    }
                }
            }
            // One by one: cheaper than `removeAll(keepingCapacity:)` for the usual one completion.
            while !completions.isEmpty { completions.removeLast() }
            store.spareCompletions = completions
        }
        storeReschedule(node)
    }

    /// A payload-free completion left in a completions buffer slot whose completion moved out.
    static let vacantCompletion = DriverCompletion(operationID: 0, result: StoreResult(outcome: .failure(.hostUnreachable), shardsTouched: 0))

    // MARK: Network

    func storeZone(_ node: Int32) -> Int16 {
        if node < Int32(nodes.count) { return nodes[Int(node)].zone }
        // The config server (no platform node) sits with the first mongos.
        return store.routers.first.map { nodes[Int($0.node.rawValue)].zone } ?? 0
    }

    func storeIsCut(from: Int32, to: Int32) -> Bool {
        // No partition in force (nearly always): nothing to look up.
        if cutLinks.isEmpty && cutNodes.isEmpty { return false }
        let fromZone = storeZone(from), toZone = storeZone(to)
        if to < Int32(nodes.count) { return isCut(fromZone: fromZone, fromNode: from, to: to) }
        for cut in cutLinks where cut.from == fromZone && cut.to == toZone { return true }
        return false
    }

    /// Puts `envelope` on the wire: across a partition a client command or reply waits for the
    /// link to heal (``StoreWiring/heldByPartition``) and anything else is dropped; otherwise it
    /// arrives after the link's latency (+ the sender's fault latency on a response). Messages
    /// between one pair of nodes stay in order (one TCP connection).
    func storeSend(_ envelope: consuming StoreEnvelope) {
        if store.tracedOperations > 0, case .command(let command) = envelope.message {
            traceCommandSent(command, from: envelope.from.rawValue, to: envelope.to.rawValue)
        }
        storeTransmit(envelope)
    }

    /// The wire part of ``storeSend(_:)`` (also the retransmission of held messages, traced once).
    func storeTransmit(_ envelope: consuming StoreEnvelope) {
        let from = envelope.from.rawValue, to = envelope.to.rawValue
        if storeIsCut(from: from, to: to) { storeCaughtByPartition(envelope); return }
        var delay: SimDuration
        if to < Int32(nodes.count) {
            delay = oneWayLatency(fromZone: storeZone(from), to: to, random: &store.networkRandom)
        } else {
            let fromZone = storeZone(from), toZone = storeZone(to)
            delay = fromZone == toZone ? sameZoneLatency.sample(&store.networkRandom) : crossZoneLatency.sample(&store.networkRandom)
        }
        // A `latency` fault (or a shard slowdown's latency) on a node is added to every response it
        // sends, as on HTTP calls (Toxiproxy latency toxic, docs/scenario-format.md faults): one
        // store round trip through a slow mongos costs the latency once, not once per direction.
        if from < Int32(nodes.count), envelope.message.isResponse {
            delay += nodes[Int(from)].faultLatency + Self.jitter(nodes[Int(from)].faultJitter, random: &store.networkRandom)
        }
        var at = queue.now + delay
        let pair = store.pair(from, to)
        if store.lastArrival[pair] > at { at = store.lastArrival[pair] }
        store.lastArrival[pair] = at
        let (slot, _) = store.messages.acquire(StoreMessageInFlight(envelope: envelope, acceptedAt: .zero))
        queue.post(.storeDeliver(message: slot), at: at)
    }

    /// Whether `message` rides a client's established TCP connection (a command or its reply),
    /// which retransmits until the path is back, rather than monitoring, heartbeats, votes or
    /// replication, whose senders time out and retry (so a late copy would be discarded anyway).
    static func ridesClientConnection(_ message: StoreMessage) -> Bool {
        switch message {
        case .command, .reply: return true
        default: return false
        }
    }

    /// A message meeting a cut link: client traffic is held for the heal, the rest is dropped.
    func storeCaughtByPartition(_ envelope: StoreEnvelope) {
        guard Self.ridesClientConnection(envelope.message) else { store.messagesDropped += 1; return }
        store.heldByPartition.append(envelope)
        store.messagesHeld += 1
    }

    /// A partition ended: the held client traffic is retransmitted in its original order (a link
    /// still cut by another partition holds it again).
    func storeReleaseHeldByPartition() {
        guard !store.heldByPartition.isEmpty else { return }
        let held = store.heldByPartition
        store.heldByPartition.removeAll(keepingCapacity: true)
        for envelope in held { storeTransmit(envelope) }
    }

    /// A store message arrives: a stopped receiver refuses it (the sender's `deliveryFailed`, when
    /// the process died and its host answers RST) or drops it (host unreachable or hung). A command
    /// or replication batch at a member or mongos first takes the node's service time (× its
    /// slowdown factor: the shard-slowdown fault), recorded on the node's station.
    func storeDeliver(_ slot: Int32) {
        let from = store.messages[slot].envelope.from.rawValue, to = store.messages[slot].envelope.to.rawValue
        if storeNodeDown(to) {
            let envelope = storeTakeMessage(slot)
            storeUndeliverable(envelope)
            return
        }
        if storeIsCut(from: from, to: to) { storeCaughtByPartition(storeTakeMessage(slot)); return }
        if to < Int32(nodes.count), nodes[Int(to)].kind == .member || nodes[Int(to)].kind == .mongos {
            // Read once: each read projects the message's payload (a copy of the command).
            let kind = store.messages[slot].envelope.message.processingKind
            switch kind {
            case .write, .processed:
                let now = queue.now
                if kind == .write, nodes[Int(to)].kind == .member {
                    noteShardWrite(member: to)
                }
                recorder.stations[Int(nodes[Int(to)].station)].arrive(now, queued: false)
                var work = nodes[Int(to)].serviceTime.sample(&store.random)
                let slow = nodes[Int(to)].slowFactor
                if slow != 1 { work = SimDuration(nanoseconds: Int64(Double(work.nanoseconds) * slow)) }
                var at = now + work
                let pair = store.pair(from, to)
                if store.lastProcessed[pair] > at { at = store.lastProcessed[pair] }
                store.lastProcessed[pair] = at
                store.messages[slot].acceptedAt = now
                queue.post(.storeProcessed(message: slot), at: at)
                return
            case .immediate: break
            }
        }
        storeReceive(storeTakeMessage(slot))
    }

    /// Moves slot `slot`'s envelope out (a trivial placeholder stays behind, so neither the read
    /// nor the slot's next reuse copies or destroys the payload) and releases the slot.
    @inline(__always) func storeTakeMessage(_ slot: Int32) -> StoreEnvelope {
        let envelope = withUnsafeMutablePointer(to: &store.messages[slot].envelope) { StoreMessageInFlight.take(from: $0) }
        store.messages.release(slot)
        return envelope
    }

    /// The receiver finished processing a message it accepted (it is lost if the node died meanwhile).
    func storeProcessed(_ slot: Int32) {
        let acceptedAt = store.messages[slot].acceptedAt
        let envelope = storeTakeMessage(slot)
        let to = envelope.to.rawValue
        recorder.stations[Int(nodes[Int(to)].station)].depart(queue.now, sojourn: queue.now - acceptedAt)
        guard !storeNodeDown(to) else {
            // Died while processing: a command's sender learns of it like any undelivered one.
            if case .command = envelope.message { storeUndeliverable(envelope) } else { store.messagesDropped += 1 }
            return
        }
        storeReceive(envelope)
    }

    /// A message for a node that is down: a dead process's host answers RST at once
    /// (``storeRefused(_:)``); an unreachable or hung host answers nothing, so client traffic waits
    /// in ``StoreWiring/heldForUnreachable`` for the host to come back and the rest is dropped.
    func storeUndeliverable(_ envelope: StoreEnvelope) {
        let to = envelope.to.rawValue
        guard to < Int32(nodes.count), nodes[Int(to)].health != .refusing else { storeRefused(envelope); return }
        guard Self.ridesClientConnection(envelope.message) else { store.messagesDropped += 1; return }
        store.heldForUnreachable.append(envelope)
        store.messagesHeldForUnreachable += 1
    }

    /// Node `node` answers again after being unreachable or hung. Held client traffic for it is
    /// retransmitted: a member or driver was restarted (``storeNodeRevived(_:)``) and has no such
    /// connection, so the sender gets a reset (its `deliveryFailed`: a network error the driver
    /// retries or reports, a mongos marks the server unknown); a router or the config server kept
    /// its state and receives the message.
    func storeReleaseHeldForUnreachable(_ node: Int32) {
        let released = store.heldForUnreachable.filter { $0.to.rawValue == node }
        guard !released.isEmpty else { return }
        store.heldForUnreachable.removeAll { $0.to.rawValue == node }
        let restarted: Bool
        switch store.actors[Int(node)] {
        case .member, .driver: restarted = true
        default: restarted = false
        }
        for envelope in released {
            if !restarted { storeTransmit(envelope); continue }
            let from = envelope.from.rawValue
            guard !storeNodeDown(from) else { store.messagesDropped += 1; continue }
            storeResetConnection(envelope)
        }
    }

    func storeRefused(_ envelope: StoreEnvelope) {
        let from = envelope.from.rawValue, to = envelope.to.rawValue
        store.messagesDropped += 1
        guard nodes[Int(to)].health == .refusing, !storeNodeDown(from) else { return }
        storeResetConnection(envelope)
    }

    /// The sender of `envelope` learns that its connection was reset (`deliveryFailed`).
    func storeResetConnection(_ envelope: StoreEnvelope) {
        let from = envelope.from.rawValue
        let now = queue.now
        switch store.actors[Int(from)] {
        case .member(let i): store.members[Int(i)].deliveryFailed(envelope, now: now, random: &store.random, into: &store.outbox)
        case .router(let i): store.routers[Int(i)].deliveryFailed(envelope, now: now, random: &store.random, into: &store.outbox)
        case .driver(let i): store.drivers[Int(i)].deliveryFailed(envelope, now: now, random: &store.random, into: &store.outbox)
        case .config: store.config?.deliveryFailed(envelope, now: now, random: &store.random, into: &store.outbox)
        case .none: return
        }
        storeFlush(from: from)
    }

    func storeReceive(_ envelope: consuming StoreEnvelope) {
        let to = envelope.to.rawValue
        let now = queue.now
        if !store.shardHops.isEmpty, case .reply(let reply) = envelope.message, case .router = store.actors[Int(to)],
           let hop = store.shardHops.removeValue(forKey: ShardHopKey(router: to, requestID: reply.requestID)) {
            recordHop(traceID: hop.traceID, spanID: hop.spanID, parentSpanID: hop.parentSpanID, sampling: hop.sampling,
                      caller: to, callee: envelope.from.rawValue, route: hop.route, start: hop.start, end: now,
                      status: Self.hopStatus(reply.result), flags: [])
        }
        store.messagesDelivered += 1
        switch store.actors[Int(to)] {
        case .member(let i): store.members[Int(i)].receive(envelope, now: now, random: &store.random, into: &store.outbox)
        case .router(let i): store.routers[Int(i)].receive(envelope, now: now, random: &store.random, into: &store.outbox)
        case .driver(let i): store.drivers[Int(i)].receive(envelope, now: now, random: &store.random, into: &store.outbox)
        case .config: store.config?.receive(envelope, now: now, random: &store.random, into: &store.outbox)
        case .none: return
        }
        storeFlush(from: to)
    }

    // MARK: Tracing

    /// A sampled operation's command leaves its driver (the service → mongos hop learns its router)
    /// or a router's command for it leaves for a shard member (a mongos → member hop starts).
    func traceCommandSent(_ command: StoreCommand, from: Int32, to: Int32) {
        switch store.actors[Int(from)] {
        case .driver(let d):
            // Driver request ids are (operation id << 2) | attempt.
            let id = command.requestID >> 2
            store.inFlight[Int(d)].setTraceCallee(id, to)
        case .router(let r):
            guard let (client, requestID) = store.routers[Int(r)].clientRequest(forShardRequest: command.requestID),
                  Int(client.rawValue) < store.driverOfNode.count else { return }
            let d = store.driverOfNode[Int(client.rawValue)]
            guard d >= 0, let trace = store.inFlight[Int(d)].trace(requestID >> 2) else { return }
            store.shardHops[ShardHopKey(router: from, requestID: command.requestID)] =
                StoreHopTrace(traceID: trace.traceID, spanID: observability.newSpanID(), parentSpanID: trace.spanID,
                              sampling: trace.sampling, start: queue.now, route: trace.route, callee: to)
        default:
            return
        }
    }

    /// The HTTP-like status a store hop is logged with: 200, 409 for a duplicate key, 504 for a
    /// timeout, 500 for a write-concern error or a refused write, 503 when no server answered.
    static func hopStatus(_ result: ShardedStore.StoreResult) -> Int16 {
        switch result.outcome {
        case .success: return result.writeConcernError == nil ? 200 : 500
        case .failure(let error):
            switch error {
            case .duplicateKey: return 409
            case .networkTimeout, .writeConcernTimeout: return 504
            case .notWritablePrimary, .notPrimaryNoSecondaryOk, .notPrimaryOrSecondary, .interruptedDueToReplStateChange,
                 .primarySteppedDown, .typeMismatch, .staleConfig:
                return 500
            case .shardUnavailable, .hostUnreachable, .serverSelectionTimeout: return 503
            }
        }
    }

    /// The oplog window of every simulated member, in entries: a deliberate modelling bound so the
    /// run's memory stays flat as the simulated duration grows (issue 6: 256 MB). A real oplog is a
    /// capped collection sized in bytes (by default 5 % of free disk, at least 990 MB: hours of writes
    /// [unverified: MongoDB manual "Oplog Size", not in reference/]); 20,000 entries is ~3–4 simulated
    /// minutes of the reference on-sale workload's writes per shard (~6k/min at 3,000 requests/s).
    /// The semantics are the real ones: a member that falls further behind than the window (down or
    /// partitioned longer) needs an initial sync (`syncSnapshot`) instead of catching up from the oplog.
    static let oplogWindowEntries = 10_000

    // MARK: Services

    /// Command handler step: call `c` (on a service instance) submits `operation` through its
    /// instance's driver and waits (holding its worker) for the completion.
    func submitStoreOperation(_ c: Int32, _ operation: CinemaDomain.StoreOperation) {
        let node = calls[c].callee
        let d = store.driverOfNode[Int(node)]
        guard d >= 0 else { driveHandler(c, lastResult: .failed(.unavailable)); return }
        let (storeOperation, isPurchaseWrite, shardKey) = StoreTranslation.storeOperation(for: operation, shardKey: storeShardKey(for: operation))
        calls[c].phase = .waitingChild
        calls[c].awaitingChild = true
        let id = store.drivers[Int(d)].submit(storeOperation, writeConcern: storeOperation.isWrite ? store.writeConcern : nil,
                                              now: queue.now, random: &store.random, into: &store.outbox)
        var pending = InFlightStoreOperation(call: c, callGeneration: calls.generation(c), operation: operation,
                                             purchaseWriteKey: isPurchaseWrite ? shardKey : nil)
        if calls[c].span >= 0 {
            // A sampled call: its operation is the service → mongos hop of the trace.
            let parent = observability.spans[calls[c].span]
            pending.trace = StoreHopTrace(traceID: parent.traceID, spanID: observability.newSpanID(), parentSpanID: parent.spanID,
                                          sampling: parent.sampling, start: queue.now,
                                          route: storeOperation.isWrite ? internalRoutes.storeWrite : internalRoutes.storeRead)
            store.tracedOperations += 1
        }
        store.inFlight[Int(d)].insert(id, consume pending)
        storeFlush(from: node)
    }

    /// A driver operation finished. An acknowledged operation is applied to the domain's data now
    /// (the stand-in for the primary's apply point; a read reads it now), even when the service call
    /// that issued it is gone; then the handler (if its call still waits) gets the result.
    func storeCompleted(driver d: Int32, _ completion: DriverCompletion) {
        // Moved into a local (no optional around it: binding an optional copied the operation).
        var pending = InFlightStoreOperation.vacant
        guard store.inFlight[Int(d)].remove(completion.operationID, into: &pending) else { return }
        if let trace = pending.trace {
            store.tracedOperations -= 1
            if trace.callee >= 0 {
                recordHop(traceID: trace.traceID, spanID: trace.spanID, parentSpanID: trace.parentSpanID, sampling: trace.sampling,
                          caller: store.drivers[Int(d)].node.rawValue, callee: trace.callee, route: trace.route,
                          start: trace.start, end: queue.now, status: Self.hopStatus(completion.result), flags: [])
            }
        }
        let isInsert = pending.operation.isInsert
        let domainResult: CinemaDomain.StoreResult
        let succeeded: Bool
        switch completion.result.outcome {
        case .success:
            let applied = documentStore.apply(pending.operation, now: queue.now)
            if let error = completion.result.writeConcernError {
                domainResult = .failed(StoreTranslation.failure(error))
                succeeded = false
            } else {
                domainResult = applied
                succeeded = true
                if let key = pending.purchaseWriteKey, let opTime = completion.result.opTime {
                    store.acknowledged.insert(opTime, position: store.purchasesPattern.chunkSpacePosition(of: key),
                                              majority: store.writeConcern == .majority)
                }
            }
        case .failure(.duplicateKey) where isInsert:
            // Only a purchase is a real insert in the store, and its stand-in exists only if the
            // domain document was applied: the domain answers (a retried hold with an idempotency
            // key finds its purchase, case F13), as when the store held a marker per write.
            domainResult = documentStore.apply(pending.operation, now: queue.now)
            // A duplicate purchase insert answered by the domain is not a failed write (case F12's metrics).
            succeeded = true
        case .failure(let error):
            store.failedOperations += 1
            domainResult = .failed(StoreTranslation.failure(error))
            succeeded = false
        }
        if pending.operation.isWrite {
            noteStoreWriteResult(node: store.drivers[Int(d)].node.rawValue, operation: pending.operation, success: succeeded)
        }
        let c = pending.call
        guard calls.isCurrent(c, pending.callGeneration), calls[c].phase == .waitingChild, calls[c].awaitingChild else { return }
        calls[c].awaitingChild = false
        calls[c].phase = .computing
        driveHandler(c, lastResult: domainResult)
    }

    // MARK: Faults

    /// `replSetStepDown` on the primary of the shard (or the member) `target` names; it stays
    /// unelectable for `duration` (default 60 s, `stepDownSecs`).
    func storeStepDown(target: String, duration: SimDuration?) {
        for node in nodes(named: target) {
            guard case .member(let i) = store.actors[Int(node)], store.members[Int(i)].state == .primary, !storeNodeDown(node) else { continue }
            store.members[Int(i)].stepDown(now: queue.now, unelectableFor: duration ?? .seconds(60), random: &store.random, into: &store.outbox)
            storeFlush(from: node)
        }
    }

    /// A stopped node came back: a member restarts (rejoins, may roll back), a service instance's
    /// driver starts afresh (a new process), routers and drivers resume their timers.
    func storeNodeRevived(_ node: Int32) {
        guard Int(node) < store.actors.count else { return }
        defer { storeReleaseHeldForUnreachable(node) }
        switch store.actors[Int(node)] {
        case .member(let i):
            store.members[Int(i)].restart(now: queue.now, random: &store.random, into: &store.outbox)
            storeFlush(from: node)
        case .driver(let i):
            let routers = store.routers.map(\.node)
            store.drivers[Int(i)] = StoreDriver(node: StoreNodeID(node), servers: routers, settings: driverSettings(forNode: node), now: queue.now)
            store.tracedOperations -= store.inFlight[Int(i)].tracedCount
            store.inFlight[Int(i)].removeAll()
            storeReschedule(node)
        case .router, .config:
            storeReschedule(node)
        case .none:
            break
        }
    }

    // MARK: Events and invariants

    func storeRecord(_ event: StoreEvent) {
        let at = queue.now.secondsSinceStart
        switch event {
        case let .becamePrimary(node, term):
            store.elections += 1
            // Case F12's measurements (PlatformSimulation+ElectionMetrics): writes failing after the election.
            prepareReplicaSets()
            replicaSets.latestElectionEnd = queue.now
            store.timeline.append(BreakerTransition(atSeconds: at, command: "replica-set \(storeShardName(node))", instance: nodeNames[Int(node.rawValue)],
                                                    from: "secondary", to: "primary (term \(term))"))
        case let .steppedDown(node, term, reason):
            store.stepDowns += 1
            store.timeline.append(BreakerTransition(atSeconds: at, command: "replica-set \(storeShardName(node))", instance: nodeNames[Int(node.rawValue)],
                                                    from: "primary (term \(term))", to: "secondary (\(reason))"))
        case let .rolledBack(node, operations, fromIndex):
            store.rollbacks += 1
            store.rolledBackOperations += operations
            store.timeline.append(BreakerTransition(atSeconds: at, command: "replica-set \(storeShardName(node))", instance: nodeNames[Int(node.rawValue)],
                                                    from: "oplog from index \(fromIndex)", to: "rolled back \(operations) writes"))
        case .primaryChanged:
            store.primaryChangesSeen += 1
        case .chunkSplit: store.chunkSplits += 1
        case let .chunkCloned(shard, collection, range, history):
            guard collection == Self.purchasesCollection else { break }
            store.pendingClones.removeAll { $0.shard == shard && $0.range == range }
            store.pendingClones.append(AcknowledgedWrites.ClonedRange(shard: shard, range: range, history: history))
        case let .chunkMigrated(collection, range, from, _, _):
            store.chunkMigrations += 1
            // The config server runs one migration at a time: the latest clone of this range from
            // the donor is the one that committed.
            if collection == Self.purchasesCollection,
               let i = store.pendingClones.lastIndex(where: { $0.shard == from && $0.range == range }) {
                store.committedClones.append(store.pendingClones.remove(at: i))
            }
        case let .migrationAborted(collection, range):
            if collection == Self.purchasesCollection { store.pendingClones.removeAll { $0.range == range } }
        case .chunkMarkedJumbo, .routingTableRefreshed:
            break
        }
    }

    func storeShardName(_ node: StoreNodeID) -> String {
        guard case .member(let i) = store.actors[Int(node.rawValue)] else { return "?" }
        return components[Int(shardComponents[Int(store.memberShard[Int(i)])])].name
    }

    /// The store collection of purchases.
    static let purchasesCollection = CollectionID(Int32(StoreCollection.purchases.rawValue))

    /// At the end of the run: every acknowledged purchase write whose oplog entry is no longer in its
    /// shard's history (rolled back), and was not carried to another shard by a committed migration
    /// first, was lost (``AcknowledgedWrites``). Each shard's history is read on its current primary
    /// (the one with the highest term among the running members), or its most up-to-date running member.
    func storeCountLostWrites() {
        var histories: [OpTimeHistory?] = Array(repeating: nil, count: shardComponents.count)
        for shard in shardComponents.indices {
            var best = -1
            for (i, member) in store.members.enumerated() where Int(store.memberShard[i]) == shard && !storeNodeDown(member.node.rawValue) {
                guard best >= 0 else { best = i; continue }
                let current = store.members[best]
                let better = (member.state == .primary ? 1 : 0, member.term, member.lastApplied.term, member.lastApplied.index)
                    > (current.state == .primary ? 1 : 0, current.term, current.lastApplied.term, current.lastApplied.index)
                if better { best = i }
            }
            if best < 0 { best = store.memberShard.firstIndex { Int($0) == shard } ?? -1 }
            if best >= 0 { histories[shard] = store.members[best].history }
        }
        let (lost, lostMajority) = store.acknowledged.lost(finalHistories: histories, migrated: store.committedClones)
        store.lostAcknowledged = lost
        store.lostMajorityAcknowledged = lostMajority
        counters.lostAcknowledgedWrites = lost
    }

    /// Store measurements for the summary's platform metrics.
    func storeMetrics() -> [PlatformMetric] {
        [
            PlatformMetric(name: "store_elections", value: Double(store.elections)),
            PlatformMetric(name: "store_step_downs", value: Double(store.stepDowns)),
            PlatformMetric(name: "store_rollbacks", value: Double(store.rollbacks)),
            PlatformMetric(name: "store_rolled_back_operations", value: Double(store.rolledBackOperations)),
            PlatformMetric(name: "store_failed_operations", value: Double(store.failedOperations)),
            PlatformMetric(name: "store_acknowledged_purchase_writes", value: Double(store.acknowledged.count)),
            PlatformMetric(name: "lost_majority_acknowledged_writes", value: Double(store.lostMajorityAcknowledged)),
            PlatformMetric(name: "store_chunk_splits", value: Double(store.chunkSplits)),
            PlatformMetric(name: "store_chunk_migrations", value: Double(store.chunkMigrations)),
            PlatformMetric(name: "store_messages", value: Double(store.messagesDelivered)),
            PlatformMetric(name: "store_messages_dropped", value: Double(store.messagesDropped)),
            PlatformMetric(name: "store_messages_held_by_partition", value: Double(store.messagesHeld)),
            PlatformMetric(name: "store_messages_held_for_unreachable_host", value: Double(store.messagesHeldForUnreachable)),
        ]
    }
}
