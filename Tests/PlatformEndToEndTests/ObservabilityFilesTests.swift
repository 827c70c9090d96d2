import Foundation
import Testing
import Scenarios
import Telemetry
import Platform
import Reports

/// issue 7: a run's sampled events, written by the report writers, parse back — `logs.ndjson` as
/// ECS documents with consistent trace/span ids, `trace.json` as Chrome trace events whose
/// parent/child spans nest.
@Test func sampledRunWritesParsableLogsAndTrace() throws {
    let artifacts = try Bundled.run("premiere-on-sale.yaml", extra: [
        "duration=5s", "workload.stages=[{duration: 5s, target: 120/s}]",
        "telemetry={log_sample_rate: 10%, trace_sample_rate: 5%, max_traces: 10}",
    ])
    let ndjson = ECSLogWriter.ndjson(artifacts.logEvents)
    let lines = ndjson.split(separator: "\n")
    #expect(lines.count == artifacts.logEvents.count && lines.count > 100)
    var spansByTrace: [String: Set<String>] = [:]
    for line in lines {
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        for field in ["@timestamp", "log.level", "message", "service.name", "service.node.name", "trace.id", "span.id", "url.path", "http.request.method"] {
            #expect(doc[field] is String, "\(field) missing or not a string in \(line)")
        }
        #expect(doc["event.duration"] is NSNumber && doc["http.response.status_code"] is NSNumber)
        spansByTrace[doc["trace.id"] as! String, default: []].insert(doc["span.id"] as! String)
    }
    // Every logged request has several hops (client → edge → gateway/frontend → …), each its own span id.
    #expect(spansByTrace.values.allSatisfy { $0.count >= 2 })

    let trace = ChromeTraceWriter.json(artifacts.traceSpans, maxTraces: 10)
    let root = try #require(try JSONSerialization.jsonObject(with: Data(trace.utf8)) as? [String: Any])
    let events = try #require(root["traceEvents"] as? [[String: Any]]).filter { $0["ph"] as? String == "X" }
    #expect(events.count == artifacts.traceSpans.count && events.count > 20)
    var byID: [String: (ts: Double, end: Double, trace: String)] = [:]
    for e in events {
        let args = e["args"] as! [String: Any]
        let ts = (e["ts"] as! NSNumber).doubleValue, dur = (e["dur"] as! NSNumber).doubleValue
        byID[args["span_id"] as! String] = (ts, ts + dur, args["trace_id"] as! String)
    }
    #expect(Set(byID.values.map(\.trace)).count == 10)
    for e in events {
        let args = e["args"] as! [String: Any]
        guard let parent = args["parent_span_id"] as? String else { continue }
        let p = try #require(byID[parent])
        let ts = (e["ts"] as! NSNumber).doubleValue, dur = (e["dur"] as! NSNumber).doubleValue
        #expect(p.trace == args["trace_id"] as? String)
        #expect(ts >= p.ts && ts + dur <= p.end + 0.001, "\(e["name"]!) outside its parent")
    }
}
