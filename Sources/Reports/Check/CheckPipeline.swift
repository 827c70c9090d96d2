import Foundation
import SimulationPrimitives
import Telemetry

/// One replication `cinesim check` asks the platform to run.
public struct ScenarioRunRequest: Sendable, Equatable {
    /// The scenario file as given on the command line.
    public var scenarioPath: String
    /// 0-based replication index.
    public var replication: Int
    /// The seed to use; nil for replication 0 means "the scenario's own seed".
    public var seed: UInt64?
    /// Scenario overrides for this replication, `key.path=value` as `cinesim run --set` takes them
    /// (e.g. `duration=2m`); the same for every replication of a check (``CheckPipeline/Options/overrides``).
    public var overrides: [String]
    public init(scenarioPath: String, replication: Int, seed: UInt64?, overrides: [String] = []) {
        self.scenarioPath = scenarioPath; self.replication = replication; self.seed = seed; self.overrides = overrides
    }
}

/// The seam between `cinesim check` and the platform: run one replication of a scenario file and
/// return its artifacts, with `summary.budgets` already evaluated (``BudgetEvaluator``) and
/// `summary.invariants` checked. Throw for invalid input (a scenario that does not load): the
/// check then exits 2.
public typealias ScenarioRunner = @Sendable (ScenarioRunRequest) throws -> RunArtifacts

/// `cinesim check`: runs each scenario `replications` times with different seeds, pools budget
/// verdicts, checks invariants, compares with the committed baseline and builds JUnit XML.
///
/// ```swift
/// let pipeline = CheckPipeline(runScenario: { try Platform.run($0) }, options: .init(replications: 3))
/// let result = try pipeline.run(["scenarios/premiere.yaml"])
/// exit(result.exitCode)
/// ```
public struct CheckPipeline: Sendable {
    public struct Options: Sendable {
        public var replications: Int = 3
        /// Where `<scenario>.json` baselines live (DESIGN §6: `reports/baseline/`).
        public var baselineDirectory: String = "reports/baseline"
        /// Rewrite the baselines from this check's replications instead of comparing.
        public var updateBaseline: Bool = false
        public var policy = RegressionPolicy()
        /// If set, replication 0 of each scenario writes its full report to `<dir>/<scenario>/`.
        public var reportDirectory: String?
        /// Scenario overrides passed to every replication (`cinesim check --set k=v --duration 30s`),
        /// e.g. to shorten runs for a CI smoke check. A baseline compared with shortened runs is
        /// only meaningful if it was written with the same overrides.
        public var overrides: [String] = []
        /// `--require-baseline`: a scenario without a baseline file fails (exit 1) instead of
        /// having its regression checks skipped.
        public var requireBaseline: Bool = false
        public init(replications: Int = 3, baselineDirectory: String = "reports/baseline", updateBaseline: Bool = false,
                    policy: RegressionPolicy = RegressionPolicy(), reportDirectory: String? = nil, overrides: [String] = [],
                    requireBaseline: Bool = false) {
            self.replications = replications; self.baselineDirectory = baselineDirectory; self.updateBaseline = updateBaseline
            self.policy = policy; self.reportDirectory = reportDirectory; self.overrides = overrides
            self.requireBaseline = requireBaseline
        }

        /// The override list of `--set` values (in order) followed by `duration=<duration>` when
        /// `--duration` is given, as `cinesim run` builds it (so `--duration` wins over a `--set duration=`).
        public static func overrides(set: [String], duration: String?) -> [String] {
            set + (duration.map { ["duration=\($0)"] } ?? [])
        }
    }

    public var runScenario: ScenarioRunner
    public var options: Options

    public init(runScenario: @escaping ScenarioRunner, options: Options = Options()) {
        self.runScenario = runScenario; self.options = options
    }

    /// The seed of replication `i` ≥ 1, derived from replication 0's seed with SplitMix64 so
    /// replications are distinct but reproducible.
    public static func seed(replication i: Int, baseSeed: UInt64) -> UInt64 {
        var g = SplitMix64(state: baseSeed &+ UInt64(i) &* 0x9E37_79B9_7F4A_7C15)
        return g.next()
    }

