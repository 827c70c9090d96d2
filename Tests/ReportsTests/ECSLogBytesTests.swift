import Testing
@testable import Reports
import Telemetry
import SimulationPrimitives

/// `ECSLogWriter` writes its lines as bytes; they must equal the previous writer's text (fields
/// as `JSONText.string(key) + ":" + value`, joined with commas) for any event: escapes, control
/// characters, non-ASCII text, empty optional fields, negative durations and statuses, times
/// before the epoch and far after it.
@Suite("ECS log lines as bytes")
struct ECSLogBytesTests {
    /// The previous writer, kept as the oracle.
    static func joinedLine(_ e: LogEvent) -> String {
        var fields: [String] = []
        func add(_ key: String, _ json: String) { fields.append(JSONText.string(key) + ":" + json) }
        add("@timestamp", JSONText.string(VirtualClock.iso8601(e.at)))
        add("ecs.version", JSONText.string(ECSLogWriter.ecsVersion))
        add("log.level", JSONText.string(e.level))
        add("message", JSONText.string(e.message))
        add("service.name", JSONText.string(e.serviceName))
        if !e.nodeName.isEmpty { add("service.node.name", JSONText.string(e.nodeName)) }
        if let id = e.traceID { add("trace.id", JSONText.string(ReportFixtures.format16(id))) }
        if let id = e.spanID { add("span.id", JSONText.string(ReportFixtures.format16(id))) }
        add("event.duration", String(e.durationNanoseconds))
        let failed = !e.errorType.isEmpty || e.statusCode >= 400
        add("event.outcome", JSONText.string(failed ? "failure" : "success"))
        if !e.httpMethod.isEmpty { add("http.request.method", JSONText.string(e.httpMethod)) }
        if !e.urlPath.isEmpty { add("url.path", JSONText.string(e.urlPath)) }
        if e.statusCode > 0 { add("http.response.status_code", String(e.statusCode)) }
        if !e.errorType.isEmpty { add("error.type", JSONText.string(e.errorType)) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    static let pieces = ["", "a", "compra-command-2", "POST /api/compras failed: \"timeout\"", "back\\slash", "tab\there",
                         "line\nbreak", "\u{1}\u{1f}", "ñandú ✓", "/api/funciones/1?x=1", "0000000000000abc"]

    @Test func bytesEqualTheJoinedFields() {
        // 400 generated events (seeded draws; this target has no property-testing library).
        var random = RandomStream(seed: 20_261_130)
        for _ in 0..<400 {
            func piece() -> String { Self.pieces[random.nextInt(below: Self.pieces.count)] }
            let at = SimTime(nanosecondsSinceStart: Int64(bitPattern: random.next()) >> Int64(random.nextInt(below: 40)))
            func id() -> UInt64? {
                switch random.nextInt(below: 4) {
                case 0: return nil
                case 1: return [0, 1, 0xabc, .max][random.nextInt(below: 4)]
                default: return random.next()
                }
            }
            let e = LogEvent(at: at, level: piece(), message: piece(), serviceName: piece(), nodeName: piece(), traceID: id(),
                             spanID: id(), durationNanoseconds: Int64(bitPattern: random.next()) >> Int64(random.nextInt(below: 64)),
                             httpMethod: piece(), urlPath: piece(), statusCode: random.nextInt(below: 700) - 100, errorType: piece())
            #expect(ECSLogWriter.line(e) == Self.joinedLine(e))
        }
    }

    @Test func edgeTimesAndIntegers() {
        let times: [Int64] = [0, 1, 999_999, 1_000_000, -1, -1_000_000, -86_400_000_000_000, 59_999_999_999, 4_000_000_000_000_000_000, -4_000_000_000_000_000_000]
        let durations: [Int64] = [0, 9, 10, -1, -10, .max, .min]
        for t in times {
            for d in durations {
                let e = LogEvent(at: SimTime(nanosecondsSinceStart: t), level: "info", message: "m", serviceName: "s", nodeName: "",
                                 traceID: nil, spanID: nil, durationNanoseconds: d, httpMethod: "", urlPath: "", statusCode: 0, errorType: "")
                #expect(ECSLogWriter.line(e) == Self.joinedLine(e))
            }
        }
    }

    @Test func fileTextIsTheLinesWithNewlines() {
        let events = ReportFixtures.logEvents()
        let expected = events.map { Self.joinedLine($0) + "\n" }.joined()
        #expect(ECSLogWriter.ndjson(events) == expected)
        #expect(ECSLogWriter.ndjsonBytes(events) == Array(expected.utf8))
        // Sampling keeps whole traces, as before.
        let sampled = ECSLogWriter.ndjson(events, sampleRate: 0.5)
        let kept = events.enumerated().filter { ECSLogWriter.keep($0.element, index: $0.offset, rate: 0.5) }
        #expect(sampled == kept.map { Self.joinedLine($0.element) + "\n" }.joined())
    }

    @Test func hexIsSixteenLowercaseDigits() {
        #expect(ECSLogWriter.hex(0) == "0000000000000000")
        #expect(ECSLogWriter.hex(0xabc) == "0000000000000abc")
        #expect(ECSLogWriter.hex(.max) == "ffffffffffffffff")
        #expect(ECSLogWriter.hex(0x0123_4567_89ab_cdef) == "0123456789abcdef")
    }

    @Test func chunkedWritesConcatenateToTheWholeFile() {
        // Any chunk size: the pieces are whole lines, each at least `chunk` bytes but the last, and
        // together exactly ndjsonBytes (sampled or not).
        let events = ReportFixtures.logEvents()
        for rate in [1.0, 0.5] {
            let whole = ECSLogWriter.ndjsonBytes(events, sampleRate: rate)
            for chunk in [1, 100, 1_000, 5_000, 1 << 20] {
                var pieces: [[UInt8]] = []
                ECSLogWriter.writeNDJSON(events, sampleRate: rate, chunkBytes: chunk) { pieces.append(Array($0)) }
                #expect(pieces.flatMap { $0 } == whole, "chunk \(chunk)")
                #expect(pieces.allSatisfy { $0.last == UInt8(ascii: "\n") })
                #expect(pieces.dropLast().allSatisfy { $0.count >= chunk })
            }
        }
        var none = 0
        ECSLogWriter.writeNDJSON([LogEvent](), chunkBytes: 10) { _ in none += 1 }
        #expect(none == 0)
    }

    @Test func tableWritesTheSameLinesAsTheArray() {
        let events = ReportFixtures.logEvents()
        let table = LogEventTable(events)
        #expect(ECSLogWriter.ndjsonBytes(table) == ECSLogWriter.ndjsonBytes(events))
        #expect(ECSLogWriter.ndjson(table, sampleRate: 0.5) == ECSLogWriter.ndjson(events, sampleRate: 0.5))
    }

    @Test func chunkedCSVConcatenatesToTheWholeFile() {
        let ts = ReportFixtures.timeSeries()
        let whole = TimeSeriesCSV.csvBytes(ts)
        for chunk in [1, 500, 4_096, 1 << 20] {
            var pieces: [[UInt8]] = []
            TimeSeriesCSV.writeCSV(ts, chunkBytes: chunk) { pieces.append(Array($0)) }
            #expect(pieces.flatMap { $0 } == whole, "chunk \(chunk)")
            #expect(pieces.allSatisfy { $0.last == UInt8(ascii: "\n") })
        }
    }
}
