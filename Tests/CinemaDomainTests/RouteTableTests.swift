import Testing
import SimulationPrimitives
@testable import CinemaDomain

@Suite struct RouteTableTests {
    @Test func eighteenServicesNamedAfterTheSeed() {
        #expect(RouteTable.serviceIds.count == 18)
        #expect(RouteTable.serviceIds.prefix(4) == ["usuario-command", "usuario-query", "encargado-command", "encargado-query"])
        #expect(ResourceKind.allCases.map(\.route) == ["/api/usuarios", "/api/encargados", "/api/clientes", "/api/compras", "/api/funciones",
                                                       "/api/peliculas", "/api/salas", "/api/cines", "/api/cadenas"])
    }

    @Test func readsGoToQueryWritesToCommand() {
        #expect(RouteTable.serviceId(method: .get, path: "/api/compras/17") == "compra-query")
        #expect(RouteTable.serviceId(method: .post, path: "/api/compras") == "compra-command")
        #expect(RouteTable.serviceId(method: .delete, path: "/api/funciones/3/") == "funcion-command")
        #expect(RouteTable.serviceId(method: .get, path: "/api/funciones?cine=3") == "funcion-query")
        #expect(RouteTable.serviceId(method: .post, path: "/oauth/token") == "oauth-server")
        #expect(RouteTable.serviceId(method: .get, path: "/api/entradas") == nil)
    }

    @Test func exactEndpointMatching() {
        let confirm = RouteTable.match(method: .post, path: "/api/compras/17/confirmar/")
        #expect(confirm?.endpoint == .confirmPurchase && confirm?.id == 17 && confirm?.serviceId == "compra-command")
        #expect(RouteTable.match(method: .get, path: "/api/peliculas/en-cartelera?desde=0")?.endpoint == .listMoviesShowing)
        #expect(RouteTable.match(method: .get, path: "/api/peliculas/4")?.endpoint == .getMovie)
        let unassign = RouteTable.match(method: .delete, path: "/api/encargados/5/cines/2")
        #expect(unassign?.endpoint == .unassignManager && unassign?.id == 5 && unassign?.secondId == 2)
        #expect(RouteTable.match(method: .put, path: "/api/compras/17/confirmar") == nil)
        #expect(RouteTable.match(method: .get, path: "/api/compras/abc") == nil)
        // DRF filters: the customer's purchases and a cinema's cartelera for day 3.
        let mine = RouteTable.match(method: .get, path: "/api/compras/?cliente=20&page=2")
        #expect(mine?.endpoint == .listPurchasesOfCustomer && mine?.id == 20 && mine?.serviceId == "compra-query")
        let carte = RouteTable.match(method: .get, path: "/api/funciones?dia=3&cine=7")
        #expect(carte?.endpoint == .getCartelera && carte?.id == 7 && carte?.secondId == 3 && carte?.serviceId == "funcion-query")
        #expect(RouteTable.match(method: .get, path: "/api/funciones?cine=7") == nil) // the day is required
    }

    @Test func everyEndpointMatchesItsOwnTemplateAndServiceAgrees() {
        for e in Endpoint.allCases {
            let path = e.spec.template.replacing("{id2}", with: "34").replacing("{id}", with: "12")
            #expect(RouteTable.match(method: e.spec.method, path: path)?.endpoint == e, "\(e.routeName)")
            #expect(RouteTable.serviceId(method: e.spec.method, path: path) == e.serviceId)
        }
        #expect(Endpoint.holdSeats.routeName == "POST /api/compras")
    }

    @Test func commandsAndQueriesNameTheirRoutes() {
        #expect(Command.holdSeats(purchaseId: PurchaseID(1), showtimeId: ShowtimeID(2), seats: [1]).endpoint?.routeName == "POST /api/compras")
        #expect(Command.expireHold(purchaseId: PurchaseID(1)).endpoint == nil)
        #expect(Query.cartelera(CinemaID(1), dayStart: .zero).endpoint.routeName == "GET /api/funciones?cine={id}&dia={id2}")
        // Every command and query is served by the service of its own resource.
        let commands: [Command] = [.createChain(id: ChainID(1), name: "x"), .assignManager(userId: UserID(1), cinemaId: CinemaID(1)),
                                   .scheduleShowtime(id: ShowtimeID(1), auditoriumId: AuditoriumID(1), movieId: MovieID(1), startsAt: .zero,
                                                     prices: PriceTiers(standardCents: 1, premiumCents: 1)),
                                   .registerCustomer(name: "a", email: "a@b"), .confirmPurchase(purchaseId: PurchaseID(1))]
        for c in commands { #expect(c.endpoint?.serviceId == c.resource.commandServiceId) }
        let queries: [Query] = [.chains, .cinemasOfManager(UserID(1)), .moviesShowing(from: .zero, to: .zero), .showtime(ShowtimeID(1)),
                                .purchasesOfCustomer(UserID(1)), .customer(UserID(1)), .auditorium(AuditoriumID(1))]
        for q in queries { #expect(q.endpoint.serviceId == q.resource.queryServiceId) }
    }
}
