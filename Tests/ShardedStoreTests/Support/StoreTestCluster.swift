import SimulationPrimitives
@testable import ShardedStore

/// A tiny deterministic network for the store's actors, standing in for the platform in tests: it
/// delivers envelopes after a fixed latency, schedules each actor's tick at its `nextDeadline`, and can
/// crash nodes (refusing or black-holing their traffic) and partition pairs of nodes.
struct StoreTestCluster {
    enum Actor {
        case member(Int), driver(Int), router(Int), config
    }

    struct Event {
        var time: SimTime
        var sequence: Int
        var envelope: StoreEnvelope?
        var tickNode: StoreNodeID?
    }

    var members: [ReplicaSetMember] = []
    var drivers: [StoreDriver] = []
    var routers: [MongosRouter] = []
    var configServer: ConfigServer?
    var actors: [StoreNodeID: Actor] = [:]
    var scheduledTick: [StoreNodeID: SimTime] = [:]
    var queue: [Event] = []
    var sequence = 0
    var now = SimTime.zero
    var latency = SimDuration.milliseconds(1)
    var random = RandomStream(seed: 7)

    /// Crashed nodes; `refuse` true answers senders with deliveryFailed (connection refused).
    var down: [StoreNodeID: Bool] = [:]
    var partitioned: [(StoreNodeID, StoreNodeID)] = []

    var completions: [DriverCompletion] = []
    /// Completions by (driver node, operation id), with the time they completed.
    var completedAt: [StoreNodeID: [UInt64: (DriverCompletion, SimTime)]] = [:]
    var events: [(SimTime, StoreEvent)] = []
    var delivered: [StoreEnvelope] = []
    var recordDeliveries = false
    /// Messages to nodes that are not actors (a raw test client).
    var rawMessages: [StoreEnvelope] = []

    static func node(_ i: Int) -> StoreNodeID { StoreNodeID(Int32(i)) }

    // MARK: building

    mutating func addReplicaSet(nodes: [Int], shard: Int = 0, schema: StoreSchema, settings: ReplicaSetSettings = ReplicaSetSettings(),
                                arbiterNodes: [Int] = [], bootstrapPrimary: Int? = nil) {
        let config = ReplicaSetConfig(
            members: nodes.map { ReplicaSetMemberConfig(node: Self.node($0)) } + arbiterNodes.map { ReplicaSetMemberConfig(node: Self.node($0), arbiter: true) },
            settings: settings, bootstrapPrimary: bootstrapPrimary.map(Self.node))
        for n in nodes + arbiterNodes {
            let member = ReplicaSetMember(node: Self.node(n), config: config, schema: schema, shard: ShardID(Int32(shard)), now: now, random: &random)
            members.append(member)
            actors[Self.node(n)] = .member(members.count - 1)
            reschedule(Self.node(n))
        }
    }

    mutating func addDriver(node n: Int, servers: [Int], settings: DriverSettings) {
        drivers.append(StoreDriver(node: Self.node(n), servers: servers.map(Self.node), settings: settings, now: now))
        actors[Self.node(n)] = .driver(drivers.count - 1)
        reschedule(Self.node(n))
    }

    mutating func addRouter(_ router: MongosRouter) {
        routers.append(router)
        actors[router.node] = .router(routers.count - 1)
        reschedule(router.node)
    }

    mutating func setConfigServer(_ server: ConfigServer) {
        configServer = server
        actors[server.node] = .config
        reschedule(server.node)
    }

    func member(_ n: Int) -> ReplicaSetMember {
        guard case .member(let i)? = actors[Self.node(n)] else { fatalError("no member \(n)") }
        return members[i]
    }

    var primaries: [StoreNodeID] { members.filter { $0.state == .primary && down[$0.node] == nil }.map(\.node) }

    // MARK: running

    mutating func reschedule(_ node: StoreNodeID) {
        guard let actor = actors[node], down[node] == nil else { scheduledTick[node] = nil; return }
        let deadline: SimTime
        switch actor {
        case .member(let i): deadline = members[i].nextDeadline
        case .driver(let i): deadline = drivers[i].nextDeadline
        case .router(let i): deadline = routers[i].nextDeadline
        case .config: deadline = configServer!.nextDeadline
        }
        guard deadline != .distantFuture else { scheduledTick[node] = nil; return }
        let at = max(deadline, now)
        if scheduledTick[node] == at { return }
        scheduledTick[node] = at
        push(Event(time: at, sequence: 0, envelope: nil, tickNode: node))
    }

    mutating func push(_ event: Event) {
        var e = event
        sequence += 1
        e.sequence = sequence
        // Insert keeping (time, sequence) order; the queue stays small in tests.
        let index = queue.firstIndex { ($0.time, $0.sequence) > (e.time, e.sequence) } ?? queue.count
        queue.insert(e, at: index)
    }

    mutating func flush(_ out: inout StoreOutbox, node: StoreNodeID) {
        for envelope in out.messages { send(envelope) }
        completions += out.completions
        for c in out.completions { completedAt[node, default: [:]][c.operationID] = (c, now) }
        for e in out.events { events.append((now, e)) }
        out.removeAll()
    }

    func isPartitioned(_ a: StoreNodeID, _ b: StoreNodeID) -> Bool {
        partitioned.contains { ($0.0 == a && $0.1 == b) || ($0.0 == b && $0.1 == a) }
    }

    mutating func send(_ envelope: StoreEnvelope) {
        if isPartitioned(envelope.from, envelope.to) { return }
        push(Event(time: now + latency, sequence: 0, envelope: envelope, tickNode: nil))
    }

