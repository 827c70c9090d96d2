import SimulationPrimitives

/// Hystrix's circuit breaker (`HystrixCircuitBreakerImpl`, reference/netflix-oss.md §1.4–§1.6),
/// sans-I/O: every method takes `now`.
///
/// ```swift
/// var breaker = HystrixCircuitBreaker(properties: .springCloud, createdAt: .zero)
/// if breaker.attemptExecution(at: now) { /* run */ } else { /* SHORT_CIRCUITED → fallback */ }
/// breaker.record(.failure, at: now); breaker.markNonSuccess(at: now)
/// ```
///
/// Semantics: the trip check runs on each health-snapshot emission (every
/// `metricsHealthSnapshotInterval`, over the last `rollingStats / interval` completed buckets) and
/// only moves CLOSED→OPEN when `total ≥ requestVolumeThreshold` and `error% ≥
/// errorThresholdPercentage`, setting `circuitOpenedAt` to the emission time. After the sleep
/// window (`now > opened + sleepWindow`, strictly) the first `attemptExecution` moves OPEN→HALF_OPEN
/// and is the single trial; `markSuccess` closes and resets the health window, `markNonSuccess`
/// re-opens from its own time. `forceOpen` beats `forceClosed`; with `forceClosed` health still
/// runs and `status` may turn OPEN internally. Emissions are replayed lazily on every call, so no
/// timer is needed; `nextHealthSnapshot` gives the next emission time for a caller that wants to
/// observe trips as they happen. The 1.5.x races of §1.8 are not reproduced (one thread).
/// Complexity: O(1) amortised per call; memory O(buckets), allocated at construction.
public struct HystrixCircuitBreaker: Sendable {
    /// `HystrixCircuitBreakerImpl.Status` (§1.4).
    public enum Status: String, Sendable, Equatable {
        case closed = "CLOSED", open = "OPEN", halfOpen = "HALF_OPEN"
    }

    /// Dynamic properties, read on every call (§1.1). Window geometry is fixed at construction.
    public var properties: HystrixCommandProperties
    /// The internal status (untouched by forced states).
    public private(set) var status: Status = .closed
    /// `circuitOpened`: when the circuit last opened; nil is Hystrix's -1.
    public private(set) var circuitOpenedAt: SimTime?
    /// Number of CLOSED→OPEN and HALF_OPEN→OPEN transitions so far (for reports).
    public private(set) var openCount = 0
    /// Number of status changes so far; a caller compares it before/after a call to notice one.
    public private(set) var transitionCount = 0
    /// The most recent status change, with its exact time (a lazily replayed trip carries the
    /// health boundary's time), for the report's breaker timeline.
    public private(set) var lastTransition: Transition?

    /// One status change.
    public struct Transition: Sendable, Equatable {
        /// The previous status.
        public let from: Status
        /// The new status.
        public let to: Status
        /// When it happened.
        public let at: SimTime

        /// Creates a transition record.
        public init(from: Status, to: Status, at: SimTime) { self.from = from; self.to = to; self.at = at }
    }
    var health: HystrixHealthWindow

    /// Creates a CLOSED breaker whose health stream starts at `createdAt`.
    public init(properties: HystrixCommandProperties, createdAt: SimTime) {
        self.properties = properties
        health = HystrixHealthWindow(bucketDuration: properties.metricsHealthSnapshotInterval,
                                     bucketCount: properties.healthWindowBucketCount, origin: createdAt)
    }

    /// Replays health-snapshot emissions up to `now` (the trip logic of §1.4).
    public mutating func advance(to now: SimTime) {
        let threshold = properties.circuitBreakerRequestVolumeThreshold
        let errorThreshold = properties.circuitBreakerErrorThresholdPercentage
        var tripAt: SimTime?
        let isClosed = status == .closed
        health.advance(to: now) { at, counts in
            guard isClosed, tripAt == nil else { return }
            if counts.totalRequests >= threshold && counts.errorPercentage >= errorThreshold { tripAt = at }
        }
        if let tripAt {
            setStatus(.open, at: tripAt)
            circuitOpenedAt = tripAt
            openCount += 1
        }
    }

    /// The last health emission at or before `now` (what the breaker and the stream's
    /// `errorPercentage`/`errorCount`/`requestCount` see).
    public mutating func healthCounts(at now: SimTime) -> HystrixHealthCounts {
        advance(to: now)
        return health.counts
    }

    /// When the next health snapshot is emitted (a trip can only happen then).
    public var nextHealthSnapshot: SimTime { health.nextBoundary }

    /// Counts a terminal execution event into the health window (§1.6 decides what counts).
    public mutating func record(_ event: HystrixEventType, at now: SimTime) {
        advance(to: now)
        let c = event.healthContribution(rejectionsCountAsFailures: properties.rejectionsCountAsFailures)
        if c.total != 0 || c.errors != 0 { health.add(total: c.total, errors: c.errors) }
    }

    /// `attemptExecution()` (mutating): whether this command may execute; the winner after the
    /// sleep window becomes the half-open trial.
    public mutating func attemptExecution(at now: SimTime) -> Bool {
        guard properties.circuitBreakerEnabled else { return true }
        advance(to: now)
        if properties.circuitBreakerForceOpen { return false }
        if properties.circuitBreakerForceClosed { return true }
        guard let opened = circuitOpenedAt else { return true }
        if isAfterSleepWindow(opened: opened, now: now) {
            if status == .open { setStatus(.halfOpen, at: now); return true }
            return false
        }
        return false
    }

    /// `allowRequest()` (idempotent apart from replaying health emissions).
    public mutating func allowRequest(at now: SimTime) -> Bool {
        guard properties.circuitBreakerEnabled else { return true }
        advance(to: now)
        if properties.circuitBreakerForceOpen { return false }
        if properties.circuitBreakerForceClosed { return true }
        guard let opened = circuitOpenedAt else { return true }
        if status == .halfOpen { return false }
        return isAfterSleepWindow(opened: opened, now: now)
    }

    /// `isOpen()`: forced states first, then `circuitOpened >= 0` (so HALF_OPEN reports true).
    public mutating func isOpen(at now: SimTime) -> Bool {
        guard properties.circuitBreakerEnabled else { return false }
        advance(to: now)
        if properties.circuitBreakerForceOpen { return true }
        if properties.circuitBreakerForceClosed { return false }
        return circuitOpenedAt != nil
    }

    /// `markSuccess()`: HALF_OPEN→CLOSED, health reset, `circuitOpened = -1`; no-op otherwise.
    public mutating func markSuccess(at now: SimTime) {
        guard properties.circuitBreakerEnabled else { return }
        advance(to: now)
        guard status == .halfOpen else { return }
        setStatus(.closed, at: now)
        health.reset(at: now)
        circuitOpenedAt = nil
    }

    /// `markNonSuccess()`: HALF_OPEN→OPEN with `circuitOpened = now`; no-op otherwise.
    public mutating func markNonSuccess(at now: SimTime) {
        guard properties.circuitBreakerEnabled else { return }
        advance(to: now)
        guard status == .halfOpen else { return }
        setStatus(.open, at: now)
        circuitOpenedAt = now
        openCount += 1
    }

    private mutating func setStatus(_ new: Status, at time: SimTime) {
        lastTransition = Transition(from: status, to: new, at: time)
        status = new
        transitionCount += 1
    }

    private func isAfterSleepWindow(opened: SimTime, now: SimTime) -> Bool {
        now > opened + properties.circuitBreakerSleepWindow
    }
}
