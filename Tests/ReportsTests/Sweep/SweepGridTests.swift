import Reports
import Scenarios
import Testing

@Suite("Sweep grid, shards and input parsing")
struct SweepGridTests {
    let grid = try! SweepGrid(parameters: [SweepParameter(path: "workload.stages.0.target", values: ["100/s", "200/s", "400/s"]),
                                           SweepParameter(path: "topology.services.compra-command.instances", values: ["2", "4"])],
                              seeds: [7, 8])

    @Test func expandsFirstParameterSlowestAndSeedsInnermost() {
        #expect(grid.cellCount == 6)
        #expect(grid.pointCount == 12)
        let points = grid.points
        #expect(points.map(\.index) == Array(0..<12))
        #expect(points[0].values == ["100/s", "2"] && points[0].seed == 7)
        #expect(points[1].values == ["100/s", "2"] && points[1].seed == 8)
        #expect(points[2].values == ["100/s", "4"] && points[2].seed == 7)
        #expect(points[4].values == ["200/s", "2"] && points[4].cell == 2)
        #expect(points[11].values == ["400/s", "4"] && points[11].seed == 8 && points[11].cell == 5)
        #expect(points[3].overrides(parameters: grid.parameters)
                == ["workload.stages.0.target=100/s", "topology.services.compra-command.instances=4", "seed=8"])
        #expect(points[11].folderName == "p0011")
    }

    @Test func noParametersMeansOneCellPerSeed() throws {
        let seedsOnly = try SweepGrid(parameters: [], seeds: [1, 2, 3])
        #expect(seedsOnly.cellCount == 1 && seedsOnly.pointCount == 3)
        #expect(seedsOnly.points.map(\.seed) == [1, 2, 3])
        #expect(seedsOnly.point(2).overrides(parameters: []) == ["seed=3"])
    }

    @Test func commandLineParameterReplacesSectionParameterOfSamePath() throws {
        let section = SweepSpec(parameters: [.init(path: "a.b", values: ["1", "2"]), .init(path: "c", values: ["x"])], seeds: 3)
        let resolved = try SweepGrid.resolve(section: section, commandLine: [SweepParameter(path: "a.b", values: ["9"]), SweepParameter(path: "d", values: ["y", "z"])],
                                             seedCount: nil, baseSeed: 40)
        #expect(resolved.parameters.map(\.path) == ["a.b", "c", "d"])
        #expect(resolved.parameters[0].values == ["9"])
        #expect(resolved.seeds == [40, 41, 42])
        #expect(try SweepGrid.resolve(section: section, commandLine: [], seedCount: 1, baseSeed: 5).seeds == [5])
        #expect(try SweepGrid.resolve(section: nil, commandLine: [], seedCount: nil, baseSeed: 5).seeds == [5])
    }

    @Test func parsesParamAndRejectsMalformedOnes() throws {
        let p = try SweepParameter(parsing: "workload.stages.0.target=100/s, 200/s")
        #expect(p.path == "workload.stages.0.target" && p.values == ["100/s", "200/s"])
        for bad in ["workload.stages.0.target", "=1,2", "a.b=", "a.b=1,,2", ".a=1", "a..b=1"] {
            #expect(throws: SweepInputError.self) { try SweepParameter(parsing: bad) }
        }
        #expect(throws: SweepInputError.self) { try SweepGrid(parameters: [.init(path: "a", values: ["1"]), .init(path: "a", values: ["2"])], seeds: [1]) }
        #expect(throws: SweepInputError.self) { try SweepGrid(parameters: [], seeds: []) }
    }

    @Test func shardSelectsEveryNthPointFromItsIndex() throws {
        #expect(try ShardSelection(parsing: "1/3").indices(pointCount: 10) == [1, 4, 7])
        #expect(try ShardSelection(parsing: "0/1").indices(pointCount: 4) == [0, 1, 2, 3])
        #expect(try ShardSelection(parsing: "5/8").indices(pointCount: 4) == [])
        for bad in ["3/3", "-1/2", "a/b", "1", "1/0", "1/2/3", ""] {
            #expect(throws: SweepInputError.self) { try ShardSelection(parsing: bad) }
        }
    }

    /// Exhaustive over small sizes: the shards of any split cover every point exactly once.
    @Test func shardsPartitionThePoints() throws {
        for pointCount in 0...60 {
            for shardCount in 1...9 {
                let all = try (0..<shardCount).flatMap { try ShardSelection(index: $0, count: shardCount).indices(pointCount: pointCount) }
                #expect(all.sorted() == Array(0..<pointCount))
            }
        }
    }

    @Test func axisIsNumericForRatesDurationsAndNumbersElseCategorical() {
        #expect(SweepAxis(parameter: .init(path: "r", values: ["100/s", "2/ms", "60/m"])).positions == [100, 2000, 1])
        #expect(SweepAxis(parameter: .init(path: "d", values: ["250ms", "1s", "2m"])).positions == [0.25, 1, 120])
        #expect(SweepAxis(parameter: .init(path: "n", values: ["2", "4", "8"])).positions == [2, 4, 8])
        let categorical = SweepAxis(parameter: .init(path: "s", values: ["atomic", "read-then-write"]))
        #expect(!categorical.isNumeric && categorical.positions == [0, 1])
        // Repeated numeric values cannot be told apart on a numeric axis.
        #expect(!SweepAxis(parameter: .init(path: "m", values: ["1s", "1000ms"])).isNumeric)
    }

    static let minimalScenario = """
        name: s
        duration: 10s
        workload: {start_rate: 10/s}

        """

    @Test func scenarioSweepSectionDecodesInFileOrder() throws {
        let scenario = try ScenarioLoader.load(yaml: Self.minimalScenario + """
            sweep:
              parameters:
                workload.start_rate: [10/s, 20/s]
                topology.services.compra-command.instances: [2, 4, 8]
              seeds: 5
            """)
        #expect(scenario.sweep == SweepSpec(parameters: [.init(path: "workload.start_rate", values: ["10/s", "20/s"]),
                                                         .init(path: "topology.services.compra-command.instances", values: ["2", "4", "8"])], seeds: 5))
        #expect(try ScenarioLoader.load(yaml: Self.minimalScenario).sweep == nil)
    }

    @Test func scenarioSweepSectionRejectsTyposAndEmptyLists() {
        for bad in ["sweep: {seed: 3}", "sweep: {parameters: {workload.start_rate: []}}", "sweep: {seeds: 0}", "sweep: {parameters: [a, b]}"] {
            #expect(throws: ScenarioError.self, "\(bad)") { try ScenarioLoader.load(yaml: Self.minimalScenario + bad + "\n") }
        }
    }
}
