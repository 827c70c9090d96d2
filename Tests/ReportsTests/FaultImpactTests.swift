import Foundation
import Testing
import SimulationPrimitives
import Telemetry
@testable import Reports

/// "During the faults" (issue 7, new user): per fault window, the most affected routes and
/// journeys with requests, availability, failures by outcome, worst-bucket p99 and recovery time,
/// all computed from a hand-built time series whose expected values follow by arithmetic.
@Suite struct FaultImpactTests {
    /// 60 one-second buckets, warm-up 5 s, a kill fault over [20 s, 30 s) (ReportFixtures.summary).
    /// - `POST /api/compras`: 10 requests/bucket; one 5xx in bucket 15 (pre-fault share 1/150 =
    ///   0.667 % over buckets 5…19); in buckets 20…29, 6 × 5xx and 2 × timeout per bucket; after the
    ///   end 5 failures in bucket 30, 3 in 31, none from 32; p99 50 ms except 900 ms in bucket 25.
    /// - `GET /api/funciones`: 20 requests/bucket, never fails, p99 100 ms.
    /// - `buy-tickets` (journey): 5 requests/bucket, one 4xx per bucket during the fault.
    static func series() -> RunTimeSeries {
        let n = 60
        func values(_ f: (Int) -> Double) -> [Double] { (0..<n).map(f) }
        let during = 20..<30
        let series: [RunTimeSeries.Series] = [
            .init(metric: .throughputPerSecond, subject: "POST /api/compras", values: values { _ in 10 }),
            .init(metric: .failures5xx, subject: "POST /api/compras", values: values { i in i == 15 ? 1 : during.contains(i) ? 6 : i == 30 ? 5 : i == 31 ? 3 : 0 }),
            .init(metric: .failuresClientTimeout, subject: "POST /api/compras", values: values { i in during.contains(i) ? 2 : 0 }),
            .init(metric: .latencyP99Ms, subject: "POST /api/compras", values: values { i in i == 25 ? 900 : 50 }),
            .init(metric: .throughputPerSecond, subject: "GET /api/funciones", values: values { _ in 20 }),
            .init(metric: .latencyP99Ms, subject: "GET /api/funciones", values: values { _ in 100 }),
            .init(metric: .throughputPerSecond, subject: "buy-tickets", values: values { _ in 5 }),
            .init(metric: .failures4xx, subject: "buy-tickets", values: values { i in during.contains(i) ? 1 : 0 }),
            .init(metric: .latencyP99Ms, subject: "buy-tickets", values: values { _ in 300 }),
        ]
        return RunTimeSeries(bucketSeconds: 1, bucketCount: n, series: series)
    }

    @Test func measuresEachRouteDuringTheFaultWindow() throws {
        let impacts = FaultImpact.analyse(ReportFixtures.summary(), Self.series())
        #expect(impacts.count == 1)
        let impact = impacts[0]
        #expect(impact.windowStartSeconds == 20 && impact.windowEndSeconds == 30)
        // Sorted by failures: compras (80), buy-tickets (10), funciones (0); POST /oauth/token has no series.
        #expect(impact.subjects.map(\.name) == ["POST /api/compras", "buy-tickets", "GET /api/funciones"])
        let compras = impact.subjects[0]
        #expect(compras.requests == 100 && compras.failures == 80)
        #expect(compras.failuresByOutcome.map(\.label) == ["timeout", "5xx"] && compras.failuresByOutcome.map(\.count) == [20, 60])
        #expect(compras.availabilityPercent == 20)
        #expect(compras.worstBucketP99Ms == 900)
        #expect(abs(compras.preFaultErrorPercent - 100.0 / 150) < 1e-12)
        // Bucket 30: 50 % errors, 31: 30 %, 32: 0 % ≤ 0.667 % + 1 point → recovered 2 s after the end.
        #expect(compras.recoverySeconds == 2)
        let journey = impact.subjects[1]
        #expect(journey.kind == .journey && journey.requests == 50 && journey.failures == 10 && journey.availabilityPercent == 80)
        #expect(journey.recoverySeconds == 0)
        let reads = impact.subjects[2]
        #expect(reads.requests == 200 && reads.failures == 0 && reads.availabilityPercent == 100 && reads.worstBucketP99Ms == 100)
        // Recovery as shown: a time for the routes that failed, none for the one that did not.
        #expect(impact.recoveryText(compras) == "+2s" && impact.recoveryText(journey) == "+0s")
        #expect(impact.recoveryText(reads) == "no failures")
    }

    @Test func keepsTheMostAffectedAndCountsTheRest() {
        var summary = ReportFixtures.summary()
        let names = (0..<7).map { "GET /api/r\($0)" }
        summary.routes = names.map { ReportFixtures.route($0) }
        // Route k fails k requests per fault bucket; ties never occur.
        let series = RunTimeSeries(bucketSeconds: 1, bucketCount: 60, series: names.enumerated().flatMap { k, name in
            [RunTimeSeries.Series(metric: .throughputPerSecond, subject: name, values: Array(repeating: 10, count: 60)),
             RunTimeSeries.Series(metric: .failures5xx, subject: name, values: (0..<60).map { $0 >= 20 && $0 < 30 ? Double(k) : 0 })]
        })
        let impact = FaultImpact.analyse(summary, series)[0]
        #expect(impact.subjects.map(\.name) == ["GET /api/r6", "GET /api/r5", "GET /api/r4", "GET /api/r3", "GET /api/r2"])
        #expect(impact.omitted == 2 && impact.omittedWithFailures == 1)   // r1 failed, r0 did not
    }

