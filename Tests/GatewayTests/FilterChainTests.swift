import Testing
import Authorization
import SimulationPrimitives
@testable import Gateway

/// Zuul's servlet lifecycle and ordering (reference netflix-oss.md §6.1).
@Suite("Filter ordering and Zuul error semantics")
struct FilterChainTests {
    static func gateway(_ fixture: GatewayFixture, filters: [ZuulFilter], disabled: [String] = []) -> ZuulGateway {
        fixture.localGateway { configuration in
            configuration.customFilters = filters
            configuration.disabledFilters = disabled
            configuration.recordsFilterTrail = true
        }
    }

    static func trace(_ name: String, _ type: FilterType, _ order: Int) -> ZuulFilter {
        ZuulFilter(name: name, type: type, order: order) { _ in }
    }

    static func failing(_ name: String, _ type: FilterType, _ order: Int) -> ZuulFilter {
        ZuulFilter(name: name, type: type, order: order) { (_: inout RequestContext) throws(ZuulError) in
            throw ZuulError(status: 500, cause: .filterFailure(name))
        }
    }

    /// Runs a GET /api/funciones/1 with a valid token through to the response (200 upstream).
    static func runToEnd(_ gateway: inout ZuulGateway, token: String) -> (GatewayResponse, forwarded: Bool) {
        var rng = RandomStream(seed: 1)
        let step = gateway.receive(GatewayRequest(method: .get, path: "/api/funciones/1", credential: .bearer(token)), now: .zero, rng: &rng)
        if let decision = step.decision {
            return (gateway.upstreamCompleted(decision.exchange, outcome: .response(status: 200), now: .zero + .milliseconds(5))!, true)
        }
        return (step.response!, false)
    }

