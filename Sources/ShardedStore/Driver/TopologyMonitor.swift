import SimulationPrimitives

/// How a client watches a set of servers (the driver's Server Discovery and Monitoring, or a mongos's
/// replica-set monitor). Defaults are the MongoDB drivers' (reference/store-auth-logs.md §1.4).
public struct TopologyMonitorSettings: Hashable, Sendable {
    /// `heartbeatFrequencyMS`: every server is checked with `hello` this often. Default 10 000 ms (§1.4).
    public var heartbeatFrequency: SimDuration = .seconds(10)
    /// Immediate re-checks (after an error, or while an operation waits for a server) are at least this
    /// far apart: `minHeartbeatFrequencyMS`, 500 ms in the SDAM spec [unverified: not in reference/].
    public var minHeartbeatFrequency: SimDuration = .milliseconds(500)
    /// A `hello` without an answer for this long marks the server Unknown: `connectTimeoutMS`,
    /// default 30 000 ms (§1.4).
    public var checkTimeout: SimDuration = .seconds(30)
    /// On a "not primary" or network error, mark the server Unknown and re-check at once (SDAM
    /// behaviour). `false` keeps using the cached primary until the next periodic check: the buggy
    /// driver of case F12.
    public var rediscoverOnError: Bool = true

    /// The drivers' defaults.
    public init() {}

    /// Case F12 config A: topology refreshed every 300 s and no re-discovery on "not primary" (moped's
    /// defaults, github.com/mongoid/moped/issues/267).
    public static let f12StaleTopology: TopologyMonitorSettings = {
        var s = TopologyMonitorSettings()
        s.heartbeatFrequency = .seconds(300)
        s.rediscoverOnError = false
        return s
    }()
}

/// What a monitor knows about one server.
public struct ServerDescription: Hashable, Sendable {
    /// The server's node.
    public var node: StoreNodeID
    /// Its role at the last check; `nil` is Unknown (never checked, check failed, or marked after an error).
    public var state: MemberState?
    /// Its term at the last check (a primary with a higher term supersedes an older one).
    public var term: Int64
    var checkRequestID: UInt64?
    var checkSentAt: SimTime
    var nextCheckAt: SimTime
    /// The interval after the first check when it differs from `heartbeatFrequency` (a process
    /// that started before the simulated window: its periodic checks have their own phase).
    var firstInterval: SimDuration?
}

/// The client's view of a deployment: which servers exist, which is primary, which are secondaries or
/// routers. Sans-I/O: it emits `hello` checks into an outbox and returns deadlines; its owner (a
/// ``StoreDriver``, ``MongosRouter`` or ``ConfigServer``) routes `hello` replies and errors to it.
///
/// Check request ids have the top bit set so owners can tell them from command ids.
public struct TopologyMonitor: Sendable {
    /// The settings.
    public let settings: TopologyMonitorSettings
    /// The servers, in the order given.
    public private(set) var servers: [ServerDescription]
    var nextRequestID: UInt64
    var lastImmediateCheck: SimTime

    /// Marks a request id as a monitoring check.
    public static let checkIDFlag: UInt64 = 1 << 63

    /// A monitor of `servers`, all Unknown, checked first at `now`. `idSalt` keeps check ids of several
    /// monitors in one owner distinct. `heartbeatPhase` (in `(0, heartbeatFrequency]`) puts the
    /// periodic checks at `now + heartbeatPhase + k × heartbeatFrequency`: processes started at
    /// different times check at different moments (nil: every `heartbeatFrequency` from `now`).
    public init(servers: [StoreNodeID], settings: TopologyMonitorSettings, now: SimTime, idSalt: UInt64 = 0,
                heartbeatPhase: SimDuration? = nil) {
        self.settings = settings
        self.servers = servers.map { ServerDescription(node: $0, state: nil, term: 0, checkRequestID: nil, checkSentAt: now, nextCheckAt: now,
                                                       firstInterval: heartbeatPhase) }
        self.nextRequestID = Self.checkIDFlag | (idSalt << 40)
        self.lastImmediateCheck = SimTime(nanosecondsSinceStart: Int64.min / 2)
    }

    /// The known primary (the one with the highest term if several claim it), or `nil`.
    public var primary: StoreNodeID? {
        var best: ServerDescription?
        for s in servers where s.state == .primary {
            if best == nil || s.term > best!.term { best = s }
        }
        return best?.node
    }

    /// When the monitor next needs ``tick(now:owner:into:)``.
    public var nextDeadline: SimTime {
        var deadline = SimTime.distantFuture
        for s in servers {
            let due = s.checkRequestID == nil ? s.nextCheckAt : s.checkSentAt + settings.checkTimeout
            if due < deadline { deadline = due }
        }
        return deadline
    }

    /// Sends due checks and times out unanswered ones. Returns whether the view changed.
    @discardableResult
    public mutating func tick(now: SimTime, owner: StoreNodeID, into out: inout StoreOutbox) -> Bool {
        var changed = false
        for i in servers.indices {
            if servers[i].checkRequestID != nil, now >= servers[i].checkSentAt + settings.checkTimeout {
                servers[i].checkRequestID = nil
                if servers[i].state != nil { servers[i].state = nil; changed = true }
                servers[i].nextCheckAt = now
            }
            if servers[i].checkRequestID == nil, now >= servers[i].nextCheckAt {
                sendCheck(i, now: now, owner: owner, out: &out)
            }
        }
        return changed
    }

    mutating func sendCheck(_ i: Int, now: SimTime, owner: StoreNodeID, out: inout StoreOutbox) {
        nextRequestID &+= 1
        servers[i].checkRequestID = nextRequestID
        servers[i].checkSentAt = now
        servers[i].nextCheckAt = now + (servers[i].firstInterval ?? settings.heartbeatFrequency)
        servers[i].firstInterval = nil
        out.send(.hello(requestID: nextRequestID), from: owner, to: servers[i].node)
    }

