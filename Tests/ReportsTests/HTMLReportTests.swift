import Foundation
import Testing
import Telemetry
@testable import Reports

@Suite struct HTMLReportTests {
    static let html = HTMLReport.html(ReportFixtures.artifacts())

    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func isSelfContained() {
        let h = Self.html.lowercased()
        for forbidden in ["http://", "https://", "<script", " src=", "<link", "@import", "url(http", "url(//", "xmlns"] {
            #expect(!h.contains(forbidden), "report.html must not contain \(forbidden)")
        }
        #expect(h.hasPrefix("<!doctype html>") && h.contains("<meta name=\"viewport\""))
    }

    @Test func hasOneThroughputAndOneLatencyChartPerRoute() {
        let h = Self.html
        #expect(count("data-chart=\"latency\"", in: h) == ReportFixtures.routes.count)
        #expect(count("data-chart=\"throughput\"", in: h) == ReportFixtures.routes.count)
        for r in ReportFixtures.routes {
            #expect(h.contains("data-chart=\"latency\" data-subject=\"\(r)\""))
        }
        // Each latency chart draws p50, p95 and p99.
        #expect(count("data-series=\"p99\"", in: h) == ReportFixtures.routes.count)
        // The purchase chart shows its percentile budget as a reference line.
        #expect(h.contains(">p(99)&lt;800ms</text>"))
    }

    @Test func everyTimeChartShadesTheFault() {
        let h = Self.html
        let kinds = ["throughput", "latency", "breakers", "utilisation", "queue", "seats", "dead-instances"]
        let timeCharts = kinds.reduce(0) { $0 + count("data-chart=\"\($1)\"", in: h) }
        #expect(timeCharts == 2 * ReportFixtures.routes.count + 5)
        #expect(count("<g class=\"faults\">", in: h) == timeCharts)
        #expect(count("<title>fault kill on compra-command-2 from 20s to 30s</title>", in: h) == timeCharts)
    }

