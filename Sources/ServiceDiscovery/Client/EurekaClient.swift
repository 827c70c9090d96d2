import SimulationPrimitives

/// A Eureka client (`DiscoveryClient`, reference/netflix-oss.md §5): registers and heartbeats one
/// instance, and keeps a local registry cache refreshed by full and delta fetches. Ribbon reads the
/// **local** cache (``upInstances(of:)``); when the server is unreachable the cache stays as it was.
///
/// ```swift
/// var client = EurekaClient(config: EurekaClientConfig(), instance: info, startedAt: now)
/// for request in client.startupRequests() { send(request) }       // register + first full fetch
/// let work = client.tick(at: now)                                  // at client.nextDeadline
/// if let request = work.heartbeat { send(request) }
/// if let fetch = work.fetch { send(fetch) }
/// // responses come back through heartbeatCompleted / fetchCompleted
/// ```
///
/// Sans-I/O: the client returns the requests to send; the platform delivers them to a Eureka server
/// (trying another server of its list if it likes) and feeds the replies back. Each timer is
/// re-armed when its task completes (Eureka's `TimedSupervisorTask`: fixed delay, doubled after a
/// timeout up to `backoffBound ×` the interval), so the platform must report every request it was
/// given — a lost reply as `.timedOut` — or that timer stays disarmed.
public struct EurekaClient: Sendable {
    /// A request the client wants sent to a Eureka server.
    public enum Request: Hashable, Sendable {
        /// A registry write (`register`, `renew`, `cancel`).
        case write(RegistryOperation)
        /// `GET /apps`.
        case fetchFull
        /// `GET /apps/delta`.
        case fetchDelta
    }

    /// How a request ended from the client's side.
    public enum Failure: Hashable, Sendable {
        /// Refused or failed quickly: the timer keeps its interval.
        case failed
        /// The request timed out: the timer's delay doubles (up to the bound).
        case timedOut
    }

    /// What a fetch returned.
    public enum FetchResponse: Sendable {
        /// A full registry.
        case full(RegistrySnapshot)
        /// A delta.
        case delta(RegistryDelta)
        /// No answer: the local cache is kept (§5.6, "resilient to eureka server" outages).
        case failure(Failure)
    }

    /// What ``tick(at:)`` asks the platform to send now.
    public struct Work: Hashable, Sendable {
        /// A heartbeat to send, if due.
        public var heartbeat: Request?
        /// A fetch to send, if due.
        public var fetch: Request?
    }

    /// The settings.
    public let config: EurekaClientConfig
    /// The instance this client registers (nil for a fetch-only client).
    public internal(set) var instance: InstanceInfo?
    /// Local registry cache, by instance id (all statuses; reads filter).
    var local: [InstanceID: InstanceInfo] = [:]
    /// Whether a full fetch has succeeded (later fetches use deltas).
    public internal(set) var hasFullRegistry = false
    /// When the local cache last changed from a fetch.
    public internal(set) var lastSuccessfulFetch: SimTime? = nil
    /// Count of full fetches forced by a reconcile-hash mismatch.
    public internal(set) var reconcileMismatches = 0

    /// Next heartbeat deadline (distant future while one is in flight or when not registering).
    public internal(set) var nextHeartbeat: SimTime
    /// Next registry fetch deadline (distant future while one is in flight or when not fetching).
    public internal(set) var nextFetch: SimTime
    var heartbeatDelay: SimDuration
    var fetchDelay: SimDuration
    var shutDown = false

    /// A client started at `startedAt`; its first heartbeat and fetch are one interval later
    /// (`initScheduledTasks`), after the ``startupRequests()``.
    public init(config: EurekaClientConfig, instance: InstanceInfo?, startedAt: SimTime) {
        self.config = config
        self.instance = instance
        heartbeatDelay = config.leaseRenewalInterval
        fetchDelay = config.registryFetchInterval
        nextHeartbeat = config.registerWithEureka && instance != nil ? startedAt + config.leaseRenewalInterval : .distantFuture
        nextFetch = config.fetchRegistry ? startedAt + config.registryFetchInterval : .distantFuture
    }

    /// What to send at start-up: the first full fetch (constructor fetch) and the registration
    /// (Spring Cloud registers when the instance turns `UP` at start).
    public func startupRequests() -> [Request] {
        var out: [Request] = []
        if config.fetchRegistry { out.append(.fetchFull) }
        if config.registerWithEureka, let info = instance {
            out.append(.write(.register(info, leaseDuration: config.leaseExpirationDuration)))
        }
        return out
    }

