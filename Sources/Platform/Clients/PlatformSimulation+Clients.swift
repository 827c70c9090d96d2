import Foundation
import SimulationPrimitives
import SimulationKernel
import Scenarios
import Telemetry
import CinemaDomain
import Authorization
import Gateway

/// Client sessions: open-model arrivals (stages, ramps, spikes, trace; Poisson or evenly spaced),
/// closed-model users with think time, journeys (DESIGN §3), client timeouts and retries,
/// attackers with bad tokens.
extension PlatformSimulation {
    func startClients() {
        let workload = scenario.workload
        switch workload.model {
        case .open:
            queue.schedule(.sessionArrival, at: .zero)
        case .closed:
            for _ in 0..<workload.users {
                let session = newSession(closedUser: true)
                // Stagger the first step over one think time so users do not start in lock-step.
                let delay = thinkTime.sample(&sessionRandom)
                queue.schedule(.sessionStep(session: session.0, generation: session.1), at: .zero + delay)
            }
        }
    }

    /// Open model: one session arrives; the next arrival is drawn from the current rate.
    func sessionArrives() {
        let now = queue.now
        let rate = scenario.workload.arrivalRate(atSeconds: now.secondsSinceStart) * sessionsPerRequest
        if rate > 0 {
            let session = newSession(closedUser: false)
            sessionStep(session.0, session.1)
        }
        let gap: SimDuration
        if rate <= 0 {
            gap = .milliseconds(100)   // re-check the rate profile
        } else if scenario.workload.arrivals == .poisson {
            gap = SimDuration(seconds: -log(arrivalRandom.nextOpenDouble()) / rate)
        } else {
            gap = SimDuration(seconds: 1 / rate)
        }
        let next = now + max(gap, .nanoseconds(1))
        if next < endTime { queue.schedule(.sessionArrival, at: next) }
    }

    func pickJourney() -> Journey {
        let u = sessionRandom.nextDouble()
        var cumulative = 0.0
        for (journey, weight) in scenario.workload.mix {
            cumulative += weight
            if u < cumulative { return journey }
        }
        return scenario.workload.mix.last!.journey
    }

    func newSession(closedUser: Bool) -> (Int32, UInt32) {
        let workload = scenario.workload
        let journey = pickJourney()
        let zone = Int16(sessionRandom.nextInt(below: scenario.topology.zones.count))
        let attacker = workload.attackerShare > 0 && sessionRandom.nextBool(probability: workload.attackerShare)
        var token = TokenState.none
        if attacker {
            token = switch workload.attackerKinds[sessionRandom.nextInt(below: workload.attackerKinds.count)] {
            case .expired: .expired
            case .forged: .forged
            case .missing: .missing
            }
        }
        // The premiere is the first showtime of the catalogue.
        var showtime = Int32(sessionRandom.nextInt(below: max(showtimes.count, 1)))
        if let sale = workload.flashSale, journey == .buy, queue.now >= .zero + sale.opensAt, sessionRandom.nextBool(probability: sale.share) {
            showtime = 0
        }
        let variant = UInt8(sessionRandom.nextInt(below: Self.manageVariants))
        // Attackers replay requests that need a token (hold, confirm) instead of a normal journey.
        let effectiveJourney = attacker ? Journey.buy : journey
        var session = Session(journey: effectiveJourney, zone: zone, token: token, attacker: attacker, funcionKey: UInt32(showtime),
                              clienteKey: 0, closedUser: closedUser, variant: variant, journeyStart: queue.now)
        session.showtime = showtime
        assignUser(&session)
        if attacker {
            session.tokenString = attackerToken(token, user: session.userId).map(BearerToken.init)
        } else if let remembered = rememberedTokens[session.userId], remembered.expiry > queue.now {
            // The browser kept the user's token from an earlier visit (local storage).
            session.token = .valid
            session.tokenString = BearerToken(remembered.token)
            session.tokenExpiry = remembered.expiry
        }
        return sessions.acquire(session)
    }

