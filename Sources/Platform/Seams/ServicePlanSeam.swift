import Scenarios

/// One step of a service's handler after its own CPU time: a store operation through mongos, a
/// call to another service, or a call to an external API.
enum ServiceStep: Equatable {
    /// A store operation on `collection`; `write` decides primary + write concern; `keyedBy` names
    /// which request key picks the shard (the scenario's shard key for that collection).
    case store(collection: Int16, write: Bool, keyedBy: RequestKey)
    case callService(serviceIndex: Int16, route: Int16)
    case callExternal(apiIndex: Int16)
    /// One of the social APIs, chosen per request (facebook or twitter).
    case callSocial
}

/// Which key of a request a store operation is addressed by.
enum RequestKey: UInt8, Equatable { case funcion, cliente, document }

/// SEAM (domain + store): what a service does for a route.
///
/// The authoritative handlers are `CinemaDomain`'s command step machines and query projections
/// (issue 4), which emit store operations the platform executes one by one (DESIGN §10 "Domain
/// handlers interleave"). Until that core lands in `main`, each route's store operations and
/// downstream calls are this table, read from DESIGN §3 (seat map read, atomic hold, payment then
/// confirm) and the failure-cases mapping (`payment` and the social APIs are called by
/// `compra-command` and `cliente-command`). It decides only which hops happen, never a result.
enum ServicePlanSeam {
    /// The collections the store holds, in shard-key order of `StoreSettings.shardKeys` lookups.
    static let collections = ["compras", "funciones", "seats", "clientes", "usuarios", "peliculas", "cines", "salas", "cadenas", "encargados"]

    static func collection(_ name: String) -> Int16 { Int16(collections.firstIndex(of: name)!) }

    /// Steps for `route` (e.g. `PUT /api/compras`) on its owning service.
    static func steps(route: String, services: [String], routeIndex: (String) -> Int16) -> [ServiceStep] {
        func service(_ id: String) -> Int16 { Int16(services.firstIndex(of: id)!) }
        let payment = Int16(ServiceCatalog.externalAPIs.firstIndex(of: "payment")!)
        switch route {
        case "GET /api/funciones":
            // Seat map: the funcion's read model, and the sala's layout from sala-query.
            return [.store(collection: collection("seats"), write: false, keyedBy: .funcion),
                    .callService(serviceIndex: service("sala-query"), route: routeIndex("GET /api/salas"))]
        case "GET /api/cines":
            return [.store(collection: collection("cines"), write: false, keyedBy: .document),
                    .callService(serviceIndex: service("cadena-query"), route: routeIndex("GET /api/cadenas"))]
        case "GET /api/compras":
            return [.store(collection: collection("compras"), write: false, keyedBy: .cliente)]
        case "GET /api/clientes":
            return [.store(collection: collection("clientes"), write: false, keyedBy: .cliente)]
        case "GET /api/usuarios":
            return [.store(collection: collection("usuarios"), write: false, keyedBy: .cliente)]
        case "POST /api/compras":
            // Hold: check the funcion, then one atomic conditional update of the seats.
            return [.callService(serviceIndex: service("funcion-query"), route: routeIndex("GET /api/funciones")),
                    .store(collection: collection("seats"), write: true, keyedBy: .funcion),
                    .store(collection: collection("compras"), write: true, keyedBy: .funcion)]
        case "PUT /api/compras":
            // Pay with the provider, then confirm the compra and the seats.
            return [.callService(serviceIndex: service("cliente-query"), route: routeIndex("GET /api/clientes")),
                    .callExternal(apiIndex: payment),
                    .store(collection: collection("compras"), write: true, keyedBy: .funcion),
                    .store(collection: collection("seats"), write: true, keyedBy: .funcion)]
        case "POST /api/clientes":
            // Share on social: post to facebook or twitter, record it on the cliente.
            return [.callSocial, .store(collection: collection("clientes"), write: true, keyedBy: .cliente)]
        case "POST /api/usuarios":
            return [.store(collection: collection("usuarios"), write: true, keyedBy: .cliente),
                    .callService(serviceIndex: service("cliente-command"), route: routeIndex("PUT /api/clientes"))]
        default:
            let parts = route.split(separator: " ")
            let plural = parts.count == 2 ? String(parts[1].dropFirst("/api/".count)) : ""
            let name = collections.contains(plural) ? plural : "funciones"
            let write = !route.hasPrefix("GET ")
            return [.store(collection: collection(name), write: write, keyedBy: .document)]
        }
    }
}
