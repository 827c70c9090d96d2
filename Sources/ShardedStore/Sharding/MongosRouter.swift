import SimulationPrimitives

/// A mongos router's settings.
public struct MongosSettings: Hashable, Sendable {
    /// How the router watches each shard's replica set (its replica-set monitor).
    public var shardMonitor = TopologyMonitorSettings()
    /// How long a shard request waits for an eligible member (primary for writes) before failing with
    /// ``StoreError/shardUnavailable``. 30 s, like the drivers' `serverSelectionTimeoutMS`.
    public var serverSelectionTimeout: SimDuration = .seconds(30)
    /// Per-shard request timeout (`maxTimeMS`-like); `nil` waits forever.
    public var shardRequestTimeout: SimDuration?
    /// How many times one operation is re-routed after `StaleConfig` before failing
    /// [unverified: MongoDB retries stale-config errors a bounded number of times; 10 assumed].
    public var maxStaleConfigRetries = 10
    /// Inserts into one chunk, counted by this router, that trigger a split check: a fifth of the chunk
    /// size, as the pre-6.0 mongos autosplitter did with bytes [unverified]. Set from
    /// ``ConfigServerSettings/maxChunkDocuments`` / 5.
    public var splitCheckEveryDocuments = 2_000

    /// Defaults.
    public init() {}
}

/// A mongos: caches routing tables, targets one shard by shard key or scatters to every shard owning
/// chunks and merges (sorted by `_id`, limit, optional partial results), re-routes after `StaleConfig`,
/// and reports inserts for autosplitting (reference/store-auth-logs.md §1.1–§1.3).
///
/// Receives ``StoreCommand``s from drivers and answers each with one ``CommandReply`` whose
/// ``StoreResult/shardsTouched`` says how many shards it visited. Shard errors are passed to the driver
/// (which retries); the router updates its replica-set monitor on "not primary".
public struct MongosRouter: StoreActor, Sendable {
    enum SubPhase: Sendable {
        case selecting(deadline: SimTime)
        case sent(member: StoreNodeID, deadline: SimTime)
        case done
    }

    struct Sub: Sendable {
        var shard: ShardID
        var phase: SubPhase
    }

    struct Request: Sendable {
        var client: StoreNodeID
        var command: StoreCommand
        var attempt: UInt64 = 0
        var waitingForTableSince: SimTime?
        var subs: [Sub] = []
        var documents: [Document] = []
        var examined = 0
        var partial = false

        /// What a free slot of ``MongosRouter/requests`` holds: no arrays, a payload-free command.
        static let vacant = Request(client: StoreNodeID(-1),
                                    command: StoreCommand(requestID: 0, operation: .delete(collection: CollectionID(0), shardKey: ShardKeyValue(0),
                                                                                           id: DocumentID(0), filter: .all)))
    }

    struct ChunkKey: Hashable, Sendable {
        var collection: CollectionID
        var lower: Int64
    }

    /// The router's node.
    public let node: StoreNodeID
    /// The config server's node.
    public let configServer: StoreNodeID
    /// The settings.
    public let settings: MongosSettings
    /// The cached routing table of each collection (`nil` until fetched).
    public private(set) var tables: [RoutingTable?]
    var monitors: [TopologyMonitor]
    /// Requests in progress by id (ids carry their slot: no hash probe per message).
    var requests = RequestSlots<Request>(vacant: Request.vacant)
    /// Ids of the requests in progress in creation order (with finished ones until `compactOrder`):
    /// the order in which timers, topology changes and routing-table answers visit them.
    var requestOrder: [UInt64] = []
    var nextRequestID: UInt64 = 0
    var refreshInFlight: [Bool]
    var insertsSinceReport: [ChunkKey: Int] = [:]
    /// Emptied sub-request lists of finished requests, reused by the next ones.
    var spareSubs: [[Sub]] = []
    /// Scatter-gather (multi-shard) operations routed so far.
    public private(set) var broadcastCount = 0
    /// Targeted (single-shard) operations routed so far.
    public private(set) var targetedCount = 0
    /// When the router next needs ``tick(now:random:into:)``.
    public private(set) var nextDeadline: SimTime = .distantFuture
    /// An upper bound on the request deadlines in the table (requests waiting for a routing table,
    /// sub-requests selecting a member, sub-requests sent with a finite `shardRequestTimeout`): the
    /// count found by the last walk of ``recomputeDeadline()`` plus every one set since (a routed
    /// sub-request counts only if still selecting once `route` has dispatched it). While it is
    /// 0 the walk is skipped: with the default settings a sent sub-request has no deadline, so the
    /// usual table holds none and only the monitors' deadlines count (round 7: the walk over every
    /// slot after every message was ~300 instructions a message).
    var timedDeadlinesHint = 0
    /// The earliest of the shard monitors' deadlines, valid while ``monitorsDeadlineStale`` is
    /// false: each monitor's `nextDeadline` walks its servers, and most messages (commands,
    /// successful replies) change no monitor (`select` does not mutate). Every call that may
    /// change a monitor marks it stale first (round 7).
    var monitorsDeadline = SimTime.distantFuture
    var monitorsDeadlineStale = true

