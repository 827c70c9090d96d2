import Foundation
import Reports
import Scenarios
import Testing

/// End-to-end checks of `cinesim sweep`, `merge` and `explore` through the built binary, on a
/// scenario sized for debug builds (3 simulated seconds, a 2 × 2 × 2 catalogue).
@Suite("cinesim sweep, merge and explore (binary)")
struct SweepCLITests {
    static let scenarioText = """
        name: tiny
        seed: 11
        duration: 3s
        warmup: 1s
        topology:
          zones: [zone-a, zone-b]
          services:
            default: {instances: 2, workers: 4, queue: 32, service_time: "exponential(mean: 4ms)"}
        catalog: {cines: 2, salas_per_cine: 2, funciones_per_sala: 2, clientes: 500}
        workload:
          start_rate: 40/s
          stages:
            - {duration: 3s, target: 40/s}
          think_time: "exponential(mean: 300ms)"
          client_timeout: 10s
        budgets:
          "POST /api/compras": ["p(99)<300ms", "availability>=99%"]
        sweep:
          parameters:
            workload.start_rate: [20/s, 60/s]
          seeds: 2

        """

    /// A fresh folder holding `tiny.yaml`.
    static func workspace() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cinesim-sweep-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try scenarioText.write(toFile: folder + "/tiny.yaml", atomically: true, encoding: .utf8)
        return folder
    }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    @Test func jobsDoNotChangeTheOutputAndShardsMergeToTheUnshardedResult() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let scenario = dir + "/tiny.yaml"
        let one = try SweepBinary.run(["sweep", scenario, "--jobs", "1", "--out", dir + "/j1"])
        #expect(one.exitCode == 0, "\(one.standardError)")
        let two = try SweepBinary.run(["sweep", scenario, "--jobs", "2", "--out", dir + "/j2"])
        #expect(two.exitCode == 0, "\(two.standardError)")
        let reference = try #require(Self.bytes(dir + "/j1/sweep.json"))
        #expect(Self.bytes(dir + "/j2/sweep.json") == reference)
        #expect(Self.bytes(dir + "/j2/sweep.html") == Self.bytes(dir + "/j1/sweep.html"))

        let result = try SweepResult.read(path: dir + "/j1/sweep.json")
        #expect(result.pointCount == 4 && result.isComplete)
        #expect(result.points.map(\.seed) == [11, 12, 11, 12])
        #expect(result.points.map { $0.values[0] } == ["20/s", "20/s", "60/s", "60/s"])
        for point in result.points {
            let summary = try SummaryJSON.load(path: dir + "/j1/" + point.summaryPath)
            #expect(summary.replay.seed == point.seed)
            #expect(summary.replay.overrides == ["workload.start_rate=\(point.values[0])", "seed=\(point.seed)"])
        }
        // A higher starting arrival rate (ramp 60→40/s vs 20→40/s) gives more requests per second.
        let total = result.cells.map { $0.routes.filter { $0.kind == .route }.map(\.throughputPerSecond.mean).reduce(0, +) }
        #expect(total[1] > total[0])

        for i in 0..<2 {
            let shard = try SweepBinary.run(["sweep", scenario, "--shard", "\(i)/2", "--out", dir + "/s\(i)"])
            #expect(shard.exitCode == 0, "\(shard.standardError)")
        }
        let partial = try SweepResult.read(path: dir + "/s1/sweep.json")
        #expect(partial.points.map(\.index) == [1, 3])
        let merged = try SweepBinary.run(["merge", dir + "/s0", dir + "/s1", "--out", dir + "/m"])
        #expect(merged.exitCode == 0, "\(merged.standardError)")
        #expect(Self.bytes(dir + "/m/sweep.json") == reference)
        #expect(Self.bytes(dir + "/m/sweep.csv") == Self.bytes(dir + "/j1/sweep.csv"))
        #expect(FileManager.default.fileExists(atPath: dir + "/m/" + result.points[3].summaryPath))
        let incomplete = try SweepBinary.run(["merge", dir + "/s0", "--out", dir + "/m2"])
        #expect(incomplete.exitCode == 2 && incomplete.standardError.contains("misses 2 of 4 points"))
    }

    @Test func invalidParamAndShardExitWithTwo() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let scenario = dir + "/tiny.yaml"
        let cases: [([String], String)] = [
            (["--param", "workload.start_rate"], "needs the form key.path=v1,v2"),
            (["--param", "workload.start_rate=10/s,,20/s"], "non-empty"),
            (["--param", "workload.nope=1,2"], "unknown key 'nope'"),
            (["--param", "workload.start_rate=fast"], "workload.start_rate"),
            (["--shard", "2/2"], "outside 0..<2"),
            (["--shard", "one/two"], "must be i/n"),
            (["--seeds", "0"], "--seeds must be at least 1"),
            (["--jobs", "0"], "--jobs must be at least 1"),
        ]
        for (arguments, message) in cases {
            let run = try SweepBinary.run(["sweep", scenario, "--out", dir + "/bad"] + arguments)
            #expect(run.exitCode == 2, "\(arguments)")
            #expect(run.standardError.contains(message), "\(arguments): \(run.standardError)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/bad/sweep.json"))
        let explore = try SweepBinary.run(["explore", scenario, "--seeds", "0", "--out", dir + "/bad"])
        #expect(explore.exitCode == 2 && explore.standardError.contains("--seeds must be at least 1"))
        let missing = try SweepBinary.run(["explore", dir + "/nope.yaml", "--seeds", "1", "--out", dir + "/bad"])
        #expect(missing.exitCode == 2 && missing.standardError.contains("cannot read the scenario file"))
        let merge = try SweepBinary.run(["merge", dir + "/nowhere", "--out", dir + "/bad"])
        #expect(merge.exitCode == 2 && merge.standardError.contains("cannot read"))
    }

    @Test func exploreWritesReproducibleScenariosPerSeed() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try SweepBinary.run(["explore", dir + "/tiny.yaml", "--seeds", "3", "--faults", "2", "--out", dir + "/ex"])
        #expect(run.exitCode == 0 || run.exitCode == 1, "\(run.standardError)")
        struct Report: Decodable {
            struct Seed: Decodable { var seed: UInt64; var scenarioFile: String; var command: String; var faults: [String]
                var brokenBudgets: [String]; var brokenInvariants: [String]; var reportFolder: String? }
            var seeds: [Seed]
        }
        let report = try JSONDecoder().decode(Report.self, from: try #require(Self.bytes(dir + "/ex/explore.json")))
        #expect(report.seeds.map(\.seed) == [1, 2, 3])
        let anyFailed = report.seeds.contains { !$0.brokenBudgets.isEmpty || !$0.brokenInvariants.isEmpty }
        #expect(run.exitCode == (anyFailed ? 1 : 0))
        for seed in report.seeds {
            #expect(seed.faults.count == 2)
            #expect(seed.command == "cinesim run \(seed.scenarioFile)")
            // The written file extends the original and loads with the generated faults.
            let loaded = try ScenarioLoader.load(file: seed.scenarioFile)
            #expect(loaded.seed == seed.seed && loaded.faults.count == 2)
            #expect(loaded.sourceFiles.last?.hasSuffix("tiny.yaml") == true)
            if let folder = seed.reportFolder {
                // Re-running the printed command gives the same verdicts.
                let replay = try SweepBinary.run(["run", seed.scenarioFile, "--out", dir + "/replay"])
                #expect(replay.exitCode == 1)
                let original = try SummaryJSON.load(path: folder + "/summary.json")
                let again = try SummaryJSON.load(path: folder.replacingOccurrences(of: dir + "/ex/runs", with: dir + "/replay") + "/summary.json")
                #expect(again.budgets == original.budgets && again.invariants == original.invariants && again.routes == original.routes)
            }
        }
        #expect(Self.bytes(dir + "/ex/explore.md") != nil)
    }

    /// With --baseline, a budget that fails without any random fault is reported as pre-existing,
    /// never as broken by the faults.
    @Test func exploreBaselineSeparatesPreexistingFailures() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "extends: tiny.yaml\nbudgets:\n  \"GET /api/funciones/{id}\": [\"p(99)<1us\"]\n".write(toFile: dir + "/strict.yaml", atomically: true, encoding: .utf8)
        let run = try SweepBinary.run(["explore", dir + "/strict.yaml", "--seeds", "2", "--faults", "1", "--baseline", "--out", dir + "/ex"])
        #expect(run.exitCode == 0 || run.exitCode == 1, "\(run.standardError)")
        struct Report: Decodable {
            struct Seed: Decodable { var brokenBudgets: [String]; var preexisting: [String] }
            var seeds: [Seed]
        }
        let report = try JSONDecoder().decode(Report.self, from: try #require(Self.bytes(dir + "/ex/explore.json")))
        #expect(report.seeds.count == 2)
        for seed in report.seeds {
            #expect(seed.preexisting.contains { $0.hasPrefix("GET /api/funciones/{id}: p(99)<1us") })
            #expect(!seed.brokenBudgets.contains { $0.hasPrefix("GET /api/funciones/{id}: p(99)<1us") })
        }
    }
}