    @Test func aFaultWithoutAnEndHasNoRecovery() {
        var summary = ReportFixtures.summary()
        summary.faults = [FaultWindow(kind: "instance-crash", target: "compra-command-2", startSeconds: 20, endSeconds: nil)]
        let impact = FaultImpact.analyse(summary, Self.series())[0]
        #expect(impact.windowEndSeconds == 60 && impact.lastsToEnd)
        #expect(impact.subjects.allSatisfy { $0.recoverySeconds == nil })
        #expect(impact.recoveryText(impact.subjects[0]) == "fault lasts to the end")
        #expect(impact.heading == "instance-crash on compra-command-2, 20s–end")
    }

    @Test func rendersInTerminalMarkdownAndHTML() {
        let impacts = FaultImpact.analyse(ReportFixtures.summary(), Self.series())
        let lines = FaultImpact.terminalLines(impacts)
        #expect(lines[0].hasPrefix("during the faults: ") && lines[0].contains("worst bucket's p99"))
        #expect(lines[1] == "  kill on compra-command-2, 20s–30s")
        #expect(lines.contains { $0.contains("POST /api/compras") && $0.contains("80 (timeout 20, 5xx 60)") && $0.contains("900ms") && $0.hasSuffix("+2s") })
        var artifacts = ReportFixtures.artifacts()
        artifacts.timeSeries = Self.series()
        let md = SummaryMarkdown.markdown(artifacts.summary, timeSeries: artifacts.timeSeries)
        #expect(md.contains("### During the faults"))
        #expect(md.contains("| `POST /api/compras` | 100 | 20% | 80 | timeout 20, 5xx 60 | 900ms | 0.67% | +2s |"))
        let html = HTMLReport.html(artifacts)
        #expect(html.contains("<section id=\"faults\">") && html.contains("<a href=\"#faults\">During the faults</a>"))
        #expect(html.contains("data-table=\"fault-impact\""))
        // No faults, no section.
        var quiet = artifacts
        quiet.summary.faults = []
        #expect(!HTMLReport.html(quiet).contains("id=\"faults\"") && !SummaryMarkdown.markdown(quiet.summary, timeSeries: quiet.timeSeries).contains("During the faults"))
        #expect(FaultImpact.terminalLines(FaultImpact.analyse(quiet.summary, quiet.timeSeries)).isEmpty)
    }

    /// The bundled zone-partition cuts zone-c from zone-a and from zone-b over the same window:
    /// one table, titled by both directions, instead of the same table twice.
    @Test func faultsWithTheSameWindowShareOneTable() throws {
        var summary = ReportFixtures.summary()
        summary.faults = [FaultWindow(kind: "partition", target: "zone-c ↔ zone-a", startSeconds: 20, endSeconds: 30),
                          FaultWindow(kind: "partition", target: "zone-c ↔ zone-b", startSeconds: 20, endSeconds: 30)]
        let impacts = FaultImpact.analyse(summary, Self.series())
        #expect(impacts.count == 1)
        #expect(impacts[0].heading == "partition on zone-c ↔ zone-a and zone-c ↔ zone-b, 20s–30s")
        #expect(impacts[0].subjects.first?.failures == 80)
        #expect(FaultImpact.markdown(impacts).components(separatedBy: "| route/journey |").count == 2)
        // Different windows stay separate.
        summary.faults[1].startSeconds = 25
        #expect(FaultImpact.analyse(summary, Self.series()).count == 2)
    }

    /// A fault cut by an abortOnFail stop says so, and load-time warnings about the run's end
    /// name the abort time.
    @Test func anAbortedRunSaysWhereItStopped() throws {
        var summary = ReportFixtures.summary()
        summary.faults = [FaultWindow(kind: "zone-outage", target: "zone-c", startSeconds: 20, endSeconds: 30)]
        summary.aborted = RunAbort(atSeconds: 30, budget: BudgetVerdict(target: "buy-tickets", expression: "availability>=99%", window: nil,
                                                                       passed: false, observed: "48.943%", observedValue: 48.943))
        summary.warnings = ["budget window '4m..15m' of 'GET /api/funciones/{id}' ends after the run's end (7m): 'p(95)<300ms' is evaluated over 4m..7m", "other"]
        #expect(FaultImpact.analyse(summary, Self.series())[0].heading == "zone-outage on zone-c, 20s–30s (run aborted at 30s)")
        let noted = summary.notingAbort()
        #expect(noted.warnings[0].hasSuffix("(the run was aborted at 30s by an abortOnFail budget)") && noted.warnings[1] == "other")
        #expect(SummaryMarkdown.markdown(noted).contains("from 20 s to 30 s (cut by the abort at 30s)"))
        #expect(ReportFixtures.summary().notingAbort() == ReportFixtures.summary())
    }
}
