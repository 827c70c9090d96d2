import Testing
import PropertyBased
import Authorization
import SimulationPrimitives
@testable import Gateway

/// Case F05 and reference netflix-oss.md §6.3: per-route semaphore (100), stock 500 vs improved
/// 503/429/504.
@Suite("Route isolation and error status mapping (stock vs improved)")
struct IsolationAndErrorMappingTests {
    @Test(arguments: UpstreamFailure.allCases)
    func stockMapsEverythingTo500ExceptThrottling(failure: UpstreamFailure) {
        let mapped = ErrorStatusMapping.stockSpringCloudZuul.response(for: failure)
        #expect(mapped.status == (failure == .serverThrottled ? 503 : 500))
        #expect(mapped.retryAfter == nil)
    }

    @Test func improvedMapping() {
        let mapping = ErrorStatusMapping.improved(ImprovedErrorMapping())
        #expect(mapping.response(for: .semaphoreRejected) == (503, .seconds(1)))
        #expect(mapping.response(for: .threadPoolRejected) == (503, .seconds(1)))
        #expect(mapping.response(for: .shortCircuited) == (503, .seconds(5)))
        #expect(mapping.response(for: .timeout) == (504, nil))
        #expect(mapping.response(for: .readTimeout) == (504, nil))
        #expect(mapping.response(for: .connectTimeout) == (504, nil))
        #expect(mapping.response(for: .connectRefused) == (503, nil))
        #expect(mapping.response(for: .noServerAvailable) == (503, nil))
        #expect(mapping.response(for: .commandException) == (502, nil))
        let tooMany = ErrorStatusMapping.improved(ImprovedErrorMapping(rejectionStatus: 429))
        #expect(tooMany.response(for: .semaphoreRejected).status == 429)
    }

    static func burst(_ gateway: inout ZuulGateway, token: String, count: Int, path: String = "/api/compras", method: HTTPMethod = .post) -> (decisions: [RoutingDecision], responses: [GatewayResponse]) {
        var rng = RandomStream(seed: 3)
        var decisions: [RoutingDecision] = [], responses: [GatewayResponse] = []
        for _ in 0..<count {
            switch gateway.receive(GatewayRequest(method: method, path: path, credential: .bearer(token)), now: .zero, rng: &rng) {
            case .forward(let d): decisions.append(d)
            case .respond(let r): responses.append(r)
            case .introspect: Issue.record("unexpected introspection")
            }
        }
        return (decisions, responses)
    }

    @Test func caseF05The101stConcurrentRequestGets500() throws {
        var fixture = GatewayFixture()
        let token = fixture.token().accessToken
        var gateway = fixture.localGateway()
        let (decisions, responses) = Self.burst(&gateway, token: token, count: 101)
        #expect(decisions.count == 100)
        let rejected = try #require(responses.first)
        #expect(responses.count == 1)
        #expect(rejected.status == 500)
        #expect(rejected.source == .upstreamFailure(.semaphoreRejected))
        #expect(rejected.record.latency == .zero) // rejected at once, backend idle
        #expect(gateway.statistics.bulkheadRejections == 1)
        // Another route has its own semaphore.
        #expect(Self.burst(&gateway, token: token, count: 1, path: "/api/funciones", method: .get).decisions.count == 1)
        // A finished call frees a permit.
        _ = gateway.upstreamCompleted(decisions[0].exchange, outcome: .response(status: 201), now: .zero + .milliseconds(200))
        #expect(Self.burst(&gateway, token: token, count: 1).decisions.count == 1)
        gateway.checkInvariants()
    }

    @Test func improvedRejectionIs429WithRetryAfter() {
        var fixture = GatewayFixture()
        let token = fixture.token().accessToken
        var gateway = fixture.localGateway { $0.errorMapping = .improved(ImprovedErrorMapping(rejectionStatus: 429)) }
        let (_, responses) = Self.burst(&gateway, token: token, count: 102)
        #expect(responses.map(\.status) == [429, 429])
        #expect(responses[0].headerValue("Retry-After") == "1")
    }

    @Test func caseF05FixSizesTheSemaphoreToTheConnectionPool() {
        var fixture = GatewayFixture()
        let token = fixture.token().accessToken
        var gateway = fixture.localGateway { $0.isolation = .sizedToConnectionPool() }
        let (decisions, responses) = Self.burst(&gateway, token: token, count: 201)
        #expect(decisions.count == 200)
        #expect(responses.count == 1)
    }

    @Test func perServiceSemaphoreOverride() {
        var fixture = GatewayFixture()
        let token = fixture.token().accessToken
        var gateway = fixture.localGateway { $0.isolationOverrides = ["compra-command": 300] }
        #expect(Self.burst(&gateway, token: token, count: 301).decisions.count == 300)
    }

    @Test func threadIsolationWithDefaultPoolAdmitsTenAcrossRoutes() {
        var fixture = GatewayFixture()
        let token = fixture.token().accessToken
        var gateway = fixture.localGateway { $0.isolation = .hystrixDefaultThreadPool }
        #expect(Self.burst(&gateway, token: token, count: 6).decisions.count == 6)
        let other = Self.burst(&gateway, token: token, count: 6, path: "/api/funciones", method: .get)
        #expect(other.decisions.count == 4) // one shared RibbonCommand pool of 10
        #expect(other.responses.first?.source == .upstreamFailure(.threadPoolRejected))
        var separate = fixture.localGateway { $0.isolation = .threadPool(coreSize: 10, separatePools: true) }
        #expect(Self.burst(&separate, token: token, count: 11).decisions.count == 10)
        #expect(Self.burst(&separate, token: token, count: 10, path: "/api/funciones", method: .get).decisions.count == 10)
    }

