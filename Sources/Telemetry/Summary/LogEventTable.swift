import SimulationPrimitives

/// A run's kept log events in a compact form: per event a 40-byte row (time, duration, trace and
/// span ids, and the index of its *shape*), the text fields shared through a table of shapes.
///
/// Why: the platform keeps up to `max_log_events` (100,000 by default) events for the whole run.
/// As `[LogEvent]` each took 168 bytes plus its own span-id string (~64 bytes), 23 MB at the cap,
/// and the array lived from the simulation through report rendering (issue 6, docs/performance.md
/// "Round 8 — memory"). A shape is what events of one kind of hop have in common —
/// level, message, service, node, method, path, status, error type — so a run has a few hundred
/// to a few thousand shapes and ~100,000 rows: ~4 MB at the cap.
///
/// The table is a random-access collection of ``LogEvent`` (each element rebuilt from its row and
/// shape: no text is copied, only shared), in append order; equality is element-wise.
///
/// ```swift
/// var table = LogEventTable()
/// let shape = table.shapeID(LogEventTable.Shape(level: "info", message: "GET /api/funciones 200", serviceName: "gateway",
///                                               nodeName: "gateway-1", httpMethod: "GET", urlPath: "/api/funciones",
///                                               statusCode: 200, errorType: ""))
/// table.append(at: now, durationNanoseconds: 1_200_000, traceID: trace, spanID: span, shape: shape)
/// ```
public struct LogEventTable: RandomAccessCollection, Equatable, Sendable {
    /// The fields events of one kind share (every ``LogEvent`` field but the time, duration and ids).
    public struct Shape: Hashable, Sendable {
        public var level: String
        public var message: String
        public var serviceName: String
        public var nodeName: String
        public var httpMethod: String
        public var urlPath: String
        public var statusCode: Int
        public var errorType: String
        public init(level: String, message: String, serviceName: String, nodeName: String, httpMethod: String, urlPath: String,
                    statusCode: Int, errorType: String) {
            self.level = level; self.message = message; self.serviceName = serviceName; self.nodeName = nodeName
            self.httpMethod = httpMethod; self.urlPath = urlPath; self.statusCode = statusCode; self.errorType = errorType
        }
        /// The shape of `event`.
        public init(of event: LogEvent) {
            self.init(level: event.level, message: event.message, serviceName: event.serviceName, nodeName: event.nodeName,
                      httpMethod: event.httpMethod, urlPath: event.urlPath, statusCode: event.statusCode, errorType: event.errorType)
        }
    }

    /// One event: 37 bytes of fields, a 40-byte stride (`rowStride` below, checked by the tests).
    struct Row {
        var at: Int64
        var durationNanoseconds: Int64
        var traceID: UInt64
        var spanID: UInt64
        var shape: Int32
        /// Bit 0: the event has a trace id; bit 1: a span id (ids may be any `UInt64`, 0 included).
        var idFlags: UInt8
    }

    /// Bytes per event row (40).
    public static var rowStride: Int { MemoryLayout<Row>.stride }

    /// The distinct shapes, in order of first use (``shapeID(_:)`` indices).
    public private(set) var shapes: [Shape] = []
    var shapeIndex: [Shape: Int32] = [:]
    var rows: [Row] = []

    /// An empty table.
    public init() {}

    /// A table holding `events` in order.
    public init<S: Sequence>(_ events: S) where S.Element == LogEvent {
        for event in events { append(event) }
    }

    /// The index of `shape` among ``shapes``, added on first use. A hash of the shape's text
    /// fields: callers appending many events of one kind keep the index (the platform caches it
    /// per route, status, flags and node).
    public mutating func shapeID(_ shape: Shape) -> Int32 {
        if let id = shapeIndex[shape] { return id }
        let id = Int32(shapes.count)
        shapes.append(shape)
        shapeIndex[shape] = id
        return id
    }

    /// Appends an event of shape `shape` (an index from ``shapeID(_:)`` of this table).
    public mutating func append(at: SimTime, durationNanoseconds: Int64, traceID: UInt64?, spanID: UInt64?, shape: Int32) {
        precondition(shape >= 0 && Int(shape) < shapes.count, "LogEventTable: unknown shape \(shape)")
        rows.append(Row(at: at.nanosecondsSinceStart, durationNanoseconds: durationNanoseconds, traceID: traceID ?? 0, spanID: spanID ?? 0,
                        shape: shape, idFlags: (traceID == nil ? 0 : 1) | (spanID == nil ? 0 : 2)))
    }

    /// Appends `event` (its shape looked up or added).
    public mutating func append(_ event: LogEvent) {
        let shape = shapeID(Shape(of: event))
        append(at: event.at, durationNanoseconds: event.durationNanoseconds, traceID: event.traceID, spanID: event.spanID, shape: shape)
    }

    /// Reserves room for `count` events in total.
    public mutating func reserveCapacity(_ count: Int) { rows.reserveCapacity(count) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { rows.count }

    /// Event `index`, rebuilt from its row and shape.
    public subscript(index: Int) -> LogEvent {
        let row = rows[index]
        let shape = shapes[Int(row.shape)]
        return LogEvent(at: SimTime(nanosecondsSinceStart: row.at), level: shape.level, message: shape.message,
                        serviceName: shape.serviceName, nodeName: shape.nodeName,
                        traceID: row.idFlags & 1 != 0 ? row.traceID : nil, spanID: row.idFlags & 2 != 0 ? row.spanID : nil,
                        durationNanoseconds: row.durationNanoseconds, httpMethod: shape.httpMethod, urlPath: shape.urlPath,
                        statusCode: shape.statusCode, errorType: shape.errorType)
    }

    /// Element-wise equality (two tables may number the same shapes differently).
    public static func == (a: LogEventTable, b: LogEventTable) -> Bool {
        a.count == b.count && a.elementsEqual(b)
    }
}
