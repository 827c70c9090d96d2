import Foundation
import Telemetry

/// What `sweep.json` keeps of one point's run: its coordinates, the verdicts and the per-route
/// metrics the capacity curves need. The full run stays in the point's `summary.json`
/// (``summaryPath``). Wall-clock engine facts are left out so the file is byte-identical whatever
/// `--jobs` or sharding produced it.
public struct SweepPointResult: Codable, Sendable, Equatable {
    public var index: Int
    public var cell: Int
    public var values: [String]
    public var seed: UInt64
    /// The point's `summary.json`, relative to the sweep's output folder.
    public var summaryPath: String
    /// Failed budgets as `target: expression (observed)`, in the summary's order.
    public var failedBudgets: [String]
    /// Failed invariants as `name: detail`.
    public var failedInvariants: [String]
    public var seatsSold: Int
    public var seatsSoldPerSecond: Double
    public var oversold: Int
    /// Routes, services and journeys in the summary's order.
    public var routes: [SweepRouteMetrics]

    public init(point: SweepPoint, summaryPath: String, summary: RunSummary) {
        index = point.index; cell = point.cell; values = point.values; seed = point.seed
        self.summaryPath = summaryPath
        failedBudgets = summary.budgets.filter(\.failed).map { "\($0.label) (\($0.observed))" }
        failedInvariants = summary.invariants.filter { !$0.passed }.map { "\($0.name): \($0.detail)" }
        seatsSold = summary.seats.sold; seatsSoldPerSecond = summary.seats.soldPerSecond; oversold = summary.seats.oversold
        routes = summary.routes.map(SweepRouteMetrics.init)
    }

    /// Whether every budget and invariant passed.
    public var passed: Bool { failedBudgets.isEmpty && failedInvariants.isEmpty }
}

/// One route's (service's, journey's) numbers in one point.
public struct SweepRouteMetrics: Codable, Sendable, Equatable {
    public var kind: RouteSummary.Kind
    public var name: String
    public var count: Int
    public var availabilityPercent: Double
    public var p50Ms: Double
    public var p99Ms: Double
    public var throughputPerSecond: Double

    public init(_ route: RouteSummary) {
        kind = route.kind; name = route.name; count = route.count; availabilityPercent = route.availabilityPercent
        p50Ms = route.latency.p50Ms; p99Ms = route.latency.p99Ms; throughputPerSecond = route.throughputPerSecond
    }
}

/// The scenario a sweep ran.
public struct SweepScenario: Codable, Sendable, Equatable {
    public var name: String
    /// The scenario path as given on the command line.
    public var file: String
    /// FNV-1a 64 of the scenario's files (RunSummary's `scenario.fileHash`).
    public var fileHash: String
    /// `--set` overrides applied to every point (before the swept ones).
    public var overrides: [String]
    /// Targets of the scenario's budgets, in file order (charted first by default).
    public var budgetTargets: [String]
    public init(name: String, file: String, fileHash: String, overrides: [String], budgetTargets: [String] = []) {
        self.name = name; self.file = file; self.fileHash = fileHash; self.overrides = overrides; self.budgetTargets = budgetTargets
    }
}

/// `sweep.json`: the grid, which shard produced it (nil for a whole sweep or a merge), every
/// point's result ordered by index, and the capacity curves aggregated across seeds.
public struct SweepResult: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1
    public var schemaVersion: Int = SweepResult.currentSchemaVersion
    public var scenario: SweepScenario
    public var grid: SweepGrid
    public var pointCount: Int
    public var shard: ShardSelection?
    public var points: [SweepPointResult]
    /// Per grid cell and route: mean and 95 % confidence half-width across seeds (``SweepAggregation``).
    public var cells: [SweepCell]

    /// Builds a result; points are sorted by index and ``cells`` recomputed from them.
    public init(scenario: SweepScenario, grid: SweepGrid, shard: ShardSelection?, points: [SweepPointResult]) {
        self.scenario = scenario; self.grid = grid; self.pointCount = grid.pointCount; self.shard = shard
        self.points = points.sorted { $0.index < $1.index }
        self.cells = SweepAggregation.cells(grid: grid, points: self.points)
    }

    /// Whether every point of the grid is present.
    public var isComplete: Bool { points.count == pointCount && points.map(\.index) == Array(0..<pointCount) }

    /// Canonical bytes: sorted keys, pretty-printed, trailing newline.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// Reads a `sweep.json`. - Throws: ``SweepInputError`` for unreadable files or unknown schema versions.
    public static func read(path: String) throws -> SweepResult {
        guard let data = FileManager.default.contents(atPath: path) else { throw SweepInputError("cannot read \(path)") }
        let result: SweepResult
        do { result = try JSONDecoder().decode(SweepResult.self, from: data) } catch {
            throw SweepInputError("\(path) is not a sweep.json: \(error)")
        }
        guard result.schemaVersion == currentSchemaVersion else {
            throw SweepInputError("\(path) has sweep schema version \(result.schemaVersion); this cinesim reads \(currentSchemaVersion)")
        }
        return result
    }
}
