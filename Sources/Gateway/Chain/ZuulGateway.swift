import Authorization
import SimulationPrimitives

/// The Zuul 1 gateway as a sans-I/O state machine: the seed's "API Gateway Proxy & Router".
///
/// Each request runs the filter chain with Zuul's servlet semantics (reference netflix-oss.md
/// §6.1): `pre`; on error → `error`, `post`, done; then `route`; on error → `error`, `post`, done;
/// then `post`; on error → `error` (no second `post`). Two filters suspend the chain and hand the
/// platform a network action: the authentication filter (``GatewayStep/introspect(_:)``) and the
/// route filter (``GatewayStep/forward(_:)``). The platform performs it and resumes the chain.
///
/// ```swift
/// var gateway = ZuulGateway(configuration: configuration)
/// switch gateway.receive(request, now: now, rng: &rng) {
/// case .respond(let response): send(response)
/// case .introspect(let call): schedule introspection; later
///     gateway.introspectionCompleted(call.exchange, result: .response(info), now: t, rng: &rng)
/// case .forward(let decision): run the client call stack; later
///     gateway.upstreamCompleted(decision.exchange, outcome: .response(status: 200), now: t)
/// }
/// ```
/// Per-exchange state lives in a slot array freed when the response is produced; memory grows
/// with in-flight requests only.
public struct ZuulGateway: Sendable {
    /// The configuration it was built from (maintenance can be toggled with ``setMaintenance(_:)``).
    public private(set) var configuration: GatewayConfiguration
    /// The filter chain, sorted by type then order (then registration).
    public let filters: [ZuulFilter]
    /// Each filter's ``ZuulFilter/Code``, by position in ``filters``.
    let codes: [ZuulFilter.Code]
    let filterRanges: [Range<Int>]
    let disabled: [Bool]
    /// Filters the chain runner passes over without asking ``shouldFilter(at:_:)``: the disabled
    /// ones, and those whose condition is false for every request of this gateway (fixed at
    /// construction): rate limiting without a rate limiter, the stress-test and cross-region
    /// filters when no service has a policy, response headers when none are configured.
    let skipped: [Bool]
    /// Route isolation state (permits per bulkhead).
    public internal(set) var admission: RouteAdmission
    /// The rate limiter, if configured.
    public internal(set) var rateLimiter: RateLimiter?
    /// The local validator (local and hybrid modes).
    public internal(set) var validator: TokenValidator?
    let introspection: IntrospectionSettings?
    /// The introspection cache (introspection modes with a TTL).
    public internal(set) var introspectionCache: TokenCache<IntrospectionResponse>?
    let ribbonByService: [RibbonClientSettings]
    let timeoutByService: [EffectiveCommandTimeout]
    let stressTestByService: [StressTestPolicy?]
    let crossRegionByService: [CrossRegionPolicy.Rule?]
    // Per-request filter conditions precomputed from the configuration (each `shouldFilter` read
    // an optional policy out of its array or an array's count through the configuration).
    let hasStressTest: [Bool]
    let hasCrossRegion: [Bool]
    let hasStaticResponses: Bool
    let hasResponseHeaders: Bool
    /// Whether the authentication filter validates locally / introspects (the mode never changes;
    /// testing the optionals copied them).
    let hasValidator: Bool
    let usesIntrospection: Bool
    /// The stream handed to post and error filters, which draw nothing (seeding one per request
    /// cost ~70 instructions).
    let noDraws = RandomStream(seed: 0)

    /// Registered request targets with their resolved routes (``registerTarget(method:path:)``).
    var targets: [TargetEntry] = []
    /// The exchange ``advance(_:_:now:rng:)`` is running: filters that suspend address their
    /// step to it.
    var currentExchange = ExchangeID(slot: -1, generation: 0)
    /// The step a filter suspended the chain with, until ``advance(_:_:now:rng:)`` returns it.
    var pendingStep: GatewayStep?
    /// Whether the running entry point returns a ``CompactGatewayStep``: the route filter then
    /// leaves ``pendingForwardBox`` instead of building a ``RoutingDecision``.
    var compactSteps = false
    /// The compact forward the route filter suspended with (compact entry points only): the
    /// matched route's box and the exchange, from which ``advanceCompact(_:_:now:rng:)`` builds
    /// the step. Not a `CompactGatewayStep?`: assigning one destroyed the previous (empty) value
    /// through the generic `Optional` witness, ~64 instructions a request (performance.md, round 7).
    var pendingForwardBox: RouteMatchBox?
    var pendingForwardExchange = ExchangeID(slot: -1, generation: 0)
    /// Exchange state by slot, run in place (``ExchangeSlot``); copy-on-write per slot.
    var slots: [ExchangeSlot] = []
    var freeSlots: [Int32] = []
    /// Counters for metrics and invariants.
    public internal(set) var statistics = Statistics()