    @Test func showsCardsTablesClusterViewAndTopology() {
        let h = Self.html
        for card in ["availability", "seats", "purchase-p99", "invariants", "budgets"] { #expect(h.contains("data-card=\"\(card)\"")) }
        #expect(h.contains("<div class=\"value\">412ms</div>"))
        #expect(h.contains("<div class=\"value\">2/3</div>")) // budgets
        // Turbine view: gateway-1 recovered, gateway-2 still open → "Open 1 Closed 1", peak 2 open at once.
        #expect(h.contains("Circuit Open 1 Closed 1"))
        #expect(h.contains("peak open 2"))
        #expect(h.contains("data-chart=\"topology\"") && h.contains(">shard-2</text>"))
        #expect(h.contains("data-table=\"budgets\"") && h.contains("<td class=\"bad\">FAIL</td><td><code>POST /api/compras</code></td><td><code>p(99)&lt;1ms</code></td><td>10s..50s</td><td>2s</td>"))
        #expect(h.contains("data-chart=\"utilisation\"") && h.contains("data-chart=\"queue\"") && h.contains("data-chart=\"outcomes\""))
    }

    @Test func breakerLanesFollowTransitions() {
        let lanes = HTMLReport.breakerLanes(ReportFixtures.summary())
        #expect(lanes.map(\.name) == ["compra-command @ gateway-1", "compra-command @ gateway-2"])
        #expect(lanes[0].segments == [.init(startSeconds: 0, endSeconds: 22, state: "closed"), .init(startSeconds: 22, endSeconds: 27, state: "open"),
                                      .init(startSeconds: 27, endSeconds: 27.1, state: "half-open"), .init(startSeconds: 27.1, endSeconds: 60, state: "closed")])
    }

    @Test func importantSectionsAndRoutesComeFirst() {
        let h = Self.html
        func at(_ needle: String) -> String.Index { h.range(of: needle)?.lowerBound ?? h.endIndex }
        // Cards, contents, verdicts and outcomes precede the per-route panels.
        #expect(at("data-card=\"availability\"") < at("<nav class=\"toc\""))
        #expect(at("<nav class=\"toc\"") < at("<section id=\"verdicts\">"))
        #expect(at("<section id=\"verdicts\">") < at("<section id=\"outcomes\">"))
        #expect(at("<section id=\"outcomes\">") < at("<section id=\"routes\">"))
        #expect(h.contains("<a href=\"#route-1\">POST /api/compras</a>"))
        // POST /api/compras has budgets → first; then by count (all 1000 here), then by name.
        var s = ReportFixtures.summary()
        s.routes[0].count = 50      // GET /api/funciones
        s.routes[2].count = 5000    // POST /oauth/token
        #expect(HTMLReport.chartedRoutes(s).map(\.name) == ["POST /api/compras", "POST /oauth/token", "GET /api/funciones"])
        #expect(HTMLReport.chartedRoutes(ReportFixtures.summary()).map(\.name) == ["POST /api/compras", "GET /api/funciones", "POST /oauth/token"])
        // Outcome bars follow the same order (journeys are not budgeted here; all counts 1000 → by name).
        let bars = HTMLReport.byImportance(ReportFixtures.summary().routes.filter { $0.kind != .service }, ReportFixtures.summary())
        #expect(bars.map(\.name) == ["POST /api/compras", "GET /api/funciones", "POST /oauth/token", "buy-tickets"])
    }

    @Test func smallFailureSharesAreVisibleAndLabelled() {
        // 990 success, 4 degraded, 3 5xx, 3 shed of 1000: 0.6 % failed; 3 px minimum for the 0.3 % parts.
        #expect(Self.html.contains(">0.6% failed</text>"))
        let w = StackedBarChart.widths([990, 4, 0, 0, 3, 3], plot: 1000, minimum: 3)
        #expect(w[1] == 4 && w[2] == 0 && w[3] == 0 && w[4] == 3 && w[5] == 3)          // 0.3 % of 1000 px = 3 px already
        let thin = StackedBarChart.widths([998, 0, 0, 0, 1, 1], plot: 500, minimum: 3)  // 0.5 px each → 3 px
        #expect(thin[4] == 3 && thin[5] == 3 && abs(thin[0] - (499 - 5)) < 1e-9)
        #expect(abs(thin.reduce(0, +) - 500) < 1e-9)
    }

    @Test func emptyQueuesGetANoteNotABlankMap() {
        var a = ReportFixtures.artifacts()
        a.timeSeries.series = a.timeSeries.series.map { series in
            var series = series
            if series.metric == .queueLength { series.values = series.values.map { _ in 0 } }
            return series
        }
        let h = HTMLReport.html(a)
        #expect(!h.contains("data-chart=\"queue\""))
        #expect(h.contains("no queueing recorded — every instance's queue stayed empty for the whole run (1 instances)."))
        #expect(Self.html.contains("data-chart=\"queue\""))
    }

    @Test func warmupIsShadedOnEveryTimeChart() {
        // Fixture: 60 s run, 5 s warm-up; 3 routes × 2 charts + breakers, utilisation, queue, seats, dead instances.
        #expect(count("<g class=\"warmup\">", in: Self.html) == 2 * ReportFixtures.routes.count + 5)
        #expect(Self.html.contains("<title>warm-up 0s to 5s: excluded from the summary numbers</title>"))
        let frame = TimeChartFrame(durationSeconds: 60, faults: [], warmupSeconds: 0)
        #expect(frame.warmupShading().isEmpty)
    }

    @Test func engineFiguresStayOnOneLabelledLine() {
        var a = ReportFixtures.artifacts()
        a.summary.engine = EngineStats(wallSeconds: 9.5, events: 100_000, eventsPerSecond: 10_526, simulatedRequestsPerSecond: 300, simulatedToRealRatio: 6.3)
        let other = HTMLReport.html(a)
        let differing = zip(Self.html.split(separator: "\n"), other.split(separator: "\n")).filter { $0.0 != $0.1 }
        #expect(differing.count == 1)
        #expect(differing.first?.0.contains("engine (varies between runs, not a result)") == true)
    }

    @Test func isDeterministic() {
        #expect(HTMLReport.html(ReportFixtures.artifacts()) == Self.html)
    }

    /// Writes the fixture report where `scripts/render-report-png.sh` (and a human) can look at it,
    /// when CINESIM_DEMO_REPORT_DIR is set; otherwise checks the rendered files only.
    @Test func writesDemoReportWhenAsked() throws {
        let files = try ReportWriter.render(ReportFixtures.artifacts())
        #expect(files.map(\.name) == ReportWriter.fileNames)
        if let dir = ProcessInfo.processInfo.environment["CINESIM_DEMO_REPORT_DIR"] {
            try ReportWriter.writeDirectory(files, to: dir)
            #expect(FileManager.default.fileExists(atPath: dir + "/report.html"))
        }
    }
}
