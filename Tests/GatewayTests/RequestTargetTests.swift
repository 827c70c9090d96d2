import Testing
import Authorization
@testable import Gateway
import SimulationPrimitives

/// Registered request targets (route and static response resolved once) must give exactly the
/// exchange a plain `GatewayRequest` with the same method and path gives: same steps, decisions,
/// responses, records and counters. Two gateways from one configuration take the same traffic, one
/// through targets, one through requests, and are compared step by step.
@Suite("Request targets")
struct RequestTargetTests {
    static let lines: [(HTTPMethod, String)] = [
        (.get, "/api/funciones/1"), (.post, "/api/compras"), (.put, "/api/peliculas/7"), (.delete, "/api/cines/3"),
        (.get, "/api/funciones"), (.get, "/api/funcionesX"), (.get, "/api/funciones/1?fecha=2026-01-01"),
        (.post, "/oauth/token"), (.get, "/health"), (.get, "/health?full=1"), (.get, "/actuator/health"),
        (.get, "/nowhere"), (.get, "/"), (.patch, "/api/usuarios/9/"),
    ]

    static func credentials(_ fixture: inout GatewayFixture) -> [BearerCredential] {
        let manager = fixture.token("manolo").accessToken
        let customer = fixture.token("ana").accessToken
        let forged = String(customer.dropLast(2)) + "AA"
        return [.none, .malformed, .bearer(customer), .bearer(manager), .bearer(forged), .bearer("not-a-jwt")]
    }

    static func compare(_ edit: @escaping (inout GatewayConfiguration) -> Void = { _ in }) {
        var fixture = GatewayFixture()
        let credentials = Self.credentials(&fixture)
        var viaRequests = fixture.localGateway(edit)
        var viaTargets = fixture.localGateway(edit)
        let targets = Self.lines.map { viaTargets.registerTarget(method: $0.0, path: $0.1) }
        #expect(targets.map(\.rawValue) == Array(0..<Int32(Self.lines.count)))
        var rngA = RandomStream(seed: 5), rngB = RandomStream(seed: 5)
        var second: Int64 = 0
        for (index, line) in Self.lines.enumerated() {
            for credential in credentials {
                second += 1
                let now = SimTime.zero + .seconds(second)
                let a = viaRequests.receive(GatewayRequest(method: line.0, path: line.1, credential: credential), now: now, rng: &rngA)
                let b = viaTargets.receive(targets[index], credential: credential, now: now, rng: &rngB)
                #expect(a == b, "\(line.0) \(line.1)")
                if let decision = a.decision {
                    let end = now + .milliseconds(20)
                    let ra = viaRequests.upstreamCompleted(decision.exchange, outcome: .response(status: 200), now: end)
                    let rb = viaTargets.upstreamCompleted(b.decision!.exchange, outcome: .response(status: 200), now: end)
                    #expect(ra == rb)
                }
            }
        }
        #expect(viaRequests.statistics == viaTargets.statistics)
        #expect(viaTargets.statistics.received == Self.lines.count * credentials.count)
        viaTargets.checkInvariants()
    }

    @Test func targetsAnswerLikeRequests() { Self.compare() }

    @Test func targetsAnswerLikeRequestsInMaintenance() {
        Self.compare { $0.maintenance = MaintenanceMode(status: 503, retryAfter: .seconds(30), body: "down") }
    }

    @Test func targetsAnswerLikeRequestsWithoutStaticResponses() {
        Self.compare { $0.staticResponses = [] }
    }

    @Test func aTargetKeepsItsRouteAndStaticResponse() {
        var fixture = GatewayFixture()
        var gateway = fixture.localGateway()
        let health = gateway.registerTarget(method: .get, path: "/health?x=1")
        let funcion = gateway.registerTarget(method: .get, path: "/api/funciones/42")
        #expect(gateway.targetCount == 2)
        var rng = RandomStream(seed: 1)
        let answer = gateway.receive(health, credential: .none, now: .zero, rng: &rng).response
        #expect(answer?.status == 200)
        #expect(answer?.source == .staticResponse(0))
        let token = fixture.token().accessToken
        let decision = gateway.receive(funcion, credential: .bearer(token), now: .zero, rng: &rng).decision
        #expect(decision?.serviceID == "funcion-query")
        #expect(decision?.forwardedPath == "/42")
        #expect(decision?.principal?.subject == "ana")
    }

    /// A principal built on shared verified claims reads, compares and writes like the old
    /// stored-property struct; a write does not touch other holders of the same claims.
    @Test func principalSharesClaimsAndCopiesOnWrite() {
        var fixture = GatewayFixture()
        let claims = fixture.token("ana").claims
        let shared = VerifiedClaims(claims)
        let a = Principal(verified: shared)
        var b = Principal(verified: shared)
        let c = Principal(claims: claims)
        #expect(a == c)
        #expect(a.hashValue == c.hashValue)
        #expect(a.clientID == "cinemanzana-web")
        #expect(a.scope == ScopeSet(["customer", "read"]))
        b.subject = "someone-else"
        #expect(b.subject == "someone-else")
        #expect(a.subject == "ana")
        #expect(shared.claims.subject == "ana")
        #expect(a != b)
        b.subject = "ana"
        #expect(a == b)
        b.expiresAt += 1
        #expect(a != b)
    }
}
