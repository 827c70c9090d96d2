import SimulationPrimitives

extension ServerStats {
    /// Ribbon's circuit-breaker blackout for the current failure streak (§4.2): 0 below the threshold
    /// (3), else `min((1 << min(failures − threshold, 16)) × factor, max)`, so 3 → 10 s, 4 → 20 s,
    /// ≥ 5 → 30 s with defaults.
    @inlinable public func blackout(config: RibbonClientConfig) -> SimDuration {
        let failures = successiveConnectionFailures
        guard failures >= config.connectionFailureCountThreshold else { return .zero }
        let doublings = min(failures - config.connectionFailureCountThreshold, 16)
        let grown = config.circuitTripTimeoutFactor * Int64(1 << doublings)
        return min(grown, config.circuitTripMaxTimeout)
    }

    /// Tripped ⇔ `lastConnectionFailure + blackout > now` (§4.2).
    @inlinable public func isCircuitTripped(at now: SimTime, config: RibbonClientConfig) -> Bool {
        let b = blackout(config: config)
        return b > .zero && lastConnectionFailure + b > now
    }
}
