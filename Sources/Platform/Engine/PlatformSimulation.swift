import Foundation
import SimulationPrimitives
import SimulationKernel
import Scenarios
import Telemetry
import ServiceDiscovery
import CinemaDomain
import Resilience
import Authorization
import Gateway
import LoadBalancing

/// The simulated CineManzana platform for one scenario and seed (DESIGN §3, §5): nodes with worker
/// pools and bounded queues in zones, the network between them, client sessions following
/// journeys, the fault timeline and the measurements — all on one `EventQueue` with value-type
/// events dispatched by a `switch`.
///
/// ```swift
/// let scenario = try ScenarioLoader.load(file: "scenarios/premiere-on-sale.yaml")
/// let simulation = try PlatformSimulation(scenario: scenario)
/// let artifacts = simulation.run()          // RunArtifacts: summary, time series, …
/// ```
/// Deterministic: same scenario + seed ⇒ the same events in the same order ⇒ the same summary
/// (the `engine` block aside). Every component draws from its own `RandomStream`.
public final class PlatformSimulation {
    let scenario: Scenario
    var queue = EventQueue<PlatformEvent>()
    /// Per-node state, in a ``DenseTable`` (writes without a copy-on-write check).
    var nodes = DenseTable<SimNode>()
    var nodeNames: [String] = []
    var components: [ComponentInfo] = []
    var routeTable = RouteTable()
    var internalRoutes = InternalRoutes()

    var calls = SlotTable<Call>()
    var requests = SlotTable<ClientRequest>()
    var sessions = SlotTable<Session>()

    var recorder: RunRecorder
    /// Recorder indices: per route, per service (calls from the gateway), per journey.
    var routeRecorder: [Int] = []
    var serviceRecorder: [Int] = []
    var journeyRecorder = RecorderByJourney()
    var counters = PlatformCounters()
    /// Sampled log events and trace spans (Observability).
    var observability: ObservabilityRecorder
    /// The Turbine cluster view's running state (Observability/TurbineViewState.swift).
    var turbineView = TurbineViewState()
    var observabilityRouteFields: [(method: String, path: String)] = []

    // Component indices.
    var componentOfKind = ComponentByKind()
    var serviceComponents: [Int32] = []
    var externalComponents: [Int32] = []
    var shardComponents: [Int32] = []

    // Random streams per concern.
    var arrivalRandom: RandomStream
    var sessionRandom: RandomStream
    var serviceRandom: RandomStream
    var networkRandom: RandomStream
    var faultRandom: RandomStream

    var sameZoneLatency: DistributionSampler { didSet { sameZoneSampler = Distribution.Prepared(sameZoneLatency.distribution) } }
    var crossZoneLatency: DistributionSampler { didSet { crossZoneSampler = Distribution.Prepared(crossZoneLatency.distribution) } }
    /// The two zone links as reference-free samplers, for the client legs (`sameZoneOrCross`):
    /// same draws and bits as `sameZoneLatency`/`crossZoneLatency` without the enum copy.
    var sameZoneSampler: Distribution.Prepared
    var crossZoneSampler: Distribution.Prepared
    /// Each node's service time as a reference-free sampler, by node (`serviceTime(of:)`; built at
    /// the end of `init`, when every node exists).
    var serviceTimeSamplers: [Distribution.Prepared] = []
    var externalLatency: DistributionSampler
    var thinkTime: DistributionSampler
    /// Cut links (from zone, to zone) — partitions.
    var cutLinks: [(from: Int16, to: Int16)] = []
    var cutNodes: [(a: Int32, b: Int32)] = []
    /// Extra latency on zone links (from, to, latency, jitter).
    var slowLinks: [(from: Int16, to: Int16, latency: SimDuration, jitter: SimDuration)] = []
    var networkLatencyTable = NetworkLatencyTable() // per-hop latency cells (PlatformSimulation+Network.swift)
    var logStallBlocking = false
    var logStallActive = false
    var stalledCalls: [(call: Int32, generation: UInt32)] = []
    var externalRateLimit: [Rate?] = []
    var externalWindowStart: [SimTime] = []
    var externalWindowCount: [Int] = []
    /// Resilience settings in force (a `configPush` fault replaces them; the cached call-stack
    /// configurations derived from them are dropped then).
    var resilience: ResilienceSettings {
        didSet { outboundConfigurations.removeAll() }
    }
    /// Call-stack configuration per (calling node, target component), `caller * components.count +
    /// component`, built on first use from `resilience` (`outboundConfiguration`): building it per
    /// call searched the per-service overrides by name twice.
    var outboundConfigurations: [ClientCallConfiguration?] = []

