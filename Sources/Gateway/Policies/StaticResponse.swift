import SimulationPrimitives

/// A response the gateway answers itself, without routing (Netflix Zuul's `StaticResponseFilter`
/// and health check, reference netflix-oss.md §6.1: first match wins, `sendZuulResponse=false`).
///
/// ```swift
/// StaticResponse.health                                      // /actuator/health, /health → 200 {"status":"UP"}
/// StaticResponse(paths: ["/robots.txt"], status: 200, body: "User-agent: *")
/// ```
public struct StaticResponse: Sendable, Hashable {
    /// Exact paths answered (query string ignored).
    public var paths: [String]
    /// Status (Netflix's filter always sets 200).
    public var status: Int
    /// Body text.
    public var body: String

    /// A static response for `paths`.
    public init(paths: [String], status: Int = 200, body: String) {
        self.paths = paths
        self.status = status
        self.body = body
    }

    /// The health check: Spring Boot 2 `/actuator/health` and Boot 1 `/health` answer
    /// `{"status":"UP"}` with 200.
    public static let health = StaticResponse(paths: ["/actuator/health", "/health"], status: 200, body: #"{"status":"UP"}"#)

    /// Whether `path` (without query) is one of ``paths``.
    public func matches(_ path: Substring) -> Bool { paths.contains { $0 == path } }
}

/// Maintenance mode: every request except static responses (the health check keeps answering) gets
/// `status` (503) with `Retry-After` — a static response for all paths.
public struct MaintenanceMode: Sendable, Hashable {
    /// Status sent, 503 by default.
    public var status: Int
    /// `Retry-After` sent.
    public var retryAfter: SimDuration
    /// Body text.
    public var body: String

    /// Maintenance with 503, `Retry-After` 300 s.
    public init(status: Int = 503, retryAfter: SimDuration = .seconds(300), body: String = "Under maintenance") {
        self.status = status
        self.retryAfter = retryAfter
        self.body = body
    }
}