    /// Who the session's user is: a customer, or for the manage journey a manager (with their
    /// cinema) or the admin.
    func assignUser(_ session: inout Session) {
        let customers = catalogueIDs.customerIds
        if session.journey == .manage {
            switch session.variant {
            case 0...2 where !catalogueIDs.managerIds.isEmpty:
                let index = sessionRandom.nextInt(below: catalogueIDs.managerIds.count)
                session.userId = catalogueIDs.managerIds[index].rawValue
                session.managedCinema = catalogueIDs.managerCinema[index]
                return
            case 3, 4, 5, 6:
                session.userId = catalogueIDs.adminId.rawValue
                return
            default:
                break
            }
        }
        session.userId = customers.isEmpty ? 0 : customers[sessionRandom.nextInt(below: customers.count)].rawValue
        session.clienteKey = UInt32(truncatingIfNeeded: session.userId)
    }

    /// An attacker's token: expired (a real token issued two lifetimes ago), forged (signed with
    /// another key) or missing.
    func attackerToken(_ kind: TokenState, user: Int64) -> String? {
        switch kind {
        case .expired:
            let username = "u\(user)"
            if !registeredUsers.contains(user) {
                registeredUsers.insert(user)
                authServer.register(UserAccount(username: username, password: "pw-\(username)", scopes: ScopeSet(["read", "customer", "manager"])))
            }
            let issuedAt = queue.now - resilience.oauth.accessTokenLifetime * 2 - .seconds(120)
            return try? authServer.token(TokenRequest(grantType: "password", client: .basic(clientID: Self.webClientID, secret: Self.webClientSecret),
                                                      scope: "read customer", username: username, password: "pw-\(username)"),
                                         now: issuedAt, rng: &gatewayRandom).accessToken
        case .forged:
            // A well-formed JWT with the real key id, signed with the attacker's own key.
            if forgingServer == nil {
                var forger = RandomStream(rootSeed: scenario.seed, component: "attacker.key")
                let key = SigningKey.derive(keyID: "cinesim-1", algorithm: .hs256, rng: &forger)
                forgingServer = AuthorizationServer(signingKey: key, clients: [ClientRegistration(clientID: Self.webClientID, secret: Self.webClientSecret,
                                                                                                     grantTypes: [.password], scopes: ScopeSet(["read", "customer"]))],
                                                    users: [])
            }
            let username = "u\(user)"
            forgingServer!.register(UserAccount(username: username, password: "x", scopes: ScopeSet(["read", "customer"])))
            return try? forgingServer!.token(TokenRequest(grantType: "password", client: .basic(clientID: Self.webClientID, secret: Self.webClientSecret),
                                                          scope: "read customer", username: username, password: "x"), now: queue.now, rng: &gatewayRandom).accessToken
        default:
            return nil
        }
    }

    /// Whether session `s` holds a valid token that has not expired. Takes the slot, not a
    /// `Session`: passing the session by value copied the whole struct on every login step.
    func tokenIsValid(session s: Int32) -> Bool {
        sessions[s].token == .valid && sessions[s].tokenExpiry > queue.now
    }

    /// Sends the session's current journey step (skipping steps with nothing to do: a login while
    /// the token is still good, a purchase with no seat picked).
    func sessionStep(_ s: Int32, _ generation: UInt32) {
        guard sessions.isCurrent(s, generation) else { return }
        let journey = steps(of: sessions[s].journey)
        var index = Int(sessions[s].step)
        while index < journey.count {
            sessions[s].step = Int16(index)
            // The tuple pattern moves the body out of the optional. Holding the optional (or binding
            // it with `if let` and passing `.body`) copies it and destroys the original through
            // `Optional`'s generic value witness: ~250 instructions per request for this enum
            // (docs/performance.md, round 7).
            if case let (route, body)? = request(for: journey[index], session: s) {
                sendStep(s, generation, step: journey[index], route: route, body: body)
                return
            }
            index += 1
        }
        endJourney(s, success: true)
    }