    // Discovery (ServiceDiscovery core) and balancing (LoadBalancing core).
    var eurekaServers: [EurekaServer] = []
    var nodeEurekaServer: [Int32] = []
    var eurekaClients: [EurekaClient?] = []
    var eurekaClientTimers: [TimerHandle?] = []
    var eurekaClientTargets: [Int] = []
    var eurekaMessages = SlotTable<EurekaMessage>()
    var balancers = DenseTable<LoadBalancer>()
    var balancerOwners: [(node: Int32, component: Int32)] = []
    var balancerIndex: [Int32] = []
    // Domain (CinemaDomain core).
    var documentStore = DocumentStore()
    var readModel = ReadModel()
    var showtimes: [(id: ShowtimeID, cinema: CinemaID, auditorium: AuditoriumID)] = []
    var catalogueIDs: Catalogue!
    var nextEntityID: Int64 = 1
    var domainConfig = DomainConfig()
    var seatsOfferedAtStart = 0
    var saleReport: InvariantReport?
    var bodies = SlotTable<DomainBody>()
    var handlers = SlotTable<CommandHandler>()
    var eventBatches = SlotTable<[DomainEvent]>()
    var lastChildCall: Int32 = -1
    /// The ShardedStore processes (members, routers, config server, drivers) this platform hosts.
    let store: StoreWiring
    // Call stacks (Resilience + LoadBalancing.ClientCallStack).
    var commands: [HystrixCommand] = []
    var commandIndex: [Int32] = []
    var commandOwners: [(caller: Int32, target: Int32)] = []
    var commandTransitions: [Int] = []
    var outbounds = SlotTable<Outbound>()
    // Gateway introspection cache (case F11), shard-key routing and per-shard write load (case F14),
    // purchase identity across retries (case F13).
    var authLoad = AuthLoad()
    var shardLoad = ShardLoad()
    var shardKeyRouter = ShardKeyRouter()
    var purchaseLedger = PurchaseLedger()
    var replicaSets = ReplicaSetState()
    // Gateway and OAuth (Gateway + Authorization cores).
    var authServer: AuthorizationServer!
    /// The Zuul instance of each gateway node (``GatewayTable``).
    var gateways = GatewayTable()
    var registeredUsers = Set<Int64>()
    var forgingServer: AuthorizationServer? = nil
    var gatewayPaths: [String] = []
    var gatewayMethods: [Gateway.HTTPMethod] = []
    /// Tokens browsers keep between visits, by user id (lookup only).
    var rememberedTokens: [Int64: (token: String, expiry: SimTime)] = [:]
    var gatewayRandom: RandomStream
    var discoveryRandom: RandomStream
    var balancerRandom: RandomStream

    var seatsOffered: Int { seatsOfferedAtStart }
    let runContext: RunContext
    var clientRequestsCompleted = 0
    var events = 0
    /// Session arrival rate per client request rate (1 / mean requests per journey).
    var sessionsPerRequest = 1.0
    let endTime: SimTime
    /// Where the event loop stops: `endTime`, or the bucket end at which an `abortOnFail` budget
    /// broke (PlatformSimulation+Abort.swift).
    var stopTime: SimTime
    /// The `abortOnFail` budgets' evaluator (nil when the scenario has none: no check at all).
    let abortEvaluator: BudgetEvaluator?
    /// Set when an `abortOnFail` budget stopped the run.
    var abort: RunAbort?

    /// Builds the platform. - Throws: ``ScenarioError`` when a distribution cannot be sampled.
    public init(scenario: Scenario, context: RunContext? = nil) throws(ScenarioError) {
        self.scenario = scenario
        self.runContext = context ?? RunContext(scenarioFile: scenario.sourceFiles.first ?? "", overrides: [], cinesimVersion: "unknown",
                                                commit: "unknown", command: "cinesim run \(scenario.sourceFiles.first ?? "")")
        self.resilience = scenario.resilience
        observability = ObservabilityRecorder(settings: scenario.telemetry, seed: scenario.seed)
        recorder = RunRecorder(bucket: scenario.bucket, duration: scenario.duration, warmup: scenario.warmup)
        store = StoreWiring(seed: scenario.seed)
        arrivalRandom = RandomStream(rootSeed: scenario.seed, component: "clients.arrivals")
        sessionRandom = RandomStream(rootSeed: scenario.seed, component: "clients.sessions")
        serviceRandom = RandomStream(rootSeed: scenario.seed, component: "nodes.service-times")
        networkRandom = RandomStream(rootSeed: scenario.seed, component: "network")
        faultRandom = RandomStream(rootSeed: scenario.seed, component: "faults")
        discoveryRandom = RandomStream(rootSeed: scenario.seed, component: "eureka")
        gatewayRandom = RandomStream(rootSeed: scenario.seed, component: "gateway")
        balancerRandom = RandomStream(rootSeed: scenario.seed, component: "ribbon")
        sameZoneLatency = try DistributionResolver.sampler(for: scenario.topology.network.sameZone)
        crossZoneLatency = try DistributionResolver.sampler(for: scenario.topology.network.crossZone)
        sameZoneSampler = Distribution.Prepared(sameZoneLatency.distribution)   // observers do not run in init
        crossZoneSampler = Distribution.Prepared(crossZoneLatency.distribution)
        externalLatency = try DistributionResolver.sampler(for: scenario.topology.network.external)
        thinkTime = try DistributionResolver.sampler(for: scenario.workload.thinkTime)
        endTime = .zero + scenario.duration
        stopTime = endTime
        let abortBudgets = scenario.budgets.flatMap(\.budgets).filter(\.abortOnFail)
        abortEvaluator = abortBudgets.isEmpty ? nil : BudgetEvaluator(budgets: abortBudgets)
        try buildTopology()
        bootstrapGateway()
        bootstrapDomain()
        buildStore()   // after the catalogue exists: the shard keys' initial chunks split over it
        buildRoutes()
        buildObservabilityRouteFields()
        buildJourneys()
        registerRecorders()
        rebuildServiceTimeSamplers()
    }

