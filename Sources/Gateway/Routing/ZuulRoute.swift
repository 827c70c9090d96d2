/// One entry of the route table, like a `zuul.routes.<id>` block (`path`, `serviceId`,
/// `stripPrefix`, `retryable`), extended with the CQRS split and the scopes the route requires.
///
/// ```swift
/// ZuulRoute(id: "compras", pathPrefix: "/api/compras",
///           readServiceID: "compra-query", writeServiceID: "compra-command",
///           readScope: "read", writeScope: "customer")
/// ```
/// Deliberate difference: stock Zuul maps a path to one `serviceId`; the method split (reads →
/// query, writes → command) is cinesim's, as a custom pre filter would do it in Zuul.
public struct ZuulRoute: Sendable, Hashable {
    /// The route id (`zuul.routes.<id>`).
    public var id: String
    /// The path prefix: the route's `path` is `<pathPrefix>/**` (Ant-style, matches the prefix itself
    /// and anything below it).
    public var pathPrefix: String
    /// The Eureka service id reads go to.
    public var readServiceID: String
    /// The Eureka service id writes go to.
    public var writeServiceID: String
    /// Whether the prefix is removed from the forwarded path (`stripPrefix`, default true,
    /// reference netflix-oss.md §6.2).
    public var stripPrefix: Bool
    /// Whether Ribbon may retry the call (`retryable`, default false, reference §6.2).
    public var retryable: Bool
    /// Whether a valid bearer token is required (false for `/oauth/**`).
    public var requiresAuthentication: Bool
    /// The scope reads require (`nil`: any valid token).
    public var readScope: String?
    /// The scope writes require (`nil`: any valid token).
    public var writeScope: String?

    /// A route; the defaults are Spring Cloud Zuul's (`stripPrefix=true`, `retryable=false`).
    public init(id: String, pathPrefix: String, readServiceID: String, writeServiceID: String,
                stripPrefix: Bool = true, retryable: Bool = false, requiresAuthentication: Bool = true,
                readScope: String? = nil, writeScope: String? = nil) {
        self.id = id
        self.pathPrefix = pathPrefix
        self.readServiceID = readServiceID
        self.writeServiceID = writeServiceID
        self.stripPrefix = stripPrefix
        self.retryable = retryable
        self.requiresAuthentication = requiresAuthentication
        self.readScope = readScope
        self.writeScope = writeScope
    }

    /// A route sending every method to one service, like a plain `zuul.routes` entry.
    public init(id: String, pathPrefix: String, serviceID: String, stripPrefix: Bool = true, retryable: Bool = false,
                requiresAuthentication: Bool = true, scope: String? = nil) {
        self.init(id: id, pathPrefix: pathPrefix, readServiceID: serviceID, writeServiceID: serviceID, stripPrefix: stripPrefix,
                  retryable: retryable, requiresAuthentication: requiresAuthentication, readScope: scope, writeScope: scope)
    }

    /// The Ant-style path pattern, `<pathPrefix>/**`.
    public var pathPattern: String { pathPrefix + "/**" }
}
