extension ScenarioDecoder {
    /// Keys of the `telemetry:` section.
    static let telemetryKeys = ["log_sample_rate", "trace_sample_rate", "max_traces", "max_log_events"]

    /// Decodes `telemetry:` (sample rates as percentages, caps as whole numbers).
    /// - Throws: ``ScenarioError`` at the offending value.
    func decodeTelemetry(_ node: SourceNode?) throws(ScenarioError) -> TelemetrySettings {
        var settings = TelemetrySettings()
        guard let node else { return settings }
        let reader = try MappingReader(node, path: "telemetry", allowed: Self.telemetryKeys)
        if let v = reader["log_sample_rate"] { settings.logSampleRate = try v.percent(reader.child("log_sample_rate")) }
        if let v = reader["trace_sample_rate"] { settings.traceSampleRate = try v.percent(reader.child("trace_sample_rate")) }
        if let v = reader["max_traces"] { settings.maxTraces = try v.int(reader.child("max_traces"), maximum: 100_000) }
        if let v = reader["max_log_events"] { settings.maxLogEvents = try v.int(reader.child("max_log_events"), maximum: 10_000_000) }
        return settings
    }
}
