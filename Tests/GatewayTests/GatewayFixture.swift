import Authorization
import Gateway
import SimulationPrimitives

/// An OAuth server issuing tokens and gateway configurations validating them.
struct GatewayFixture {
    var server: AuthorizationServer
    var rng: RandomStream

    static let customerClient = ClientRegistration(clientID: "cinemanzana-web", secret: "web-secret", grantTypes: [.password, .refreshToken],
                                                   scopes: ScopeSet(["read", "customer", "manager"]))
    static let gatewayClient = ClientRegistration(clientID: "gateway", secret: "gw-secret", grantTypes: [.clientCredentials], scopes: ScopeSet(["introspect"]))
    static let gatewayCaller = ClientAuthentication.basic(clientID: "gateway", secret: "gw-secret")
    static let webCaller = ClientAuthentication.basic(clientID: "cinemanzana-web", secret: "web-secret")

    init(accessTokenLifetime: SimDuration = .seconds(43_200)) {
        var rng = RandomStream(rootSeed: 11, component: "oauth-server")
        var configuration = AuthorizationServerConfiguration()
        configuration.accessTokenLifetime = accessTokenLifetime
        let key = SigningKey.derive(keyID: "k1", algorithm: .hs256, rng: &rng)
        server = AuthorizationServer(configuration: configuration, signingKey: key,
                                     clients: [Self.customerClient, Self.gatewayClient],
                                     users: [UserAccount(username: "ana", password: "pw", scopes: ScopeSet(["read", "customer"])),
                                             UserAccount(username: "manolo", password: "pw", scopes: ScopeSet(["read", "manager"])),
                                             UserAccount(username: "guest", password: "pw", scopes: ScopeSet(["customer"]))])
        self.rng = rng
    }

    /// A token for `user` issued at `now`.
    mutating func token(_ user: String = "ana", now: SimTime = .zero) -> TokenResponse {
        try! server.token(.password(username: user, password: "pw", scope: nil, client: Self.webCaller), now: now, rng: &rng)
    }

    func validator(cached: Bool = true) -> TokenValidator {
        TokenValidator(policy: server.validationPolicy(), keys: server.keySet,
                       cache: cached ? TokenCache(capacity: 10_000, timeToLive: nil) : nil)
    }

    func localGateway(_ edit: (inout GatewayConfiguration) -> Void = { _ in }) -> ZuulGateway {
        var configuration = GatewayConfiguration(authentication: .localJWT(validator()))
        edit(&configuration)
        return ZuulGateway(configuration: configuration)
    }
}

extension GatewayStep {
    var response: GatewayResponse? { if case .respond(let r) = self { return r }; return nil }
    var decision: RoutingDecision? { if case .forward(let d) = self { return d }; return nil }
    var introspection: IntrospectionCall? { if case .introspect(let c) = self { return c }; return nil }
}