    @Test(arguments: [(UpstreamFailure.timeout, 500, 504), (.shortCircuited, 500, 503), (.readTimeout, 500, 504),
                      (.connectRefused, 500, 503), (.noServerAvailable, 500, 503), (.serverThrottled, 503, 503)])
    func upstreamFailuresThroughTheChain(failure: UpstreamFailure, stock: Int, improved: Int) throws {
        var fixture = GatewayFixture()
        let token = fixture.token().accessToken
        for (mapping, expected) in [(ErrorStatusMapping.stockSpringCloudZuul, stock), (.improved(ImprovedErrorMapping()), improved)] {
            var gateway = fixture.localGateway {
                $0.errorMapping = mapping
                $0.recordsFilterTrail = true
            }
            var rng = RandomStream(seed: 1)
            let step = gateway.receive(GatewayRequest(method: .get, path: "/api/peliculas/1", credential: .bearer(token)), now: .zero, rng: &rng)
            let decision = try #require(step.decision)
            let completed = gateway.upstreamCompleted(decision.exchange, outcome: .failure(failure), now: .zero + .seconds(4))
            let response = try #require(completed)
            #expect(response.status == expected)
            #expect(response.source == .upstreamFailure(failure))
            #expect(response.filterTrail.suffix(2) == ["SendErrorFilter", "AccessLogFilter"])
            #expect(gateway.admission.inFlight(decision.service) == 0)
        }
    }

    /// Any interleaving of arrivals and completions: a call is admitted iff its service has fewer
    /// than `maxSemaphores` calls outstanding, and permits always match outstanding calls.
    @Test func semaphoreAdmissionMatchesAnOracle() async {
        var fixture = GatewayFixture()
        let token = fixture.token("manolo").accessToken
        let paths = ["/api/peliculas/1", "/api/salas/2", "/api/cines/3"]
        await propertyCheck(input: Gen.int(in: 0...5).array(of: 1...120)) { ops in
            var gateway = fixture.localGateway { $0.isolation = .semaphore(maxSemaphores: 3) }
            var rng = RandomStream(seed: 4)
            var outstanding: [[RoutingDecision]] = [[], [], []]
            for op in ops {
                let lane = op % 3
                if op < 3 {
                    let expectedAdmit = outstanding[lane].count < 3
                    let step = gateway.receive(GatewayRequest(method: .get, path: paths[lane], credential: .bearer(token)), now: .zero, rng: &rng)
                    if let decision = step.decision { outstanding[lane].append(decision) }
                    #expect((step.decision != nil) == expectedAdmit)
                    if !expectedAdmit { #expect(step.response?.source == .upstreamFailure(.semaphoreRejected)) }
                } else if let decision = outstanding[lane].popLast() {
                    _ = gateway.upstreamCompleted(decision.exchange, outcome: .response(status: 200), now: .zero)
                }
                for index in 0..<3 {
                    if let first = outstanding[index].first { #expect(gateway.admission.inFlight(first.service) == outstanding[index].count) }
                }
                gateway.checkInvariants()
            }
            #expect(gateway.statistics.inFlight == outstanding.map(\.count).reduce(0, +))
        }
    }

    @Test func responseHeadersFilterAddsConfiguredHeaders() throws {
        var fixture = GatewayFixture()
        let token = fixture.token().accessToken
        var gateway = fixture.localGateway { $0.responseHeaders = [("X-Content-Type-Options", "nosniff")] }
        var rng = RandomStream(seed: 1)
        let rejected = try #require(gateway.receive(GatewayRequest(method: .get, path: "/api/cines"), now: .zero, rng: &rng).response)
        #expect(rejected.headerValue("x-content-type-options") == "nosniff")
        #expect(rejected.headerValue("WWW-Authenticate") != nil)
        let step = gateway.receive(GatewayRequest(method: .get, path: "/api/cines", credential: .bearer(token)), now: .zero, rng: &rng)
        let decision = try #require(step.decision)
        let completed = gateway.upstreamCompleted(decision.exchange, outcome: .response(status: 200), now: .zero)
        #expect(completed?.headers == [.custom(name: "X-Content-Type-Options", value: "nosniff")])
    }

    @Test func fallbackResponsesAreUsed() throws {
        var fixture = GatewayFixture()
        let token = fixture.token().accessToken
        var gateway = fixture.localGateway()
        var rng = RandomStream(seed: 1)
        let step = gateway.receive(GatewayRequest(method: .get, path: "/api/cines", credential: .bearer(token)), now: .zero, rng: &rng)
        let decision = try #require(step.decision)
        let completed = gateway.upstreamCompleted(decision.exchange, outcome: .fallback(status: 200, failure: .shortCircuited), now: .zero)
        let response = try #require(completed)
        #expect(response.status == 200)
        #expect(response.source == .fallback(.shortCircuited))
    }
}