    /// A router for `shards` (each shard's replica-set members), with optional initial routing tables
    /// (otherwise fetched from the config server on first use). `monitorPhase`: when its shard
    /// monitors' periodic checks fall (``TopologyMonitor/init(servers:settings:now:idSalt:heartbeatPhase:)``).
    public init(node: StoreNodeID, configServer: StoreNodeID, shards: [[StoreNodeID]], collectionCount: Int,
                settings: MongosSettings = MongosSettings(), now: SimTime, tables: [RoutingTable]? = nil,
                monitorPhase: SimDuration? = nil) {
        self.node = node
        self.configServer = configServer
        self.settings = settings
        self.tables = tables.map { $0.map { Optional($0) } } ?? Array(repeating: nil, count: collectionCount)
        self.refreshInFlight = Array(repeating: false, count: collectionCount)
        self.monitors = shards.enumerated().map { TopologyMonitor(servers: $1, settings: settings.shardMonitor, now: now, idSalt: UInt64($0 + 1),
                                                                           heartbeatPhase: monitorPhase) }
        recomputeDeadline()
    }

    /// Requests in progress.
    public var inFlightCount: Int { requests.count }

    /// The client and its request id behind shard request `shardRequestID` (the id of a command this
    /// router sent to a shard member), while that request is in progress; for tracing a hop.
    public func clientRequest(forShardRequest shardRequestID: UInt64) -> (client: StoreNodeID, requestID: UInt64)? {
        guard let request = requests[Self.decode(shardRequestID).0] else { return nil }
        return (request.client, request.command.requestID)
    }

    /// Handles driver commands (route, scatter, merge), shard replies, monitoring answers and routing
    /// tables from the config server.
    public mutating func receive(_ envelope: consuming StoreEnvelope, now: SimTime, random: inout RandomStream, into out: inout StoreOutbox) {
        switch envelope.message {
        case .hello(let requestID):
            out.send(.helloReply(requestID: requestID, HelloReply(state: .router, term: 0, primary: nil)), from: node, to: envelope.from)
        case let .helloReply(requestID, reply):
            let shard = Int((requestID >> 40) & 0x7f_ffff) - 1
            monitorsDeadlineStale = true
            if shard >= 0 && shard < monitors.count,
               monitors[shard].handleHelloReply(requestID: requestID, from: envelope.from, reply, now: now, owner: node, into: &out) {
                shardTopologyChanged(ShardID(Int32(shard)), now: now, random: &random, out: &out)
            }
        case .command(let command):
            nextRequestID += 1
            let id = requests.insert(Request(client: envelope.from, command: command), sequence: nextRequestID)
            requestOrder.append(id)
            route(id, now: now, random: &random, out: &out)
        case .reply(let reply):
            handleShardReply(reply, from: envelope.from, now: now, random: &random, out: &out)
        case .routingTableReply(let table):
            let c = Int(table.collection.rawValue)
            refreshInFlight[c] = false
            if tables[c] == nil || tables[c]!.version < table.version {
                tables[c] = table
                out.events.append(.routingTableRefreshed(node: node, collection: table.collection, version: table.version))
            }
            for id in requestOrder {
                guard let s = requests.slot(of: id), requests[slot: s].waitingForTableSince != nil,
                      requests[slot: s].command.operation.collection == table.collection else { continue }
                route(id, now: now, random: &random, out: &out)
            }
        default:
            break
        }
        recomputeDeadline()
    }

