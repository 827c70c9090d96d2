import SimulationPrimitives
import Telemetry

/// Writes `trace.json` in the Chrome trace event format ("JSON Object Format" with
/// `traceEvents`), which Perfetto (ui.perfetto.dev) and `chrome://tracing` open.
///
/// Mapping: one complete event (`"ph":"X"`) per span with `ts`/`dur` in microseconds of
/// virtual time; `pid` = component (named by a `process_name` metadata event), `tid` = instance
/// (named by `thread_name`), so each instance is a track; `args` carry `trace_id`, `span_id`,
/// `parent_span_id` (16 hex digits) and the HTTP `status`. Only the first `maxTraces` traces (by
/// first appearance) are written.
public enum ChromeTraceWriter {
    public static func json(_ spans: [TraceSpan], maxTraces: Int = 200) -> String {
        var keptTraces: [UInt64] = []
        var keptLookup: Set<UInt64> = [] // lookup only; order comes from `keptTraces`
        var selected: [TraceSpan] = []
        for span in spans {
            if !keptLookup.contains(span.traceID) {
                guard keptTraces.count < maxTraces else { continue }
                keptTraces.append(span.traceID); keptLookup.insert(span.traceID)
            }
            selected.append(span)
        }
        // Stable ids: components and instances numbered in sorted-name order.
        let components = Array(Set(selected.map(\.component))).sorted()
        let instances = Array(Set(selected.map { $0.component + "\u{0}" + $0.instance })).sorted()
        var pid: [String: Int] = [:]
        for (i, c) in components.enumerated() { pid[c] = i + 1 }
        var tid: [String: Int] = [:]
        for (i, key) in instances.enumerated() { tid[key] = i + 1 }

        var events: [String] = []
        for c in components {
            events.append("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":\(pid[c]!),\"tid\":0,\"args\":{\"name\":\(JSONText.string(c))}}")
        }
        for key in instances {
            let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false)
            let component = String(parts[0]), instance = String(parts[1])
            events.append("{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":\(pid[component]!),\"tid\":\(tid[key]!),\"args\":{\"name\":\(JSONText.string(instance))}}")
        }
        for s in selected {
            let key = s.component + "\u{0}" + s.instance
            let parent = s.parentSpanID.map { JSONText.string(hex($0)) } ?? "null"
            events.append("{\"name\":\(JSONText.string(s.name)),\"cat\":\(JSONText.string(s.component)),\"ph\":\"X\","
                + "\"ts\":\(micros(s.start.nanosecondsSinceStart)),\"dur\":\(micros(s.duration.nanoseconds)),"
                + "\"pid\":\(pid[s.component]!),\"tid\":\(tid[key]!),"
                + "\"args\":{\"trace_id\":\(JSONText.string(hex(s.traceID))),\"span_id\":\(JSONText.string(hex(s.spanID))),"
                + "\"parent_span_id\":\(parent),\"instance\":\(JSONText.string(s.instance)),\"status\":\(s.status)}}")
        }
        return "{\"displayTimeUnit\":\"ms\",\"otherData\":{\"producer\":\"cinesim\",\"clock\":\"virtual time since run start\"},\"traceEvents\":[\n"
            + events.joined(separator: ",\n") + "\n]}\n"
    }

    /// 16 lowercase hex digits.
    public static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// Nanoseconds as microseconds with up to 3 decimals (`1500.25`).
    static func micros(_ ns: Int64) -> String {
        let whole = ns / 1000, frac = abs(ns % 1000)
        if frac == 0 { return String(whole) }
        var f = String(frac)
        f = String(repeating: "0", count: 3 - f.count) + f
        while f.hasSuffix("0") { f.removeLast() }
        return (ns < 0 && whole == 0 ? "-" : "") + String(whole) + "." + f
    }
}