    /// Starts the client request for step `step` of session `s`: its body (with the session's token
    /// as the `Authorization` header), the request slot, the first attempt and the client timeout.
    func sendStep(_ s: Int32, _ generation: UInt32, step: JourneyStep, route: Int16, body kind: consuming DomainBody.Kind) {
        let now = queue.now
        // One slot write instead of `acquireBody` + `retainBody` + a credential store (same body:
        // the request's reference counted, the session's token as the header).
        let credential: BearerCredential = if let token = sessions[s].tokenString { .bearerToken(token) } else { .none }
        let body = bodies.acquire(DomainBody(kind: kind, references: 1, credential: credential)).index
        let (request, _) = requests.acquire(ClientRequest(session: s, sessionGeneration: generation, route: route, intendedStart: now,
                                                          actualStart: now, body: body, step: step))
        counters.clientRequestsStarted += 1
        if sessions[s].attacker { counters.attackerRequests += 1 }
        sendClientAttempt(request)
        let requestGeneration = requests.generation(request)
        requests[request].timeout = queue.schedule(.clientTimeout(request: request, generation: requestGeneration), at: now + scenario.workload.clientTimeout)
    }

    /// Sends one attempt of client request `r` to an edge balancer instance: the journey's own
    /// (resolved by DNS round robin at its first request, `workload.edge_affinity: session`) or a
    /// fresh round-robin choice per request (`request`).
    func sendClientAttempt(_ r: Int32) {
        // Fields read in place: a copy of the session would retain its token and seats.
        let s = requests[r].session
        guard let edge = componentOfKind[.edge], let target = edgeForAttempt(session: s, edge: edge) else {
            clientResponse(request: r, status: 503, flags: .shed)
            return
        }
        let tokenValid = tokenIsValid(session: s)
        let (call, callGeneration) = sendCall(caller: -1, callerZone: sessions[s].zone, callee: target, route: requests[r].route, request: r,
                                              parent: -1, parentGeneration: 0, funcionKey: sessions[s].funcionKey, clienteKey: sessions[s].clienteKey,
                                              tokenValid: tokenValid, connectTimeout: scenario.workload.clientTimeout, readTimeout: nil,
                                              body: requests[r].body)
        requests[r].rootCall = call
        requests[r].rootGeneration = callGeneration
        startRootSpan(call: call, request: r)
    }

    /// The edge instance for session `s`'s next attempt. With session affinity the journey keeps
    /// the address it resolved first (a browser's DNS cache and keep-alive connection) while that
    /// instance is up; a dead one is resolved again (DNS failover drops it, and a browser tries the
    /// next address when a connection is refused). A new journey resolves again.
    func edgeForAttempt(session s: Int32, edge: Int32) -> Int32? {
        guard scenario.workload.edgeAffinity == .session else { return chooseEdge(edge) }
        let kept = sessions[s].edge
        if kept >= 0 && sessions[s].edgeResolvedFor == sessions[s].journeyStart && nodes[Int(kept)].health == .up { return kept }
        guard let chosen = chooseEdge(edge) else { return nil }
        sessions[s].edge = chosen
        sessions[s].edgeResolvedFor = sessions[s].journeyStart
        return chosen
    }

    /// DNS round robin over the edge balancer instances that are up.
    func chooseEdge(_ edge: Int32) -> Int32? {
        var cursor = components[Int(edge)].cursor
        let choice = EdgeRuleSeam.choose(among: components[Int(edge)].instances, nodes: nodes, cursor: &cursor)
        components[Int(edge)].cursor = cursor
        return choice
    }

    /// The client's step got an answer (or a connection failure).
    func clientResponse(request r: Int32, status: Int16, flags: ResponseFlags) {
        let outcome = PlatformSimulation.outcome(status: status, flags: flags)
        if status == 401 { noteUnauthorised(request: r) }
        if !outcome.isAvailable && outcome != .clientError4xx && retryIfWanted(r) { return }
        finishRequest(r, outcome: outcome)
    }

    func clientTimedOut(_ r: Int32, _ generation: UInt32) {
        guard requests.isCurrent(r, generation) else { return }
        requests[r].timeout = nil
        abandonRootCall(r)
        finishRequest(r, outcome: .clientTimeout)
    }

    func abandonRootCall(_ r: Int32) {
        let call = requests[r].rootCall
        if call >= 0 && calls.isCurrent(call, requests[r].rootGeneration) { calls[call].callerWaiting = false }
        requests[r].rootCall = -1
    }

    /// Users who retry after an error (`workload.retry`): resend after the backoff, keeping the
    /// intended start of the first attempt.
    func retryIfWanted(_ r: Int32) -> Bool {
        let retry = scenario.workload.retry
        guard Int(requests[r].retries) < retry.maxRetries, sessionRandom.nextBool(probability: retry.probability) else { return false }
        requests[r].retries += 1
        abandonRootCall(r)
        queue.schedule(.clientRetry(request: r, generation: requests.generation(r)), at: queue.now + retry.backoff)
        return true
    }