    /// Runs shard monitoring and fails shard requests past their selection or request timeout.
    public mutating func tick(now: SimTime, random: inout RandomStream, into out: inout StoreOutbox) {
        monitorsDeadlineStale = true
        for s in monitors.indices where monitors[s].tick(now: now, owner: node, into: &out) {
            shardTopologyChanged(ShardID(Int32(s)), now: now, random: &random, out: &out)
        }
        for id in requestOrder {
            guard let request = requests[id] else { continue }
            if let since = request.waitingForTableSince, now >= since + settings.serverSelectionTimeout {
                finish(id, error: .staleConfig, out: &out)
                continue
            }
            for (k, sub) in request.subs.enumerated() {
                switch sub.phase {
                case .selecting(let deadline):
                    if now >= deadline { subFailed(id, k, .shardUnavailable, out: &out) } else {
                        monitorsDeadlineStale = true
                        monitors[Int(sub.shard.rawValue)].requestImmediateCheck(now: now, owner: node, into: &out)
                    }
                case .sent(_, let deadline) where now >= deadline:
                    subFailed(id, k, .networkTimeout, out: &out)
                default: break
                }
                if requests[id] == nil { break }
            }
        }
        compactOrder()
        recomputeDeadline()
    }

    /// A refused shard request fails that shard (``StoreError/hostUnreachable``) and marks the member
    /// Unknown; a refused check marks it Unknown.
    public mutating func deliveryFailed(_ envelope: StoreEnvelope, now: SimTime, random: inout RandomStream, into out: inout StoreOutbox) {
        switch envelope.message {
        case .hello(let requestID):
            let shard = Int((requestID >> 40) & 0x7f_ffff) - 1
            monitorsDeadlineStale = true
            if shard >= 0 && shard < monitors.count, monitors[shard].checkFailed(server: envelope.to, requestID: requestID, now: now) {
                shardTopologyChanged(ShardID(Int32(shard)), now: now, random: &random, out: &out)
            }
        case .command(let command):
            let (id, attempt, k) = Self.decode(command.requestID)
            guard let request = requests[id], request.attempt == attempt, k < request.subs.count else { break }
            monitorsDeadlineStale = true
            if monitors[Int(request.subs[k].shard.rawValue)].reportError(server: envelope.to, now: now, owner: node, into: &out) {
                shardTopologyChanged(request.subs[k].shard, now: now, random: &random, out: &out)
            }
            subFailed(id, k, .hostUnreachable, out: &out)
        case .routingTableRequest(let collection):
            refreshInFlight[Int(collection.rawValue)] = false
        default: break
        }
        compactOrder()
        recomputeDeadline()
    }

    // MARK: routing

    static func encode(_ id: UInt64, attempt: UInt64, sub: Int) -> UInt64 { (id << 12) | ((attempt & 0xf) << 8) | UInt64(sub) }
    static func decode(_ requestID: UInt64) -> (UInt64, UInt64, Int) { (requestID >> 12, (requestID >> 8) & 0xf, Int(requestID & 0xff)) }

    mutating func route(_ id: UInt64, now: SimTime, random: inout RandomStream, out: inout StoreOutbox) {
        // Changed in place in its slot (its arrays stay uniquely referenced: no copy-on-write copies).
        guard let s = requests.slot(of: id) else { return }
        let c = Int(requests[slot: s].command.operation.collection.rawValue)
        guard let table = tables[c] else {
            if requests[slot: s].waitingForTableSince == nil { requests[slot: s].waitingForTableSince = now; timedDeadlinesHint += 1 }
            refresh(CollectionID(Int32(c)), out: &out)
            return
        }
        requests[slot: s].waitingForTableSince = nil
        if !requests[slot: s].documents.isEmpty { requests[slot: s].documents.removeAll(keepingCapacity: true) }
        requests[slot: s].examined = 0
        requests[slot: s].partial = false
        if !requests[slot: s].subs.isEmpty { requests[slot: s].subs.removeAll(keepingCapacity: true) }
        if requests[slot: s].subs.capacity == 0, let spare = spareSubs.popLast() { requests[slot: s].subs = spare }
        let deadline = now + settings.serverSelectionTimeout
        if case .key(let key) = requests[slot: s].command.operation.target {
            // Targeted (the common case): one shard, no list of shards built.
            targetedCount += 1
            requests[slot: s].subs.append(Sub(shard: table.shard(forKey: key), phase: .selecting(deadline: deadline)))
        } else {
            let shards = table.shards(for: requests[slot: s].command.operation.target)
            if shards.count > 1 { broadcastCount += 1 } else { targetedCount += 1 }
            for shard in shards { requests[slot: s].subs.append(Sub(shard: shard, phase: .selecting(deadline: deadline))) }
        }
        let count = requests[slot: s].subs.count
        if count == 0 {
            finish(id, result: StoreResult(outcome: .success(.found([], partial: false)), shardsTouched: 0), out: &out)
            return
        }
        for k in 0..<count { dispatch(id, k, now: now, random: &random, out: &out) }
        // Sub-requests still selecting (no eligible member yet) have a deadline; the others were
        // sent (`dispatch` counts a finite shard request timeout). Route is the only place a sub
        // starts selecting, and dispatching never finishes the request, so `s` is still its slot.
        for sub in requests[slot: s].subs {
            if case .selecting = sub.phase { timedDeadlinesHint += 1 }
        }
    }

