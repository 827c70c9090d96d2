import Testing
import SimulationPrimitives
@testable import Telemetry

/// Issue 6: the run's kept log events live in a ``LogEventTable`` (40-byte rows, shared text
/// shapes); reading it must give back exactly the events appended, in order.
@Suite struct LogEventTableTests {
    static let texts = ["", "info", "warn", "error", "GET /api/funciones 200", "gateway", "gateway-1", "compra-command-2", "ñandú ✓", "a\"b"]

    /// Random event lists (40 seeds) drawn from few texts (shapes repeat) with ids absent, zero,
    /// extreme or random: the table equals the array element by element, through both append paths.
    @Test(arguments: 0..<40)
    func tableReadsBackTheEventsInOrder(seed: Int) {
        var random = RandomStream(rootSeed: UInt64(seed), component: "log-event-table")
        func text() -> String { Self.texts[random.nextInt(below: Self.texts.count)] }
        func id() -> UInt64? {
            switch random.nextInt(below: 4) {
            case 0: return nil
            case 1: return [0, 1, .max][random.nextInt(below: 3)]
            default: return random.next()
            }
        }
        var events: [LogEvent] = []
        var byShape = LogEventTable()
        for _ in 0..<random.nextInt(below: 300) {
            let e = LogEvent(at: SimTime(nanosecondsSinceStart: Int64(bitPattern: random.next()) >> 3), level: text(), message: text(),
                             serviceName: text(), nodeName: text(), traceID: id(), spanID: id(),
                             durationNanoseconds: Int64(bitPattern: random.next()), httpMethod: text(), urlPath: text(),
                             statusCode: random.nextInt(below: 700) - 100, errorType: text())
            events.append(e)
            // The platform's path: a shape index kept by the caller, then rows.
            let shape = byShape.shapeID(LogEventTable.Shape(of: e))
            byShape.append(at: e.at, durationNanoseconds: e.durationNanoseconds, traceID: e.traceID, spanID: e.spanID, shape: shape)
        }
        let table = LogEventTable(events)
        #expect(table.count == events.count)
        #expect(Array(table) == events)
        #expect(Array(byShape) == events)
        #expect(table == byShape)
        // Shapes are shared: never more than the distinct shapes of the events.
        #expect(table.shapes.count == Set(events.map { LogEventTable.Shape(of: $0) }).count)
    }

    @Test func rowsAreFortyBytes() {
        #expect(LogEventTable.rowStride == 40)
    }

    @Test func equalityIsElementWiseWhateverTheShapeNumbering() {
        let a = LogEvent(at: .zero, level: "info", message: "m", serviceName: "s", nodeName: "n", traceID: 1, spanID: nil,
                         durationNanoseconds: 5, httpMethod: "GET", urlPath: "/", statusCode: 200, errorType: "")
        var b = a
        b.level = "warn"
        #expect(LogEventTable([a, b, a]) != LogEventTable([a, a, b]))
        var first = LogEventTable(), second = LogEventTable()
        _ = second.shapeID(LogEventTable.Shape(of: b))   // numbers b's shape 0 in `second`
        first.append(a); first.append(b)
        second.append(a); second.append(b)
        #expect(first == second)
        #expect(first.shapes != second.shapes)
    }
}
