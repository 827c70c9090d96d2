import Foundation
import Telemetry

/// Runs sweep points as child processes of the `cinesim` binary (`cinesim run <scenario> --set …
/// --out <out>/points/pNNNN`), at most ``jobs`` at a time. Concurrency is across runs only: each run
/// is one single-threaded deterministic simulation, so the results do not depend on ``jobs``.
public struct SweepExecutor {
    /// The `cinesim` executable (normally this process's own binary).
    public var binary: URL
    public var scenarioFile: String
    /// `--set` overrides for every point, applied before the swept values.
    public var baseOverrides: [String]
    public var grid: SweepGrid
    /// The sweep's output folder; point `i` runs under `<outFolder>/points/<folderName>/`.
    public var outFolder: String
    public var jobs: Int
    /// Called after each finished point with (finished, total).
    public var progress: ((Int, Int) -> Void)?

    public init(binary: URL, scenarioFile: String, baseOverrides: [String], grid: SweepGrid, outFolder: String, jobs: Int,
                progress: ((Int, Int) -> Void)? = nil) {
        self.binary = binary; self.scenarioFile = scenarioFile; self.baseOverrides = baseOverrides; self.grid = grid
        self.outFolder = outFolder; self.jobs = max(1, jobs); self.progress = progress
    }

    /// A child run that did not produce a summary (crash, invalid scenario for this point).
    public struct PointFailure: Error, CustomStringConvertible {
        public var point: SweepPoint
        public var exitCode: Int32
        public var standardError: String
        public var description: String {
            "sweep point \(point.index) (seed \(point.seed), values \(point.values.joined(separator: ", "))) failed with exit code \(exitCode):\n\(standardError)"
        }
    }

    /// The command-line arguments of point `point`'s child run.
    public func arguments(for point: SweepPoint) -> [String] {
        let overrides = baseOverrides + point.overrides(parameters: grid.parameters)
        return ["run", scenarioFile] + overrides.flatMap { ["--set", $0] } + ["--out", pointRoot(point)]
    }

    func pointRoot(_ point: SweepPoint) -> String { outFolder + "/points/" + point.folderName }

    /// Runs `points` (any subset, e.g. one shard) and returns their results in the order given.
    /// A child's exit code 1 (a budget or invariant failed) is a normal result.
    /// - Throws: ``PointFailure`` for any other exit code or a missing summary; file-system errors.
    public func run(points: [SweepPoint]) throws -> [SweepPointResult] {
        var results: [Int: SweepPointResult] = [:]
        var running: [(point: SweepPoint, process: Process, errorFile: String)] = []
        var next = 0
        var finished = 0
        defer { for r in running where r.process.isRunning { r.process.terminate() } }
        while next < points.count || !running.isEmpty {
            while running.count < jobs && next < points.count {
                let point = points[next]
                next += 1
                running.append(try launch(point))
            }
            let (point, process, errorFile) = running.removeFirst()
            process.waitUntilExit()
            let standardError = (try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(atPath: errorFile)
            let status = process.terminationStatus
            guard process.terminationReason == .exit, status == 0 || status == 1,
                  let summaryPath = Self.findSummary(under: pointRoot(point)) else {
                throw PointFailure(point: point, exitCode: status, standardError: standardError)
            }
            let summary = try SummaryJSON.load(path: summaryPath)
            let relative = String(summaryPath.dropFirst(outFolder.count + 1))
            results[point.index] = SweepPointResult(point: point, summaryPath: relative, summary: summary)
            finished += 1
            progress?(finished, points.count)
        }
        return points.map { results[$0.index]! }
    }

    func launch(_ point: SweepPoint) throws -> (point: SweepPoint, process: Process, errorFile: String) {
        let root = pointRoot(point)
        // A stale folder from an earlier sweep would leave two summaries to choose from.
        try? FileManager.default.removeItem(atPath: root)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let errorFile = outFolder + "/points/" + point.folderName + ".stderr"
        _ = FileManager.default.createFile(atPath: errorFile, contents: nil)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments(for: point)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorFile))
        try process.run()
        return (point, process, errorFile)
    }

    /// The single `summary.json` below `folder` (the run writes `<scenario>/<run-id>/summary.json`).
    static func findSummary(under folder: String) -> String? {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return nil }
        var found: [String] = []
        while let path = enumerator.nextObject() as? String {
            if (path as NSString).lastPathComponent == "summary.json" { found.append(path) }
        }
        return found.count == 1 ? folder + "/" + found[0] : nil
    }
}
