import Foundation
import Reports
import Telemetry
import Testing

@Suite("Sweep results: aggregation across seeds, merge, renderers")
struct SweepResultTests {
    static let grid = try! SweepGrid(parameters: [SweepParameter(path: "workload.stages.0.target", values: ["100/s", "200/s"])], seeds: [1, 2, 3])
    static let scenario = SweepScenario(name: "premiere-on-sale", file: "scenarios/premiere-on-sale.yaml", fileHash: "0123456789abcdef",
                                        overrides: [], budgetTargets: ["POST /api/compras"])

    /// Point i gets a purchase p99 of 100 + 10·i ms, so each cell's sample is three consecutive values.
    static func pointResults() -> [SweepPointResult] {
        grid.points.map { point in
            let summary = ReportFixtures.summary(seed: point.seed, purchaseP99: 100 + 10 * Double(point.index), invariantsPass: point.index != 4)
            return SweepPointResult(point: point, summaryPath: "points/\(point.folderName)/summary.json", summary: summary)
        }
    }

    @Test func estimateIsMeanWithStudentTHalfWidth() {
        let e = SweepEstimate([1, 2, 3])
        // s = 1, t(0.975, 2) = 4.303 (Student t table), half-width = 4.303 / √3 = 2.484.
        #expect(e.n == 3 && e.mean == 2 && e.min == 1 && e.max == 3)
        #expect(abs(e.halfWidth95 - 4.302_653 / 3.0.squareRoot()) < 1e-3)
        #expect(SweepEstimate([5]).halfWidth95 == 0)
        #expect(SweepEstimate([]).n == 0)
    }

    @Test func cellsAggregateTheirSeeds() {
        let result = SweepResult(scenario: Self.scenario, grid: Self.grid, shard: nil, points: Self.pointResults())
        #expect(result.isComplete)
        #expect(result.cells.count == 2)
        let purchase0 = result.cells[0].routes.first { $0.name == "POST /api/compras" }!
        let purchase1 = result.cells[1].routes.first { $0.name == "POST /api/compras" }!
        #expect(purchase0.p99Ms.mean == 110 && purchase0.p99Ms.min == 100 && purchase0.p99Ms.max == 120)
        #expect(purchase1.p99Ms.mean == 140)
        // s = 10 → half-width = 4.303 · 10 / √3 = 24.84 ms.
        #expect(abs(purchase1.p99Ms.halfWidth95 - 24.84) < 0.01)
        #expect(result.cells[0].failedPoints == 3 && result.cells[1].failedPoints == 3) // the fixture fails one budget everywhere
        #expect(result.cells[0].seatsSoldPerSecond.mean == 27.3)
        #expect(result.points[4].failedInvariants == ["no-seat-sold-twice: 3 seats confirmed twice"])
    }

    @Test func mergingShardsGivesTheUnshardedBytes() throws {
        let all = Self.pointResults()
        let whole = SweepResult(scenario: Self.scenario, grid: Self.grid, shard: nil, points: all)
        let parts = try (0..<4).map { i in
            let shard = try ShardSelection(index: i, count: 4)
            let indices = shard.indices(pointCount: Self.grid.pointCount)
            return SweepResult(scenario: Self.scenario, grid: Self.grid, shard: shard, points: all.filter { indices.contains($0.index) })
        }
        #expect(!parts[0].isComplete)
        let merged = try SweepMerge.merge(parts.reversed())
        #expect(merged == whole)
        #expect(try merged.encoded() == whole.encoded())
        #expect(try SweepResult(scenario: Self.scenario, grid: Self.grid, shard: nil, points: all.reversed()).encoded() == whole.encoded())
    }

    @Test func mergeRejectsMissingPointsAndForeignSweeps() throws {
        let all = Self.pointResults()
        let partial = SweepResult(scenario: Self.scenario, grid: Self.grid, shard: try ShardSelection(index: 0, count: 2), points: all.filter { $0.index % 2 == 0 })
        #expect(throws: SweepInputError.self) { try SweepMerge.merge([partial]) }
        #expect(try SweepMerge.merge([partial], requireComplete: false).points.count == 3)
        var other = Self.scenario
        other.fileHash = "fedcba9876543210"
        let foreign = SweepResult(scenario: other, grid: Self.grid, shard: nil, points: all)
        #expect(throws: SweepInputError.self) { try SweepMerge.merge([partial, foreign]) }
        #expect(throws: SweepInputError.self) { try SweepMerge.merge([]) }
        // Another worker's path to the same file (same hash) merges.
        var moved = Self.scenario
        moved.file = "/mnt/work/scenarios/premiere-on-sale.yaml"
        let rest = SweepResult(scenario: moved, grid: Self.grid, shard: try ShardSelection(index: 1, count: 2), points: all.filter { $0.index % 2 == 1 })
        #expect(try SweepMerge.merge([partial, rest]).scenario.file == "scenarios/premiere-on-sale.yaml")
    }

    @Test func renderersShowCurvesTablesAndCSVRows() throws {
        let result = SweepResult(scenario: Self.scenario, grid: Self.grid, shard: nil, points: Self.pointResults())
        #expect(SweepReport.chartedRoutes(result).first == "POST /api/compras")
        let csv = SweepReport.csv(result).split(separator: "\n")
        // Header + 2 cells × 5 route/service/journey entries.
        #expect(csv.count == 1 + 2 * 5)
        #expect(csv[0].hasPrefix("cell,workload.stages.0.target,seeds,failed_points,kind,route,p99_ms_mean"))
        #expect(csv.contains { $0.hasPrefix("1,200/s,3,3,route,POST /api/compras,140,24.84") })
        let html = SweepReport.html(result)
        #expect(html.contains("data-chart=\"capacity\" data-subject=\"POST /api/compras p99 latency\""))
        #expect(html.contains("data-subject=\"seats sold per second\""))
        #expect(!html.contains("http://") && !html.contains("https://"))
        let md = SweepReport.markdown(result)
        #expect(md.contains("| 200/s | 3 | 140 ± 24.8 |"))
        #expect(md.contains("point 4 (workload.stages.0.target=200/s, seed 2)"))
        let decoded = try JSONDecoder().decode(SweepResult.self, from: result.encoded())
        #expect(decoded == result)
    }
}
