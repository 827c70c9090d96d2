import SimulationPrimitives
import SimulationKernel
import Scenarios
import Authorization
import Gateway
import CinemaDomain

/// Gateway and OAuth wiring (`Gateway.ZuulGateway`, `Authorization.AuthorizationServer`): one Zuul
/// filter chain per gateway instance validating real JWTs (or introspecting them at the OAuth
/// server), routing with the call stack and mapping failures to statuses; the OAuth server issues
/// real signed tokens at login (password grant) and answers introspection.
extension PlatformSimulation {
    static let webClientID = "cinemanzana-web"
    static let webClientSecret = "web-secret"
    static let gatewayClientID = "zuul-gateway"
    static let gatewayClientSecret = "gateway-secret"
    /// The scopes every simulated user account holds (built once, not per registration).
    static let userScopes = ScopeSet(["read", "customer", "manager"])

    /// Creates the authorization server and each gateway instance's filter chain.
    func bootstrapGateway() {
        var keyRandom = RandomStream(rootSeed: scenario.seed, component: "oauth.signing-key")
        let key = SigningKey.derive(keyID: "cinesim-1", algorithm: .hs256, rng: &keyRandom)
        let scopes = ScopeSet(["read", "customer", "manager"])
        var configuration = AuthorizationServerConfiguration()
        configuration.accessTokenLifetime = resilience.oauth.accessTokenLifetime
        authServer = AuthorizationServer(configuration: configuration, signingKey: key,
                                         clients: [ClientRegistration(clientID: Self.webClientID, secret: Self.webClientSecret, grantTypes: [.password, .refreshToken], scopes: scopes),
                                                   ClientRegistration(clientID: Self.gatewayClientID, secret: Self.gatewayClientSecret, grantTypes: [.clientCredentials], scopes: scopes)],
                                         users: [])
        gateways = GatewayTable(nodeCount: nodes.count)
        // One configuration for every instance: the copies of its token validator share one
        // verified-token memo (Authorization.VerifiedTokenMemo), so a token is parsed and its
        // signature checked once for the platform rather than once per gateway. Outcomes are the
        // same either way; memory holds one entry per live token.
        let shared = gatewayConfiguration()
        for node in nodes.indices where nodes[node].kind == .gateway {
            gateways.add(ZuulGateway(configuration: shared), node: node)
        }
    }

    func gatewayConfiguration() -> GatewayConfiguration {
        let oauth = resilience.oauth
        let authentication: AuthenticationMode
        let local = TokenValidator(policy: authServer.validationPolicy(leeway: oauth.clockSkewLeeway), keys: authServer.keySet)
        switch oauth.validation {
        case .jwt:
            authentication = .localJWT(local)
        case .introspection:
            authentication = .introspection(introspectionSettings())
        case .jwtThenIntrospection:
            authentication = .localThenIntrospection(local, introspectionSettings())
        }
        var configuration = GatewayConfiguration(authentication: authentication, defaults: scenario.defaults == .netflix ? .netflix : .springCloud)
        let g = resilience.gateway
        configuration.isolation = g.isolation == .semaphore ? .semaphore(maxSemaphores: g.maxSemaphores)
                                                            : .threadPool(coreSize: resilience.hystrix.threadPoolCoreSize, separatePools: g.separateThreadPools)
        configuration.isolationOverrides = routeIsolationOverrides()
        configuration.errorMapping = g.stockErrorStatus ? .stockSpringCloudZuul : .improved(ImprovedErrorMapping())
        configuration.defaultHystrixTimeout = resilience.hystrix.timeout
        return configuration
    }

    /// The concrete path of an endpoint for the gateway's route matching (ids are placeholders).
    static func path(of route: String) -> String {
        let path = route.split(separator: " ", maxSplits: 1).last.map(String.init) ?? "/"
        return path.replacingOccurrences(of: "{id2}", with: "1").replacingOccurrences(of: "{id}", with: "1")
    }

    static func method(of route: String) -> Gateway.HTTPMethod {
        switch route.split(separator: " ").first ?? "GET" {
        case "POST": .post
        case "PUT": .put
        case "PATCH": .patch
        case "DELETE": .delete
        default: .get
        }
    }

    /// Builds each route's method and path once and registers them, in route order, as every
    /// gateway's request targets, so target `r` is platform route `r` (no string work per request).
    func registerGatewayTargets() {
        gatewayPaths = routeTable.routes.map { Self.path(of: $0.name) }
        gatewayMethods = routeTable.routes.map { Self.method(of: $0.name) }
        // forwardTarget relies on it: the owner matching by name is the first match by name.
        let names = serviceComponents.map { components[Int($0)].name }
        precondition(Set(names).count == names.count, "service component names are not unique")
        for node in gateways.indices where gateways.isGateway(node) {
            precondition(gateways[gatewayNode: node].targetCount == 0, "gateway targets registered twice")
            for route in gatewayPaths.indices {
                let target = gateways[gatewayNode: node].registerTarget(method: gatewayMethods[route], path: gatewayPaths[route])
                precondition(target.rawValue == Int32(route), "gateway target numbering differs from the route table")
            }
        }
    }

    /// The service component a routed call to `serviceID` goes to. The route's owner is the usual
    /// answer, checked by name (one comparison) before the search by name over every service.
    func forwardTarget(_ serviceID: String, route: Int16) -> Int32? {
        if serviceID == CinemaDomain.RouteTable.oauthServiceId { return componentOfKind[.oauth] }
        let owner = routeTable[route].owner
        if owner >= 0, components[Int(owner)].kind == .service, components[Int(owner)].name == serviceID { return Int32(owner) }
        return serviceComponents.first { components[Int($0)].name == serviceID }
    }

