import SimulationPrimitives

/// The integer identity of one registered instance (Eureka's `instanceId`). The platform uses the
/// same number as the Ribbon `ServerID`, so the discovery cache feeds the balancer without strings.
public struct InstanceID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The platform's instance number.
    public var rawValue: Int
    /// Wraps `rawValue`.
    @inlinable public init(_ rawValue: Int) { self.rawValue = rawValue }
    @inlinable public static func < (a: InstanceID, b: InstanceID) -> Bool { a.rawValue < b.rawValue }
    /// `instance#<n>`.
    public var description: String { "instance#\(rawValue)" }
}

/// The integer identity of an application (Eureka app name, e.g. `COMPRA-COMMAND`; the platform
/// keeps the name ↔ id table).
public struct AppID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The platform's application number.
    public var rawValue: Int
    /// Wraps `rawValue`.
    @inlinable public init(_ rawValue: Int) { self.rawValue = rawValue }
    @inlinable public static func < (a: AppID, b: AppID) -> Bool { a.rawValue < b.rawValue }
    /// `app#<n>`.
    public var description: String { "app#\(rawValue)" }
}

/// Eureka's `InstanceStatus` (reference/netflix-oss.md §5). Clients and Ribbon use only `UP`
/// instances by default (§5.4, §4.4).
public enum InstanceStatus: String, Hashable, Sendable, CaseIterable, Comparable {
    /// Ready to receive traffic.
    case up = "UP"
    /// Failed its health check.
    case down = "DOWN"
    /// Initialising, not ready yet.
    case starting = "STARTING"
    /// Taken out of traffic on purpose.
    case outOfService = "OUT_OF_SERVICE"

    /// Ordered by Eureka name, as the reconcile hash code lists them.
    public static func < (a: InstanceStatus, b: InstanceStatus) -> Bool { a.rawValue < b.rawValue }
}

/// What a registry knows about one instance (Eureka's `InstanceInfo`, reduced to what cinesim models).
public struct InstanceInfo: Hashable, Sendable {
    /// The instance.
    public var id: InstanceID
    /// Its application.
    public var app: AppID
    /// Its availability zone (the platform's zone number; Ribbon's `ZoneID.rawValue`).
    public var zone: Int
    /// Its status.
    public var status: InstanceStatus
    /// When the instance last changed its own info (`lastDirtyTimestamp`); a registration with an
    /// older timestamp than the registry's copy keeps the registry's copy (§5.2).
    public var lastDirtyTimestamp: SimTime

    /// An instance description.
    public init(id: InstanceID, app: AppID, zone: Int = 0, status: InstanceStatus = .up, lastDirtyTimestamp: SimTime = .zero) {
        self.id = id; self.app = app; self.zone = zone; self.status = status; self.lastDirtyTimestamp = lastDirtyTimestamp
    }
}
