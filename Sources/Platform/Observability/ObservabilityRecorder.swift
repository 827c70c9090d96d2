import SimulationPrimitives
import Scenarios
import Telemetry

/// Sampled logs and traces of one run (issue 7): decides per client request, from its trace id,
/// whether its hops are logged and/or traced, keeps the span state of sampled calls in a slot pool,
/// and keeps at most `maxLogEvents` log events and `maxTraces` traces (bounded memory, DESIGN §2).
///
/// Sampling is a trace-id ratio test (OpenTelemetry `TraceIdRatioBased`): a request is logged when
/// its 64-bit trace id is below `logSampleRate × 2⁶⁴` and traced when below
/// `traceSampleRate × 2⁶⁴` (while fewer than `maxTraces` traces are kept). Trace ids are SplitMix64
/// of the run seed and the request's serial number, so two runs of a scenario sample the same
/// requests and the sampling draws nothing from the simulation's random streams.
struct ObservabilityRecorder {
    let settings: TelemetrySettings
    let seedSalt: UInt64
    let logThreshold: UInt64
    let traceThreshold: UInt64
    /// Client requests given a trace id so far.
    var requestSerial: UInt64 = 0
    /// Span ids issued so far (span id = SplitMix64 of this counter and the salt).
    var spanSerial: UInt64 = 0
    var tracesStarted = 0
    var spans = SlotPool<SpanState>()
    /// Kept log events: 40-byte rows, their text fields shared by shape (issue 6).
    var logEvents = LogEventTable()
    var traceSpans: [TraceSpan] = []
    /// Log events not kept because `maxLogEvents` was reached.
    var logEventsOverCap = 0
    /// ``logEvents``' shape index by (route, status, flags) and callee node: one hash of two
    /// integers per kept event instead of building and hashing its text fields.
    var logShapes: [LogShapeKey: Int32] = [:]

    init(settings: TelemetrySettings, seed: UInt64) {
        self.settings = settings
        seedSalt = StableHash.fnv1a64("telemetry.sampling") ^ seed
        logThreshold = Self.threshold(settings.logSampleRate)
        traceThreshold = Self.threshold(settings.traceSampleRate)
    }

    /// `rate × 2⁶⁴` as a threshold (rate 1 ⇒ every id, rate 0 ⇒ none).
    static func threshold(_ rate: Double) -> UInt64 {
        if rate <= 0 { return 0 }
        if rate >= 1 { return .max }
        return UInt64(rate * 18_446_744_073_709_551_616.0)
    }

    /// SplitMix64 finaliser (Steele, Lea, Flood 2014): a bijective mix of a 64-bit counter.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A new client request's trace id (never 0) and sampling decision.
    mutating func newTrace() -> (traceID: UInt64, sampling: SamplingDecision) {
        requestSerial += 1
        var id = Self.mix(seedSalt ^ requestSerial)
        if id == 0 { id = 1 }
        var sampling: SamplingDecision = []
        if id < logThreshold || (logThreshold == .max) { sampling.insert(.logged) }
        if (id < traceThreshold || traceThreshold == .max) && tracesStarted < settings.maxTraces {
            sampling.insert(.traced)
            tracesStarted += 1
        }
        return (id, sampling)
    }

    /// A new span id (never 0).
    mutating func newSpanID() -> UInt64 {
        spanSerial += 1
        let id = Self.mix(seedSalt &+ 0x5350_414E &+ spanSerial)
        return id == 0 ? 1 : id
    }

    /// Whether one more log event may be kept (`maxLogEvents` not reached); counts the refused.
    mutating func admitLogEvent() -> Bool {
        if logEvents.count < settings.maxLogEvents { return true }
        logEventsOverCap += 1
        return false
    }
}

/// What fixes a kept log event's text fields on the platform: the hop's route, status and
/// response flags and the callee node (``ObservabilityRecorder/logShapes``).
struct LogShapeKey: Hashable {
    /// `route << 32 | status << 8 | flags`.
    var outcome: Int64
    var callee: Int32
}
