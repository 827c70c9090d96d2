import Testing
import Telemetry
@testable import Reports

/// The report's headline (new user, item 5): the seat-hold card says it is the hold, throughput says
/// what it averages, and a seat-sale collapse shows at the top.
@Suite struct HeadlineCardTests {
    /// 120 one-second buckets, no warm-up: 10 seats/s for the first minute, then 1 seat/s.
    static func series(collapse: Bool) -> RunTimeSeries {
        var sold: [Double] = [], total = 0.0
        for i in 0..<120 { total += i < 60 || !collapse ? 10 : 1; sold.append(total) }
        let throughput = (0..<120).map { i in i < 30 ? Double(i) : 30.0 }   // ramp to 30/s over 30 s
        return RunTimeSeries(bucketSeconds: 1, bucketCount: 120, series: [
            .init(metric: .seatsSold, subject: "all", values: sold),
            .init(metric: .throughputPerSecond, subject: "POST /api/compras", values: throughput),
        ])
    }

    static func summary() -> RunSummary {
        var s = ReportFixtures.summary()
        s.window = RunWindow(durationSeconds: 120, warmupSeconds: 0, bucketSeconds: 1)
        s.routes = [ReportFixtures.route("POST /api/compras", throughput: 26.4)]
        return s
    }

    @Test func seatSalesCardShowsTheLastMinuteAgainstThePeak() {
        let h = HTMLReport.cards(Self.summary(), timeSeries: Self.series(collapse: true))
        #expect(h.contains("<div class=\"card bad\" data-card=\"seat-sales\"><div class=\"label\">Seat sales (last 60 s)</div><div class=\"value\">1/s</div>"))
        #expect(h.contains("peak 60 s 10/s"))
        let steady = HTMLReport.cards(Self.summary(), timeSeries: Self.series(collapse: false))
        #expect(steady.contains("<div class=\"card\" data-card=\"seat-sales\"><div class=\"label\">Seat sales (last 60 s)</div><div class=\"value\">10/s</div>"))
    }

    @Test func holdAndThroughputCardsSayWhatTheyMeasure() {
        let h = HTMLReport.cards(Self.summary(), timeSeries: Self.series(collapse: false))
        #expect(h.contains("<div class=\"label\">Seat hold p99</div>"))
        // Mean over the run 26.4/s (the summary's figure); the best minute after the ramp is 30/s.
        #expect(h.contains("<div class=\"label\">Throughput (mean)</div><div class=\"value\">26/s</div>"))
        #expect(h.contains("ramp included) · peak 60 s 30/s · 1 routes"))
    }
}
