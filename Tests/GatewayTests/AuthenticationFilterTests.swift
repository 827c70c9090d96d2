import Testing
import Authorization
import SimulationPrimitives
@testable import Gateway

/// The authentication filter: RFC 6750 answers, the "no unauthenticated request passes pre"
/// invariant, and introspection with cache (case F11).
@Suite("Gateway authentication (local JWT, introspection, hybrid)")
struct AuthenticationFilterTests {
    static func send(_ gateway: inout ZuulGateway, _ method: HTTPMethod, _ path: String, _ credential: BearerCredential,
                     now: SimTime = .zero) -> GatewayStep {
        var rng = RandomStream(seed: 1)
        return gateway.receive(GatewayRequest(method: method, path: path, credential: credential), now: now, rng: &rng)
    }

    @Test func rfc6750AnswersAtTheGateway() throws {
        var fixture = GatewayFixture()
        let customer = fixture.token("ana").accessToken
        var gateway = fixture.localGateway()
        let missing = try #require(Self.send(&gateway, .get, "/api/peliculas", .none).response)
        #expect(missing.status == 401)
        #expect(missing.headerValue("WWW-Authenticate") == #"Bearer realm="cinemanzana""#)
        let malformed = try #require(Self.send(&gateway, .get, "/api/peliculas", .malformed).response)
        #expect(malformed.status == 400)
        let forged = try #require(Self.send(&gateway, .get, "/api/peliculas", .bearer(customer + "x")).response)
        #expect(forged.status == 401)
        #expect(forged.headerValue("WWW-Authenticate")?.contains(#"error="invalid_token""#) == true)
        let manager = try #require(Self.send(&gateway, .post, "/api/peliculas", .bearer(customer)).response)
        #expect(manager.status == 403)
        #expect(manager.headerValue("WWW-Authenticate")?.hasSuffix(#"scope="manager""#) == true)
        let expired = try #require(Self.send(&gateway, .get, "/api/peliculas", .bearer(customer), now: .zero + .seconds(43_260)).response)
        #expect(expired.source == .authenticationRejected(.expired))
        // The expired attempt dropped the cache entry, so this one verifies the signature again…
        let first = try #require(Self.send(&gateway, .post, "/api/compras", .bearer(customer)).decision)
        let firstDone = gateway.upstreamCompleted(first.exchange, outcome: .response(status: 201), now: .zero)
        #expect(firstDone?.record.authenticationCacheHit == false)
        // …and the next one is answered from the validation cache.
        let second = try #require(Self.send(&gateway, .post, "/api/compras", .bearer(customer)).decision)
        let secondDone = gateway.upstreamCompleted(second.exchange, outcome: .response(status: 201), now: .zero)
        #expect(secondDone?.record.authenticationCacheHit == true)
        #expect(Self.send(&gateway, .post, "/oauth/token", .none).decision?.serviceID == "oauth-server")
        #expect(gateway.statistics.authenticationRejections == 5)
    }