    /// Configuration warnings found at construction (case F02).
    public var warnings: [ConfigurationWarning] { configuration.warnings }

    enum Waiting: Sendable, Equatable {
        case nothing
        case introspection(token: String)
        case upstream(ServiceIndex)
    }

    /// Gateway counters.
    public struct Statistics: Sendable, Hashable {
        /// Requests received.
        public var received = 0
        /// Responses produced.
        public var completed = 0
        /// Calls handed to the platform (route filter decisions).
        public var forwarded = 0
        /// Introspection calls requested.
        public var introspectionCalls = 0
        /// Introspection cache hits.
        public var introspectionCacheHits = 0
        /// Requests refused by authentication.
        public var authenticationRejections = 0
        /// Requests refused because introspection failed.
        public var authorizationServerFailures = 0
        /// Failed introspections answered from the local JWT check instead (case F11's fix).
        public var locallyValidatedFallbacks = 0
        /// Requests refused by the rate limiter.
        public var rateLimited = 0
        /// Requests refused by the route bulkhead (semaphore or thread pool).
        public var bulkheadRejections = 0
        /// Static and maintenance responses.
        public var staticResponses = 0
        /// Requests with no matching route.
        public var noRoute = 0
        /// Exchanges in flight.
        public var inFlight: Int { received - completed }
    }

    /// A gateway built from `configuration`.
    public init(configuration: GatewayConfiguration) {
        self.configuration = configuration
        var all = ZuulFilter.standard + configuration.customFilters
        // Stable sort: type, then order, then registration index.
        all = all.enumerated().sorted { a, b in
            if a.element.type != b.element.type { return a.element.type.rawValue < b.element.type.rawValue }
            if a.element.order != b.element.order { return a.element.order < b.element.order }
            return a.offset < b.offset
        }.map(\.element)
        filters = all
        codes = all.map(\.code)
        filterRanges = FilterType.allCases.map { type in
            let start = all.firstIndex { $0.type.rawValue >= type.rawValue } ?? all.count
            let end = all.firstIndex { $0.type.rawValue > type.rawValue } ?? all.count
            return start..<end
        }
        disabled = all.map { configuration.disabledFilters.contains($0.name) }
        admission = RouteAdmission(table: configuration.routes, strategy: configuration.isolation, perServiceLimits: configuration.isolationOverrides)
        rateLimiter = configuration.rateLimit.map(RateLimiter.init(policy:))
        switch configuration.authentication {
        case .localJWT(let validator):
            self.validator = validator
            introspection = nil
        case .introspection(let settings):
            validator = nil
            introspection = settings
        case .localThenIntrospection(let validator, let settings):
            self.validator = validator
            introspection = settings
        }
        if let settings = introspection, let ttl = settings.cacheTimeToLive {
            introspectionCache = TokenCache(capacity: settings.cacheCapacity, timeToLive: ttl)
        }
        let services = configuration.routes.serviceIDs
        ribbonByService = services.map(configuration.ribbon(for:))
        timeoutByService = services.map(configuration.commandTimeout(for:))
        stressTestByService = services.map { id in configuration.stressTests.first { $0.serviceID == id } }
        crossRegionByService = services.map { id in configuration.crossRegion?.rule(for: id) }
        hasStressTest = stressTestByService.map { $0 != nil }
        hasCrossRegion = crossRegionByService.map { $0 != nil }
        hasStaticResponses = !configuration.staticResponses.isEmpty
        hasResponseHeaders = !configuration.responseHeaders.isEmpty
        hasValidator = validator != nil
        usesIntrospection = introspection != nil
        let noRateLimiter = rateLimiter == nil
        let noStressTest = !hasStressTest.contains(true), noCrossRegion = !hasCrossRegion.contains(true)
        let noResponseHeaders = !hasResponseHeaders
        skipped = zip(codes, disabled).map { code, disabled in
            switch code {
            case .rateLimit: disabled || noRateLimiter
            case .stressTest: disabled || noStressTest
            case .crossRegion: disabled || noCrossRegion
            case .addResponseHeaders: disabled || noResponseHeaders
            default: disabled
            }
        }
    }

