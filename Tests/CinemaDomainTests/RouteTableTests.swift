import Testing
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
    }

    @Test func everyEndpointMatchesItsOwnTemplateAndServiceAgrees() {
        for e in Endpoint.allCases {
            let path = e.spec.template.replacing("{id}", with: "12").replacing("{id2}", with: "34")
            #expect(RouteTable.match(method: e.spec.method, path: path)?.endpoint == e, "\(e.routeName)")
            #expect(RouteTable.serviceId(method: e.spec.method, path: path) == e.serviceId)
        }
        #expect(Endpoint.holdSeats.routeName == "POST /api/compras")
    }
}
