import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import SimulationPrimitives
import Telemetry
@testable import Reports

@Suite struct WriterParseBackTests {
    @Test func junitHasOneTestcasePerBudgetInvariantAndRegressionWithFailures() throws {
        let s = ReportFixtures.summary()
        let finding = RegressionCheck.compare(metric: "POST /api/compras p99_ms", baseline: [400, 402, 398], current: [600, 604, 596])
        let xml = JUnitReport(suites: [JUnitReport.suite(scenario: s.scenario.name, budgets: s.budgets, invariants: s.invariants, regressions: [finding])]).xml()
        let doc = try XMLDocument(data: Data(xml.utf8))
        let root = try #require(doc.rootElement())
        #expect(root.name == "testsuites")
        let suites = root.elements(forName: "testsuite")
        #expect(suites.count == 1)
        let suite = suites[0]
        for attribute in ["name", "tests", "failures", "errors", "time", "timestamp", "hostname", "id", "package"] {
            #expect(suite.attribute(forName: attribute) != nil, "testsuite@\(attribute) is required by the Ant schema")
        }
        #expect(suite.attribute(forName: "tests")?.stringValue == "6")   // 3 budgets + 2 invariants + 1 regression
        #expect(suite.attribute(forName: "failures")?.stringValue == "2")
        #expect(suite.attribute(forName: "timestamp")?.stringValue == "2025-01-01T00:00:00")
        let cases = suite.elements(forName: "testcase")
        #expect(cases.count == 6)
        #expect(cases.allSatisfy { $0.attribute(forName: "classname")?.stringValue == "premiere-on-sale" && $0.attribute(forName: "time") != nil })
        let failed = cases.filter { !$0.elements(forName: "failure").isEmpty }
        #expect(failed.map { $0.attribute(forName: "name")?.stringValue ?? "" } == ["budget POST /api/compras: p(99)<1ms during 10s..50s", "regression POST /api/compras p99_ms"])
        let failure = failed[0].elements(forName: "failure")[0]
        #expect(failure.attribute(forName: "type")?.stringValue == "budget")
        #expect(failure.attribute(forName: "message")?.stringValue == "observed 2s, expected p(99)<1ms during 10s..50s on POST /api/compras")
        #expect(failed[1].elements(forName: "failure")[0].attribute(forName: "message")?.stringValue?.hasPrefix("current 600ms vs baseline 400ms (+50%)") == true)
    }

    @Test func junitEscapesMarkup() throws {
        let v = BudgetVerdict(target: "GET /api/x?a=1&b=<2>", expression: "p(99)<1ms", window: nil, passed: false, observed: "\"5ms\"", observedValue: 5)
        let xml = JUnitReport(suites: [JUnitReport.suite(scenario: "s&s", budgets: [v], invariants: [], regressions: [])]).xml()
        let doc = try XMLDocument(data: Data(xml.utf8))
        let testcase = try #require(doc.rootElement()?.elements(forName: "testsuite").first?.elements(forName: "testcase").first)
        #expect(testcase.attribute(forName: "name")?.stringValue == "budget GET /api/x?a=1&b=<2>: p(99)<1ms")
        #expect(testcase.attribute(forName: "classname")?.stringValue == "s&s")
    }

