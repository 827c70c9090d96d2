/// The integer identity of one server (service instance) in a load balancer's server list.
///
/// The platform assigns one dense id per simulated instance and uses the same id in Eureka
/// (`ServiceDiscovery.InstanceID.rawValue`), so hot paths compare integers, never host:port strings.
public struct ServerID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The platform's instance number.
    public var rawValue: Int
    /// Wraps `rawValue`.
    @inlinable public init(_ rawValue: Int) { self.rawValue = rawValue }
    @inlinable public static func < (a: ServerID, b: ServerID) -> Bool { a.rawValue < b.rawValue }
    /// `server#<n>`.
    public var description: String { "server#\(rawValue)" }
}

/// The integer identity of an availability zone (Ribbon's `Server.getZone()`), e.g. 0 = `zone-a`.
public struct ZoneID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The platform's zone number.
    public var rawValue: Int
    /// Wraps `rawValue`.
    @inlinable public init(_ rawValue: Int) { self.rawValue = rawValue }
    @inlinable public static func < (a: ZoneID, b: ZoneID) -> Bool { a.rawValue < b.rawValue }
    /// `zone#<n>`.
    public var description: String { "zone#\(rawValue)" }
}

/// One entry of a server list as the discovery client hands it to Ribbon: the server and its zone.
///
/// Ribbon's `DiscoveryEnabledNIWSServerList` lists only instances whose Eureka status is `UP` in
/// the local client cache (reference/netflix-oss.md §4.4); the caller does that filtering.
public struct ServerInfo: Hashable, Sendable {
    /// The server.
    public var id: ServerID
    /// The server's availability zone.
    public var zone: ZoneID
    /// A server in `zone`.
    @inlinable public init(id: ServerID, zone: ZoneID = ZoneID(0)) { self.id = id; self.zone = zone }
}
