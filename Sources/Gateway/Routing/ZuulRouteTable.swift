/// The ordered route table: first matching route wins, as Spring Cloud's `SimpleRouteLocator`
/// walks its `LinkedHashMap` of `zuul.routes` (reference netflix-oss.md §6.2, PreDecorationFilter).
///
/// ```swift
/// let table = ZuulRouteTable.cineManzana()
/// let match = table.match(.get, path: "/api/funciones/42")!
/// match.serviceID        // "funcion-query"
/// match.forwardedPath    // "/42" (stripPrefix)
/// ```
/// Matching is a linear scan of byte prefixes (a handful of routes); service ids are interned to
/// integer ``ServiceIndex`` values so per-request state carries integers, not strings.
public struct ZuulRouteTable: Sendable {
    /// The routes in match order.
    public let routes: [ZuulRoute]
    /// Every distinct service id, in first-appearance order (reads before writes per route).
    public let serviceIDs: [String]
    let readService: [Int]
    let writeService: [Int]
    let prefixBytes: [[UInt8]]

    /// A table of `routes` in match order.
    public init(_ routes: [ZuulRoute]) {
        self.routes = routes
        var ids: [String] = []
        var index: [String: Int] = [:]
        var reads: [Int] = [], writes: [Int] = []
        func intern(_ id: String) -> Int {
            if let existing = index[id] { return existing }
            index[id] = ids.count
            ids.append(id)
            return ids.count - 1
        }
        for route in routes {
            reads.append(intern(route.readServiceID))
            writes.append(intern(route.writeServiceID))
        }
        serviceIDs = ids
        readService = reads
        writeService = writes
        prefixBytes = routes.map { Array($0.pathPrefix.utf8) }
    }

    /// The route matching `path` (query string excluded) and the service `method` goes to, or
    /// `nil` when no route matches (Spring Cloud then answers 404).
    public func match(_ method: HTTPMethod, path: String) -> ZuulRouteMatch? {
        var utf8 = Array(path.utf8)
        if let query = utf8.firstIndex(of: UInt8(ascii: "?")) { utf8.removeSubrange(query...) }
        for (index, prefix) in prefixBytes.enumerated() {
            guard utf8.count >= prefix.count, utf8[0..<prefix.count].elementsEqual(prefix) else { continue }
            // `<prefix>/**` matches the prefix itself or the prefix followed by a path separator.
            guard utf8.count == prefix.count || utf8[prefix.count] == UInt8(ascii: "/") || prefix.last == UInt8(ascii: "/") else { continue }
            let route = routes[index]
            let service = method.isRead ? readService[index] : writeService[index]
            var forwarded = route.stripPrefix ? String(decoding: utf8[prefix.count...], as: UTF8.self) : String(decoding: utf8, as: UTF8.self)
            if forwarded.isEmpty { forwarded = "/" }
            return ZuulRouteMatch(routeIndex: index, service: ServiceIndex(rawValue: service), serviceID: serviceIDs[service],
                              forwardedPath: forwarded, requiredScope: method.isRead ? route.readScope : route.writeScope,
                              requiresAuthentication: route.requiresAuthentication, retryable: route.retryable)
        }
        return nil
    }

    /// The interned index of `serviceID`, if the table routes to it.
    public func serviceIndex(of serviceID: String) -> ServiceIndex? {
        serviceIDs.firstIndex(of: serviceID).map(ServiceIndex.init(rawValue:))
    }
}

/// An interned service id of a ``ZuulRouteTable``.
public struct ServiceIndex: Sendable, Hashable, RawRepresentable {
    /// Position in ``ZuulRouteTable/serviceIDs``.
    public var rawValue: Int
    /// The index `rawValue`.
    public init(rawValue: Int) { self.rawValue = rawValue }
}

/// The result of route resolution (what PreDecorationFilter puts in the request context).
public struct ZuulRouteMatch: Sendable, Hashable {
    /// Index of the matched route in ``ZuulRouteTable/routes``.
    public var routeIndex: Int
    /// Interned target service.
    public var service: ServiceIndex
    /// Target service id (Hystrix command key, Ribbon client name).
    public var serviceID: String
    /// The path sent upstream (prefix stripped when the route says so).
    public var forwardedPath: String
    /// The scope the request needs, if any.
    public var requiredScope: String?
    /// Whether a valid token is required.
    public var requiresAuthentication: Bool
    /// The route's `retryable` flag.
    public var retryable: Bool
}