    /// The earliest timer.
    public var nextDeadline: SimTime { min(nextHeartbeat, nextFetch) }

    /// Fires the timers due at `now`; a fired timer stays disarmed until its completion is reported.
    public mutating func tick(at now: SimTime) -> Work {
        var work = Work(heartbeat: nil, fetch: nil)
        guard !shutDown else { return work }
        if nextHeartbeat <= now, let info = instance {
            work.heartbeat = .write(.renew(info.id))
            nextHeartbeat = .distantFuture
        }
        if nextFetch <= now {
            work.fetch = (config.disableDelta || !hasFullRegistry) ? .fetchFull : .fetchDelta
            nextFetch = .distantFuture
        }
        return work
    }

    /// A heartbeat ended at `now`: `reply` from the server, or `failure` when none came.
    /// - Returns: a registration to send when the server did not know the lease (404 → re-register, §5.2).
    public mutating func heartbeatCompleted(reply: RegistryReply?, failure: Failure? = nil, at now: SimTime) -> Request? {
        guard !shutDown else { return nil }
        heartbeatDelay = nextDelay(current: heartbeatDelay, base: config.leaseRenewalInterval, timedOut: failure == .timedOut)
        nextHeartbeat = now + heartbeatDelay
        if let reply, !reply.succeeded, let info = instance {
            return .write(.register(info, leaseDuration: config.leaseExpirationDuration))
        }
        return nil
    }

    /// A fetch ended at `now`. A full payload replaces the cache; a delta is applied (duplicates are
    /// harmless) and its reconcile hash compared — on a mismatch the answer is `.fetchFull`, to send at
    /// once (the same fetch cycle, as `DiscoveryClient.getAndUpdateDelta` does), §5.4.
    /// A failure keeps the cache unchanged.
    public mutating func fetchCompleted(_ response: FetchResponse, at now: SimTime) -> Request? {
        switch response {
        case .full(let snapshot):
            local.removeAll(keepingCapacity: true)
            for info in snapshot.instances { local[info.id] = info }
            hasFullRegistry = true
            lastSuccessfulFetch = now
            rearmFetch(at: now, timedOut: false)
            return nil
        case .delta(let delta):
            for change in delta.changes {
                switch change.action {
                case .added, .modified: local[change.instance.id] = change.instance
                case .deleted: local[change.instance.id] = nil
                }
            }
            if ReconcileHash(local.values) != delta.reconcileHash {
                reconcileMismatches += 1
                return .fetchFull           // timer stays disarmed until the full fetch completes
            }
            lastSuccessfulFetch = now
            rearmFetch(at: now, timedOut: false)
            return nil
        case .failure(let failure):
            rearmFetch(at: now, timedOut: failure == .timedOut)
            return nil
        }
    }

    /// Clean shutdown at `now`: stops the timers and answers the deregistration to send (§5.5, graceful).
    public mutating func shutdown(at now: SimTime) -> Request? {
        shutDown = true
        nextHeartbeat = .distantFuture
        nextFetch = .distantFuture
        guard config.registerWithEureka, let info = instance else { return nil }
        return .write(.cancel(info.id))
    }

    /// Instances of `app` in the local cache that Ribbon may use (`UP` only unless
    /// `filterOnlyUpInstances` is false), ascending by id.
    public func upInstances(of app: AppID) -> [InstanceInfo] {
        local.values.filter { $0.app == app && (!config.filterOnlyUpInstances || $0.status == .up) }.sorted { $0.id < $1.id }
    }

    /// Every instance in the local cache, ascending by id.
    public var cachedInstances: [InstanceInfo] { local.values.sorted { $0.id < $1.id } }

    /// Re-arms the fetch timer after a timer-driven fetch. The start-up fetch (sent while the timer
    /// is still armed for `start + interval`) leaves the timer alone, as `initScheduledTasks` does.
    mutating func rearmFetch(at now: SimTime, timedOut: Bool) {
        guard nextFetch == .distantFuture, !shutDown, config.fetchRegistry else { return }
        fetchDelay = nextDelay(current: fetchDelay, base: config.registryFetchInterval, timedOut: timedOut)
        nextFetch = now + fetchDelay
    }

    func nextDelay(current: SimDuration, base: SimDuration, timedOut: Bool) -> SimDuration {
        guard timedOut else { return base }
        return min(current * 2, base * Int64(config.backoffBound))
    }
}
