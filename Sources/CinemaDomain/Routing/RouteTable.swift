/// A request matched to an ``Endpoint`` with its integer path parameters.
public struct RouteMatch: Hashable, Sendable {
    /// The operation.
    public var endpoint: Endpoint
    /// `{id}`, when the template has it.
    public var id: Int64?
    /// `{id2}`, when the template has it.
    public var secondId: Int64?
    /// Service id that handles it.
    public var serviceId: String { endpoint.serviceId }
}

/// The API's route table: the nine resources × command/query services and their DRF routes
/// (DESIGN §1: `/api/<plural>`, reads → `-query`, writes → `-command`; `/oauth/**` → the OAuth server).
///
/// ```swift
/// RouteTable.serviceId(method: .post, path: "/api/compras/17/confirmar")  // "compra-command"
/// RouteTable.match(method: .get, path: "/api/funciones?cine=3&dia=0")     // .getCartelera, id 3, secondId 0
/// ```
public enum RouteTable {
    /// Service id of the OAuth authorization server, which owns `/oauth/**`.
    public static let oauthServiceId = "oauth-server"

    /// The 18 domain service ids, command then query per resource, in ``ResourceKind`` order.
    public static let serviceIds: [String] = ResourceKind.allCases.flatMap { [$0.commandServiceId, $0.queryServiceId] }

    /// The service that handles `method` on `path` by prefix alone (the gateway's Zuul-style route:
    /// `/api/compras/**` → `compra-*`, reads to `-query`, writes to `-command`; `/oauth/**` → OAuth).
    /// A query string and a trailing slash are ignored. Nil for an unknown prefix.
    public static func serviceId(method: HTTPMethod, path: String) -> String? {
        let segments = split(path)
        guard segments.count >= 1 else { return nil }
        if segments[0] == "oauth" { return oauthServiceId }
        guard segments.count >= 2, segments[0] == "api",
              let resource = ResourceKind.allCases.first(where: { $0.pluralName == segments[1] }) else { return nil }
        return method.isRead ? resource.queryServiceId : resource.commandServiceId
    }

    /// The exact operation for `method` and `path` (trailing slash ignored; filter parameters
    /// taken from the query string, other query parameters ignored), or nil (the service would
    /// answer 404 or 405). Endpoints with filter parameters are tried first, so
    /// `GET /api/compras?cliente=4` is the customer's purchases, not a plain list.
    public static func match(method: HTTPMethod, path: String) -> RouteMatch? {
        let segments = split(path)
        let query = queryItems(path)
        for pass in 0..<2 {
            for endpoint in Endpoint.allCases where endpoint.spec.method == method {
                let parts = endpoint.spec.template.split(separator: "?", maxSplits: 1)
                let hasFilters = parts.count == 2
                if hasFilters != (pass == 0) { continue }
                let template = parts[0].split(separator: "/")
                guard template.count == segments.count else { continue }
                var id: Int64?, secondId: Int64?, ok = true
                func bind(_ placeholder: Substring, _ value: Substring?) -> Bool {
                    guard let value else { return false }
                    if placeholder == "{id}" { id = Int64(value); return id != nil }
                    if placeholder == "{id2}" { secondId = Int64(value); return secondId != nil }
                    return placeholder == value
                }
                for (t, s) in zip(template, segments) where !bind(t, s) { ok = false; break }
                if ok && hasFilters {
                    for filter in parts[1].split(separator: "&") {
                        let kv = filter.split(separator: "=", maxSplits: 1)
                        guard kv.count == 2, bind(kv[1], query.first(where: { $0.name == kv[0] })?.value) else { ok = false; break }
                    }
                }
                if ok { return RouteMatch(endpoint: endpoint, id: id, secondId: secondId) }
            }
        }
        return nil
    }

    static func queryItems(_ path: String) -> [(name: Substring, value: Substring)] {
        let parts = path.split(separator: "?", maxSplits: 1)
        guard parts.count == 2 else { return [] }
        return parts[1].split(separator: "&").map { item in
            let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (kv[0], kv.count > 1 ? kv[1] : "")
        }
    }

    static func split(_ path: String) -> [Substring] {
        let withoutQuery = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? Substring(path)
        return withoutQuery.split(separator: "/")
    }
}