    /// Judges the replications of one scenario: pooled budgets, invariants, and — unless
    /// ``Options/updateBaseline`` rewrites it — regression against `<baselineDirectory>/<scenario>.json`.
    /// Used for fresh runs and for `cinesim check --from-summaries` alike.
    /// - Throws: ``ReportError`` when a baseline cannot be read or written, and
    ///   ``ReportError/invalidInput(_:)`` (exit 2) when the baseline was recorded with another run
    ///   shape (scenario file hash, overrides or duration; ``Baseline/shapeMismatch(with:)``): a
    ///   4-minute baseline says nothing about a 2m30s run, so no verdict is better than a wrong one.
    public func evaluate(_ summaries: [RunSummary], scenarioFile: String) throws -> ScenarioCheckResult {
        precondition(!summaries.isEmpty, "CheckPipeline.evaluate needs at least one summary")
        let baselinePath = Baseline.path(directory: options.baselineDirectory, scenario: summaries[0].scenario.name)
        var baseline: Baseline?
        var note: String
        var missing = false
        if options.updateBaseline {
            try ReportWriter.writeFile(try Baseline(summaries: summaries).encoded(), to: baselinePath)
            note = "baseline written to \(baselinePath) (\(summaries.count) seeds)"
        } else if FileManager.default.fileExists(atPath: baselinePath) {
            let loaded = try Baseline.load(path: baselinePath)
            if let mismatch = summaries.lazy.compactMap({ loaded.shapeMismatch(with: $0) }).first {
                throw ReportError.invalidInput("""
                    \(summaries[0].scenario.name): baseline \(baselinePath) was recorded with a different run shape, so the runs \
                    cannot be compared: \(mismatch). Run the check with the baseline's overrides, or keep a baseline for this \
                    shape in its own folder (--baseline DIR --update-baseline once, then --baseline DIR) so the \
                    committed one stays as it is
                    """)
            }
            baseline = loaded
            note = "compared with \(baselinePath) (\(loaded.seeds.count) seeds)"
            let common = loaded.seeds.filter { seed in summaries.contains { $0.replay.seed == seed } }.count
            if common > 0 && (common < loaded.seeds.count || common < summaries.count) {
                note += "; regressions compared over the \(common) seed(s) both sides have"
            }
            if !loaded.recordsShape {
                note += "; warning: this baseline does not record the scenario hash, overrides and duration, so a different run shape "
                    + "cannot be detected (rewrite it with --update-baseline)"
            }
        } else {
            missing = true
            note = options.requireBaseline
                ? "no baseline at \(baselinePath) and --require-baseline is set: FAILED (create one with --update-baseline)"
                : "no baseline at \(baselinePath); regression checks skipped (create one with --update-baseline; --require-baseline makes this a failure)"
        }
        var result = CheckEvaluation.evaluate(scenarioFile: scenarioFile, summaries: summaries, baseline: baseline, policy: options.policy)
        result.baselineNote = note
        result.baselineMissing = missing
        result.baselineRequired = options.requireBaseline
        result.baselinePath = baselinePath
        return result
    }

    /// Runs the check over `scenarioPaths`; `onResult` sees each scenario's result as soon as it
    /// is judged (`cinesim check` prints it then, so a CI log shows progress scenario by scenario).
    /// - Throws: ``ReportError/invalidInput(_:)`` when a scenario fails to run or a baseline is
    ///   unreadable or of another run shape (exit 2); ``ReportError/io(_:)`` when writing fails.
    public func run(_ scenarioPaths: [String], onResult: (ScenarioCheckResult) -> Void = { _ in }) throws -> CheckResult {
        guard options.replications >= 1 else { throw ReportError.invalidInput("--replications must be at least 1") }
        guard !scenarioPaths.isEmpty else { throw ReportError.invalidInput("name at least one scenario file") }
        var results: [ScenarioCheckResult] = []
        for path in scenarioPaths {
            // One file's invalid input (a scenario that does not load, a baseline of another
            // shape) is that file's error; the other files are still run and reported.
            let result: ScenarioCheckResult
            do { result = try check(path) } catch let error as ReportError {
                guard case .invalidInput(let message) = error else { throw error }
                result = ScenarioCheckResult(failedInput: path, error: message)
            }
            onResult(result)
            results.append(result)
        }
        return CheckResult(scenarios: results)
    }
}