/// Locates and runs the built `cinesim` executable (next to the test bundle, else
/// `.build/{debug,release}` of this package, else `$CINESIM_BINARY`).
enum SweepBinary {
    struct Run { var exitCode: Int32; var standardOutput: String; var standardError: String }

    static func locate(filePath: String = #filePath) -> URL? {
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["CINESIM_BINARY"] { candidates.append(URL(fileURLWithPath: override)) }
        for url in [Bundle.main.bundleURL, Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments.first ?? "")].compactMap({ $0 }) {
            var directory = url
            for _ in 0..<5 {
                directory = directory.deletingLastPathComponent()
                candidates.append(directory.appendingPathComponent("cinesim"))
            }
        }
        var root = URL(fileURLWithPath: filePath)
        for _ in 0..<4 { root = root.deletingLastPathComponent() }
        for configuration in ["debug", "release"] { candidates.append(root.appendingPathComponent(".build/\(configuration)/cinesim")) }
        return candidates.first { url in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && FileManager.default.isExecutableFile(atPath: url.path)
        }
    }

    struct NotFound: Error, CustomStringConvertible {
        var description: String { "cinesim executable not found; run `swift build --product cinesim` or set CINESIM_BINARY" }
    }

    static func run(_ arguments: [String]) throws -> Run {
        guard let binary = locate() else { throw NotFound() }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let files = ["out", "err"].map { FileManager.default.temporaryDirectory.appendingPathComponent("cinesim-sweep-\($0)-\(UUID().uuidString)") }
        for f in files { _ = FileManager.default.createFile(atPath: f.path, contents: nil) }
        defer { for f in files { try? FileManager.default.removeItem(at: f) } }
        let handles = try files.map { try FileHandle(forWritingTo: $0) }
        process.standardOutput = handles[0]
        process.standardError = handles[1]
        try process.run()
        process.waitUntilExit()
        for h in handles { try h.close() }
        let text = files.map { String(decoding: (try? Data(contentsOf: $0)) ?? Data(), as: UTF8.self) }
        return Run(exitCode: process.terminationStatus, standardOutput: text[0], standardError: text[1])
    }
}
