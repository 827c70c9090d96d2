import SimulationPrimitives

/// Eureka's reconcile hash code: the count of instances per status (the real one is the string
/// `"DOWN_1_UP_3_"`; counts carry the same information). A client compares it after applying a
/// delta and fetches the full registry on a mismatch (reference/netflix-oss.md §5.4).
public struct ReconcileHash: Hashable, Sendable, CustomStringConvertible {
    /// Instances per status.
    public var up = 0, down = 0, starting = 0, outOfService = 0

    /// The hash of `instances`.
    public init<S: Sequence>(_ instances: S) where S.Element == InstanceInfo {
        for i in instances {
            switch i.status {
            case .up: up += 1
            case .down: down += 1
            case .starting: starting += 1
            case .outOfService: outOfService += 1
            }
        }
    }

    /// Eureka's text form, statuses in name order: `DOWN_1_UP_3_`.
    public var description: String {
        var s = ""
        if down > 0 { s += "DOWN_\(down)_" }
        if outOfService > 0 { s += "OUT_OF_SERVICE_\(outOfService)_" }
        if starting > 0 { s += "STARTING_\(starting)_" }
        if up > 0 { s += "UP_\(up)_" }
        return s
    }
}

/// A full registry payload (`GET /eureka/apps`): every instance, sorted by id, as cached by the
/// server's response cache when it was built.
public struct RegistrySnapshot: Hashable, Sendable {
    /// All instances of all applications, ascending by id.
    public var instances: [InstanceInfo]
    /// The reconcile hash of ``instances``.
    public var reconcileHash: ReconcileHash
    /// Which response-cache build produced this payload (increments on each rebuild).
    public var cacheVersion: UInt64
    /// When the payload was built.
    public var builtAt: SimTime
}

/// One change in the server's `recentlyChangedQueue` (§5.4).
public struct RegistryChange: Hashable, Sendable {
    /// Eureka's `ActionType`.
    public enum Action: String, Hashable, Sendable { case added = "ADDED", modified = "MODIFIED", deleted = "DELETED" }
    /// What happened.
    public var action: Action
    /// The instance as it was after the change (for `deleted`, as it was before).
    public var instance: InstanceInfo
    /// When the change was recorded.
    public var changedAt: SimTime
}

/// A delta payload (`GET /eureka/apps/delta`): the changes of the last 3 minutes plus the reconcile
/// hash of the full registry at build time (§5.4).
public struct RegistryDelta: Hashable, Sendable {
    /// Changes, oldest first. May repeat instances a client already has (clients handle duplicates).
    public var changes: [RegistryChange]
    /// The reconcile hash of the whole registry when the delta was built.
    public var reconcileHash: ReconcileHash
    /// Which response-cache build produced this payload.
    public var cacheVersion: UInt64
    /// When the payload was built.
    public var builtAt: SimTime
}