    /// Whether `requestID` is one of this monitor's outstanding checks.
    public func owns(requestID: UInt64) -> Bool { servers.contains { $0.checkRequestID == requestID } }

    /// Records a `hello` answer. Returns whether the view changed. A server naming a primary this
    /// monitor does not know as primary gets that primary checked soon (when re-discovery is on).
    @discardableResult
    public mutating func handleHelloReply(requestID: UInt64, from: StoreNodeID, _ reply: HelloReply,
                                          now: SimTime, owner: StoreNodeID, into out: inout StoreOutbox) -> Bool {
        guard let i = servers.firstIndex(where: { $0.node == from && $0.checkRequestID == requestID }) else { return false }
        servers[i].checkRequestID = nil
        let before = servers[i].state
        servers[i].state = reply.state
        servers[i].term = reply.term
        var changed = before != reply.state
        if reply.state == .primary {
            // A newer primary supersedes older claims (SDAM's electionId rule).
            for j in servers.indices where j != i && servers[j].state == .primary && servers[j].term < reply.term {
                servers[j].state = nil
                changed = true
            }
        }
        if settings.rediscoverOnError, let hinted = reply.primary, hinted != from,
           let j = servers.firstIndex(where: { $0.node == hinted }), servers[j].state != .primary {
            requestCheck(j, now: now, owner: owner, out: &out)
        }
        return changed
    }

    /// After an error from `server`: with re-discovery on, mark it Unknown and re-check every server
    /// soon; with it off (F12), keep the cached view. Returns whether the view changed.
    @discardableResult
    public mutating func reportError(server: StoreNodeID, now: SimTime, owner: StoreNodeID, into out: inout StoreOutbox) -> Bool {
        guard settings.rediscoverOnError, let i = servers.firstIndex(where: { $0.node == server }) else { return false }
        let changed = servers[i].state != nil
        servers[i].state = nil
        requestImmediateCheck(now: now, owner: owner, into: &out)
        return changed
    }

    /// Asks for a prompt re-check of every server (an operation is waiting for a suitable one),
    /// rate-limited by `minHeartbeatFrequency`.
    public mutating func requestImmediateCheck(now: SimTime, owner: StoreNodeID, into out: inout StoreOutbox) {
        guard settings.rediscoverOnError else { return }
        let earliest = max(now, lastImmediateCheck + settings.minHeartbeatFrequency)
        for i in servers.indices where servers[i].checkRequestID == nil && servers[i].nextCheckAt > earliest {
            servers[i].nextCheckAt = earliest
        }
        if earliest == now {
            lastImmediateCheck = now
            _ = tick(now: now, owner: owner, into: &out)
        }
    }

    /// When an owner with operations waiting for a server should next call
    /// ``requestImmediateCheck(now:owner:into:)`` (`distantFuture` when re-discovery is off).
    public var nextImmediateCheckAt: SimTime {
        settings.rediscoverOnError ? lastImmediateCheck + settings.minHeartbeatFrequency : .distantFuture
    }

    mutating func requestCheck(_ i: Int, now: SimTime, owner: StoreNodeID, out: inout StoreOutbox) {
        guard servers[i].checkRequestID == nil else { return }
        let earliest = max(now, servers[i].checkSentAt + settings.minHeartbeatFrequency)
        if earliest <= now { sendCheck(i, now: now, owner: owner, out: &out) } else { servers[i].nextCheckAt = min(servers[i].nextCheckAt, earliest) }
    }

    /// The check to `server` could not be delivered: mark it Unknown.
    public mutating func checkFailed(server: StoreNodeID, requestID: UInt64, now: SimTime) -> Bool {
        guard let i = servers.firstIndex(where: { $0.node == server && $0.checkRequestID == requestID }) else { return false }
        servers[i].checkRequestID = nil
        let changed = servers[i].state != nil
        servers[i].state = nil
        return changed
    }

    /// A server for an operation with `readPreference` (writes use `.primary`), or `nil` when none is
    /// suitable now. Routers are always suitable. Ties are broken by `random`. Allocation-free: it
    /// counts the candidates, draws an index, then walks to it (the servers list is short).
    public func select(_ readPreference: ReadPreference, random: inout RandomStream) -> StoreNodeID? {
        var routerCount = 0, secondaryCount = 0
        for s in servers {
            if s.state == .router { routerCount += 1 } else if s.state == .secondary { secondaryCount += 1 }
        }
        if routerCount > 0 { return nth(random.nextInt(below: routerCount), in: .router) }
        let primary = self.primary
        func pickSecondary() -> StoreNodeID? {
            secondaryCount == 0 ? nil : nth(random.nextInt(below: secondaryCount), in: .secondary)
        }
        switch readPreference {
        case .primary: return primary
        case .primaryPreferred: return primary ?? pickSecondary()
        case .secondary: return pickSecondary()
        case .secondaryPreferred: return pickSecondary() ?? primary
        case .nearest:
            // The secondaries in order, then the primary (as the candidate list `secondaries + [primary]`).
            let count = secondaryCount + (primary == nil ? 0 : 1)
            guard count > 0 else { return nil }
            let k = random.nextInt(below: count)
            return k < secondaryCount ? nth(k, in: .secondary) : primary
        }
    }

    /// The `k`-th server (0-based, in list order) whose state is `state`.
    func nth(_ k: Int, in state: MemberState) -> StoreNodeID? {
        var seen = 0
        for s in servers where s.state == state {
            if seen == k { return s.node }
            seen += 1
        }
        return nil
    }
}