    mutating func refresh(_ collection: CollectionID, out: inout StoreOutbox) {
        let c = Int(collection.rawValue)
        guard !refreshInFlight[c] else { return }
        refreshInFlight[c] = true
        out.send(.routingTableRequest(collection), from: node, to: configServer)
    }

    mutating func dispatch(_ id: UInt64, _ k: Int, now: SimTime, random: inout RandomStream, out: inout StoreOutbox) {
        guard let s = requests.slot(of: id) else { return }
        guard case .selecting = requests[slot: s].subs[k].phase else { return }
        let shard = Int(requests[slot: s].subs[k].shard.rawValue)
        let preference = requests[slot: s].command.operation.isWrite ? ReadPreference.primary : requests[slot: s].command.readPreference
        guard let member = monitors[shard].select(preference, random: &random) else {
            monitorsDeadlineStale = true
            monitors[shard].requestImmediateCheck(now: now, owner: node, into: &out)
            return
        }
        var command = requests[slot: s].command
        command.requestID = Self.encode(id, attempt: requests[slot: s].attempt, sub: k)
        command.placementVersion = tables[Int(command.operation.collection.rawValue)]?.version
        requests[slot: s].subs[k].phase = .sent(member: member, deadline: settings.shardRequestTimeout.map { now + $0 } ?? .distantFuture)
        if settings.shardRequestTimeout != nil { timedDeadlinesHint += 1 }
        out.send(.command(command), from: node, to: member)
    }

    mutating func shardTopologyChanged(_ shard: ShardID, now: SimTime, random: inout RandomStream, out: inout StoreOutbox) {
        for id in requestOrder {
            guard let request = requests[id] else { continue }
            for (k, sub) in request.subs.enumerated() where sub.shard == shard {
                if case .selecting = sub.phase { dispatch(id, k, now: now, random: &random, out: &out) }
            }
        }
    }

    /// Takes the reply (`consuming`): a single-document write's result is moved into the router's
    /// answer instead of copied (round 8).
    mutating func handleShardReply(_ reply: consuming CommandReply, from: StoreNodeID, now: SimTime, random: inout RandomStream, out: inout StoreOutbox) {
        let (id, attempt, k) = Self.decode(reply.requestID)
        // Changed in place in its slot (unique arrays, no copy-on-write); `s` is not used after a
        // call that may finish requests.
        guard let s = requests.slot(of: id) else { return }
        guard requests[slot: s].attempt == attempt, k < requests[slot: s].subs.count, case .sent = requests[slot: s].subs[k].phase else {
            return
        }
        switch reply.result.outcome {
        case .failure(.staleConfig):
            requests[slot: s].attempt += 1
            if requests[slot: s].attempt > UInt64(settings.maxStaleConfigRetries) {
                return finish(id, error: .staleConfig, out: &out)
            }
            requests[slot: s].waitingForTableSince = now
            timedDeadlinesHint += 1
            requests[slot: s].subs.removeAll(keepingCapacity: true)
            refresh(requests[slot: s].command.operation.collection, out: &out)
        case .failure(let error):
            let shard = requests[slot: s].subs[k].shard
            if error.isStateChangeError { monitorsDeadlineStale = true }
            if error.isStateChangeError, monitors[Int(shard.rawValue)].reportError(server: from, now: now, owner: node, into: &out) {
                shardTopologyChanged(shard, now: now, random: &random, out: &out)
            }
            subFailed(id, k, error, out: &out)
        case .success(let outcome):
            requests[slot: s].subs[k].phase = .done
            requests[slot: s].examined += reply.result.documentsExamined
            switch outcome {
            case let .found(documents, partial):
                requests[slot: s].documents += documents
                if partial { requests[slot: s].partial = true }
                completeIfDone(id, out: &out)
            default:
                // A single-document write: one shard, pass the result through.
                if case .inserted = outcome, case .insert(let collection, let document) = requests[slot: s].command.operation {
                    noteInsert(collection, document.shardKey, out: &out)
                }
                var passed = reply.result
                passed.shardsTouched = 1
                finish(id, result: passed, out: &out)
            }
        }
    }

