import SimulationPrimitives

/// The result of one simulated run as written to `summary.json` (DESIGN §6).
///
/// This is the seam between the platform (which fills it from its measurements) and the report
/// writers, budget evaluation, `cinesim diff` and `cinesim check` (which only read it). Every
/// array is in a stable order (sorted by name, or by time) so that two runs with the same binary,
/// scenario and seed encode to identical bytes; only ``engine`` may differ between such runs.
///
/// Units are in the field names: `…Ms` milliseconds (Double), `…Seconds` seconds (Double),
/// `…PerSecond` rates. Schema changes bump ``currentSchemaVersion`` (documented in
/// docs/summary-schema.md).
public struct RunSummary: Codable, Sendable, Equatable {
    /// Version of this schema; readers reject versions they do not know.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int = RunSummary.currentSchemaVersion
    public var scenario: ScenarioIdentity
    public var replay: ReplayRecipe
    public var window: RunWindow
    /// Per route (`POST /api/compras`), per service (`compra-command`) and per journey
    /// (`buy-tickets`), sorted by `kind` then `name`.
    public var routes: [RouteSummary]
    /// Per component (services, gateways, OAuth, Eureka, mongos, replica-set members, external APIs),
    /// sorted by name.
    public var components: [ComponentSummary]
    public var seats: SeatSummary
    public var invariants: [InvariantResult]
    public var budgets: [BudgetVerdict]
    /// Breaker state changes in time order (ties by command name).
    public var breakerTransitions: [BreakerTransition]
    /// Fault windows as scheduled, in start-time order.
    public var faults: [FaultWindow]
    /// Named platform metrics (e.g. `oversold`, `unauthorized_reaching_services`,
    /// `requests_to_dead_instances`), sorted by name.
    public var platformMetrics: [PlatformMetric]
    /// Warnings raised while loading or running (unmodelled property keys, risky settings).
    public var warnings: [String]
    /// Wall-clock facts; the only part allowed to differ between identical runs.
    public var engine: EngineStats
    /// Set when an `abortOnFail` budget stopped the run early (k6 `abortOnFail`); absent (not
    /// encoded) for a run that reached its end, so ordinary summaries are unchanged.
    public var aborted: RunAbort?

    public init(scenario: ScenarioIdentity, replay: ReplayRecipe, window: RunWindow, routes: [RouteSummary],
                components: [ComponentSummary], seats: SeatSummary, invariants: [InvariantResult],
                budgets: [BudgetVerdict], breakerTransitions: [BreakerTransition], faults: [FaultWindow],
                platformMetrics: [PlatformMetric], warnings: [String], engine: EngineStats) {
        self.scenario = scenario; self.replay = replay; self.window = window; self.routes = routes
        self.components = components; self.seats = seats; self.invariants = invariants; self.budgets = budgets
        self.breakerTransitions = breakerTransitions; self.faults = faults
        self.platformMetrics = platformMetrics; self.warnings = warnings; self.engine = engine
    }
}

/// Which scenario produced a run.
public struct ScenarioIdentity: Codable, Sendable, Equatable {
    /// The scenario's `name`.
    public var name: String
    public var description: String
    /// The scenario file path as given on the command line.
    public var file: String
    /// FNV-1a 64 of the scenario file's bytes (and of every file it `extends:`), 16 hex digits.
    public var fileHash: String
    public init(name: String, description: String, file: String, fileHash: String) {
        self.name = name; self.description = description; self.file = file; self.fileHash = fileHash
    }
}

/// Everything needed to reproduce the run byte for byte.
public struct ReplayRecipe: Codable, Sendable, Equatable {
    public var cinesimVersion: String
    /// The source commit the binary was built from, when known at build time; else "unknown".
    public var commit: String
    public var seed: UInt64
    /// `--set key=value` overrides in the order given.
    public var overrides: [String]
    /// The one command that reproduces this run.
    public var command: String
    public init(cinesimVersion: String, commit: String, seed: UInt64, overrides: [String], command: String) {
        self.cinesimVersion = cinesimVersion; self.commit = commit; self.seed = seed
        self.overrides = overrides; self.command = command
    }
}

/// The simulated time window of the run.
public struct RunWindow: Codable, Sendable, Equatable {
    public var durationSeconds: Double
    /// Measurements before this instant are excluded from summaries and budgets (warm-up).
    public var warmupSeconds: Double
    /// Width of one time bucket of the time series.
    public var bucketSeconds: Double
    public init(durationSeconds: Double, warmupSeconds: Double, bucketSeconds: Double) {
        self.durationSeconds = durationSeconds; self.warmupSeconds = warmupSeconds; self.bucketSeconds = bucketSeconds
    }
}

