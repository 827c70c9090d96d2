import SimulationPrimitives

extension ServerStats {
    /// Ribbon's circuit-breaker blackout for the current failure streak (§4.2): 0 below the threshold
    /// (3), else `min((1 << min(failures − threshold, 16)) × factor, max)`, so 3 → 10 s, 4 → 20 s,
    /// ≥ 5 → 30 s with defaults.
    @inlinable public func blackout(config: RibbonClientConfig) -> SimDuration {
        Self.blackout(successiveConnectionFailures: successiveConnectionFailures, config: config)
    }

    /// ``blackout(config:)`` from the failure streak alone (for callers reading fields in place).
    @inlinable static func blackout(successiveConnectionFailures failures: Int, config: RibbonClientConfig) -> SimDuration {
        guard failures >= config.connectionFailureCountThreshold else { return .zero }
        let doublings = min(failures - config.connectionFailureCountThreshold, 16)
        let grown = config.circuitTripTimeoutFactor * Int64(1 << doublings)
        return min(grown, config.circuitTripMaxTimeout)
    }

    /// Tripped ⇔ `lastConnectionFailure + blackout > now` (§4.2).
    @inlinable public func isCircuitTripped(at now: SimTime, config: RibbonClientConfig) -> Bool {
        Self.isCircuitTripped(successiveConnectionFailures: successiveConnectionFailures, lastConnectionFailure: lastConnectionFailure,
                              at: now, config: config)
    }

    /// ``isCircuitTripped(at:config:)`` from the two fields it reads: the balancer's per-choice
    /// pass reads them in place instead of copying each `ServerStats` (and its window array).
    @inlinable static func isCircuitTripped(successiveConnectionFailures: Int, lastConnectionFailure: SimTime, at now: SimTime,
                                            config: RibbonClientConfig) -> Bool {
        let b = blackout(successiveConnectionFailures: successiveConnectionFailures, config: config)
        return b > .zero && lastConnectionFailure + b > now
    }
}