    /// Turns maintenance mode on (`mode`) or off (`nil`) at runtime.
    public mutating func setMaintenance(_ mode: MaintenanceMode?) { configuration.maintenance = mode }

    /// Replaces the local validator's key set (the platform's JWKS refresh).
    public mutating func updateKeySet(_ keys: KeySet) { validator?.keys = keys }

    /// Adds a revoked token id to the local validator's deny-list and drops it from the
    /// introspection cache's view (entries are keyed by token text, so cached answers for that
    /// token stay until they expire — the revocation delay case F11 and RFC 7662 §4 describe).
    public mutating func revoke(tokenID: String, expiresAt: Int64) { validator?.revoke(tokenID: tokenID, expiresAt: expiresAt) }

    // MARK: - Entry points

    /// Starts an exchange for `request` received at `now` and runs the chain until it needs the
    /// platform or has a response. `rng` feeds the stress-test and cross-region shares.
    public mutating func receive(_ request: GatewayRequest, now: SimTime, rng: inout RandomStream) -> GatewayStep {
        start(RequestContext(request: request, receivedAt: now), now: now, rng: &rng)
    }

    /// Opens an exchange for `context` and runs the chain.
    mutating func start(_ context: consuming RequestContext, now: SimTime, rng: inout RandomStream) -> GatewayStep {
        let id = open(context)
        return advance(id, slots[Int(id.slot)], now: now, rng: &rng)
    }

    /// Counts the request and writes its context into a free slot, at the start of the chain.
    mutating func open(_ context: consuming RequestContext) -> ExchangeID {
        statistics.received += 1
        let id = allocateSlot()
        let slot = slots[Int(id.slot)]
        // Moved, not copied (`consume`): the context is written once into its slot and the chain
        // runs on it there.
        slot.context = consume context
        slot.phase = .pre
        slot.nextFilter = filterRanges[Int(FilterType.pre.rawValue)].lowerBound
        slot.waiting = .nothing
        slot.live = true
        return id
    }

    /// Resumes the exchange waiting for introspection with its `result`. Returns `nil` if the
    /// exchange is not waiting for one (stale or duplicate report).
    public mutating func introspectionCompleted(_ id: ExchangeID, result: IntrospectionResult, now: SimTime,
                                                rng: inout RandomStream) -> GatewayStep? {
        guard let slot = resumeAfterIntrospection(id, result: result, now: now) else { return nil }
        return advance(id, slot, now: now, rng: &rng)
    }

    /// ``introspectionCompleted(_:result:now:rng:)`` returning a ``CompactGatewayStep``.
    public mutating func introspectionCompletedCompact(_ id: ExchangeID, result: IntrospectionResult, now: SimTime,
                                                       rng: inout RandomStream) -> CompactGatewayStep? {
        guard let slot = resumeAfterIntrospection(id, result: result, now: now) else { return nil }
        return advanceCompact(id, slot, now: now, rng: &rng)
    }

    /// The slot of exchange `id` with the introspection `result` applied to its context, or `nil`
    /// if the exchange is not waiting for one (stale or duplicate report). The check reads the
    /// slot's `waiting` only, never the exchange's context.
    private mutating func resumeAfterIntrospection(_ id: ExchangeID, result: IntrospectionResult, now: SimTime) -> ExchangeSlot? {
        guard let slot = liveSlot(id), case .introspection(let token) = slot.waiting else { return nil }
        slot.waiting = .nothing
        applyIntrospection(result, token: token, to: &slot.context, now: now)
        return slot
    }

    /// Resumes the exchange whose routed call ended with `outcome` and finishes it. Returns `nil`
    /// if the exchange is not waiting for an upstream call.
    public mutating func upstreamCompleted(_ id: ExchangeID, outcome: UpstreamOutcome, now: SimTime) -> GatewayResponse? {
        guard let slot = resumeUpstream(id, outcome: outcome, now: now) else { return nil }
        let response = Self.buildResponse(id, slot.context, now: now)
        close(id, slot)
        return response
    }

    /// ``upstreamCompleted(_:outcome:now:)`` returning only the response's status: the same chain,
    /// statistics and effects, without building the ``GatewayResponse`` (its headers, access record
    /// and filter trail), for a caller that reads nothing else — the platform's simulation, per
    /// request. `nil` if the exchange is not waiting for an upstream call.
    public mutating func upstreamCompletedStatus(_ id: ExchangeID, outcome: UpstreamOutcome, now: SimTime) -> Int? {
        guard let slot = resumeUpstream(id, outcome: outcome, now: now) else { return nil }
        let status = Self.finalStatus(of: slot.context)
        close(id, slot)
        return status
    }

