import SimulationPrimitives

/// A polled configuration source feeding one layer (Archaius `FixedDelayPollingScheduler` over a
/// URL source, reference/netflix-oss.md §7.1): first poll after `initialDelay` (30 s), then
/// `delay` (60 s) after each poll completes (fixed delay). Each poll result is a full snapshot:
/// absent keys are deleted from the layer unless `ignoreDeletesFromSource`.
///
/// ```swift
/// var source = PollingConfigurationSource(startedAt: .zero)          // first poll at 30 s
/// // at source.nextPoll: fetch the snapshot (the platform models the config server), then
/// let changes = try source.pollCompleted(snapshot, at: now, into: config)  // next at now + 60 s
/// ```
///
/// A push (Spring Cloud Bus refresh, §7.2) is simply ``DynamicConfiguration/apply(_:layer:)`` on the
/// runtime layer at the push time; it needs no source.
public struct PollingConfigurationSource: Sendable {
    /// `archaius.fixedDelayPollingScheduler.initialDelayMills`: 30 000 ms.
    public var initialDelay: SimDuration
    /// `archaius.fixedDelayPollingScheduler.delayMills`: 60 000 ms.
    public var delay: SimDuration
    /// Keep keys the source stops returning (Archaius `ignoreDeletesFromSource`, default false).
    public var ignoreDeletesFromSource: Bool
    /// The layer this source writes (the runtime-override layer by default).
    public var layer: ConfigLayer
    /// When the next poll is due.
    public private(set) var nextPoll: SimTime
    /// Polls completed (successful or not).
    public private(set) var pollCount = 0

    /// A source started at `startedAt` with Archaius's defaults unless given.
    public init(startedAt: SimTime, initialDelay: SimDuration = .milliseconds(30_000), delay: SimDuration = .milliseconds(60_000),
                ignoreDeletesFromSource: Bool = false, layer: ConfigLayer = .runtimeOverride) {
        self.initialDelay = initialDelay
        self.delay = delay
        self.ignoreDeletesFromSource = ignoreDeletesFromSource
        self.layer = layer
        nextPoll = startedAt + initialDelay
    }

    /// A poll finished at `now` with `snapshot` (nil: the source was unreachable, the layer is kept).
    /// The next poll is due at `now + delay`.
    /// - Returns: the effective-value changes the snapshot caused.
    /// - Throws: ``PropertyError`` if a typed key's value does not parse; the layer is unchanged, and
    ///   the next poll is still scheduled.
    public mutating func pollCompleted(_ snapshot: [(key: String, value: String)]?, at now: SimTime,
                                       into config: DynamicConfiguration) throws(PropertyError) -> [PropertyChange] {
        pollCount += 1
        nextPoll = now + delay
        guard let snapshot else { return [] }
        return try config.replaceLayer(layer, with: snapshot, ignoreDeletes: ignoreDeletesFromSource)
    }
}