    func clientRetry(_ r: Int32, _ generation: UInt32) {
        guard requests.isCurrent(r, generation) else { return }
        requests[r].actualStart = queue.now
        sendClientAttempt(r)
    }

    func finishRequest(_ r: Int32, outcome: RequestOutcome) {
        let request = requests[r]
        if let timeout = request.timeout { queue.cancel(timeout) }
        abandonRootCall(r)
        let now = queue.now
        if routeRecorder[Int(request.route)] >= 0 {
            recorder.recordRequest(route: routeRecorder[Int(request.route)], outcome: outcome, intendedStart: request.intendedStart,
                                   actualStart: request.actualStart, end: now, retries: Int(request.retries) + Int(request.callRetries))
        }
        counters.clientRequestsEnded += 1
        clientRequestsCompleted += 1
        let picked = request.step == .seatMap && request.body >= 0 ? bodies[request.body].pickedSeats : []
        // Only a successful login reads the issued token (a copy of the optional string otherwise
        // costs a retain and a release per request).
        let login = request.route == internalRoutes.login && outcome == .success
        // Through the body's exchange box (one reference): the computed `issuedToken` read copied
        // the whole body (round 8).
        var issued: (String?, SimDuration) = (nil, .zero)
        if login && request.body >= 0, let exchange = bodies[request.body].exchange {
            issued = (exchange.issuedToken, exchange.issuedTokenLifetime)
        }
        releaseBody(request.body)
        requests.release(r)
        let s = request.session
        guard sessions.isCurrent(s, request.sessionGeneration) else { return }
        if login, let token = issued.0 {
            sessions[s].token = .valid
            sessions[s].tokenString = BearerToken(token)   // fingerprinted once, at issue
            sessions[s].tokenExpiry = now + issued.1
            rememberedTokens[sessions[s].userId] = (token, now + issued.1)
        }
        if request.step == .seatMap && outcome == .success { sessions[s].seats = picked }
        if request.step == .hold && !outcome.isAvailable { noteFailedHold(clientKey: sessions[s].purchase) }
        guard outcome.isAvailable else { endJourney(s, success: outcome == .clientError4xx && !sessions[s].attacker && request.step == .hold); return }
        sessions[s].step += 1
        if Int(sessions[s].step) >= steps(of: sessions[s].journey).count {
            endJourney(s, success: true)
        } else {
            queue.schedule(.sessionStep(session: s, generation: request.sessionGeneration), at: now + thinkTime.sample(&sessionRandom))
        }
    }

    /// A journey ended: record it; closed-model users start a new one after thinking.
    func endJourney(_ s: Int32, success: Bool) {
        // Fields read in place: a copy of the session would retain its token and seats.
        if let index = journeyRecorder[sessions[s].journey] {
            let now = queue.now
            let journeyStart = sessions[s].journeyStart
            recorder.recordRequest(route: index, outcome: success ? .success : .serverError5xx, intendedStart: journeyStart,
                                   actualStart: journeyStart, end: now, retries: 0)
        }
        if sessions[s].closedUser {
            sessions[s].journey = pickJourney()
            sessions[s].step = 0
            sessions[s].journeyStart = queue.now
            sessions[s].variant = UInt8(sessionRandom.nextInt(below: Self.manageVariants))
            sessions[s].purchase = 0
            sessions[s].seats = []
            assignUser(&sessions[s])
            queue.schedule(.sessionStep(session: s, generation: sessions.generation(s)), at: queue.now + thinkTime.sample(&sessionRandom))
        } else {
            sessions.release(s)
        }
    }

    /// Maps an HTTP answer to the request's single outcome.
    static func outcome(status: Int16, flags: ResponseFlags) -> RequestOutcome {
        if flags.contains(.timedOut) { return .serverError5xx }
        if flags.contains(.shed) { return .shed }
        if flags.contains(.degraded) { return .degraded }
        switch status {
        case 200..<400: return .success
        case 429: return .shed
        case 400..<500: return .clientError4xx
        default: return .serverError5xx
        }
    }
}
