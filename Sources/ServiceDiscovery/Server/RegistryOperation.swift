import SimulationPrimitives

/// A write to a Eureka registry, from a client or replicated from a peer (§5.2).
public enum RegistryOperation: Hashable, Sendable {
    /// `POST /apps/<app>`: register (or re-register) an instance with a lease duration.
    case register(InstanceInfo, leaseDuration: SimDuration)
    /// `PUT /apps/<app>/<id>`: heartbeat.
    case renew(InstanceID)
    /// `DELETE /apps/<app>/<id>`: deregistration on clean shutdown.
    case cancel(InstanceID)
    /// `PUT /apps/<app>/<id>/status`: status change.
    case statusUpdate(InstanceID, InstanceStatus)
}

/// A registry's answer to a ``RegistryOperation``.
public struct RegistryReply: Hashable, Sendable {
    /// Whether it succeeded. A failed `renew` is Eureka's 404: the client re-registers.
    public var succeeded: Bool
    /// Whether the platform must deliver the same operation to every peer with
    /// `isReplication: true` (only for successful, non-replicated operations).
    public var replicateToPeers: Bool
}
