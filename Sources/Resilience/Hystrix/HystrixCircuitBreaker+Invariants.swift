import SimulationPrimitives

extension HystrixCircuitBreaker {
    /// Checks the breaker's invariants (STYLE: one checking function, run in tests):
    /// OPEN or HALF_OPEN always has an opened time, CLOSED never has one, and the health window's
    /// sums are non-negative with errors ≤ total.
    public func checkInvariants() {
        switch status {
        case .open, .halfOpen: precondition(circuitOpenedAt != nil, "breaker \(status) without an opened time")
        case .closed: precondition(circuitOpenedAt == nil, "CLOSED breaker with an opened time")
        }
        precondition(health.windowTotal >= 0 && health.windowErrors >= 0 && health.windowErrors <= health.windowTotal,
                     "health window sums inconsistent")
    }
}
