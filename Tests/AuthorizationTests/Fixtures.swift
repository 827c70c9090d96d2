import Authorization
import SimulationPrimitives

/// A small OAuth world: a public browser client, a legacy confidential client, a service client,
/// the gateway as introspection caller, a customer and a manager.
enum Fixture {
    static let redirect = "https://cinemanzana.example/callback"
    static let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk" // RFC 7636 Appendix B
    static let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"

    static let web = ClientRegistration(clientID: "cinemanzana-web", secret: nil,
                                        grantTypes: [.authorizationCode, .refreshToken],
                                        scopes: ScopeSet(["read", "purchase", "manage"]), defaultScopes: ScopeSet(["read"]),
                                        redirectURIs: [redirect])
    static let legacy = ClientRegistration(clientID: "legacy-app", secret: "legacy-secret",
                                           grantTypes: [.password, .refreshToken], scopes: ScopeSet(["read", "purchase", "manage"]))
    static let service = ClientRegistration(clientID: "compra-command", secret: "svc-secret",
                                            grantTypes: [.clientCredentials], scopes: ScopeSet(["internal", "read"]))
    static let gateway = ClientRegistration(clientID: "gateway", secret: "gw-secret", grantTypes: [.clientCredentials], scopes: ScopeSet(["introspect"]))
    static let ana = UserAccount(username: "ana", password: "s3cret", scopes: ScopeSet(["read", "purchase"]))
    static let manolo = UserAccount(username: "manolo", password: "boss", scopes: ScopeSet(["read", "manage"]))

    static func server(algorithm: JWSAlgorithm = .hs256, configuration: AuthorizationServerConfiguration = .init(),
                       seed: UInt64 = 42) -> (AuthorizationServer, RandomStream) {
        var rng = RandomStream(rootSeed: seed, component: "oauth-server")
        let key = SigningKey.derive(keyID: "k1", algorithm: algorithm, rng: &rng)
        let server = AuthorizationServer(configuration: configuration, signingKey: key,
                                         clients: [web, legacy, service, gateway], users: [ana, manolo])
        return (server, rng)
    }

    static let legacyBasic = ClientAuthentication.basic(clientID: "legacy-app", secret: "legacy-secret")
    static let gatewayBasic = ClientAuthentication.basic(clientID: "gateway", secret: "gw-secret")

    /// A password-grant token for ana (scopes read purchase).
    static func anaToken(_ server: inout AuthorizationServer, _ rng: inout RandomStream, now: SimTime = .zero) throws -> TokenResponse {
        try server.token(.password(username: "ana", password: "s3cret", scope: "read purchase", client: legacyBasic), now: now, rng: &rng)
    }
}
