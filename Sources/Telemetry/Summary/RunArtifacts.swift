import SimulationPrimitives

/// Everything a finished run hands to the report writers: the summary, the time series, the
/// sampled ECS log events and trace spans, and the topology for the diagram.
public struct RunArtifacts: Sendable {
    public var summary: RunSummary
    public var timeSeries: RunTimeSeries
    /// Sampled log events in the order the platform kept them (ECS field set,
    /// reference/store-auth-logs.md §3), in a compact table: 40 bytes an event, the text fields
    /// shared (issue 6, memory flat as the duration grows).
    public var logEvents: LogEventTable
    /// Spans of sampled requests in start order (Chrome trace event format on output).
    public var traceSpans: [TraceSpan]
    /// Topology edges `from → to` (component names) for the diagram, sorted.
    public var topologyEdges: [TopologyEdge]
    public init(summary: RunSummary, timeSeries: RunTimeSeries, logEvents: LogEventTable, traceSpans: [TraceSpan], topologyEdges: [TopologyEdge]) {
        self.summary = summary; self.timeSeries = timeSeries; self.logEvents = logEvents
        self.traceSpans = traceSpans; self.topologyEdges = topologyEdges
    }
    /// The artifacts with `logEvents` given as an array (kept in a ``LogEventTable``).
    public init(summary: RunSummary, timeSeries: RunTimeSeries, logEvents: [LogEvent], traceSpans: [TraceSpan], topologyEdges: [TopologyEdge]) {
        self.init(summary: summary, timeSeries: timeSeries, logEvents: LogEventTable(logEvents), traceSpans: traceSpans, topologyEdges: topologyEdges)
    }
}

/// One log event, already in the Elastic Common Schema field vocabulary.
/// `@timestamp` is derived from `at` on the documented epoch when written, and `trace.id` /
/// `span.id` (16 lowercase hex digits) from the integer ids, so a kept event holds no text of
/// its own (issue 6: the hex strings were one heap allocation per event).
public struct LogEvent: Sendable, Equatable {
    public var at: SimTime
    /// `log.level`: `info`, `warn`, `error`.
    public var level: String
    public var message: String
    /// `service.name` (e.g. `compra-command`) and `service.node.name` (instance, e.g. `compra-command-2`).
    public var serviceName: String
    public var nodeName: String
    /// `trace.id`, `span.id` (written as 16 lowercase hex digits); `nil` when the event has none.
    public var traceID: UInt64?
    public var spanID: UInt64?
    /// `event.duration` in nanoseconds.
    public var durationNanoseconds: Int64
    public var httpMethod: String
    public var urlPath: String
    public var statusCode: Int
    /// `error.type`, empty when none.
    public var errorType: String
    public init(at: SimTime, level: String, message: String, serviceName: String, nodeName: String, traceID: UInt64?,
                spanID: UInt64?, durationNanoseconds: Int64, httpMethod: String, urlPath: String, statusCode: Int, errorType: String) {
        self.at = at; self.level = level; self.message = message; self.serviceName = serviceName; self.nodeName = nodeName
        self.traceID = traceID; self.spanID = spanID; self.durationNanoseconds = durationNanoseconds
        self.httpMethod = httpMethod; self.urlPath = urlPath; self.statusCode = statusCode; self.errorType = errorType
    }
}

/// One hop of a sampled request.
public struct TraceSpan: Sendable, Equatable {
    public var traceID: UInt64
    public var spanID: UInt64
    public var parentSpanID: UInt64?
    /// e.g. `gateway → compra-command`, `mongos → shard-2`.
    public var name: String
    /// Component and instance that did the work (`compra-command`, `compra-command-2`).
    public var component: String
    public var instance: String
    public var start: SimTime
    public var duration: SimDuration
    public var status: Int
    public init(traceID: UInt64, spanID: UInt64, parentSpanID: UInt64?, name: String, component: String, instance: String,
                start: SimTime, duration: SimDuration, status: Int) {
        self.traceID = traceID; self.spanID = spanID; self.parentSpanID = parentSpanID; self.name = name
        self.component = component; self.instance = instance; self.start = start; self.duration = duration; self.status = status
    }
}

/// A directed edge of the topology diagram.
public struct TopologyEdge: Sendable, Equatable, Comparable {
    public var from: String
    public var to: String
    public init(from: String, to: String) { self.from = from; self.to = to }
    public static func < (a: TopologyEdge, b: TopologyEdge) -> Bool { (a.from, a.to) < (b.from, b.to) }
}
