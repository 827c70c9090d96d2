import Scenarios

/// Every route a call may carry: the client-facing HTTP routes of `ServiceCatalog.routes` plus
/// internal operations (store commands, replication, Eureka, config, log shipping, introspection).
struct RouteTable {
    struct Route {
        var name: String
        /// Component index that serves it (service, oauth, frontend), -1 for internal routes.
        var owner: Int32
        var isRead: Bool
        var needsToken: Bool
        var isClientFacing: Bool
    }
    private(set) var routes: [Route] = []

    mutating func add(_ route: Route) -> Int16 {
        routes.append(route)
        return Int16(routes.count - 1)
    }

    func index(of name: String) -> Int16? {
        routes.firstIndex { $0.name == name }.map { Int16($0) }
    }

    subscript(index: Int16) -> Route { routes[Int(index)] }
}

/// Internal route indices, registered after the client-facing routes.
struct InternalRoutes {
    var storeRead: Int16 = 0
    var storeWrite: Int16 = 0
    var replicate: Int16 = 0
    var eurekaRenew: Int16 = 0
    var eurekaFetch: Int16 = 0
    var configPoll: Int16 = 0
    var logShip: Int16 = 0
    var turbineStream: Int16 = 0
    var introspect: Int16 = 0
    var login: Int16 = 0
    var page: Int16 = 0
    var externalCall: Int16 = 0
}
