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