    /// Applies `outcome` to the exchange waiting for its upstream call and runs the rest of the
    /// chain; returns the slot holding the finished exchange (not yet closed), or `nil` if the
    /// exchange is not waiting for an upstream call.
    mutating func resumeUpstream(_ id: ExchangeID, outcome: UpstreamOutcome, now: SimTime) -> ExchangeSlot? {
        guard let slot = liveSlot(id), case .upstream(let service) = slot.waiting else { return nil }
        slot.waiting = .nothing
        admission.release(service)
        switch outcome {
        case .response(let status):
            slot.context.responseStatus = status
            slot.context.responseSource = .upstream
        case .fallback(let status, let failure):
            slot.context.responseStatus = status
            slot.context.responseSource = .fallback(failure)
        case .failure(let failure):
            let mapped = configuration.errorMapping.response(for: failure)
            slot.context.throwable = ZuulError(status: mapped.status, cause: .upstream(failure))
            if let retryAfter = mapped.retryAfter { slot.context.responseHeaders.append(.retryAfter(retryAfter)) }
        }
        var rng = noDraws // post and error filters draw nothing
        guard !runChain(id, slot, now: now, rng: &rng) else {
            preconditionFailure("ZuulGateway: only pre filters may suspend after routing")
        }
        return slot
    }

    /// Checks the gateway's invariants (TigerStyle: crash on a broken invariant rather than
    /// report a wrong answer): live slots equal ``Statistics/inFlight``; every bulkhead permit in
    /// use belongs to an exchange waiting for its upstream call; the free list holds only empty slots.
    public func checkInvariants() {
        admission.checkInvariants()
        let live = slots.reduce(0) { $0 + ($1.live ? 1 : 0) }
        precondition(live == statistics.inFlight, "ZuulGateway: \(live) live exchanges, \(statistics.inFlight) in flight")
        var waiting = [Int](repeating: 0, count: configuration.routes.serviceIDs.count)
        for slot in slots where slot.live {
            if case .upstream(let service) = slot.waiting { waiting[service.rawValue] += 1 }
        }
        if admission.isSemaphore {
            for (index, count) in waiting.enumerated() {
                precondition(admission.inFlight(ServiceIndex(rawValue: index)) == count, "ZuulGateway: permits differ from waiting calls")
            }
        }
        let permits = admission.inUse.reduce(0, +)
        precondition(permits == waiting.reduce(0, +), "ZuulGateway: \(permits) permits for \(waiting.reduce(0, +)) waiting calls")
        for slot in freeSlots { precondition(!slots[Int(slot)].live, "ZuulGateway: a free slot holds an exchange") }
    }

    // MARK: - Slots

    mutating func allocateSlot() -> ExchangeID {
        if let slot = freeSlots.popLast() {
            let index = Int(slot)
            uniqueSlot(index)
            slots[index].generation &+= 1
            return ExchangeID(slot: slot, generation: slots[index].generation)
        }
        slots.append(ExchangeSlot())
        return ExchangeID(slot: Int32(slots.count - 1), generation: 0)
    }

    /// Copy-on-write of one slot: a gateway copy shares the slot objects (and, until either
    /// mutates it, the array); the first mutation through this gateway clones a shared slot.
    mutating func uniqueSlot(_ index: Int) {
        if !isKnownUniquelyReferenced(&slots[index]) { slots[index] = ExchangeSlot(copying: slots[index]) }
    }

    /// The slot of live exchange `id`, made unique for mutation; `nil` for a stale or unknown id.
    mutating func liveSlot(_ id: ExchangeID) -> ExchangeSlot? {
        let index = Int(id.slot)
        guard index >= 0, index < slots.count, slots[index].live, slots[index].generation == id.generation else { return nil }
        uniqueSlot(index)
        return slots[index]
    }

    /// Ends the exchange in `slot`: counts it and frees the slot. The finished context stays in
    /// the slot until the slot's next exchange replaces it (``start``): replacing it there is the
    /// one destruction it needs; clearing it here as well built an empty context and copied it in
    /// (~500 instructions a request). A free slot therefore holds its last request's references
    /// (at most the peak number of exchanges in flight).
    mutating func close(_ id: ExchangeID, _ slot: ExchangeSlot) {
        statistics.completed += 1
        slot.live = false
        slot.waiting = .nothing
        freeSlots.append(id.slot)
    }
}
