import SimulationPrimitives

/// One Ribbon client's load balancer: the server list, per-server stats and the rule's state
/// (Ribbon's `ZoneAwareLoadBalancer` + `LoadBalancerStats` + `IRule`, reference/netflix-oss.md §4).
///
/// ```swift
/// var lb = LoadBalancer(config: RibbonClientConfig(), createdAt: .zero)
/// var next = lb.refreshServerList(eurekaUpInstances, at: lb.firstServerListRefresh) // schedule `next`
/// if let server = lb.choose(now: now, excluding: nil, random: rng.nextDouble()) {
///     lb.noteRequestStarted(on: server, at: now)
///     // ... later
///     lb.noteRequestCompleted(on: server, outcome: .response, responseTime: .milliseconds(12), at: later)
/// }
/// ```
///
/// Sans-I/O: time and randomness come in, deadlines go out. Timers the caller schedules:
/// - the server-list refresh: ``firstServerListRefresh``, then each deadline ``refreshServerList(_:at:)``
///   returns (fixed delay `ServerListRefreshInterval`);
/// - the weight task of `WeightedResponseTimeRule`: ``tick(at:)`` returns its next deadline (nil for
///   other rules).
///
/// A value type: the platform keeps one per (caller, service) and mutates it in place; every
/// call in flight from that caller shares it. `choose` is O(servers), allocation-free (scratch
/// buffers are reused) and has no existential calls or dynamic exclusivity checks.
public struct LoadBalancer: Sendable {
    /// The client configuration. Assigning it takes effect on the next choice (dynamic in Ribbon too).
    public var config: RibbonClientConfig
    /// The current server list, in the order the discovery client gave it.
    public internal(set) var servers: [ServerInfo] = []
    /// Per-server alive flag (Ribbon `Server.isAlive()`), parallel to ``servers``. Every server is
    /// marked alive on each list refresh (`updateAllServerList`, §4.4).
    public internal(set) var alive: [Bool] = []
    /// When the server list must first be refreshed: creation + initial delay (1 s, §4.1).
    public let firstServerListRefresh: SimTime

    @usableFromInline var stats: [ServerStats] = []
    /// Stats slot by server id for the platform's dense ids (`0..<denseServerIDLimit`), −1 when the
    /// server was never seen: an array read per attempt instead of a hashed dictionary probe.
    @usableFromInline var statsSlotByDenseID: [Int32] = []
    /// Stats slot of servers whose id is outside the dense range (negative or very large ids).
    @usableFromInline var statsIndexBySparseID: [ServerID: Int] = [:]
    /// Stats slot of each entry of ``servers``.
    @usableFromInline var statsIndex: [Int] = []
    /// Zone index (into ``zones``) of each entry of ``servers``.
    @usableFromInline var zoneIndex: [Int] = []
    /// Distinct zones of the list, ascending.
    public internal(set) var zones: [ZoneID] = []

    /// `RoundRobinRule`'s counter (also used by the rules that fall back to round robin).
    @usableFromInline var roundRobinCounter: Int = 0
    /// `AbstractServerPredicate`'s round-robin counter (filtered round robin).
    @usableFromInline var predicateCounter: Int = 0
    /// `WeightedResponseTimeRule`'s cumulative weights (`acc_i`), parallel to ``servers`` when fresh.
    public internal(set) var accumulatedWeights: [Double] = []
    @usableFromInline var nextWeightRefresh: SimTime

    // Reused scratch buffers so `choose` never allocates.
    @usableFromInline var eligibleScratch: [Int] = []
    @usableFromInline var zoneScratch: ZoneScratch = ZoneScratch()

    /// A balancer with an empty server list, created at `createdAt`.
    public init(config: RibbonClientConfig, createdAt: SimTime) {
        self.config = config
        self.firstServerListRefresh = createdAt + config.serverListRefreshInitialDelay
        self.nextWeightRefresh = createdAt
    }

    // MARK: Server list

    /// Replaces the server list with `newServers` (the UP instances of the discovery client's
    /// local cache) and marks every one alive (§4.4). Stats of servers survive refreshes.
    /// - Returns: the next refresh deadline, `now + ServerListRefreshInterval` (fixed delay, §4.1).
    @discardableResult
    public mutating func refreshServerList(_ newServers: [ServerInfo], at now: SimTime) -> SimTime {
        servers = newServers
        alive = Array(repeating: true, count: newServers.count)
        statsIndex.removeAll(keepingCapacity: true)
        zoneIndex.removeAll(keepingCapacity: true)
        zones = Array(Set(newServers.map(\.zone))).sorted()
        for server in newServers {
            statsIndex.append(slot(for: server.id))
            zoneIndex.append(zones.firstIndex(of: server.zone)!)
        }
        eligibleScratch.reserveCapacity(newServers.count)
        zoneScratch.resize(zoneCount: zones.count)
        zoneScratch.serverAvailable.reserveCapacity(newServers.count)
        return now + config.serverListRefreshInterval
    }

    /// Sets a server's alive flag (a ping result, §4.4). Unknown servers are ignored.
    public mutating func setAlive(_ isAlive: Bool, server: ServerID) {
        for i in servers.indices where servers[i].id == server { alive[i] = isAlive }
    }