extension CheckPipeline {
    /// Runs and judges one scenario file.
    func check(_ path: String) throws -> ScenarioCheckResult {
        var artifacts: [RunArtifacts] = []
        for i in 0..<options.replications {
            let seed = i == 0 ? nil : CheckPipeline.seed(replication: i, baseSeed: artifacts[0].summary.replay.seed)
            do { artifacts.append(try runScenario(ScenarioRunRequest(scenarioPath: path, replication: i, seed: seed, overrides: options.overrides))) }
            catch let error as ReportError { throw error }
            catch {
                // A located scenario error already starts with the file's path.
                let text = "\(error)"
                throw ReportError.invalidInput(text.hasPrefix(path) ? text : "\(path): \(text)")
            }
        }
        let summaries = artifacts.map(\.summary)
        let name = summaries[0].scenario.name
        let result = try evaluate(summaries, scenarioFile: path)
        if let dir = options.reportDirectory {
            try ReportWriter.write(artifacts: artifacts[0], to: Baseline.path(directory: dir, scenario: name).replacingOccurrences(of: ".json", with: ""),
                                   options: .init(regressions: result.regressions))
        }
        return result
    }
}

/// The outcome of a whole check.
public struct CheckResult: Sendable {
    public var scenarios: [ScenarioCheckResult]
    public init(scenarios: [ScenarioCheckResult]) { self.scenarios = scenarios }

    /// 2 when a scenario's input was invalid (``ScenarioCheckResult/error``), else 0 when every
    /// budget, invariant and regression check passed, else 1.
    public var exitCode: Int32 { scenarios.contains { $0.error != nil } ? 2 : scenarios.allSatisfy(\.passed) ? 0 : 1 }

    public var junit: JUnitReport {
        JUnitReport(suites: scenarios.map { s in
            s.error.map { JUnitReport.errorSuite(scenario: s.scenario, file: s.scenarioFile, message: $0) }
                ?? JUnitReport.suite(scenario: s.scenario, budgets: s.budgets, invariants: s.invariants, regressions: s.regressions,
                                     missingBaseline: s.baselineMissing ? (path: s.baselinePath, required: s.baselineRequired) : nil)
        })
    }

    /// The terminal report: k6-style ✓/✗ lines per check with observed values.
    public var text: String { scenarios.map(\.text).joined() }
}

/// One scenario's pooled verdicts.
public struct ScenarioCheckResult: Sendable {
    public var scenario: String
    public var scenarioFile: String
    public var seeds: [UInt64]
    /// Pooled over replications (observed = mean with CI and spread when more than one seed).
    public var budgets: [BudgetVerdict]
    /// Pooled estimates behind ``budgets`` (nil where a replication had no value).
    public var budgetEstimates: [SampleEstimate?]
    /// An invariant fails if it failed under any seed.
    public var invariants: [InvariantResult]
    public var regressions: [RegressionFinding]
    public var baselineNote: String
    /// No baseline file existed (regression checks not run).
    public var baselineMissing: Bool = false
    /// `--require-baseline` was set: a missing baseline fails the scenario.
    public var baselineRequired: Bool = false
    /// The scenario's load warnings (the first run's `summary.warnings`: faults left out or cut
    /// by a shortened `--duration`, unmodelled keys), printed under the scenario's header as
    /// `cinesim run` prints them.
    public var warnings: [String] = []
    /// Where the baseline was looked for.
    public var baselinePath: String = ""
    /// Invalid input of this file (a scenario that does not load, a baseline of another run
    /// shape): nothing was judged, the check exits 2 after reporting the other files.
    public var error: String? = nil

