import SimulationPrimitives

/// One instance's lease (Eureka `Lease<InstanceInfo>`, reference/netflix-oss.md §5.2).
///
/// Stock semantics: registration sets `lastUpdate = registration`; `renew` sets
/// `lastUpdate = now + duration`; expired ⇔ `evicted || now > lastUpdate + duration + extra`. So a
/// lease renewed at least once expires at `lastRenewal + 2 × duration`, one never renewed at
/// `registration + duration`. ``LeaseExpiry/fixed`` makes `renew` set `lastUpdate = now`.
public struct Lease: Hashable, Sendable {
    /// The instance as registered.
    public var instance: InstanceInfo
    /// Lease duration (`leaseExpirationDurationInSeconds`, 90 s by default).
    public var duration: SimDuration
    /// When the lease was created.
    public var registrationTime: SimTime
    /// Eureka's `lastUpdateTimestamp` (see the type's doc for the renewal quirk).
    public var lastUpdate: SimTime
    /// When the last renewal arrived (for reports; not used by expiry).
    public var lastRenewal: SimTime?
    /// Set when the lease is cancelled or evicted.
    public var evictedAt: SimTime?

    /// A new lease registered at `now`.
    public init(instance: InstanceInfo, duration: SimDuration, registeredAt now: SimTime) {
        self.instance = instance; self.duration = duration
        registrationTime = now; lastUpdate = now
    }

    /// A renewal at `now` under `expiry` semantics.
    public mutating func renew(at now: SimTime, expiry: LeaseExpiry) {
        lastRenewal = now
        lastUpdate = expiry == .stockDoubledAfterRenewal ? now + duration : now
    }

    /// Whether the lease is expired at `now`, with `extra` compensation time (§5.2).
    @inlinable public func isExpired(at now: SimTime, extra: SimDuration = .zero) -> Bool {
        evictedAt != nil || now > lastUpdate + duration + extra
    }

    /// The last instant at which the lease is still valid (`lastUpdate + duration`).
    public var validUntil: SimTime { lastUpdate + duration }
}
