/// The CineManzana route table (DESIGN §1): nine resources, each split into a `-query` service for
/// reads and a `-command` service for writes (18 services), plus `/oauth/**` to the OAuth server.
extension ZuulRouteTable {
    /// The nine resources: service-id stem and Django REST Framework plural route.
    public static let cineManzanaResources: [(resource: String, plural: String)] = [
        ("usuario", "usuarios"), ("encargado", "encargados"), ("cliente", "clientes"),
        ("compra", "compras"), ("funcion", "funciones"), ("pelicula", "peliculas"),
        ("sala", "salas"), ("cine", "cines"), ("cadena", "cadenas"),
    ]

    /// The Eureka service id of the OAuth authorization server.
    public static let oauthServiceID = "oauth-server"

    /// The scopes the CineManzana table requires.
    public enum CineManzanaScope {
        /// Any read of the API.
        public static let read = "read"
        /// Writes a customer makes: purchases, their customer and user records.
        public static let customer = "customer"
        /// Writes a manager (encargado) makes: catalogue, showtimes, auditoriums, cinemas, chains, managers.
        public static let manager = "manager"
    }

    /// Resources whose writes customers make (everything else needs the manager scope).
    public static let customerWritableResources = ["usuario", "cliente", "compra"]

    /// The table: `/oauth/**` first (public, prefix kept because the server's endpoints are
    /// `/oauth/token`, `/oauth/check_token`), then `/api/<plural>/**` for the nine resources, reads →
    /// `<resource>-query` (scope `read`), writes → `<resource>-command` (scope `customer` or
    /// `manager`). `retryable` applies to every API route (default false, as Zuul).
    public static func cineManzana(retryable: Bool = false) -> ZuulRouteTable {
        var routes = [ZuulRoute(id: "oauth", pathPrefix: "/oauth", serviceID: oauthServiceID, stripPrefix: false, requiresAuthentication: false)]
        for (resource, plural) in cineManzanaResources {
            let writeScope = customerWritableResources.contains(resource) ? CineManzanaScope.customer : CineManzanaScope.manager
            routes.append(ZuulRoute(id: plural, pathPrefix: "/api/" + plural, readServiceID: resource + "-query",
                                    writeServiceID: resource + "-command", retryable: retryable,
                                    readScope: CineManzanaScope.read, writeScope: writeScope))
        }
        return ZuulRouteTable(routes)
    }
}
