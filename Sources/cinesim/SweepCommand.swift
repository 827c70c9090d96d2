import ArgumentParser
import Foundation
import Reports
import Scenarios

/// `cinesim sweep <scenario>`: runs the parameter grid × seeds (DESIGN §7) and writes capacity
/// curves (guide: docs/sweeps.md).
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a scenario over a parameter grid × seeds and chart capacity curves.",
        discussion: """
        Parameters come from the scenario's 'sweep:' section and from --param (a --param replaces a section \
        parameter of the same path). Points are expanded in a fixed order (first parameter slowest, seeds \
        innermost); --shard i/n runs points i, i+n, … so a batch system can split the sweep, and \
        'cinesim merge' joins the shards. Each point is a child 'cinesim run' process (--jobs at a time); \
        the output does not depend on --jobs. Writes <out>/sweep.{json,csv,md,html} and \
        <out>/points/pNNNN/…/summary.json. Exit codes: 0 done (failing budgets are reported, not fatal), \
        1 a point's run crashed, 2 invalid input.
        """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(name: .customLong("param"), help: "A swept value: key.path=v1,v2,… (repeatable), e.g. workload.stages.0.target=100/s,200/s.")
    var parameters: [String] = []

    @Option(help: "Seeds per grid point: the scenario's seed, seed+1, … (default: the sweep section's 'seeds', else 1).")
    var seeds: Int?

    @Option(help: "Child runs at a time.")
    var jobs: Int = 1

    @Option(help: "Run only shard i of n (0-based): points i, i+n, i+2n, …")
    var shard: String?

    @Option(name: .customLong("set"), help: "Override a scenario value for every point: key.path=value (repeatable).")
    var overrides: [String] = []

    @Option(help: "Route charted and tabulated (repeatable; default: the busiest routes).")
    var route: [String] = []

    @Option(help: "Output folder (default: reports/<scenario>/sweep).")
    var out: String?

    func run() throws {
        let setup: SweepSetup
        do {
            setup = try SweepSetup.make(scenario: scenario, parameterTexts: parameters, seeds: seeds, overrides: overrides, shard: shard, jobs: jobs)
        } catch {
            FileHandleOutput.writeToStandardError("cinesim sweep: \(error)\n")
            throw ExitCode(2)
        }
        let folder = out.map { $0.count > 1 && $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? "reports/\(setup.loaded.name)/sweep" + (setup.shard.map { "-shard-\($0.index)-of-\($0.count)" } ?? "")
        if let problem = OutputFolder.problem(folder) {
            FileHandleOutput.writeToStandardError("cinesim sweep: \(problem)\n")
            throw ExitCode(2)
        }
        let selected = (setup.shard?.indices(pointCount: setup.grid.pointCount) ?? Array(0..<setup.grid.pointCount)).map(setup.grid.point)
        let showProgress = isatty(2) == 1
        let executor = SweepExecutor(binary: SelfBinary.url, scenarioFile: scenario, baseOverrides: overrides, grid: setup.grid,
                                     outFolder: folder, jobs: jobs, progress: showProgress ? { done, total in
                                         FileHandleOutput.writeToStandardError("\rsweep \(setup.loaded.name): \(done)/\(total) points")
                                     } : nil)
        let results: [SweepPointResult]
        do { results = try executor.run(points: selected) } catch {
            FileHandleOutput.writeToStandardError("\ncinesim sweep: \(error)\n")
            throw ExitCode(1)
        }
        if showProgress { FileHandleOutput.writeToStandardError("\r\u{1B}[K") }
        let result = SweepResult(scenario: SweepScenario(name: setup.loaded.name, file: scenario, fileHash: setup.loaded.fileHash, overrides: overrides,
                                                               budgetTargets: setup.loaded.budgets.map(\.target)),
                                 grid: setup.grid, shard: setup.shard, points: results)
        try SweepWriter.write(result, to: folder, routes: route)
        let failing = results.filter { !$0.passed }.count
        print("sweep \(setup.loaded.name): \(results.count) of \(setup.grid.pointCount) points (\(setup.grid.cellCount) grid cells × \(setup.grid.seeds.count) seeds), \(failing) with failed budgets or invariants")
        if let first = SweepReport.chartedRoutes(result, requested: route).first {
            print("\n\(first)\n" + SweepReport.routeTable(result, route: first))
        }
        print("  \(folder)/sweep.html")
    }
}

/// The checked inputs of a sweep: the loaded scenario, the grid and the shard.
struct SweepSetup {
    var loaded: Scenario
    var grid: SweepGrid
    var shard: ShardSelection?

    /// Parses and validates everything before any run starts: every swept value is loaded once
    /// (alone, over the scenario and `overrides`) so a bad path or value fails fast.
    /// - Throws: ``SweepInputError`` or ``ScenarioError`` (the CLI exits 2).
    static func make(scenario: String, parameterTexts: [String], seeds: Int?, overrides: [String], shard: String?, jobs: Int) throws -> SweepSetup {
        guard jobs >= 1 else { throw SweepInputError("--jobs must be at least 1, found \(jobs)") }
        if let seeds, seeds < 1 { throw SweepInputError("--seeds must be at least 1, found \(seeds)") }
        var commandLine: [SweepParameter] = []
        for text in parameterTexts {
            let parameter = try SweepParameter(parsing: text)
            if commandLine.contains(where: { $0.path == parameter.path }) { throw SweepInputError("--param '\(parameter.path)' is given twice") }
            commandLine.append(parameter)
        }
        let selection = try shard.map { text throws(SweepInputError) in try ShardSelection(parsing: text) }
        let loaded = try ScenarioLoader.load(file: scenario, overrides: overrides)
        let grid = try SweepGrid.resolve(section: loaded.sweep, commandLine: commandLine, seedCount: seeds, baseSeed: loaded.seed)
        for parameter in grid.parameters {
            for value in parameter.values {
                do { _ = try ScenarioLoader.load(file: scenario, overrides: overrides + ["\(parameter.path)=\(value)"]) } catch {
                    throw SweepInputError("sweep parameter '\(parameter.path)' value '\(value)': \(error)")
                }
            }
        }
        return SweepSetup(loaded: loaded, grid: grid, shard: selection)
    }
}

/// This process's own executable, which sweep points run as children.
enum SelfBinary {
    static var url: URL {
        if let url = Bundle.main.executableURL { return url }
        return URL(fileURLWithPath: CommandLine.arguments[0])
    }
}
