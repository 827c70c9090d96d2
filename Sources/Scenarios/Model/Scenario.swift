import SimulationPrimitives
import Telemetry

/// One experiment, decoded from a scenario file (DESIGN §4; format guide: docs/scenario-format.md).
///
/// ```swift
/// let scenario = try ScenarioLoader.load(file: "scenarios/premiere-on-sale.yaml")
/// let platform = try PlatformSimulation(scenario: scenario)
/// ```
/// Every value is checked when loading; a `Scenario` in hand is runnable. Defaults equal the real
/// libraries' defaults as Spring Cloud Netflix 2.2.x wires them (DESIGN §10), or the raw Netflix
/// defaults with `defaults: netflix`.
public struct Scenario: Sendable {
    public var name: String
    public var description: String
    /// Root seed of every random stream (DESIGN §2).
    public var seed: UInt64
    public var duration: SimDuration
    /// Measurements before this instant are excluded from summaries and budgets.
    public var warmup: SimDuration
    /// Configuration layer name (`dev`, `test`, `prod`); recorded, and used as Archaius' deployment context.
    public var environment: String
    public var defaults: LibraryDefaults
    /// Width of one time bucket of the time series (default 1 s).
    public var bucket: SimDuration
    /// Most time buckets a run may have (`duration / bucket`, rounded up): one day of 1 s buckets.
    /// The time series hold one value per bucket per route, station and platform series for the
    /// whole run (≈ 11 KB per bucket for the reference topology, docs/performance.md "Memory"), so
    /// a longer run needs a wider `bucket`; the decoder reports it instead of failing to allocate.
    public static let maximumTimeBuckets = 86_400
    public var topology: Topology
    public var catalog: CatalogSettings
    public var resilience: ResilienceSettings
    /// Real library property keys as written under `properties:` (in file order).
    public var properties: [PropertySetting]
    public var workload: Workload
    public var faults: [FaultSpec]
    public var budgets: [BudgetSpec]
    /// Non-fatal findings (unmodelled property keys, risky timeouts), in the order found.
    public var warnings: [String]
    /// The files read (the scenario first, then what it extends), for the replay recipe.
    public var sourceFiles: [String]
    /// FNV-1a 64 over the bytes of every file read, 16 hex digits.
    public var fileHash: String
    /// Log and trace sampling (`telemetry:`).
    public var telemetry = TelemetrySettings()
    /// The `sweep:` section if written (used by `cinesim sweep`; a single run ignores it).
    public var sweep: SweepSpec? = nil
    /// Faults left out of the run because they start at or after its end, which an override
    /// (`--duration`, `--set duration=`) shortened (a warning names each; docs/reports.md "Windows
    /// and short runs"). Not in ``faults``: the platform never sees them.
    public var faultsNotStarting: [FaultSpec] = []
    /// Verdicts of budgets that cannot be measured in this run and are skipped (neither passed nor
    /// failed): `recovery` budgets whose matching faults all start after the run's end. They are
    /// not in ``budgets``; a runner appends them to the run's `summary.budgets`.
    public var skippedBudgets: [BudgetVerdict] = []
}

/// Which library defaults apply when a setting is not written (DESIGN §10 "Which defaults").
public enum LibraryDefaults: String, Sendable, CaseIterable, Codable {
    /// Spring Cloud Netflix 2.2.x: Ribbon connect/read 1000/1000 ms, ZoneAvoidanceRule, Zuul's
    /// Hystrix timeout derived from the Ribbon budget (reference/netflix-oss.md §4.1, §6.3).
    case springCloud = "spring-cloud"
    /// Raw Netflix libraries: Ribbon 2000/5000 ms, AvailabilityFilteringRule, Hystrix 1000 ms.
    case netflix
}

/// A `properties:` entry: a real Hystrix/Ribbon/Eureka/Zuul key and its value as text.
public struct PropertySetting: Sendable, Equatable {
    public var key: String
    public var value: String
    public var location: SourceLocation
    /// Whether cinesim models this key (unmodelled keys are listed as warnings).
    public var isModelled: Bool
}

/// A `budgets:` entry: k6-style expressions on a route, service, journey or platform metric.
public struct BudgetSpec: Sendable, Equatable {
    public var target: String
    public var expressions: [String]
    /// `during: 2m..10m` as written, if any.
    public var window: String?
    public var windowStart: SimDuration?
    public var windowEnd: SimDuration?
    public var location: SourceLocation
    /// The parsed budgets (Telemetry's `Budget`), one per expression.
    public var budgets: [Budget]
}