    mutating func dispatch(_ node: StoreNodeID, _ call: (inout ReplicaSetMember, inout StoreOutbox) -> Void,
                           driver: (inout StoreDriver, inout StoreOutbox) -> Void,
                           router: (inout MongosRouter, inout StoreOutbox) -> Void,
                           config: (inout ConfigServer, inout StoreOutbox) -> Void) {
        var out = StoreOutbox()
        switch actors[node]! {
        case .member(let i): call(&members[i], &out)
        case .driver(let i): driver(&drivers[i], &out)
        case .router(let i): router(&routers[i], &out)
        case .config: config(&configServer!, &out)
        }
        flush(&out, node: node)
        if case .member(let i)? = actors[node] { members[i].checkInvariants() }
        reschedule(node)
    }

    mutating func deliver(_ envelope: StoreEnvelope) {
        let t = now
        if let refuse = down[envelope.to] {
            if refuse, down[envelope.from] == nil {
                var rng = random
                dispatch(envelope.from,
                         { $0.deliveryFailed(envelope, now: t, random: &rng, into: &$1) },
                         driver: { $0.deliveryFailed(envelope, now: t, random: &rng, into: &$1) },
                         router: { $0.deliveryFailed(envelope, now: t, random: &rng, into: &$1) },
                         config: { $0.deliveryFailed(envelope, now: t, random: &rng, into: &$1) })
                random = rng
            }
            return
        }
        if down[envelope.from] != nil || isPartitioned(envelope.from, envelope.to) { return }
        guard actors[envelope.to] != nil else { rawMessages.append(envelope); return }
        if recordDeliveries { delivered.append(envelope) }
        var rng = random
        dispatch(envelope.to,
                 { $0.receive(envelope, now: t, random: &rng, into: &$1) },
                 driver: { $0.receive(envelope, now: t, random: &rng, into: &$1) },
                 router: { $0.receive(envelope, now: t, random: &rng, into: &$1) },
                 config: { $0.receive(envelope, now: t, random: &rng, into: &$1) })
        random = rng
    }

    mutating func tick(_ node: StoreNodeID) {
        let t = now
        guard down[node] == nil else { return }
        var rng = random
        dispatch(node,
                 { $0.tick(now: t, random: &rng, into: &$1) },
                 driver: { $0.tick(now: t, random: &rng, into: &$1) },
                 router: { $0.tick(now: t, random: &rng, into: &$1) },
                 config: { $0.tick(now: t, random: &rng, into: &$1) })
        random = rng
    }

    /// Processes events up to and including time `end`.
    mutating func run(until end: SimTime) {
        var steps = 0
        while let first = queue.first, first.time <= end {
            steps += 1
            if steps > 2_000_000 {
                fatalError("runaway event loop at \(first.time): \(String(describing: first.envelope)) tick \(String(describing: first.tickNode)) queue \(queue.count)")
            }
            queue.removeFirst()
            now = first.time
            if let envelope = first.envelope {
                deliver(envelope)
            } else if let node = first.tickNode {
                guard scheduledTick[node] == first.time else { continue }
                scheduledTick[node] = nil
                tick(node)
                reschedule(node)
            }
        }
        now = end
    }

    mutating func run(for duration: SimDuration) { run(until: now + duration) }

    // MARK: faults and clients

    /// Crashes `n`: it stops receiving and ticking. `refuse` makes senders see connection refused.
    mutating func crash(_ n: Int, refuse: Bool = true) { down[Self.node(n)] = refuse }

    /// Ends every fault of members 1–3 (restarts the crashed ones, heals every partition) and runs
    /// `settle` so the set converges: the random-failover tests' final state.
    mutating func healAll(settle: SimDuration = .seconds(90)) {
        for n in 1...3 where down[StoreCluster.node(n)] != nil { restart(n) }
        partitioned = []
        run(for: settle)
    }

    mutating func restart(_ n: Int) {
        let t = now
        let node = Self.node(n)
        down[node] = nil
        var rng = random
        dispatch(node, { $0.restart(now: t, random: &rng, into: &$1) }, driver: { _, _ in }, router: { _, _ in }, config: { _, _ in })
        random = rng
    }

    mutating func stepDown(_ n: Int, for duration: SimDuration) {
        let t = now
        var rng = random
        dispatch(Self.node(n), { $0.stepDown(now: t, unelectableFor: duration, random: &rng, into: &$1) },
                 driver: { _, _ in }, router: { _, _ in }, config: { _, _ in })
        random = rng
    }

    /// Submits through driver `n`; returns the operation id.
    @discardableResult
    mutating func submit(driver n: Int, _ operation: StoreOperation, writeConcern: WriteConcern? = nil,
                         readConcern: ReadConcern? = nil, readPreference: ReadPreference? = nil) -> UInt64 {
        let t = now
        var id: UInt64 = 0
        var rng = random
        dispatch(Self.node(n), { _, _ in }, driver: {
            id = $0.submit(operation, writeConcern: writeConcern, readConcern: readConcern, readPreference: readPreference,
                           now: t, random: &rng, into: &$1)
        }, router: { _, _ in }, config: { _, _ in })
        random = rng
        return id
    }

    func completion(_ id: UInt64, driver: Int = 50) -> DriverCompletion? { completedAt[Self.node(driver)]?[id]?.0 }

    func completionTime(_ id: UInt64, driver: Int = 50) -> SimTime? { completedAt[Self.node(driver)]?[id]?.1 }

    /// Sends a raw command from `from` (a test client without a driver) to `to`.
    mutating func sendCommand(from: Int, to: Int, _ command: StoreCommand) {
        send(StoreEnvelope(from: Self.node(from), to: Self.node(to), message: .command(command)))
    }
}
