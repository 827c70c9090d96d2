import Testing
import Telemetry
@testable import Reports

@Suite struct TimeTicksAndLogAxisTests {
    /// Duration steps a reader recognises: a 10-minute run gets 2-minute ticks, not 200 s ones.
    @Test func timeTicksUseDurationSteps() {
        #expect(TimeTicks(durationSeconds: 600, maxTicks: 7).ticks == [0, 120, 240, 360, 480, 600])
        #expect(TimeTicks(durationSeconds: 900, maxTicks: 7).stepSeconds == 300)   // 15 min: 5 min ticks
        #expect(TimeTicks(durationSeconds: 15, maxTicks: 7).stepSeconds == 5)
        #expect(TimeTicks(durationSeconds: 7200, maxTicks: 7).stepSeconds == 1800)
        // 12m10s needs more than six 2-minute intervals, so 5-minute steps; the last tick falls short.
        #expect(TimeTicks(durationSeconds: 730, maxTicks: 7).ticks == [0, 300, 600])
        #expect(ChartUnit.time.label(120) == "2m")
    }

    /// A 30 s timeout next to a 20 ms steady state: the log axis spans whole decades and puts each
    /// value at its decade fraction.
    @Test func logarithmicAxisSpansDecadesAndPlacesValues() {
        let frame = TimeChartFrame(durationSeconds: 3, faults: [])
        let chart = LineChart(title: "t", unit: .milliseconds, bucketSeconds: 1,
                              series: [.init(name: "p99", color: "#000", values: [20, 30_000, 100])], frame: frame, yAxis: .logarithmic)
        #expect(chart.logDecades == 1...5)   // 10 ms … 100 s
        let svg = chart.svg(kind: "latency", subject: "r")
        for label in ["10 ms", "100 ms", "1 s", "10 s", "100 s"] { #expect(svg.contains(">\(label)</text>"), "tick \(label)") }
        // Bucket 2's midpoint x = 64 + 2.5/3 × 560 = 530.7; y of 100 ms is one of four decades up
        // from the bottom (30 + 176 = 206): 206 − 44 = 162.
        #expect(svg.contains(" 530.7,162\""))
        #expect(svg.contains("data-scale=\"log\"") && svg.contains("(log scale)"))
    }

    @Test func latencyChartsGoLogOnlyForWideRanges() {
        #expect(LineChart.YAxis.suggested(for: [12, 14, 15, 200]) == .linear)
        #expect(LineChart.YAxis.suggested(for: [12, 14, 15, 30_000]) == .logarithmic)
        #expect(LineChart.YAxis.suggested(for: []) == .linear)
    }
}