    /// Runs the scenario to its end and returns everything the report writers need.
    /// - Parameter progress: called about every simulated second with the fraction done (for a TTY
    ///   progress line); never affects the run.
    public func run(progress: ((Double) -> Void)? = nil) -> RunArtifacts {
        // The only clock read of a run: wall time for the summary's `engine` block, which is
        // excluded from determinism comparisons (DESIGN §2). Nothing in the model reads it.
        let wallStart = DispatchTime.now().uptimeNanoseconds
        scheduleStart()
        var nextProgress = SimTime.zero
        while let (time, event) = queue.popNext() {
            if time > stopTime { break }
            events += 1
            dispatch(event)
            if let progress, time >= nextProgress {
                progress(time.secondsSinceStart / scenario.duration.seconds)
                nextProgress = time + .seconds(1)
            }
        }
        let wallNanoseconds = DispatchTime.now().uptimeNanoseconds - wallStart
        return makeArtifacts(wallSeconds: Double(wallNanoseconds) / 1e9)
    }

    func dispatch(_ event: PlatformEvent) {
        switch event {
        case .sessionArrival: sessionArrives()
        case let .sessionStep(session, generation): sessionStep(session, generation)
        case let .clientTimeout(request, generation): clientTimedOut(request, generation)
        case let .clientRetry(request, generation): clientRetry(request, generation)
        case let .callArrives(call, generation): callArrives(call, generation)
        case let .connectRefused(call, generation): connectRefused(call, generation)
        case let .callDeadline(call, generation): callDeadline(call, generation)
        case let .computeDone(call, generation): computeDone(call, generation)
        case let .responseArrives(call, generation): responseArrives(call, generation)
        case let .faultStarts(index): startFault(Int(index))
        case let .faultEnds(index): endFault(Int(index))
        case let .backgroundTick(node, kind): backgroundTick(node, kind)
        case let .eurekaClientTick(node): eurekaClientTick(node)
        case let .eurekaServerTick(server): eurekaServerTick(server)
        case let .ribbonRefresh(balancer): ribbonRefresh(balancer)
        case let .projectEvents(batch): projectEvents(batch)
        case let .expireHold(purchase): expireHold(purchase)
        case let .hystrixTimeout(outbound, generation): hystrixTimeout(outbound, generation)
        case let .attemptReadDeadline(outbound, generation, attempt): attemptReadDeadline(outbound, generation, attempt)
        case let .outboundThreadStarted(outbound, generation): outboundThreadStarted(outbound, generation)
        case let .storeDeliver(message): storeDeliver(message)
        case let .storeTick(node): storeTick(node)
        case let .storeProcessed(message): storeProcessed(message)
        case .bucketTick: bucketTick()
        case .warmupEnds:
            recorder.startMeasuredWindow(at: queue.now)
            counters.seatsSoldAtWarmupEnd = counters.seatsSold
        }
    }

    func scheduleStart() {
        for (index, fault) in scenario.faults.enumerated() {
            queue.schedule(.faultStarts(index: Int32(index)), at: .zero + fault.at)
            if let length = fault.duration, fault.at + length < scenario.duration {
                queue.schedule(.faultEnds(index: Int32(index)), at: .zero + fault.at + length)
            }
        }
        if scenario.warmup > .zero { queue.schedule(.warmupEnds, at: .zero + scenario.warmup) }
        queue.schedule(.bucketTick, at: .zero + scenario.bucket)
        bootstrapDiscovery()
        scheduleBackgroundTraffic()
        startClients()
    }

    func bucketTick() {
        recordTurbineView(at: queue.now)
        recorder.closeBucket(at: queue.now, seatsOffered: seatsOffered, seatsSold: counters.seatsSold)
        if abortEvaluator != nil, checkAbort() { return }
        let next = queue.now + scenario.bucket
        if next <= endTime { queue.schedule(.bucketTick, at: next) }
    }
}

/// Platform-wide counts behind the invariants and platform metrics.
struct PlatformCounters {
    var seatsHeld = 0
    var seatsSold = 0
    /// `seatsSold` when the warm-up ended: the seat-sale rate counts only the measured window's sales.
    var seatsSoldAtWarmupEnd = 0
    var oversold = 0
    var unauthorisedReachingServices = 0
    var requestsToDeadInstances = 0
    var lostAcknowledgedWrites = 0
    var retryBudgetViolations = 0
    var falseTimeouts = 0
    var logEventsDropped = 0
    var logEventsShipped = 0
    var clientRequestsStarted = 0
    var clientRequestsEnded = 0
    var backgroundCalls = 0
    var attackerRequests = 0
    /// Call-stack attempts started after Hystrix had already timed the command out (case F02).
    var attemptsAfterDeadline = 0
}
