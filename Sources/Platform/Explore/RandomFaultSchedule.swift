import Scenarios
import SimulationPrimitives

/// Random chaos (DESIGN §5 `explore` mode): draws a fault timeline from a seeded ``RandomStream``,
/// with kinds, targets (from the scenario's topology), start times, durations and parameters.
/// Pure and deterministic: the same topology, window, count and stream state give the same faults.
///
/// ```swift
/// var random = RandomStream(rootSeed: 7, component: RandomFaultSchedule.streamComponent)
/// let faults = RandomFaultSchedule.generate(topology: s.topology, duration: s.duration, warmup: s.warmup,
///                                           count: 3, random: &random)
/// ```
public enum RandomFaultSchedule {
    /// The `component` name of the explore stream (independent of every stream of the run itself).
    public static let streamComponent = "explore-faults"

    /// Kinds drawn by default: the ones with a target in every topology and no free-form value.
    /// `config-push`, `clock-skew` and `log-stall` are left out: they need a chosen property key,
    /// skew or appender that random values would make meaningless.
    public static let defaultKinds: [FaultKind] = [
        .instanceCrash, .gracefulStop, .restart, .zoneOutage, .partition, .latency, .errors, .hang, .blackhole,
        .shardSlowdown, .primaryStepDown, .memberLoss, .registryOutage, .oauthOutage, .oauthSlowdown,
        .externalOutage, .externalRateLimit,
    ]

    /// Added latencies drawn for `latency` faults (jitter is a quarter), a spread from a slow
    /// cross-region hop to a stalled dependency.
    static let latencyChoicesMs: [Int64] = [50, 200, 500, 2000]
    static let errorRateChoices: [Double] = [0.1, 0.3, 0.5, 1.0]
    static let statusChoices = [500, 503]
    static let slowdownFactors: [Double] = [5, 10, 50]
    static let rateLimitChoicesPerSecond: [Double] = [1, 10]

    /// Draws `count` faults.
    ///
    /// - Start times are uniform in `[warmup, warmup + 0.8 × (duration − warmup))`, so a fault is
    ///   measured and the run keeps some time after it; each fault lasts 5–30 % of the measured
    ///   window, cut at the run's end. Times are whole milliseconds (readable when written).
    /// - Kinds are uniform over `kinds` minus those the topology cannot host (zone faults need ≥ 2
    ///   zones, external faults need an external API). The result is sorted by start time, then kind
    ///   and target.
    /// - Returns: faults with `location` naming `explore`; empty when `count` ≤ 0 or no kind applies.
    public static func generate(topology: Topology, duration: SimDuration, warmup: SimDuration, count: Int,
                                random: inout RandomStream, kinds: [FaultKind] = defaultKinds) -> [FaultSpec] {
        let externals = topology.externals.map(\.name).filter { ServiceCatalog.externalAPIs.contains($0) }
        let usable = kinds.filter { kind in
            switch kind {
            case .zoneOutage, .partition: return topology.zones.count >= 2
            case .externalOutage, .externalRateLimit: return !externals.isEmpty
            case .shardSlowdown, .primaryStepDown, .memberLoss: return topology.store.shards >= 1
            case .configPush, .clockSkew, .logStall: return false
            default: return !topology.services.isEmpty
            }
        }
        guard count > 0, !usable.isEmpty else { return [] }
        let windowMs = max(Int64(1), (duration.nanoseconds - warmup.nanoseconds) / 1_000_000)
        let warmupMs = warmup.nanoseconds / 1_000_000
        var faults: [FaultSpec] = []
        for _ in 0..<count {
            let kind = usable[random.nextInt(below: usable.count)]
            let atMs = warmupMs + Int64(random.nextInt(below: Int(max(1, windowMs * 8 / 10))))
            let lengthMs = max(Int64(1), windowMs * Int64(5 + random.nextInt(below: 26)) / 100)
            let endMs = min(atMs + lengthMs, duration.nanoseconds / 1_000_000)
            var parameters = FaultParameters()
            let target = drawTarget(kind, topology: topology, externals: externals, parameters: &parameters, random: &random)
            faults.append(FaultSpec(kind: kind, target: target, at: .milliseconds(atMs),
                                    duration: endMs > atMs ? .milliseconds(endMs - atMs) : nil,
                                    parameters: parameters, location: SourceLocation(file: "explore", line: 0, column: 0)))
        }
        return faults.sorted { a, b in
            a.at != b.at ? a.at < b.at : a.kind.rawValue != b.kind.rawValue ? a.kind.rawValue < b.kind.rawValue : a.target < b.target
        }
    }

    static func drawTarget(_ kind: FaultKind, topology: Topology, externals: [String], parameters: inout FaultParameters,
                           random: inout RandomStream) -> String {
        func instance() -> String {
            let service = topology.services[random.nextInt(below: topology.services.count)]
            return "\(service.id)-\(1 + random.nextInt(below: max(1, service.node.instances)))"
        }
        func serviceOrInstance() -> String {
            random.nextBool(probability: 0.5) ? topology.services[random.nextInt(below: topology.services.count)].id : instance()
        }
        func shard() -> Int { 1 + random.nextInt(below: topology.store.shards) }
        switch kind {
        case .zoneOutage:
            return topology.zones[random.nextInt(below: topology.zones.count)]
        case .partition:
            let first = random.nextInt(below: topology.zones.count)
            let second = (first + 1 + random.nextInt(below: topology.zones.count - 1)) % topology.zones.count
            parameters.peer = topology.zones[second]
            parameters.oneWay = random.nextBool(probability: 0.25)
            return topology.zones[first]
        case .latency:
            let latencyMs = latencyChoicesMs[random.nextInt(below: latencyChoicesMs.count)]
            parameters.latency = .milliseconds(latencyMs)
            parameters.jitter = .milliseconds(latencyMs / 4)
            return serviceOrInstance()
        case .errors:
            parameters.errorRate = errorRateChoices[random.nextInt(below: errorRateChoices.count)]
            parameters.status = statusChoices[random.nextInt(below: statusChoices.count)]
            return serviceOrInstance()
        case .shardSlowdown:
            parameters.factor = slowdownFactors[random.nextInt(below: slowdownFactors.count)]
            return "shard-\(shard())"
        case .primaryStepDown:
            return "shard-\(shard())"
        case .memberLoss:
            return "shard-\(shard())-member-\(1 + random.nextInt(below: max(1, topology.store.replicas)))"
        case .registryOutage:
            return "eureka"
        case .oauthOutage:
            return "oauth"
        case .oauthSlowdown:
            parameters.factor = slowdownFactors[random.nextInt(below: slowdownFactors.count)]
            return "oauth"
        case .externalOutage:
            return externals[random.nextInt(below: externals.count)]
        case .externalRateLimit:
            parameters.rateLimit = Rate(perSecond: rateLimitChoicesPerSecond[random.nextInt(below: rateLimitChoicesPerSecond.count)])
            return externals[random.nextInt(below: externals.count)]
        case .instanceCrash, .gracefulStop, .restart, .hang, .blackhole, .configPush, .clockSkew, .logStall:
            return instance()
        }
    }
}