/// What a route/service/journey saw over the measured window.
public struct RouteSummary: Codable, Sendable, Equatable {
    /// `route` (`POST /api/compras`), `service` (`compra-command`) or `journey` (`buy-tickets`).
    public enum Kind: String, Codable, Sendable, Comparable {
        case route, service, journey
        public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }
    public var kind: Kind
    public var name: String
    public var count: Int
    public var outcomes: OutcomeCounts
    /// Share of requests that succeeded or were served degraded by a fallback, in percent.
    public var availabilityPercent: Double
    /// Latency measured from the intended send time (no coordinated omission).
    public var latency: LatencySummary
    /// Latency measured from the actual send time.
    public var latencyFromActualSend: LatencySummary
    public var throughputPerSecond: Double
    /// Retry attempts beyond the first, summed over requests.
    public var retryAttempts: Int
    public init(kind: Kind, name: String, count: Int, outcomes: OutcomeCounts, availabilityPercent: Double,
                latency: LatencySummary, latencyFromActualSend: LatencySummary, throughputPerSecond: Double, retryAttempts: Int) {
        self.kind = kind; self.name = name; self.count = count; self.outcomes = outcomes
        self.availabilityPercent = availabilityPercent; self.latency = latency
        self.latencyFromActualSend = latencyFromActualSend; self.throughputPerSecond = throughputPerSecond
        self.retryAttempts = retryAttempts
    }
}

/// Exactly one outcome per request (DESIGN §2 invariant).
public struct OutcomeCounts: Codable, Sendable, Equatable {
    public var success: Int = 0
    /// Served by a fallback (degraded but answered).
    public var degraded: Int = 0
    /// The client gave up (client timeout) before an answer.
    public var clientTimeout: Int = 0
    public var clientError4xx: Int = 0
    public var serverError5xx: Int = 0
    /// Rejected by admission (queue full, rate limit, breaker) before doing work.
    public var shed: Int = 0
    public init() {}
    public var total: Int { success + degraded + clientTimeout + clientError4xx + serverError5xx + shed }
}

/// Latency percentiles in milliseconds from an HDR histogram (3 significant digits).
public struct LatencySummary: Codable, Sendable, Equatable {
    public var p50Ms: Double, p90Ms: Double, p95Ms: Double, p99Ms: Double, p999Ms: Double, maxMs: Double, meanMs: Double
    public init(p50Ms: Double, p90Ms: Double, p95Ms: Double, p99Ms: Double, p999Ms: Double, maxMs: Double, meanMs: Double) {
        self.p50Ms = p50Ms; self.p90Ms = p90Ms; self.p95Ms = p95Ms; self.p99Ms = p99Ms
        self.p999Ms = p999Ms; self.maxMs = maxMs; self.meanMs = meanMs
    }
    public static let empty = LatencySummary(p50Ms: 0, p90Ms: 0, p95Ms: 0, p99Ms: 0, p999Ms: 0, maxMs: 0, meanMs: 0)
}

/// One component (a service or infrastructure node kind) with its instances.
public struct ComponentSummary: Codable, Sendable, Equatable {
    public var name: String
    /// `service`, `gateway`, `oauth`, `eureka`, `config`, `frontend`, `mongos`, `replica-member`,
    /// `external`, `logstash`, `turbine`, `edge`.
    public var kind: String
    public var requests: Int
    public var instances: [InstanceSummary]
    public init(name: String, kind: String, requests: Int, instances: [InstanceSummary]) {
        self.name = name; self.kind = kind; self.requests = requests; self.instances = instances
    }
}

/// One instance's load: utilisation (busy workers / workers, time-weighted), queue, Little's law.
public struct InstanceSummary: Codable, Sendable, Equatable {
    public var name: String
    public var zone: String
    public var requests: Int
    public var rejected: Int
    public var utilisation: Double
    public var meanQueueLength: Double
    /// Time-weighted mean number in the node (queue + service), L.
    public var meanInSystem: Double
    /// Arrival rate λ (accepted requests per second) and mean time in node W (seconds);
    /// Little's law says L = λW.
    public var arrivalRatePerSecond: Double
    public var meanTimeInSystemSeconds: Double
    public init(name: String, zone: String, requests: Int, rejected: Int, utilisation: Double, meanQueueLength: Double,
                meanInSystem: Double, arrivalRatePerSecond: Double, meanTimeInSystemSeconds: Double) {
        self.name = name; self.zone = zone; self.requests = requests; self.rejected = rejected
        self.utilisation = utilisation; self.meanQueueLength = meanQueueLength; self.meanInSystem = meanInSystem
        self.arrivalRatePerSecond = arrivalRatePerSecond; self.meanTimeInSystemSeconds = meanTimeInSystemSeconds
    }
}

