import Testing
import Telemetry
@testable import Reports

@Suite struct ChartTests {
    /// Heckbert's examples: 1/2/5 × 10ᵏ steps covering the data.
    @Test func niceScalesUseOneTwoFiveSteps() {
        let a = NiceScale(min: 0, max: 97, maxTicks: 6)
        #expect(a.ticks == [0, 20, 40, 60, 80, 100])
        let b = NiceScale(min: 0, max: 1, maxTicks: 6)
        #expect(b.step == 0.2 && b.ticks.count == 6 && b.ticks.last == 1)
        // range nice(2140) = 5000, step nice(5000 / 4 = 1250, rounded) = 1000.
        let c = NiceScale(min: 0, max: 2140, maxTicks: 5)
        #expect(c.step == 1000 && c.upper == 3000)
        let flat = NiceScale(min: 0, max: 0)
        #expect(flat.upper > flat.lower)
        let time = NiceScale(min: 0, max: 600, maxTicks: 7)
        #expect(time.ticks == [0, 200, 400, 600]) // step nice(1000 / 6 ≈ 167, rounded) = 200
    }

    @Test func tickLabelsCarryUnits() {
        #expect(ChartUnit.milliseconds.label(250) == "250 ms")
        #expect(ChartUnit.milliseconds.label(1500) == "1.5 s")
        #expect(ChartUnit.percent.label(99.5) == "99.5%")
        #expect(ChartUnit.perSecond.label(12_000) == "12k/s")
        #expect(ChartUnit.time.label(90) == "1m30s")
        #expect(ChartUnit.time.label(0) == "0")
    }

    @Test func lineChartPlacesPointsAtBucketMidpointsAndBreaksOnGaps() {
        let frame = TimeChartFrame(durationSeconds: 4, faults: [FaultWindow(kind: "latency", target: "mongos", startSeconds: 1, endSeconds: 2)])
        let chart = LineChart(title: "t", unit: .milliseconds, bucketSeconds: 1,
                              series: [.init(name: "p99", color: "#000", values: [100, 200, nil, 400])], frame: frame)
        let svg = chart.svg(kind: "latency", subject: "r")
        #expect(chart.scale.upper == 500)
        // x of bucket i's midpoint: left 64 + (i + 0.5)/4 × plot width 560; y of 100 ms on 0…500: 30 + 176 − 35.2 = 170.8
        #expect(svg.contains("points=\"134,170.8 274,135.6\""))
        #expect(svg.contains("<circle cx=\"554\" cy=\"65.2\"")) // the lone point after the gap
        #expect(svg.contains("<rect x=\"204\" y=\"30\" width=\"140\" height=\"176\" fill=\"#D55E00\" fill-opacity=\"0.13\">"))
        #expect(svg.contains(">p99</text>") && svg.contains(">500 ms</text>"))
    }

    @Test func emptyChartsSayNoData() {
        let chart = LineChart(title: "t", unit: .count, bucketSeconds: 1, series: [.init(name: "x", color: "#000", values: [nil, nil])],
                              frame: TimeChartFrame(durationSeconds: 2, faults: []))
        #expect(chart.svg(kind: "k").contains("no data recorded"))
    }

    @Test func heatMapColoursRunFromPaleToDarkToHot() {
        #expect(HeatMap.color(0) == "#f7fbff")
        #expect(HeatMap.color(0.85) == "#08306b")
        #expect(HeatMap.color(1) == "#d55e00")
    }

    @Test func topologyLayersFollowLongestPath() {
        let d = TopologyDiagram(edges: ReportFixtures.artifacts().topologyEdges)
        let layer = Dictionary(uniqueKeysWithValues: d.layers().map { ($0.name, $0.layer) })
        #expect(layer["edge-balancer"] == 0 && layer["frontend"] == 1 && layer["gateway"] == 2)
        #expect(layer["compra-command"] == 3 && layer["mongos"] == 4 && layer["shard-2"] == 5 && layer["eureka"] == 4)
        // A cycle terminates.
        let cyclic = TopologyDiagram(edges: [TopologyEdge(from: "a", to: "b"), TopologyEdge(from: "b", to: "a")])
        #expect(cyclic.layers().count == 2)
    }
}
