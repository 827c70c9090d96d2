import Authorization
import SimulationPrimitives

/// A workload for `cinesim bench` to time (this core reads no clock): `iterations` requests through
/// the whole chain — static, authentication (local JWT, validation cache), rate limiting off,
/// route resolution, routing decision, upstream completion, post filters — alternating reads and
/// writes over the 18 services. Returns the number of 2xx responses so the work cannot be
/// optimised away.
///
/// ```swift
/// let start = ContinuousClock.now                                   // in the bench command
/// _ = GatewayBenchmark.requests(iterations: 1_000_000, algorithm: .hs256)
/// let perRequest = (ContinuousClock.now - start) / 1_000_000
/// ```
public enum GatewayBenchmark {
    /// Runs `iterations` requests with `distinctTokens` users' tokens signed with `algorithm`.
    public static func requests(iterations: Int, algorithm: JWSAlgorithm = .hs256, distinctTokens: Int = 100) -> Int {
        var rng = RandomStream(rootSeed: 1, component: "bench/oauth")
        let client = ClientRegistration(clientID: "web", secret: "s", grantTypes: [.password], scopes: ScopeSet(["read", "customer", "manager"]))
        let users = (0..<distinctTokens).map { UserAccount(username: "user\($0)", password: "pw", scopes: ScopeSet(["read", "customer", "manager"])) }
        var server = AuthorizationServer(signingKey: SigningKey.derive(keyID: "k1", algorithm: algorithm, rng: &rng), clients: [client], users: users)
        let tokens = users.map { user in
            try! server.token(.password(username: user.username, password: "pw", scope: nil, client: .basic(clientID: "web", secret: "s")),
                              now: .zero, rng: &rng).accessToken
        }
        let validator = TokenValidator(policy: server.validationPolicy(), keys: server.keySet,
                                       cache: TokenCache(capacity: 10_000, timeToLive: nil))
        var gateway = ZuulGateway(configuration: GatewayConfiguration(authentication: .localJWT(validator)))
        let paths = ZuulRouteTable.cineManzanaResources.map { "/api/" + $0.plural + "/17" }
        var ok = 0
        var now = SimTime.zero
        for index in 0..<iterations {
            now += .microseconds(100)
            let request = GatewayRequest(method: index & 1 == 0 ? .get : .post, path: paths[index % paths.count],
                                         credential: .bearer(tokens[index % tokens.count]))
            switch gateway.receive(request, now: now, rng: &rng) {
            case .forward(let decision):
                if let response = gateway.upstreamCompleted(decision.exchange, outcome: .response(status: 200), now: now),
                   response.status == 200 { ok += 1 }
            case .respond, .introspect:
                break
            }
        }
        return ok
    }
}