/// Seat sales over the run.
public struct SeatSummary: Codable, Sendable, Equatable {
    public var offered: Int
    public var held: Int
    public var sold: Int
    /// Seats confirmed more than once (must be 0 with the safe hold strategy).
    public var oversold: Int
    public var soldPerSecond: Double
    public init(offered: Int, held: Int, sold: Int, oversold: Int, soldPerSecond: Double) {
        self.offered = offered; self.held = held; self.sold = sold; self.oversold = oversold; self.soldPerSecond = soldPerSecond
    }
}

/// A checked invariant (DESIGN §2).
public struct InvariantResult: Codable, Sendable, Equatable {
    public var name: String
    public var passed: Bool
    /// The observed value or count that decided the verdict, e.g. "0 seats confirmed twice".
    public var detail: String
    public init(name: String, passed: Bool, detail: String) { self.name = name; self.passed = passed; self.detail = detail }
}

/// One budget's verdict, with the observed value (reference/loadtest-chaos.md §1 thresholds).
public struct BudgetVerdict: Codable, Sendable, Equatable {
    /// Route, service, journey or platform metric the budget targets.
    public var target: String
    /// The expression as written, e.g. `p(99)<800ms`.
    public var expression: String
    /// `during: 2m..10m` window if any, as written.
    public var window: String?
    public var passed: Bool
    /// The observed value in the expression's unit, as text (`412ms`, `99.71%`, `0`).
    public var observed: String
    public var observedValue: Double
    /// `true` when the budget was not evaluated because its window starts after the run's end
    /// (e.g. `during: 4m..15m` on a `--duration 3m` run); then `passed` is false and the budget
    /// fails nothing. Absent (not encoded) for evaluated budgets.
    public var skipped: Bool?
    public init(target: String, expression: String, window: String?, passed: Bool, observed: String, observedValue: Double,
                skipped: Bool? = nil) {
        self.target = target; self.expression = expression; self.window = window; self.passed = passed
        self.observed = observed; self.observedValue = observedValue; self.skipped = skipped
    }

    /// Skipped: neither passed nor failed.
    public var isSkipped: Bool { skipped == true }
    /// Evaluated and broken (what fails a run, a check, a sweep point).
    public var failed: Bool { !passed && !isSkipped }
    /// `target: expression[ during window]`, the name terminal lists, JUnit and keys use.
    public var label: String { "\(target): \(expression)" + (window.map { " during \($0)" } ?? "") }
}

/// Why and when a run stopped early: the first `abortOnFail` budget found broken by the periodic
/// check (k6 `abortOnFail`, reference/loadtest-chaos.md §1).
public struct RunAbort: Codable, Sendable, Equatable {
    /// Virtual time of the check that found the breach (the end of a time bucket), seconds.
    public var atSeconds: Double
    /// The breached budget's verdict at that moment (observed over the data up to `atSeconds`).
    public var budget: BudgetVerdict
    public init(atSeconds: Double, budget: BudgetVerdict) { self.atSeconds = atSeconds; self.budget = budget }
}

/// A circuit-breaker state change seen on one instance's command.
public struct BreakerTransition: Codable, Sendable, Equatable {
    public var atSeconds: Double
    /// Hystrix command key (e.g. `compra-command`), qualified by the calling instance.
    public var command: String
    public var instance: String
    public var from: String
    public var to: String
    public init(atSeconds: Double, command: String, instance: String, from: String, to: String) {
        self.atSeconds = atSeconds; self.command = command; self.instance = instance; self.from = from; self.to = to
    }
}

/// A fault window from the scenario's timeline (or from `explore` mode).
public struct FaultWindow: Codable, Sendable, Equatable {
    public var kind: String
    public var target: String
    public var startSeconds: Double
    /// nil for a fault without `for:` (lasts to the end of the run).
    public var endSeconds: Double?
    public init(kind: String, target: String, startSeconds: Double, endSeconds: Double?) {
        self.kind = kind; self.target = target; self.startSeconds = startSeconds; self.endSeconds = endSeconds
    }
}

/// A named platform-wide metric.
public struct PlatformMetric: Codable, Sendable, Equatable {
    public var name: String
    public var value: Double
    public init(name: String, value: Double) { self.name = name; self.value = value }
}

/// Wall-clock facts about the engine; excluded from determinism comparisons and diffs.
public struct EngineStats: Codable, Sendable, Equatable {
    public var wallSeconds: Double
    public var events: Int
    public var eventsPerSecond: Double
    public var simulatedRequestsPerSecond: Double
    /// Simulated seconds per wall second.
    public var simulatedToRealRatio: Double
    public init(wallSeconds: Double, events: Int, eventsPerSecond: Double, simulatedRequestsPerSecond: Double, simulatedToRealRatio: Double) {
        self.wallSeconds = wallSeconds; self.events = events; self.eventsPerSecond = eventsPerSecond
        self.simulatedRequestsPerSecond = simulatedRequestsPerSecond; self.simulatedToRealRatio = simulatedToRealRatio
    }
}