    /// The result of a file whose input was invalid; `scenario` is the file's base name.
    public init(failedInput path: String, error: String) {
        let base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        self.init(scenario: base, scenarioFile: path, seeds: [], budgets: [], budgetEstimates: [], invariants: [], regressions: [],
                  baselineNote: "", error: error)
    }

    /// A judged scenario (``CheckEvaluation/evaluate(scenarioFile:summaries:baseline:policy:)``), or with
    /// `error` set, one that could not be run.
    public init(scenario: String, scenarioFile: String, seeds: [UInt64], budgets: [BudgetVerdict], budgetEstimates: [SampleEstimate?],
                invariants: [InvariantResult], regressions: [RegressionFinding], baselineNote: String, error: String? = nil) {
        self.scenario = scenario; self.scenarioFile = scenarioFile; self.seeds = seeds; self.budgets = budgets
        self.budgetEstimates = budgetEstimates; self.invariants = invariants; self.regressions = regressions
        self.baselineNote = baselineNote; self.error = error
    }

    public var passed: Bool {
        error == nil && !budgets.contains(where: \.failed) && invariants.allSatisfy(\.passed) && !regressions.contains(where: \.regressed)
            && !(baselineMissing && baselineRequired)
    }

    /// This scenario's block of the terminal report: k6-style ✓/✗ lines with observed values;
    /// regression lines say which number is current and which is the baseline, with units.
    public var text: String {
        if let error { return "█ \(scenario) (\(scenarioFile))\n  ✗ error: \(error)\n  → ERROR (invalid input, not run)\n" }
        var out = "█ \(scenario) (\(scenarioFile)) · \(seeds.count) seed(s): \(seeds.map(String.init).joined(separator: ", "))\n"
        for warning in warnings { out += "  warning: \(warning)\n" }
        for b in budgets {
            out += "  \(b.isSkipped ? "·" : b.passed ? "✓" : "✗") \(b.label) → \(b.observed)\n"
        }
        for i in invariants { out += "  \(i.passed ? "✓" : "✗") invariant \(i.name): \(i.detail)\n" }
        for r in regressions where r.regressed || r.beyondTolerance {
            out += "  \(r.regressed ? "✗" : r.skipped ? "·" : "~") regression \(r.metric): \(r.comparisonText); \(r.note)\n"
        }
        let quiet = regressions.filter { !$0.regressed && !$0.beyondTolerance }.count
        if quiet > 0 { out += "  ✓ \(quiet) baseline metric(s) within tolerance\n" }
        out += "  \(baselineMissing && baselineRequired ? "✗ " : "")\(baselineNote)\n"
        out += "  → \(passed ? "PASS" : "FAIL")\n"
        return out
    }
}

/// The pure part of a check: pooling and comparison over finished summaries (tested without a
/// platform).
public enum CheckEvaluation {
    public static func evaluate(scenarioFile: String, summaries: [RunSummary], baseline: Baseline?,
                                policy: RegressionPolicy = RegressionPolicy()) -> ScenarioCheckResult {
        precondition(!summaries.isEmpty)
        let (budgets, estimates) = poolBudgets(summaries, confidenceLevel: policy.confidenceLevel)
        var result = ScenarioCheckResult(scenario: summaries[0].scenario.name, scenarioFile: scenarioFile, seeds: summaries.map(\.replay.seed),
                                         budgets: budgets, budgetEstimates: estimates, invariants: poolInvariants(summaries),
                                         regressions: baseline.map { RegressionCheck.compare(current: summaries, baseline: $0, policy: policy) } ?? [],
                                         baselineNote: baseline == nil ? "no baseline" : "compared with baseline")
        result.warnings = summaries[0].warnings
        return result
    }