    /// DESIGN §2 / issue "Done when": over a mixed stream, only requests with a valid token that
    /// holds the route's scope are forwarded on protected routes.
    @Test func noUnauthenticatedRequestPassesPre() {
        var fixture = GatewayFixture()
        let customer = fixture.token("ana").accessToken      // read, customer
        let manager = fixture.token("manolo").accessToken    // read, manager
        let noRead = fixture.token("guest").accessToken      // customer only
        var other = GatewayFixture()
        other.server.configuration.issuer = "https://evil.example"
        let foreign = other.token("ana").accessToken
        var gateway = fixture.localGateway()
        var rng = RandomStream(rootSeed: 99, component: "mixed-stream")
        let credentials: [(BearerCredential, scopes: [String]?)] = [
            (.none, nil), (.malformed, nil), (.bearer(customer), ["read", "customer"]), (.bearer(manager), ["read", "manager"]),
            (.bearer(noRead), ["customer"]), (.bearer(foreign), nil), (.bearer(String(customer.dropLast(2))), nil), (.bearer("garbage"), nil),
        ]
        let paths = ["/api/peliculas/1", "/api/compras", "/api/funciones", "/api/cadenas/2", "/oauth/token", "/health", "/nope"]
        var expectedForwards = 0, forwards = 0, forwardsWithoutToken = 0
        for index in 0..<3_000 {
            let (credential, scopes) = credentials[rng.nextInt(below: credentials.count)]
            let path = paths[rng.nextInt(below: paths.count)]
            let method: HTTPMethod = rng.nextBool(probability: 0.5) ? .get : .post
            let now = SimTime.zero + .milliseconds(Int64(index))
            // Oracle from the route table's rules, independent of the gateway's code path.
            let match = ZuulRouteTable.cineManzana().match(method, path: path)
            let shouldForward: Bool
            if path == "/health" { shouldForward = false }
            else if let match, !match.requiresAuthentication { shouldForward = true }
            else if let match, let scopes, scopes.contains(match.requiredScope!) { shouldForward = true }
            else { shouldForward = false }
            if shouldForward { expectedForwards += 1 }
            let step = gateway.receive(GatewayRequest(method: method, path: path, credential: credential), now: now, rng: &rng)
            if let decision = step.decision {
                forwards += 1
                if decision.principal == nil && decision.serviceID != "oauth-server" { forwardsWithoutToken += 1 }
                _ = gateway.upstreamCompleted(decision.exchange, outcome: .response(status: 200), now: now)
            }
        }
        #expect(forwardsWithoutToken == 0)
        #expect(forwards == expectedForwards)
        #expect(expectedForwards > 300)
        #expect(gateway.statistics.inFlight == 0)
        gateway.checkInvariants()
    }

    @Test func keyRotationAndRevocationReachTheGateway() throws {
        var fixture = GatewayFixture()
        let old = fixture.token("ana")
        var gateway = fixture.localGateway()
        var keyStream = RandomStream(seed: 21)
        fixture.server.rotateSigningKey(to: SigningKey.derive(keyID: "k2", algorithm: .hs256, rng: &keyStream), now: .zero + .seconds(60))
        let new = fixture.token("ana", now: .zero + .seconds(60))
        // Until the platform refreshes the gateway's JWKS copy, the new kid is unknown.
        #expect(Self.send(&gateway, .get, "/api/cines", .bearer(new.accessToken), now: .zero + .seconds(61)).response?.source == .authenticationRejected(.unknownKeyID))
        gateway.updateKeySet(fixture.server.keySet)
        #expect(Self.send(&gateway, .get, "/api/cines", .bearer(new.accessToken), now: .zero + .seconds(62)).decision != nil)
        #expect(Self.send(&gateway, .get, "/api/cines", .bearer(old.accessToken), now: .zero + .seconds(62)).decision != nil)
        // A revocation pushed from the server's RevocationResult.
        let result = try fixture.server.revoke(token: old.accessToken, client: GatewayFixture.webCaller, now: .zero + .seconds(63))
        for entry in result.revokedAccessTokens { gateway.revoke(tokenID: entry.tokenID, expiresAt: entry.expiresAt) }
        let refused = Self.send(&gateway, .get, "/api/cines", .bearer(old.accessToken), now: .zero + .seconds(64)).response
        #expect(refused?.status == 401)
        #expect(refused?.source == .authenticationRejected(.revoked))
    }

    static func introspectionGateway(_ fixture: GatewayFixture, _ settings: IntrospectionSettings, hybrid: Bool = false) -> ZuulGateway {
        let mode: AuthenticationMode = hybrid ? .localThenIntrospection(fixture.validator(), settings) : .introspection(settings)
        return ZuulGateway(configuration: GatewayConfiguration(authentication: mode))
    }

    /// Performs the call against the real server (the platform's job) and resumes the gateway.
    static func answer(_ gateway: inout ZuulGateway, _ call: IntrospectionCall, fixture: inout GatewayFixture, at now: SimTime) -> GatewayStep? {
        var rng = RandomStream(seed: 2)
        let info = try! fixture.server.introspect(token: call.token, caller: call.caller, now: now)
        return gateway.introspectionCompleted(call.exchange, result: .response(info), now: now, rng: &rng)
    }