    @Test func ecsLinesHaveTheFieldNamesAndTypes() throws {
        let text = ECSLogWriter.ndjson(ReportFixtures.logEvents())
        #expect(text.hasSuffix("\n"))
        let lines = text.split(separator: "\n")
        #expect(lines.count == 40)
        var previous = ""
        for (i, line) in lines.enumerated() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for key in ["@timestamp", "log.level", "message", "service.name", "service.node.name", "event.duration",
                        "http.request.method", "url.path", "http.response.status_code", "event.outcome", "ecs.version"] {
                #expect(object[key] != nil, "line \(i) lacks \(key)")
            }
            #expect(object["event.duration"] as? Int == 1_000_000 * (i + 1), "event.duration is a long in ns")
            #expect(object["http.response.status_code"] as? Int == (i % 10 == 9 ? 504 : 201))
            #expect((object["trace.id"] == nil) == (i % 4 == 3), "empty trace ids are omitted")
            #expect((object["error.type"] as? String) == (i % 10 == 9 ? "HystrixTimeoutException" : nil))
            #expect(object["event.outcome"] as? String == (i % 10 == 9 ? "failure" : "success"))
            let ts = try #require(object["@timestamp"] as? String)
            #expect(ts > previous); previous = ts
        }
        // i = 0 at T+0, i = 1 at T+2.25 s, i = 39 at T+87.75 s on the 2025-01-01 epoch.
        #expect(lines[0].hasPrefix("{\"@timestamp\":\"2025-01-01T00:00:00.000Z\""))
        #expect(lines[1].hasPrefix("{\"@timestamp\":\"2025-01-01T00:00:02.250Z\""))
        #expect(lines[39].hasPrefix("{\"@timestamp\":\"2025-01-01T00:01:27.750Z\""))
        #expect(lines[9].contains("\"message\":\"POST /api/compras failed: \\\"timeout\\\"\""))
    }

    @Test func virtualClockDatesFollowTheCalendar() {
        #expect(VirtualClock.iso8601(SimTime.zero + .seconds(86_400 * 59)) == "2025-03-01T00:00:00.000Z") // 2025 is not a leap year
        #expect(VirtualClock.iso8601(SimTime.zero + .seconds(86_400 * 365 + 3_723) + .milliseconds(4)) == "2026-01-01T01:02:03.004Z")
        let offset: Int64? = LogSearch.offsetMilliseconds("2026-01-01T01:02:03.004Z")
        #expect(offset == Int64(86_400 * 365 + 3_723) * 1000 + 4)
    }

    @Test func ecsSamplingIsDeterministicAndKeepsWholeTraces() {
        let events = ReportFixtures.logEvents()
        let a = ECSLogWriter.ndjson(events, sampleRate: 0.5), b = ECSLogWriter.ndjson(events, sampleRate: 0.5)
        #expect(a == b)
        let kept = a.split(separator: "\n").count
        #expect(kept > 0 && kept < 40)
        #expect(ECSLogWriter.ndjson(events, sampleRate: 0).isEmpty)
        // Both events of trace 1000+k are kept or dropped together.
        for k in 0..<20 where (2 * k) % 4 != 3 && (2 * k + 1) % 4 != 3 {
            let id = ReportFixtures.format16(UInt64(1000 + k))
            let n = a.split(separator: "\n").filter { $0.contains("\"trace.id\":\"\(id)\"") }.count
            #expect(n == 0 || n == 2)
        }
    }

    @Test func bulkBodyPairsActionsAndDocuments() {
        let body = ECSLogWriter.bulkBody(fromNDJSON: ECSLogWriter.ndjson(Array(ReportFixtures.logEvents().prefix(3))))
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(body.hasSuffix("\n"))
        #expect(lines.count == 7) // 3 pairs + the empty string after the final newline
        #expect(lines[0] == "{\"create\":{}}" && lines[2] == "{\"create\":{}}" && lines[1].hasPrefix("{\"@timestamp\""))
    }

    @Test func traceJSONIsChromeTraceEventFormat() throws {
        let text = ChromeTraceWriter.json(ReportFixtures.spans(), maxTraces: 3)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let events = try #require(object["traceEvents"] as? [[String: Any]])
        let complete = events.filter { $0["ph"] as? String == "X" }
        #expect(complete.count == 6) // 3 traces × 2 spans
        let metadata = events.filter { $0["ph"] as? String == "M" }
        #expect(Set(metadata.compactMap { ($0["args"] as? [String: Any])?["name"] as? String }) == ["gateway", "compra-command", "gateway-1", "gateway-2", "compra-command-1"])
        let child = try #require(complete.first { $0["name"] as? String == "gateway → compra-command" })
        #expect(child["ts"] as? Double == 1500.25)       // 1_500_250 ns in µs
        #expect(child["dur"] as? Int == 9000)
        let args = try #require(child["args"] as? [String: Any])
        #expect(args["trace_id"] as? String == "0000000000000064" && args["parent_span_id"] as? String == "0000000000000001")
        #expect(args["instance"] as? String == "compra-command-1" && args["status"] as? Int == 201)
        for e in complete { #expect(e["pid"] is Int && e["tid"] is Int) }
    }

    @Test func csvHasHeaderAndOneRowPerBucketAndSeries() {
        let ts = ReportFixtures.timeSeries()
        let csv = TimeSeriesCSV.csv(ts)
        let lines = csv.split(separator: "\n")
        #expect(lines[0] == "bucket_start_s,bucket_end_s,metric,subject,value")
        #expect(lines.count == 1 + ts.bucketCount * ts.series.count)
        #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",").count == 5 })
        #expect(lines.contains("20,21,utilisation,compra-command-1,0.98"))
        #expect(TimeSeriesCSV.field("a,\"b\"") == "\"a,\"\"b\"\"\"")
    }

    @Test func summaryJSONIsDeterministicAndRoundTrips() throws {
        let s = ReportFixtures.summary()
        let a = try SummaryJSON.encode(s), b = try SummaryJSON.encode(s)
        #expect(a == b)
        let text = String(decoding: a, as: UTF8.self)
        #expect(text.contains("\"schemaVersion\" : 1") && text.contains("POST /api/compras") && text.hasSuffix("}\n"))
        #expect(try SummaryJSON.decode(a, source: "x") == s)
        var future = s; future.schemaVersion = 99
        #expect(throws: ReportError.self) { try SummaryJSON.decode(try SummaryJSON.encode(future), source: "x") }
    }

    @Test func markdownShowsVerdictsAndNumbers() {
        let md = SummaryMarkdown.markdown(ReportFixtures.summary())
        #expect(md.hasPrefix("## cinesim: premiere-on-sale ❌ failed"))
        #expect(md.contains("| ❌ | `POST /api/compras` | `p(99)<1ms` during 10s..50s | 2s |"))
        #expect(md.contains("| `POST /api/compras` | 1000 | 99.4% | 20ms | 150ms | 412ms | 900ms | 20/s |"))
        #expect(md.contains("Replay: `cinesim run scenarios/premiere-on-sale.yaml --seed 42`"))
    }

    @Test func markdownFaultListShowsTheFullTarget() {
        var s = ReportFixtures.summary()
        s.faults = [FaultWindow(kind: "partition", target: "zone-a ↔ zone-b", startSeconds: 10, endSeconds: 20),
                    FaultWindow(kind: "partition", target: "zone-a ↔ zone-c", startSeconds: 10, endSeconds: 20),
                    FaultWindow(kind: "partition", target: "zone-a", startSeconds: 30, endSeconds: nil),
                    FaultWindow(kind: "kill", target: "compra-command-2", startSeconds: 20, endSeconds: 30)]
        let md = SummaryMarkdown.markdown(s)
        #expect(md.contains("- `partition` on `zone-a ↔ zone-b` from 10 s to 20 s\n"))
        #expect(md.contains("- `partition` on `zone-a ↔ zone-c` from 10 s to 20 s\n"))
        #expect(md.contains("- `partition` on `zone-a ↔ (peer not recorded)` from 30 s to the end\n"))
        #expect(md.contains("- `kill` on `compra-command-2` from 20 s to 30 s\n"))
    }
}