    /// A shard failed: a broadcast read with `allowPartialResults` goes on without it, anything else fails.
    mutating func subFailed(_ id: UInt64, _ k: Int, _ error: StoreError, out: inout StoreOutbox) {
        guard let s = requests.slot(of: id) else { return }
        if case .find(let query) = requests[slot: s].command.operation, query.allowPartialResults, requests[slot: s].subs.count > 1 {
            requests[slot: s].subs[k].phase = .done
            requests[slot: s].partial = true
            completeIfDone(id, out: &out)
        } else {
            finish(id, error: error, out: &out)
        }
    }

    mutating func completeIfDone(_ id: UInt64, out: inout StoreOutbox) {
        guard let s = requests.slot(of: id) else { return }
        for sub in requests[slot: s].subs { if case .done = sub.phase { continue } else { return } }
        guard case .find(let query) = requests[slot: s].command.operation else { return }
        var documents = requests[slot: s].documents.sorted { $0.id < $1.id }
        if query.limit > 0 && documents.count > query.limit { documents.removeLast(documents.count - query.limit) }
        finish(id, result: StoreResult(outcome: .success(.found(documents, partial: requests[slot: s].partial)),
                                       shardsTouched: requests[slot: s].subs.count, documentsExamined: requests[slot: s].examined), out: &out)
    }

    mutating func finish(_ id: UInt64, error: StoreError, out: inout StoreOutbox) {
        let touched = requests.slot(of: id).map { requests[slot: $0].subs.count } ?? 0
        finish(id, result: StoreResult(outcome: .failure(error), shardsTouched: touched), out: &out)
    }

    mutating func finish(_ id: UInt64, result: consuming StoreResult, out: inout StoreOutbox) {
        guard let s = requests.slot(of: id) else { return }
        out.send(.reply(CommandReply(requestID: requests[slot: s].command.requestID, result: result)), from: node, to: requests[slot: s].client)
        // Keep its sub-request list for the next request (no allocation per routed operation).
        if requests[slot: s].subs.capacity > 0 && spareSubs.count < 64 {
            var subs: [Sub] = []
            swap(&subs, &requests[slot: s].subs)
            while !subs.isEmpty { subs.removeLast() }
            spareSubs.append(subs)
        }
        // The finished request stays in its free slot until the slot is reused (not copied out).
        requests.release(slot: s)
    }

    /// Counts inserts per chunk and reports every `splitCheckEveryDocuments` to the config server.
    mutating func noteInsert(_ collection: CollectionID, _ key: ShardKeyValue, out: inout StoreOutbox) {
        guard let table = tables[Int(collection.rawValue)] else { return }
        let position = table.pattern.chunkSpacePosition(of: key)
        let chunk = table.chunks[table.chunkIndex(forPosition: position)]
        let chunkKey = ChunkKey(collection: collection, lower: chunk.range.lower)
        let count = insertsSinceReport[chunkKey, default: 0] + 1
        if count >= settings.splitCheckEveryDocuments {
            insertsSinceReport[chunkKey] = nil
            out.send(.chunkWritesReport(collection: collection, position: position, insertedDocuments: count), from: node, to: configServer)
        } else {
            insertsSinceReport[chunkKey] = count
        }
    }

    mutating func compactOrder() {
        if requestOrder.count > 2 * requests.count + 16 { requestOrder.removeAll { !requests.contains($0) } }
    }

    mutating func recomputeDeadline() {
        compactOrder()
        if monitorsDeadlineStale {
            var earliest = SimTime.distantFuture
            for m in monitors.indices where monitors[m].nextDeadline < earliest { earliest = monitors[m].nextDeadline }
            monitorsDeadline = earliest
            monitorsDeadlineStale = false
        }
        var deadline = monitorsDeadline
        // No request deadline set since the last walk found none: nothing else can be earlier.
        if timedDeadlinesHint > 0 {
            // Every live request, read in place in its slot (no copy of the request): the earliest
            // deadline does not depend on the order they are visited in.
            var timed = 0
            for index in requests.elements.indices where requests.isOccupied(index) {
                if let since = requests.elements[index].waitingForTableSince {
                    deadline = min(deadline, since + settings.serverSelectionTimeout)
                    timed += 1
                }
                for sub in requests.elements[index].subs {
                    switch sub.phase {
                    case .selecting(let d):
                        deadline = min(deadline, d, monitors[Int(sub.shard.rawValue)].nextImmediateCheckAt)
                        timed += 1
                    case .sent(_, let d):
                        deadline = min(deadline, d)
                        if d != .distantFuture { timed += 1 }
                    case .done: break
                    }
                }
            }
            timedDeadlinesHint = timed
        }
        nextDeadline = deadline
    }
}