    @Test func introspectionWithCacheBoundedByTTLAndExpiry() throws {
        var fixture = GatewayFixture()
        let token = fixture.token("ana").accessToken
        var gateway = Self.introspectionGateway(fixture, .caseF11ConfigB(caller: GatewayFixture.gatewayCaller))
        let call = try #require(Self.send(&gateway, .get, "/api/funciones/1", .bearer(token)).introspection)
        #expect(call.deadline == .zero + .seconds(1))
        #expect(call.caller == GatewayFixture.gatewayCaller)
        let resumed = try #require(Self.answer(&gateway, call, fixture: &fixture, at: .zero))
        #expect(resumed.decision?.serviceID == "funcion-query")
        #expect(gateway.introspectionCache?.expiry(of: token) == .zero + .minutes(2))
        // Within two minutes: served from the cache.
        #expect(Self.send(&gateway, .get, "/api/funciones/1", .bearer(token), now: .zero + .seconds(119)).decision != nil)
        #expect(gateway.statistics.introspectionCacheHits == 1)
        // After: introspected again.
        #expect(Self.send(&gateway, .get, "/api/funciones/1", .bearer(token), now: .zero + .seconds(120)).introspection != nil)
        #expect(gateway.statistics.introspectionCalls == 2)
    }

    /// Case F11 check for config B: introspection calls ≤ active users / cache TTL (+ new tokens).
    /// 50 users each sending one request per second for 300 s with a 2 min cache: every user is
    /// introspected at 0 s, 120 s and 240 s, so 50 × ⌈300 / 120⌉ = 150 calls for 15 000 requests.
    @Test func caseF11IntrospectionLoadIsBoundedByTheCache() throws {
        var fixture = GatewayFixture()
        let tokens = (0..<50).map { _ in fixture.token("ana").accessToken }
        var gateway = Self.introspectionGateway(fixture, .caseF11ConfigB(caller: GatewayFixture.gatewayCaller))
        var forwarded = 0
        for second in 0..<300 {
            let now = SimTime.zero + .seconds(Int64(second))
            for token in tokens {
                var step = Self.send(&gateway, .get, "/api/funciones/1", .bearer(token), now: now)
                if let call = step.introspection { step = try #require(Self.answer(&gateway, call, fixture: &fixture, at: now)) }
                if let decision = step.decision {
                    forwarded += 1
                    _ = gateway.upstreamCompleted(decision.exchange, outcome: .response(status: 200), now: now)
                }
            }
        }
        #expect(forwarded == 15_000)
        #expect(gateway.statistics.introspectionCalls == 150)
        #expect(gateway.statistics.introspectionCacheHits == 15_000 - 150)
        #expect(fixture.server.statistics.introspections == 150)
    }

    @Test func cacheEntryNeverOutlivesTheToken() throws {
        var fixture = GatewayFixture(accessTokenLifetime: .seconds(30))
        let token = fixture.token("ana").accessToken
        var gateway = Self.introspectionGateway(fixture, .caseF11ConfigB(caller: GatewayFixture.gatewayCaller))
        let call = try #require(Self.send(&gateway, .get, "/api/funciones/1", .bearer(token), now: .zero + .seconds(10)).introspection)
        _ = Self.answer(&gateway, call, fixture: &fixture, at: .zero + .seconds(10))
        #expect(gateway.introspectionCache?.expiry(of: token) == .zero + .seconds(30)) // min(10 s + 2 min, exp)
    }

    @Test func withoutCacheEveryRequestIsIntrospected() throws {
        let fixture = GatewayFixture()
        var f = fixture
        let token = f.token("ana").accessToken
        var gateway = Self.introspectionGateway(fixture, IntrospectionSettings(caller: GatewayFixture.gatewayCaller))
        for second in 0..<5 {
            let call = try #require(Self.send(&gateway, .get, "/api/funciones/1", .bearer(token), now: .zero + .seconds(Int64(second))).introspection)
            _ = Self.answer(&gateway, call, fixture: &f, at: .zero + .seconds(Int64(second)))
        }
        #expect(gateway.statistics.introspectionCalls == 5)
        #expect(gateway.introspectionCache == nil)
    }

    @Test func revocationIsSeenWhenTheCacheEntryExpires() throws {
        var fixture = GatewayFixture()
        let issued = fixture.token("ana")
        var gateway = Self.introspectionGateway(fixture, .caseF11ConfigA(caller: GatewayFixture.gatewayCaller))
        let call = try #require(Self.send(&gateway, .get, "/api/funciones/1", .bearer(issued.accessToken)).introspection)
        _ = Self.answer(&gateway, call, fixture: &fixture, at: .zero)
        _ = try fixture.server.revoke(token: issued.accessToken, client: GatewayFixture.webCaller, now: .zero + .seconds(1))
        // Still accepted from the 3 s cache (the revocation delay RFC 7662 §4 trades for load)…
        #expect(Self.send(&gateway, .get, "/api/funciones/1", .bearer(issued.accessToken), now: .zero + .seconds(2)).decision != nil)
        // …then refused once the entry expires.
        let again = try #require(Self.send(&gateway, .get, "/api/funciones/1", .bearer(issued.accessToken), now: .zero + .seconds(3)).introspection)
        let refused = try #require(Self.answer(&gateway, again, fixture: &fixture, at: .zero + .seconds(3))?.response)
        #expect(refused.status == 401)
        #expect(refused.source == .authenticationRejected(.inactive))
    }

    @Test func authServerFailureStockVersusImproved() throws {
        var fixture = GatewayFixture()
        let token = fixture.token("ana").accessToken
        var rng = RandomStream(seed: 1)
        var stock = Self.introspectionGateway(fixture, .caseF11ConfigA(caller: GatewayFixture.gatewayCaller))
        let call = try #require(Self.send(&stock, .get, "/api/compras/1", .bearer(token)).introspection)
        let loggedOut = try #require(stock.introspectionCompleted(call.exchange, result: .failed(.timeout), now: call.deadline, rng: &rng)?.response)
        #expect(loggedOut.status == 401) // F11: users logged out
        var improved = Self.introspectionGateway(fixture, .caseF11ConfigB(caller: GatewayFixture.gatewayCaller))
        let call2 = try #require(Self.send(&improved, .get, "/api/compras/1", .bearer(token)).introspection)
        let kept = try #require(improved.introspectionCompleted(call2.exchange, result: .failed(.timeout), now: call2.deadline, rng: &rng)?.response)
        #expect(kept.status == 503)
        #expect(kept.source == .authorizationServerUnavailable(.timeout))
        #expect(kept.headerValue("Retry-After") == "5")
        // A late answer for a finished exchange is ignored.
        #expect(improved.introspectionCompleted(call2.exchange, result: .failed(.timeout), now: call2.deadline, rng: &rng) == nil)
    }

    @Test func introspectedScopeIsEnforced() throws {
        var fixture = GatewayFixture()
        let token = fixture.token("ana").accessToken
        var gateway = Self.introspectionGateway(fixture, .caseF11ConfigB(caller: GatewayFixture.gatewayCaller))
        let call = try #require(Self.send(&gateway, .delete, "/api/salas/1", .bearer(token)).introspection)
        let response = try #require(Self.answer(&gateway, call, fixture: &fixture, at: .zero)?.response)
        #expect(response.status == 403)
    }

    @Test func hybridRejectsForgedTokensWithoutCallingTheServer() throws {
        var fixture = GatewayFixture()
        let token = fixture.token("ana").accessToken
        var gateway = Self.introspectionGateway(fixture, .caseF11ConfigB(caller: GatewayFixture.gatewayCaller), hybrid: true)
        #expect(Self.send(&gateway, .get, "/api/funciones/1", .bearer(token + "A")).response?.status == 401)
        #expect(gateway.statistics.introspectionCalls == 0)
        let call = try #require(Self.send(&gateway, .get, "/api/funciones/1", .bearer(token)).introspection)
        #expect(Self.answer(&gateway, call, fixture: &fixture, at: .zero)?.decision != nil)
    }
}
