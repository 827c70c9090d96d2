/// The `telemetry:` section: how many requests are sampled into `logs.ndjson` and `trace.json`
/// (docs/scenario-format.md § telemetry).
///
/// Sampling is head-based, decided once per client request from its trace id (like an
/// OpenTelemetry `TraceIdRatioBased` sampler), so a sampled request is logged or traced at every
/// hop and an unsampled one at none.
public struct TelemetrySettings: Sendable, Equatable {
    /// Share of client requests whose hops become ECS log events, 0…1 (`log_sample_rate: 1%`).
    public var logSampleRate: Double
    /// Share of client requests traced, 0…1 (`trace_sample_rate: 0.1%`).
    public var traceSampleRate: Double
    /// Most traces kept in `trace.json`; later sampled requests are not traced.
    public var maxTraces: Int
    /// Most log events kept in `logs.ndjson`; later events are counted as dropped.
    public var maxLogEvents: Int

    /// Defaults: 1 % of requests logged, 0.1 % traced, at most 200 traces and 100 000 log events
    /// (bounded memory, DESIGN §2).
    public init(logSampleRate: Double = 0.01, traceSampleRate: Double = 0.001, maxTraces: Int = 200, maxLogEvents: Int = 100_000) {
        self.logSampleRate = logSampleRate; self.traceSampleRate = traceSampleRate
        self.maxTraces = maxTraces; self.maxLogEvents = maxLogEvents
    }
}
