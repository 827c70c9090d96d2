import SimulationPrimitives
import Telemetry

/// Decodes a merged ``SourceNode`` tree into a ``Scenario``: every key checked, every value typed,
/// every cross-reference resolved (zones, services, shard keys, budget targets, fault targets).
struct ScenarioDecoder {
    let defaultsFileLocation: SourceLocation
    var warnings: [String] = []
    /// Verdicts of budgets skipped at load time (``Scenario/skippedBudgets``).
    var skippedBudgets: [BudgetVerdict] = []

    init(defaultsFileLocation: SourceLocation) { self.defaultsFileLocation = defaultsFileLocation }

    /// Top-level keys of the format (docs/scenario-format.md).
    static let topLevelKeys = ["name", "description", "seed", "duration", "warmup", "environment", "defaults", "bucket",
                               "topology", "catalog", "resilience", "properties", "workload", "faults", "budgets", "telemetry", "sweep"]

    mutating func decode(_ tree: SourceNode) throws(ScenarioError) -> Scenario {
        let root = try MappingReader(tree, path: "", allowed: Self.topLevelKeys)
        let name = try root.required("name", hint: "add 'name: my-scenario'").string("name")
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw ScenarioError(at: root["name"]!.location, "'name' may hold only letters, digits, '-' and '_' (it names the reports folder), found '\(name)'",
                                fix: "write e.g. premiere-on-sale")
        }
        let description = try root["description"]?.text("description") ?? ""
        let seed = try root["seed"]?.uint64("seed") ?? 1
        let duration = try root.required("duration", hint: "add e.g. 'duration: 15m'").duration("duration", allowZero: false)
        let warmup = try root["warmup"]?.duration("warmup") ?? .zero
        if warmup >= duration {
            throw ScenarioError(at: root["warmup"]!.location, "'warmup' (\(warmup)) is not shorter than 'duration' (\(duration))", fix: "shorten the warm-up")
        }
        let environment = try root["environment"]?.string("environment") ?? "prod"
        let defaults = try root["defaults"]?.choice("defaults", LibraryDefaults.self) ?? .springCloud
        let bucket = try root["bucket"]?.duration("bucket", allowZero: false) ?? .seconds(1)
        let topology = try decodeTopology(root["topology"])
        let catalog = try decodeCatalog(root["catalog"])
        var resilience = try decodeResilience(root["resilience"], defaults: defaults, topology: topology)
        let properties = try decodeProperties(root["properties"], into: &resilience, topology: topology)
        let workload = try decodeWorkload(root["workload"], file: tree.location.file)
        // A duration written on the command line may cut a file's faults off; the file itself
        // setting both keeps the located error (ScenarioLoader.apply locates overrides in "--set …").
        let durationOverride = root["duration"].map { $0.location.file.hasPrefix("--set") } ?? false
        let (faults, faultsNotStarting) = try decodeFaults(root["faults"], topology: topology, duration: duration, durationIsOverride: durationOverride)
        let budgets = try decodeBudgets(root["budgets"], duration: duration, faults: faults, faultsNotStarting: faultsNotStarting)
        let telemetry = try decodeTelemetry(root["telemetry"])
        let sweep = try decodeSweep(root["sweep"])
        if root["sweep"] != nil { warnings.append("'sweep' is recorded but a single run ignores it (use 'cinesim sweep')") }
        checkTimeoutBudgets(resilience)
        var scenario = Scenario(name: name, description: description, seed: seed, duration: duration, warmup: warmup,
                        environment: environment, defaults: defaults, bucket: bucket, topology: topology, catalog: catalog,
                        resilience: resilience, properties: properties, workload: workload, faults: faults, budgets: budgets,
                        warnings: warnings, sourceFiles: [], fileHash: "", telemetry: telemetry, sweep: sweep)
        scenario.faultsNotStarting = faultsNotStarting
        scenario.skippedBudgets = skippedBudgets
        return scenario
    }

    /// Case F02: warn when a Hystrix timeout is lower than the Ribbon retry budget it wraps.
    mutating func checkTimeoutBudgets(_ resilience: ResilienceSettings) {
        for serviceID in ServiceCatalog.serviceIDs {
            let hystrix = resilience.hystrix(for: serviceID), ribbon = resilience.ribbon(for: serviceID)
            if let timeout = hystrix.timeout, hystrix.timeoutEnabled, timeout < ribbon.retryBudget {
                warnings.append("hystrix timeout \(timeout) for \(serviceID) is lower than its Ribbon retry budget \(ribbon.retryBudget) (case F02: retries outlive the caller)")
            }
        }
    }
}
