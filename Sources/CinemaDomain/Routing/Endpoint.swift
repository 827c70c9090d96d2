/// HTTP methods the API uses. Reads (GET, HEAD, OPTIONS) go to `-query` services, writes to
/// `-command` services (DESIGN §1).
public enum HTTPMethod: UInt8, Hashable, Sendable, CaseIterable {
    /// The methods.
    case get, head, options, post, put, patch, delete

    /// The method from its upper-case name (`GET`), nil if unknown.
    public init?(name: String) {
        switch name {
        case "GET": self = .get; case "HEAD": self = .head; case "OPTIONS": self = .options; case "POST": self = .post
        case "PUT": self = .put; case "PATCH": self = .patch; case "DELETE": self = .delete
        default: return nil
        }
    }
    /// Upper-case name.
    public var name: String {
        switch self {
        case .get: "GET"; case .head: "HEAD"; case .options: "OPTIONS"; case .post: "POST"
        case .put: "PUT"; case .patch: "PATCH"; case .delete: "DELETE"
        }
    }
    /// Whether the method only reads (safe in RFC 9110 §9.2.1).
    public var isRead: Bool { self == .get || self == .head || self == .options }
}

/// Every API operation: one HTTP method + path template, handled by one command or query.
/// Paths follow Django REST Framework routers: a plural collection (`/api/compras`), a detail
/// (`/api/compras/{id}`), and extra actions (`/api/compras/{id}/confirmar`, DRF `@action`),
/// action names in Spanish like the seed.
public enum Endpoint: UInt8, Hashable, Sendable, CaseIterable {
    /// One case per API operation; see ``spec`` for its method and path.
    // Cadena
    case listChains, getChain, listCinemasOfChain, createChain, renameChain
    // Cine
    case getCinema, listAuditoriumsOfCinema, getCartelera, createCinema, updateCinema, retireCinema
    // Encargado
    case getManager, listCinemasOfManager, createManager, assignManager, unassignManager
    // Sala
    case getAuditorium, createAuditorium, updateAuditorium, retireAuditorium
    // Pelicula
    case listMovies, getMovie, listMoviesShowing, createMovie, updateMovie, retireMovie
    // Funcion
    case getShowtime, scheduleShowtime, cancelShowtime
    // Usuario
    case getUser, registerUser, changePassword, setRoles, deactivateUser
    // Cliente
    case getCustomer, listPurchasesOfCustomer, registerCustomer, updateCustomer
    // Compra
    case getPurchase, holdSeats, payPurchase, confirmPurchase, releaseHold, cancelPurchase

    /// Method and path template. `{id}` and `{id2}` are integer parameters, in the path or in a
    /// DRF filter query string (`/api/funciones?cine={id}&dia={id2}`: the cartelera of cinema `id`
    /// for business day `id2`, days counted from the run start).
    public var spec: (method: HTTPMethod, template: String) {
        switch self {
        case .listChains: (.get, "/api/cadenas")
        case .getChain: (.get, "/api/cadenas/{id}")
        case .listCinemasOfChain: (.get, "/api/cines?cadena={id}")
        case .createChain: (.post, "/api/cadenas")
        case .renameChain: (.patch, "/api/cadenas/{id}")
        case .getCinema: (.get, "/api/cines/{id}")
        case .listAuditoriumsOfCinema: (.get, "/api/salas?cine={id}")
        case .getCartelera: (.get, "/api/funciones?cine={id}&dia={id2}")
        case .createCinema: (.post, "/api/cines")
        case .updateCinema: (.patch, "/api/cines/{id}")
        case .retireCinema: (.delete, "/api/cines/{id}")
        case .getManager: (.get, "/api/encargados/{id}")
        case .listCinemasOfManager: (.get, "/api/encargados/{id}/cines")
        case .createManager: (.post, "/api/encargados")
        case .assignManager: (.post, "/api/encargados/{id}/cines")
        case .unassignManager: (.delete, "/api/encargados/{id}/cines/{id2}")
        case .getAuditorium: (.get, "/api/salas/{id}")
        case .createAuditorium: (.post, "/api/salas")
        case .updateAuditorium: (.patch, "/api/salas/{id}")
        case .retireAuditorium: (.delete, "/api/salas/{id}")
        case .listMovies: (.get, "/api/peliculas")
        case .getMovie: (.get, "/api/peliculas/{id}")
        case .listMoviesShowing: (.get, "/api/peliculas/en-cartelera")
        case .createMovie: (.post, "/api/peliculas")
        case .updateMovie: (.patch, "/api/peliculas/{id}")
        case .retireMovie: (.delete, "/api/peliculas/{id}")
        case .getShowtime: (.get, "/api/funciones/{id}")
        case .scheduleShowtime: (.post, "/api/funciones")
        case .cancelShowtime: (.delete, "/api/funciones/{id}")
        case .getUser: (.get, "/api/usuarios/{id}")
        case .registerUser: (.post, "/api/usuarios")
        case .changePassword: (.post, "/api/usuarios/{id}/password")
        case .setRoles: (.put, "/api/usuarios/{id}/roles")
        case .deactivateUser: (.delete, "/api/usuarios/{id}")
        case .getCustomer: (.get, "/api/clientes/{id}")
        case .listPurchasesOfCustomer: (.get, "/api/compras?cliente={id}")
        case .registerCustomer: (.post, "/api/clientes")
        case .updateCustomer: (.patch, "/api/clientes/{id}")
        case .getPurchase: (.get, "/api/compras/{id}")
        case .holdSeats: (.post, "/api/compras")
        case .payPurchase: (.post, "/api/compras/{id}/pagar")
        case .confirmPurchase: (.post, "/api/compras/{id}/confirmar")
        case .releaseHold: (.post, "/api/compras/{id}/liberar")
        case .cancelPurchase: (.post, "/api/compras/{id}/cancelar")
        }
    }

    /// The resource whose services handle it (the first path segment after `/api`).
    public var resource: ResourceKind {
        let segment = spec.template.split(separator: "?")[0].split(separator: "/")[1]
        return ResourceKind.allCases.first { $0.pluralName == segment }!
    }

    /// Whether it is handled by the `-command` service (writes) rather than `-query` (reads).
    public var isCommand: Bool { !spec.method.isRead }

    /// The service id that handles it: `compra-command`, `funcion-query`, ….
    public var serviceId: String { isCommand ? resource.commandServiceId : resource.queryServiceId }

    /// Budget/route name: `POST /api/compras/{id}/confirmar`.
    public var routeName: String { spec.method.name + " " + spec.template }
}
