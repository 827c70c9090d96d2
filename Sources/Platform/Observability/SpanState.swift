import SimulationPrimitives

/// Trace state of one sampled call (hop). Lives in ``ObservabilityRecorder/spans`` (a
/// ``SlotPool``), referenced by `Call.span`; unsampled calls hold none (`Call.span == -1`), so
/// unsampled traffic allocates nothing.
struct SpanState {
    var traceID: UInt64
    var spanID: UInt64
    /// 0 for the root hop (client → edge).
    var parentSpanID: UInt64
    var sampling: SamplingDecision
    /// What the caller observed, set when the result was handed to it (``PlatformSimulation/deliver``):
    /// a read timeout ends the caller's view before the callee's response arrives.
    var deliveredAt: SimTime? = nil
    var deliveredStatus: Int16 = 0
    var deliveredFlags: ResponseFlags = []
}

/// Which outputs a client request is sampled into (head-based: decided once per request).
struct SamplingDecision: OptionSet {
    let rawValue: UInt8
    /// Its hops become `logs.ndjson` events.
    static let logged = SamplingDecision(rawValue: 1)
    /// Its hops become `trace.json` spans.
    static let traced = SamplingDecision(rawValue: 2)
}
