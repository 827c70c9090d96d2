import Testing
@testable import Gateway

/// DESIGN §1: writes to `/api/<resource>` go to `<resource>-command`, reads to `<resource>-query`,
/// `/oauth/**` to the OAuth server; Zuul's `stripPrefix=true` default (reference netflix-oss.md §6.2).
@Suite("Route table for the 18 services")
struct RouteTableTests {
    static let table = ZuulRouteTable.cineManzana()
    static let resources: [(String, String)] = [
        ("usuario", "usuarios"), ("encargado", "encargados"), ("cliente", "clientes"), ("compra", "compras"), ("funcion", "funciones"),
        ("pelicula", "peliculas"), ("sala", "salas"), ("cine", "cines"), ("cadena", "cadenas"),
    ]

    @Test(arguments: resources)
    func readsGoToQueryAndWritesToCommand(resource: String, plural: String) throws {
        for method in [HTTPMethod.get, .head, .options] {
            let match = try #require(Self.table.match(method, path: "/api/\(plural)/42"))
            #expect(match.serviceID == "\(resource)-query")
            #expect(match.forwardedPath == "/42")
            #expect(match.requiredScope == "read")
            #expect(match.requiresAuthentication)
        }
        for method in [HTTPMethod.post, .put, .patch, .delete] {
            let match = try #require(Self.table.match(method, path: "/api/\(plural)"))
            #expect(match.serviceID == "\(resource)-command")
            #expect(match.forwardedPath == "/")
        }
        let writeScope = Self.table.match(.post, path: "/api/\(plural)")?.requiredScope
        #expect(writeScope == (["usuario", "cliente", "compra"].contains(resource) ? "customer" : "manager"))
    }

    @Test func examplesFromTheIssue() {
        #expect(Self.table.match(.get, path: "/api/funciones/7")?.serviceID == "funcion-query")
        #expect(Self.table.match(.post, path: "/api/compras")?.serviceID == "compra-command")
    }

    @Test func eighteenServicesPlusTheOAuthServer() {
        let ids = Self.table.serviceIDs
        #expect(ids.count == 19)
        #expect(ids.first == "oauth-server")
        #expect(Set(ids.dropFirst()) == Set(Self.resources.flatMap { ["\($0.0)-query", "\($0.0)-command"] }))
    }

    @Test func oauthRouteIsPublicAndKeepsItsPrefix() throws {
        let match = try #require(Self.table.match(.post, path: "/oauth/token"))
        #expect(match.serviceID == "oauth-server")
        #expect(match.forwardedPath == "/oauth/token")
        #expect(!match.requiresAuthentication)
    }

    @Test func antStyleMatching() {
        #expect(Self.table.match(.get, path: "/api/compras")?.forwardedPath == "/")
        #expect(Self.table.match(.get, path: "/api/compras/9/asientos?x=1")?.forwardedPath == "/9/asientos")
        #expect(Self.table.match(.get, path: "/api/comprasx") == nil)
        #expect(Self.table.match(.get, path: "/api") == nil)
        #expect(Self.table.match(.get, path: "/") == nil)
    }

    @Test func firstMatchWinsAndStripPrefixCanBeOff() {
        let table = ZuulRouteTable([
            ZuulRoute(id: "special", pathPrefix: "/api/compras/especial", serviceID: "special", stripPrefix: false),
            ZuulRoute(id: "compras", pathPrefix: "/api/compras", serviceID: "compra-command"),
        ])
        #expect(table.match(.get, path: "/api/compras/especial/1")?.serviceID == "special")
        #expect(table.match(.get, path: "/api/compras/especial/1")?.forwardedPath == "/api/compras/especial/1")
        #expect(table.match(.get, path: "/api/compras/1")?.serviceID == "compra-command")
    }
}
