import SimulationPrimitives
import Telemetry

/// Decodes a merged ``SourceNode`` tree into a ``Scenario``: every key checked, every value typed,
/// every cross-reference resolved (zones, services, shard keys, budget targets, fault targets).
struct ScenarioDecoder {
    let defaultsFileLocation: SourceLocation
    var warnings: [String] = []
    /// Verdicts of budgets skipped at load time (``Scenario/skippedBudgets``).
    var skippedBudgets: [BudgetVerdict] = []
    /// `cinesim validate`: collect independent errors (per top-level section, per fault, per
    /// budget target) instead of stopping at the first; ``errors`` holds them.
    var collecting = false
    var errors: [ScenarioError] = []

    /// Throws `error` (normal loading), or records it and lets decoding go on (``collecting``).
    mutating func record(_ error: ScenarioError) throws(ScenarioError) {
        guard collecting else { throw error }
        errors.append(error)
    }

    init(defaultsFileLocation: SourceLocation) { self.defaultsFileLocation = defaultsFileLocation }

    /// Top-level keys of the format (docs/scenario-format.md).
    static let topLevelKeys = ["name", "description", "seed", "duration", "warmup", "environment", "defaults", "bucket",
                               "topology", "catalog", "resilience", "properties", "workload", "faults", "budgets", "telemetry", "sweep"]

