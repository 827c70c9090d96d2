import SimulationPrimitives
import Telemetry

/// Writes `logs.ndjson`: one Elastic Common Schema document per line
/// (reference/store-auth-logs.md §3.1), compact JSON, every line ending in `\n` — the document
/// lines of an Elasticsearch `_bulk` body (§3.2) and what Filebeat's `ndjson` parser reads (§3.5).
///
/// Fields, in this order (absent ones omitted, as ECS asks): `@timestamp` (virtual time on the
/// ``VirtualClock`` epoch, ms precision), `ecs.version`, `log.level`, `message`, `service.name`,
/// `service.node.name`, `trace.id`, `span.id`, `event.duration` (long, nanoseconds),
/// `event.outcome` (`success` below HTTP 400 without `error.type`, else `failure`),
/// `http.request.method`, `url.path`, `http.response.status_code` (long), `error.type`.
///
/// Loading into Elasticsearch (docs/reports.md):
/// `cinesim logs <run> --bulk | curl -s -H 'Content-Type: application/x-ndjson' -XPOST 'localhost:9200/cinesim-logs/_bulk' --data-binary @-`
public enum ECSLogWriter {
    /// The ECS version the field set follows.
    public static let ecsVersion = "8.11.0"

    /// The NDJSON text for `events`, keeping a deterministic `sampleRate` share (0…1) of them:
    /// an event is kept when FNV-1a of its trace id (or, without one, its index) falls below the
    /// rate, so a sampled trace keeps all its events.
    public static func ndjson(_ events: [LogEvent], sampleRate: Double = 1) -> String {
        var out = ""
        for (index, event) in events.enumerated() where keep(event, index: index, rate: sampleRate) {
            out += line(event)
            out += "\n"
        }
        return out
    }

    static func keep(_ event: LogEvent, index: Int, rate: Double) -> Bool {
        if rate >= 1 { return true }
        if rate <= 0 { return false }
        let key = event.traceID.isEmpty ? "#\(index)" : event.traceID
        return Double(StableHash.fnv1a64(key) >> 11) / Double(1 << 53) < rate
    }

    /// One ECS document as compact JSON (no trailing newline).
    public static func line(_ e: LogEvent) -> String {
        var fields: [String] = []
        fields.reserveCapacity(14)
        func add(_ key: String, _ json: String) { fields.append(JSONText.string(key) + ":" + json) }
        add("@timestamp", JSONText.string(VirtualClock.iso8601(e.at)))
        add("ecs.version", JSONText.string(ecsVersion))
        add("log.level", JSONText.string(e.level))
        add("message", JSONText.string(e.message))
        add("service.name", JSONText.string(e.serviceName))
        if !e.nodeName.isEmpty { add("service.node.name", JSONText.string(e.nodeName)) }
        if !e.traceID.isEmpty { add("trace.id", JSONText.string(e.traceID)) }
        if !e.spanID.isEmpty { add("span.id", JSONText.string(e.spanID)) }
        add("event.duration", String(e.durationNanoseconds))
        let failed = !e.errorType.isEmpty || e.statusCode >= 400
        add("event.outcome", JSONText.string(failed ? "failure" : "success"))
        if !e.httpMethod.isEmpty { add("http.request.method", JSONText.string(e.httpMethod)) }
        if !e.urlPath.isEmpty { add("url.path", JSONText.string(e.urlPath)) }
        if e.statusCode > 0 { add("http.response.status_code", String(e.statusCode)) }
        if !e.errorType.isEmpty { add("error.type", JSONText.string(e.errorType)) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// An Elasticsearch `_bulk` body for `ndjson` document lines: an `{"create":{}}` action line
    /// before each document (`create` also works for data streams), final `\n` included
    /// (reference/store-auth-logs.md §3.2).
    public static func bulkBody(fromNDJSON ndjson: String) -> String {
        var out = ""
        for line in ndjson.split(separator: "\n", omittingEmptySubsequences: true) {
            out += "{\"create\":{}}\n"
            out += line
            out += "\n"
        }
        return out
    }
}
