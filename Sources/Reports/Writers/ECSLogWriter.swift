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
    /// an event is kept when FNV-1a of its trace id's hex (or, without one, `#` and its index)
    /// falls below the rate, so a sampled trace keeps all its events.
    public static func ndjson<Events: Collection>(_ events: Events, sampleRate: Double = 1) -> String where Events.Element == LogEvent {
        String(decoding: ndjsonBytes(events, sampleRate: sampleRate), as: UTF8.self)
    }

    /// ``ndjson(_:sampleRate:)`` as UTF-8 bytes (what `logs.ndjson` holds), written directly into
    /// one buffer: no `String` per field or line (the previous joined `[String]` per line was ~5 %
    /// of a reference run's samples after the engine).
    public static func ndjsonBytes<Events: Collection>(_ events: Events, sampleRate: Double = 1) -> [UInt8] where Events.Element == LogEvent {
        var out: [UInt8] = []
        out.reserveCapacity(events.count * 360)
        for (index, event) in events.enumerated() where keep(event, index: index, rate: sampleRate) {
            appendLine(event, to: &out)
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    /// ``ndjsonBytes(_:sampleRate:)`` handed to `write` in pieces of about `chunkBytes` (whole
    /// lines; the last piece shorter, none for no kept event), so the report writer streams the
    /// file to disk without ever holding it (a 30-min run's file is ~40 MB). The pieces
    /// concatenated are exactly ``ndjsonBytes(_:sampleRate:)``.
    /// - Throws: what `write` throws (writing then stops).
    public static func writeNDJSON<Events: Collection>(_ events: Events, sampleRate: Double = 1, chunkBytes: Int,
                                                       _ write: (UnsafeRawBufferPointer) throws -> Void) rethrows where Events.Element == LogEvent {
        var out: [UInt8] = []
        out.reserveCapacity(min(chunkBytes, events.count * 360) + 1024)
        for (index, event) in events.enumerated() where keep(event, index: index, rate: sampleRate) {
            appendLine(event, to: &out)
            out.append(UInt8(ascii: "\n"))
            if out.count >= chunkBytes {
                try out.withUnsafeBytes(write)
                out.removeAll(keepingCapacity: true)
            }
        }
        if !out.isEmpty { try out.withUnsafeBytes(write) }
    }

    static func keep(_ event: LogEvent, index: Int, rate: Double) -> Bool {
        if rate >= 1 { return true }
        if rate <= 0 { return false }
        let key = event.traceID.map(hex) ?? "#\(index)"
        return Double(StableHash.fnv1a64(key) >> 11) / Double(1 << 53) < rate
    }

    /// 16 lowercase hex digits of `id` (ECS `trace.id` / `span.id` of a 64-bit id).
    public static func hex(_ id: UInt64) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(16)
        appendHexDigits(id, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the 16 lowercase hex digits of `id` (no quotes).
    static func appendHexDigits(_ id: UInt64, to out: inout [UInt8]) {
        var shift: UInt64 = 60
        while true {
            let nibble = UInt8(truncatingIfNeeded: (id >> shift) & 0xF)
            out.append(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10)
            if shift == 0 { break }
            shift -= 4
        }
    }

    /// One ECS document as compact JSON (no trailing newline).
    public static func line(_ e: LogEvent) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(400)
        appendLine(e, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends one ECS document: the fields of the type's documentation, in its order, as
    /// `{"key":value,…}` — the same bytes as joining `JSONText.string(key) + ":" + value`
    /// with commas (every key is plain ASCII without characters to escape).
    static func appendLine(_ e: LogEvent, to out: inout [UInt8]) {
        out.append(contentsOf: "{\"@timestamp\":".utf8)
        appendTimestamp(e.at, to: &out)
        out.append(contentsOf: ",\"ecs.version\":".utf8)
        appendString(ecsVersion, to: &out)
        out.append(contentsOf: ",\"log.level\":".utf8)
        appendString(e.level, to: &out)
        out.append(contentsOf: ",\"message\":".utf8)
        appendString(e.message, to: &out)
        out.append(contentsOf: ",\"service.name\":".utf8)
        appendString(e.serviceName, to: &out)
        if !e.nodeName.isEmpty { out.append(contentsOf: ",\"service.node.name\":".utf8); appendString(e.nodeName, to: &out) }
        // Ids as 16 hex digits: never a character to escape.
        if let id = e.traceID { out.append(contentsOf: ",\"trace.id\":\"".utf8); appendHexDigits(id, to: &out); out.append(UInt8(ascii: "\"")) }
        if let id = e.spanID { out.append(contentsOf: ",\"span.id\":\"".utf8); appendHexDigits(id, to: &out); out.append(UInt8(ascii: "\"")) }
        out.append(contentsOf: ",\"event.duration\":".utf8)
        DecimalBytes.append(e.durationNanoseconds, to: &out)
        let failed = !e.errorType.isEmpty || e.statusCode >= 400
        out.append(contentsOf: (failed ? ",\"event.outcome\":\"failure\"" : ",\"event.outcome\":\"success\"").utf8)
        if !e.httpMethod.isEmpty { out.append(contentsOf: ",\"http.request.method\":".utf8); appendString(e.httpMethod, to: &out) }
        if !e.urlPath.isEmpty { out.append(contentsOf: ",\"url.path\":".utf8); appendString(e.urlPath, to: &out) }
        if e.statusCode > 0 { out.append(contentsOf: ",\"http.response.status_code\":".utf8); DecimalBytes.append(Int64(e.statusCode), to: &out) }
        if !e.errorType.isEmpty { out.append(contentsOf: ",\"error.type\":".utf8); appendString(e.errorType, to: &out) }
        out.append(UInt8(ascii: "}"))
    }

    /// `JSONText.string(s)`'s bytes: the text between quotes when nothing needs escaping (the
    /// common case), else the escaped literal `JSONText` builds.
    static func appendString(_ s: String, to out: inout [UInt8]) {
        // Native strings are contiguous: scan and copy their bytes through one buffer pointer (the
        // generic `contains(where:)` over the UTF-8 view cost ~440 instructions per string).
        let appended = s.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for byte in bytes where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: bytes)
            out.append(UInt8(ascii: "\""))
            return true
        }
        if appended == true { return }
        if appended == nil, !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: s.utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        out.append(contentsOf: JSONText.string(s).utf8)
    }


    /// `JSONText.string(VirtualClock.iso8601(t))`'s bytes, the digits written directly (years
    /// 0…9999; any other falls back to the text).
    static func appendTimestamp(_ t: SimTime, to out: inout [UInt8]) {
        let unixMilliseconds = VirtualClock.epochUnixSeconds * 1000 + VirtualClock.floorDiv(t.nanosecondsSinceStart, 1_000_000)
        let ms = Int((unixMilliseconds % 1000 + 1000) % 1000)
        let secondsTotal = VirtualClock.floorDiv(unixMilliseconds, 1000)
        let days = VirtualClock.floorDiv(secondsTotal, 86_400)
        let secondOfDay = Int(secondsTotal - days * 86_400)
        let (y, m, d) = VirtualClock.civil(fromDays: days)
        guard (0...9999).contains(y) else {
            appendString(VirtualClock.iso8601(t), to: &out)
            return
        }
        @inline(__always) func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        out.append(UInt8(ascii: "\""))
        digits(y, 4); out.append(UInt8(ascii: "-")); digits(m, 2); out.append(UInt8(ascii: "-")); digits(d, 2)
        out.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2); out.append(UInt8(ascii: ":")); digits(secondOfDay / 60 % 60, 2)
        out.append(UInt8(ascii: ":")); digits(secondOfDay % 60, 2)
        out.append(UInt8(ascii: ".")); digits(ms, 3)
        out.append(contentsOf: "Z\"".utf8)
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