    @Test func filtersRunByTypeThenOrderThenRegistration() {
        var fixture = GatewayFixture()
        let token = fixture.token().accessToken
        var gateway = Self.gateway(fixture, filters: [
            Self.trace("PostLate", .post, 2_000), Self.trace("PreA", .pre, 0), Self.trace("PreB", .pre, 0),
            Self.trace("PreFirst", .pre, -100), Self.trace("RouteBefore", .route, 1), Self.trace("PostEarly", .post, 10),
        ])
        let (response, forwarded) = Self.runToEnd(&gateway, token: token)
        #expect(forwarded)
        #expect(response.status == 200)
        // Stress-test and cross-region filters do not run (no policy); SendErrorFilter does not (no error).
        #expect(response.filterTrail == ["PreFirst", "StaticResponseFilter", "AuthenticationFilter", "PreA", "PreB", "PreDecorationFilter",
                                      "RouteBefore", "RibbonRoutingFilter", "PostEarly", "AccessLogFilter", "SendResponseFilter", "PostLate"])
    }

    @Test func preErrorRunsErrorThenPostAndSkipsRouting() {
        var fixture = GatewayFixture()
        let token = fixture.token().accessToken
        var gateway = Self.gateway(fixture, filters: [Self.failing("Boom", .pre, 1)])
        let (response, forwarded) = Self.runToEnd(&gateway, token: token)
        #expect(!forwarded)
        #expect(response.status == 500)
        #expect(response.source == .filterError("Boom"))
        #expect(response.filterTrail == ["StaticResponseFilter", "AuthenticationFilter", "Boom", "SendErrorFilter", "AccessLogFilter"])
    }

    @Test func routeErrorRunsErrorThenPost() {
        var fixture = GatewayFixture()
        let token = fixture.token().accessToken
        var gateway = Self.gateway(fixture, filters: [Self.failing("RouteBoom", .route, 1)])
        let (response, forwarded) = Self.runToEnd(&gateway, token: token)
        #expect(!forwarded)
        #expect(response.status == 500)
        #expect(response.filterTrail.suffix(3) == ["RouteBoom", "SendErrorFilter", "AccessLogFilter"])
    }

    @Test func postErrorRunsErrorButNoSecondPost() {
        var fixture = GatewayFixture()
        let token = fixture.token().accessToken
        var gateway = Self.gateway(fixture, filters: [Self.failing("PostBoom", .post, 950), Self.trace("PostAfter", .post, 1_100)])
        let (response, forwarded) = Self.runToEnd(&gateway, token: token)
        #expect(forwarded)
        #expect(response.status == 500)
        #expect(response.filterTrail.suffix(4) == ["RibbonRoutingFilter", "AccessLogFilter", "PostBoom", "SendErrorFilter"])
    }

    @Test func disabledFiltersAreSkipped() {
        var fixture = GatewayFixture()
        let token = fixture.token().accessToken
        var gateway = Self.gateway(fixture, filters: [Self.failing("Boom", .pre, 1)], disabled: ["Boom", "AccessLogFilter"])
        let (response, _) = Self.runToEnd(&gateway, token: token)
        #expect(response.status == 200)
        #expect(!response.filterTrail.contains("Boom"))
        #expect(!response.filterTrail.contains("AccessLogFilter"))
    }

    @Test func shortCircuitSkipsRoutingButRunsPost() {
        let fixture = GatewayFixture()
        var gateway = Self.gateway(fixture, filters: [])
        var rng = RandomStream(seed: 1)
        let response = gateway.receive(GatewayRequest(method: .get, path: "/api/funciones/1"), now: .zero, rng: &rng).response!
        #expect(response.status == 401)
        #expect(response.filterTrail == ["StaticResponseFilter", "AuthenticationFilter", "AccessLogFilter", "SendResponseFilter"])
        #expect(gateway.statistics.forwarded == 0)
    }

    @Test func staticHealthNeedsNoTokenAndIsNotRouted() {
        var gateway = GatewayFixture().localGateway()
        var rng = RandomStream(seed: 1)
        for path in ["/actuator/health", "/health", "/health?full=true"] {
            let response = gateway.receive(GatewayRequest(method: .get, path: path), now: .zero, rng: &rng).response!
            #expect(response.status == 200)
            #expect(response.source == .staticResponse(0))
        }
        #expect(StaticResponse.health.body == #"{"status":"UP"}"#)
        #expect(gateway.statistics.forwarded == 0)
    }

    @Test func maintenanceAnswers503ButHealthStillAnswers() {
        var fixture = GatewayFixture()
        let token = fixture.token().accessToken
        var gateway = fixture.localGateway()
        gateway.setMaintenance(MaintenanceMode())
        var rng = RandomStream(seed: 1)
        let api = gateway.receive(GatewayRequest(method: .get, path: "/api/peliculas", credential: .bearer(token)), now: .zero, rng: &rng).response!
        #expect(api.status == 503)
        #expect(api.source == .maintenance)
        #expect(api.headerValue("Retry-After") == "300")
        let r1 = gateway.receive(GatewayRequest(method: .get, path: "/health"), now: .zero, rng: &rng)
        #expect(r1.response?.status == 200)
        gateway.setMaintenance(nil)
        let r2 = gateway.receive(GatewayRequest(method: .get, path: "/api/peliculas", credential: .bearer(token)), now: .zero, rng: &rng)
        #expect(r2.decision != nil)
    }

    @Test func noRouteIs404WithATokenAnd401Without() {
        var fixture = GatewayFixture()
        let token = fixture.token().accessToken
        var gateway = fixture.localGateway()
        var rng = RandomStream(seed: 1)
        let r3 = gateway.receive(GatewayRequest(method: .get, path: "/nope", credential: .bearer(token)), now: .zero, rng: &rng)
        #expect(r3.response?.status == 404)
        let r4 = gateway.receive(GatewayRequest(method: .get, path: "/nope"), now: .zero, rng: &rng)
        #expect(r4.response?.status == 401)
    }

    @Test func decisionCarriesRouteSettingsAndDeadline() throws {
        var fixture = GatewayFixture()
        let token = fixture.token().accessToken
        var gateway = fixture.localGateway { $0.routes = .cineManzana(retryable: true) }
        var rng = RandomStream(seed: 1)
        let now = SimTime.zero + .seconds(7)
        let r5 = gateway.receive(GatewayRequest(method: .get, path: "/api/funciones/3", credential: .bearer(token)), now: now, rng: &rng)
        let get = try #require(r5.decision)
        #expect(get.routeID == "funciones")
        #expect(get.serviceID == "funcion-query")
        #expect(get.commandGroupKey == "RibbonCommand")
        #expect(get.forwardedPath == "/3")
        #expect(get.deadline == now + .milliseconds(4_000))
        #expect(get.retryable)
        #expect(get.principal?.subject == "ana")
        let r6 = gateway.receive(GatewayRequest(method: .post, path: "/api/compras", credential: .bearer(token)), now: now, rng: &rng)
        let post = try #require(r6.decision)
        #expect(post.serviceID == "compra-command")
        #expect(!post.retryable) // non-idempotent: never retried (cases F03, F13)
        #expect(gateway.statistics.inFlight == 2)
        let r7 = gateway.upstreamCompleted(get.exchange, outcome: .response(status: 200), now: now)
        #expect(r7?.status == 200)
        let r8 = gateway.upstreamCompleted(get.exchange, outcome: .response(status: 200), now: now)
        #expect(r8 == nil) // stale id
        let r9 = gateway.upstreamCompleted(post.exchange, outcome: .response(status: 201), now: now)
        #expect(r9?.record.serviceID == "compra-command")
        #expect(gateway.statistics.inFlight == 0)
        #expect(gateway.admission.inFlight(post.service) == 0)
    }

    @Test func upstream5xxIsPassedThrough() throws {
        var fixture = GatewayFixture()
        let token = fixture.token().accessToken
        var gateway = fixture.localGateway()
        var rng = RandomStream(seed: 1)
        let r10 = gateway.receive(GatewayRequest(method: .get, path: "/api/salas", credential: .bearer(token)), now: .zero, rng: &rng)
        let decision = try #require(r10.decision)
        let r11 = gateway.upstreamCompleted(decision.exchange, outcome: .response(status: 502), now: .zero)
        let response = try #require(r11)
        #expect(response.status == 502)
        #expect(response.source == .upstream)
    }
}