    /// Budgets are matched across replications by (target, expression, window). With one seed the
    /// verdict is the run's own; with more, the verdict is on the mean of the per-seed observed
    /// values, and any seed without a value (unavailable, never recovered) fails it.
    public static func poolBudgets(_ summaries: [RunSummary], confidenceLevel: Double = 0.95) -> ([BudgetVerdict], [SampleEstimate?]) {
        let first = summaries[0].budgets
        guard summaries.count > 1 else { return (first, first.map { _ in nil }) }
        var verdicts: [BudgetVerdict] = [], estimates: [SampleEstimate?] = []
        for (index, b) in first.enumerated() {
            let matches = summaries.map { s in
                s.budgets.first { $0.target == b.target && $0.expression == b.expression && $0.window == b.window }
                    ?? (index < s.budgets.count ? s.budgets[index] : b)
            }
            var pooled = b
            // Every seed runs as long, so a window after the run's end is skipped in all of them.
            if let skipped = matches.first(where: \.isSkipped) {
                verdicts.append(skipped); estimates.append(nil); continue
            }
            let noValue = matches.first { $0.observed.hasPrefix("unavailable") || $0.observed.hasPrefix("not recovered")
                || $0.observed.hasPrefix("fault still active") }
            if let noValue {
                pooled.passed = false
                pooled.observed = noValue.observed + " (in \(matches.filter { $0.observed == noValue.observed }.count) of \(matches.count) seeds)"
                verdicts.append(pooled); estimates.append(nil); continue
            }
            let values = matches.map(\.observedValue)
            let estimate = SampleEstimate(values, confidenceLevel: confidenceLevel)
            let parsed = try? BudgetExpression.parse(b.expression)
            // Observed values in the threshold's unit (`13.47%` next to `rate<5%`).
            func text(_ v: Double) -> String { parsed?.format(v) ?? BudgetFormat.value(v, unit: .plain) }
            if let expression = parsed {
                pooled.passed = expression.isSatisfied(by: estimate.mean)
            } else {
                pooled.passed = matches.allSatisfy(\.passed)
            }
            pooled.observedValue = estimate.mean
            // Worst-bucket windowed percentiles (`--from-summaries`) stay upper bounds when pooled.
            let bound = matches.contains { $0.observed.hasSuffix("upper bound (worst bucket)") } ? " upper bound (worst bucket)" : ""
            if estimate.minimum == estimate.maximum {
                // Identical per-seed values (a recovery pinned to a bucket edge): a zero-width
                // interval would look like a bug, so say what happened.
                pooled.observed = "\(text(estimate.mean))\(bound) in all \(estimate.count) seeds"
            } else {
                // Budget metrics are never negative (latency, recovery, rates, counts): the Student-t
                // interval is clamped to ≥ 0 (docs/reports.md "cinesim check").
                pooled.observed = "\(text(estimate.mean))\(bound) mean of \(estimate.count) seeds "
                    + "(\(Int((confidenceLevel * 100).rounded()))% CI \(text(max(0, estimate.confidenceLow)))–\(text(estimate.confidenceHigh)); "
                    + "spread \(text(estimate.minimum))–\(text(estimate.maximum)))"
            }
            verdicts.append(pooled); estimates.append(estimate)
        }
        return (verdicts, estimates)
    }

    /// Invariants by name, in first-seen order; failing under any seed fails the pooled result.
    public static func poolInvariants(_ summaries: [RunSummary]) -> [InvariantResult] {
        var names: [String] = []
        var results: [String: [InvariantResult]] = [:]
        for s in summaries {
            for i in s.invariants {
                if results[i.name] == nil { names.append(i.name) }
                results[i.name, default: []].append(i)
            }
        }
        return names.map { name in
            let all = results[name]!
            let failures = all.filter { !$0.passed }
            guard let firstFailure = failures.first else { return all[0] }
            let detail = summaries.count > 1 ? "\(firstFailure.detail) (failed under \(failures.count) of \(all.count) seeds)" : firstFailure.detail
            return InvariantResult(name: name, passed: false, detail: detail)
        }
    }
}
