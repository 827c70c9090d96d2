/// The HTTP methods the gateway routes.
///
/// Reads (`GET`, `HEAD`, `OPTIONS`) go to a resource's `-query` service and writes (`POST`, `PUT`,
/// `PATCH`, `DELETE`) to its `-command` service (DESIGN §1, CQRS split).
public enum HTTPMethod: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Reads.
    case get, head, options
    /// Writes.
    case post, put, patch, delete

    /// Whether the method only reads (routes to the query side).
    @inlinable public var isRead: Bool { self == .get || self == .head || self == .options }

    /// Whether Ribbon retries it without `OkToRetryOnAllOperations` (only `GET`,
    /// reference netflix-oss.md §4.1: `OkToRetryOnAllOperations=false`).
    @inlinable public var isRetriableByDefault: Bool { self == .get }

    /// The method token (`GET`…).
    public var description: String {
        switch self {
        case .get: return "GET"
        case .head: return "HEAD"
        case .options: return "OPTIONS"
        case .post: return "POST"
        case .put: return "PUT"
        case .patch: return "PATCH"
        case .delete: return "DELETE"
        }
    }
}