    /// Number of servers in the list.
    @inlinable public var serverCount: Int { servers.count }

    // MARK: Stats

    /// The stats of `server` (fresh stats if it was never seen).
    public func stats(of server: ServerID) -> ServerStats {
        if let i = existingSlot(of: server) { return stats[i] }
        return ServerStats(windowCapacity: config.responseTimeWindowCapacity)
    }

    /// A request was sent to `server` at `now` (active requests +1).
    @inlinable public mutating func noteRequestStarted(on server: ServerID, at now: SimTime) {
        stats[slot(for: server)].noteRequestStarted(at: now)
    }

    /// A request to `server` ended at `now` after `responseTime` with `outcome` (active −1, response
    /// time recorded, connection-failure streak updated, §4.2).
    @inlinable public mutating func noteRequestCompleted(on server: ServerID, outcome: AttemptOutcome, responseTime: SimDuration, at now: SimTime) {
        stats[slot(for: server)].noteRequestCompleted(outcome: outcome, responseTime: responseTime, at: now)
    }

    /// Whether `server`'s ServerStats circuit is tripped at `now` (§4.2).
    @inlinable public func isCircuitTripped(_ server: ServerID, at now: SimTime) -> Bool {
        guard let i = existingSlot(of: server) else { return false }
        return stats[i].isCircuitTripped(at: now, config: config)
    }

    /// Active requests on `server` as Ribbon reports them at `now` (§4.2).
    @inlinable public func activeRequests(on server: ServerID, at now: SimTime) -> Int {
        guard let i = existingSlot(of: server) else { return 0 }
        return stats[i].activeRequests(at: now, config: config)
    }

    /// Server ids below this use the dense slot table (the platform numbers its instances densely).
    @usableFromInline static var denseServerIDLimit: Int { 1 << 16 }

    /// The stats slot of `server`, nil when it was never seen.
    @inlinable func existingSlot(of server: ServerID) -> Int? {
        let id = server.rawValue
        if id >= 0 && id < Self.denseServerIDLimit {
            guard id < statsSlotByDenseID.count else { return nil }
            let slot = statsSlotByDenseID[id]
            return slot >= 0 ? Int(slot) : nil
        }
        return statsIndexBySparseID[server]
    }

    /// The stats slot of `server`, created (fresh stats) on first sight.
    @inlinable mutating func slot(for server: ServerID) -> Int {
        if let i = existingSlot(of: server) { return i }
        stats.append(ServerStats(windowCapacity: config.responseTimeWindowCapacity))
        let id = server.rawValue
        if id >= 0 && id < Self.denseServerIDLimit {
            if id >= statsSlotByDenseID.count { statsSlotByDenseID.append(contentsOf: repeatElement(-1, count: id + 1 - statsSlotByDenseID.count)) }
            statsSlotByDenseID[id] = Int32(stats.count - 1)
        } else {
            statsIndexBySparseID[server] = stats.count - 1
        }
        return stats.count - 1
    }

    // MARK: Timers

    /// Runs the timers that are due at `now`: the `WeightedResponseTimeRule` weight task (first run at
    /// creation, then every `ServerWeightTaskTimerInterval`, fixed rate, §4.3).
    /// - Returns: the next deadline to call `tick` at, or nil when the rule needs no timer.
    @discardableResult
    public mutating func tick(at now: SimTime) -> SimTime? {
        guard config.rule == .weightedResponseTime else { return nil }
        while nextWeightRefresh <= now {
            recomputeWeights()
            nextWeightRefresh = nextWeightRefresh + config.serverWeightTaskTimerInterval
        }
        return nextWeightRefresh
    }

    // MARK: Choosing

    /// Chooses a server with the configured rule, or nil when none can be chosen.
    ///
    /// - Parameters:
    ///   - now: the current time (stats windows and circuit blackouts depend on it).
    ///   - excluding: a server to avoid, e.g. the one that just failed. A soft preference: the rule
    ///     runs without it, and only if that yields nothing does it run again with it. Pass nil to
    ///     reproduce Ribbon, whose next-server retry does not exclude tried servers (§8.5, ribbon#394).
    ///   - random: a uniform draw in [0, 1) from the caller's stream; used by `random`,
    ///     `weightedResponseTime` and the worst-zone pick of `zoneAvoidance`.
    public mutating func choose(now: SimTime, excluding: ServerID?, random: Double) -> ServerID? {
        if let excluded = excluding, let pick = chooseOnce(now: now, excluding: excluded, random: random) { return pick }
        return chooseOnce(now: now, excluding: nil, random: random)
    }

    @usableFromInline mutating func chooseOnce(now: SimTime, excluding: ServerID?, random: Double) -> ServerID? {
        switch config.rule {
        case .roundRobin: return chooseRoundRobin(excluding: excluding)
        case .random: return chooseRandom(excluding: excluding, random: random)
        case .availabilityFiltering: return chooseAvailabilityFiltering(now: now, excluding: excluding)
        case .weightedResponseTime: return chooseWeightedResponseTime(excluding: excluding, random: random)
        case .zoneAvoidance: return chooseZoneAvoidance(now: now, excluding: excluding, random: random)
        case .bestAvailable: return chooseBestAvailable(now: now, excluding: excluding)
        }
    }
}