    /// Zuul: CPU for the filters, then the chain decides (respond, introspect or forward).
    func gatewayProgram(_ c: Int32, _ node: Int32) {
        switch calls[c].step {
        case 0:
            compute(c)
        case 1:
            if gatewayPaths.isEmpty { registerGatewayTargets() }
            // Platform route r is request target r of every gateway (registerGatewayTargets): the
            // route was matched once, at registration.
            let credential = calls[c].body >= 0 ? bodies[calls[c].body].credential : .none
            // The compact step: the platform reads the status, the introspection call, or the routed
            // call's exchange and service (no RoutingDecision / GatewayResponse built to be dropped).
            let step = gateways[gatewayNode: Int(node)].receiveCompact(RequestTarget(rawValue: Int32(calls[c].route)), credential: credential,
                                                           now: queue.now + nodes[Int(node)].clockSkew, rng: &gatewayRandom)
            handleGatewayStep(c, node, step)
        case 3:
            // Introspection answered (or failed).
            var result: IntrospectionResult = .failed(upstreamFailure(of: c))
            if calls[c].childStatus == 200, calls[c].body >= 0, let response = bodies[calls[c].body].introspection { result = .response(response) }
            guard let exchange = calls[c].exchange,
                  let next = gateways[gatewayNode: Int(node)].introspectionCompletedCompact(exchange, result: result, now: queue.now + nodes[Int(node)].clockSkew, rng: &gatewayRandom) else {
                reply(c, status: 500); return
            }
            handleGatewayStep(c, node, next)
        case 5:
            // The service answered through the call stack.
            let status = calls[c].childStatus, flags = calls[c].childFlags
            if let serviceIndex = serviceIndexOfRoute(calls[c].route) {
                recordServiceCall(serviceIndex: serviceIndex, status: status, flags: flags, since: calls[c].acceptedAt)
            }
            let outcome: UpstreamOutcome
            if flags.contains(.degraded) {
                outcome = .fallback(status: Int(status), failure: .timeout)
            } else if calls[c].childEvent == 0 {
                outcome = .response(status: Int(status))
            } else {
                outcome = .failure(upstreamFailure(of: c))
            }
            // Only the status is read: the gateway skips building the response (headers, access record).
            guard let exchange = calls[c].exchange, let status = gateways[gatewayNode: Int(node)].upstreamCompletedStatus(exchange, outcome: outcome, now: queue.now) else {
                reply(c, status: 500); return
            }
            calls[c].status = Int16(status)
            calls[c].flags = flags.intersection([.shed, .degraded])
            calls[c].step = 6
            compute(c, factor: 0.5)   // post filters
        default:
            reply(c, status: calls[c].status, flags: calls[c].flags)
        }
    }

    func handleGatewayStep(_ c: Int32, _ node: Int32, _ step: CompactGatewayStep) {
        switch step {
        case .respond(let status):
            var flags: ResponseFlags = []
            if status == 401 || status == 403 { flags.insert(.unauthorised) }
            if status == 429 { flags.insert(.shed) }
            calls[c].step = 9
            reply(c, status: Int16(status), flags: flags)
        case .introspect(let call):
            noteIntrospectionRequested()
            calls[c].exchange = call.exchange
            if calls[c].body >= 0 { bodies[calls[c].body].introspectedToken = call.token }
            guard let oauth = componentOfKind[.oauth] else { reply(c, status: 500); return }
            calls[c].step = 2
            startOutbound(c, component: oauth, route: internalRoutes.introspect)
        case .forward(let exchange, _, let serviceID):
            calls[c].exchange = exchange
            guard let target = forwardTarget(serviceID, route: calls[c].route) else { reply(c, status: 404); return }
            calls[c].step = 4
            startOutbound(c, component: target, route: calls[c].route)
        }
    }

    /// The gateway's name for how the call stack failed.
    func upstreamFailure(of c: Int32) -> UpstreamFailure {
        switch calls[c].childEvent {
        case 1: return .timeout
        case 2: return .shortCircuited
        case 3: return .semaphoreRejected
        case 4: return .threadPoolRejected
        case 5: return .noServerAvailable
        default: return calls[c].childFlags.contains(.timedOut) ? .readTimeout : .connectRefused
        }
    }

    /// OAuth server work for a call: issue a token (password grant) or introspect one.
    func oauthWork(_ c: Int32) -> Int16 {
        guard calls[c].body >= 0 else { return 200 }
        let now = queue.now + nodes[Int(calls[c].callee)].clockSkew
        if calls[c].route == internalRoutes.introspect {
            guard let token = bodies[calls[c].body].introspectedToken else { return 400 }
            do {
                bodies[calls[c].body].introspection = try authServer.introspect(token: token, caller: .basic(clientID: Self.gatewayClientID, secret: Self.gatewayClientSecret), now: now)
                return 200
            } catch { return 401 }
        }
        guard case .login(let user) = bodies[calls[c].body].kind else { return 200 }
        let username = "u\(user.rawValue)"
        let password = "pw-\(username)"
        if !registeredUsers.contains(user.rawValue) {
            registeredUsers.insert(user.rawValue)
            authServer.register(UserAccount(username: username, password: password, scopes: Self.userScopes))
        }
        let scope = user == catalogueIDs.adminId ? "read customer manager" : (catalogueIDs.managerIds.contains(user) ? "read manager" : "read customer")
        do {
            let response = try authServer.token(TokenRequest(grantType: "password", client: .basic(clientID: Self.webClientID, secret: Self.webClientSecret),
                                                             scope: scope, username: username, password: password), now: now, rng: &gatewayRandom)
            bodies[calls[c].body].issuedToken = response.accessToken
            bodies[calls[c].body].issuedTokenLifetime = .seconds(response.expiresInSeconds)
            return 200
        } catch {
            return 400
        }
    }
}