    mutating func decode(_ tree: SourceNode) throws(ScenarioError) -> Scenario {
        // Unknown top-level keys are independent mistakes: collected one by one when validating.
        let root: MappingReader
        if collecting, case .mapping(let entries, _) = tree {
            for entry in entries where !Self.topLevelKeys.contains(entry.key) {
                try record(ScenarioError(at: entry.keyLocation, "unknown key '\(entry.key)' at the top level", fix: Suggestion.fix(for: entry.key, among: Self.topLevelKeys)))
            }
            root = try MappingReader(tree, path: "", allowed: nil)
        } else {
            root = try MappingReader(tree, path: "", allowed: Self.topLevelKeys)
        }
        // Each section is decoded on its own; when validating, a broken section is recorded and a
        // default stands in for it so the sections after it are still checked. Sections that need a
        // broken one (faults and resilience need the topology) are skipped rather than misreported.
        var name = "invalid"
        do throws(ScenarioError) {
            name = try root.required("name", hint: "add 'name: my-scenario'").string("name")
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw ScenarioError(at: root["name"]!.location, "'name' may hold only letters, digits, '-' and '_' (it names the reports folder), found '\(name)'",
                                    fix: "write e.g. premiere-on-sale")
            }
        } catch { try record(error) }
        var description = "", seed: UInt64 = 1, environment = "prod", defaults = LibraryDefaults.springCloud, bucket = SimDuration.seconds(1)
        do { description = try root["description"]?.text("description") ?? "" } catch { try record(error) }
        do { seed = try root["seed"]?.uint64("seed") ?? 1 } catch { try record(error) }
        var duration = SimDuration.seconds(60), warmup = SimDuration.zero, durationOK = true
        do { duration = try root.required("duration", hint: "add e.g. 'duration: 15m'").duration("duration", allowZero: false) } catch { try record(error); durationOK = false }
        do throws(ScenarioError) {
            warmup = try root["warmup"]?.duration("warmup") ?? .zero
            if durationOK && warmup >= duration {
                throw ScenarioError(at: root["warmup"]!.location, "'warmup' (\(warmup)) is not shorter than 'duration' (\(duration))", fix: "shorten the warm-up, e.g. --set warmup=10s, or lengthen the duration")
            }
        } catch { try record(error) }
        do { environment = try root["environment"]?.string("environment") ?? "prod" } catch { try record(error) }
        do { defaults = try root["defaults"]?.choice("defaults", LibraryDefaults.self) ?? .springCloud } catch { try record(error) }
        do throws(ScenarioError) {
            bucket = try root["bucket"]?.duration("bucket", allowZero: false) ?? .seconds(1)
            // Every per-route, per-station and platform series holds one value per bucket for the
            // whole run, allocated when the run starts: bound the count before anything allocates it.
            let buckets = durationOK ? (duration.nanoseconds - 1) / bucket.nanoseconds + 1 : 0
            if buckets > Int64(Scenario.maximumTimeBuckets) {
                let node = root["bucket"] ?? root["duration"]!
                throw ScenarioError(at: node.location,
                                    "'duration' (\(duration)) in buckets of \(bucket) gives \(buckets) time buckets; at most \(Scenario.maximumTimeBuckets) fit the run's time series",
                                    fix: "shorten 'duration' or widen 'bucket': 'bucket: 1m' holds \(Scenario.maximumTimeBuckets / 60 / 24) days")
            }
        } catch { try record(error) }
        var topology: Topology
        var topologyOK = true
        do { topology = try decodeTopology(root["topology"]) } catch { try record(error); topology = try decodeTopology(nil); topologyOK = false }
        var catalog: CatalogSettings
        do { catalog = try decodeCatalog(root["catalog"]) } catch { try record(error); catalog = try decodeCatalog(nil) }
        var resilience: ResilienceSettings
        var properties: [PropertySetting] = []
        if topologyOK {
            do { resilience = try decodeResilience(root["resilience"], defaults: defaults, topology: topology) }
            catch { try record(error); resilience = try decodeResilience(nil, defaults: defaults, topology: topology) }
            do { properties = try decodeProperties(root["properties"], into: &resilience, topology: topology) } catch { try record(error) }
        } else {
            resilience = try decodeResilience(nil, defaults: defaults, topology: topology)
        }
        var workload: Workload
        do { workload = try decodeWorkload(root["workload"], file: tree.location.file) }
        catch {
            try record(error)
            // Only reached when validating: a stand-in so the later sections are still checked.
            workload = Workload(model: .open, arrivals: .poisson, startRate: Rate(perSecond: 0), stages: [], spikes: [], trace: [], users: 0,
                                thinkTime: DistributionField(text: "exponential(mean: 2s)", location: defaultsFileLocation), mix: [],
                                flashSale: nil, clientTimeout: .seconds(30), retry: ClientRetry(probability: 0, maxRetries: 0, backoff: .seconds(1)),
                                attackerShare: 0, attackerKinds: [])
        }
        // A duration written on the command line may cut a file's faults off; the file itself
        // setting both keeps the located error (ScenarioLoader.apply locates overrides in "--set …").
        let durationOverride = root["duration"].map { $0.location.file.hasPrefix("--set") } ?? false
        var faults: [FaultSpec] = [], faultsNotStarting: [FaultSpec] = []
        let errorsBeforeFaults = errors.count
        if topologyOK && durationOK {
            do { (faults, faultsNotStarting) = try decodeFaults(root["faults"], topology: topology, duration: duration, durationIsOverride: durationOverride) }
            catch { try record(error) }
        }
        var budgets: [BudgetSpec] = []
        // Budgets check `recovery` against the faults: only when every fault decoded.
        if durationOK && errors.count == errorsBeforeFaults {
            do { budgets = try decodeBudgets(root["budgets"], duration: duration, faults: faults, faultsNotStarting: faultsNotStarting) } catch { try record(error) }
        }
        var telemetry = TelemetrySettings(), sweep: SweepSpec? = nil
        do { telemetry = try decodeTelemetry(root["telemetry"]) } catch { try record(error) }
        do { sweep = try decodeSweep(root["sweep"]) } catch { try record(error) }
        if root["sweep"] != nil { warnings.append("'sweep' is recorded but a single run ignores it (use 'cinesim sweep')") }
        checkTimeoutBudgets(resilience)
        if durationOK { checkWorkloadTimes(workload, duration: duration) }
        var scenario = Scenario(name: name, description: description, seed: seed, duration: duration, warmup: warmup,
                        environment: environment, defaults: defaults, bucket: bucket, topology: topology, catalog: catalog,
                        resilience: resilience, properties: properties, workload: workload, faults: faults, budgets: budgets,
                        warnings: warnings, sourceFiles: [], fileHash: "", telemetry: telemetry, sweep: sweep)
        scenario.faultsNotStarting = faultsNotStarting
        scenario.skippedBudgets = skippedBudgets
        return scenario
    }

    /// Warns about workload settings that a run of `duration` never reaches: a flash sale opening
    /// at or after the end (it never opens), an open model with no stages (the start rate holds
    /// for the whole run). Not errors: a `--duration` cut is a normal way to run a scenario short.
    mutating func checkWorkloadTimes(_ workload: Workload, duration: SimDuration) {
        if let sale = workload.flashSale, sale.opensAt >= duration {
            warnings.append("workload.flash_sale opens at \(sale.opensAt), at or after the run's end (\(duration)): no flash-sale buyers in this run")
        }
        if workload.model == .open && workload.stages.isEmpty && workload.trace.isEmpty {
            warnings.append("workload.stages is empty: the arrival rate stays at start_rate (\(workload.startRate)) for the whole run")
        }
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
