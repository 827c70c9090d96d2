import Testing
import Authorization
@testable import Gateway
import SimulationPrimitives

/// Exchanges run in place in per-slot objects (round 7): a gateway is still a value (a copy's
/// exchanges are its own), slots are reused with fresh generations, and the status-only upstream
/// completion gives the status, counters and effects of the full one.
@Suite("Exchange slots")
struct ExchangeSlotTests {
    static let outcomes: [UpstreamOutcome] = [.response(status: 200), .response(status: 404), .response(status: 503),
                                              .fallback(status: 200, failure: .timeout), .fallback(status: 200, failure: .shortCircuited)]
        + UpstreamFailure.allCases.map { .failure($0) }

    /// A copy taken while an exchange waits for its upstream call completes it on its own: the
    /// original's completion neither frees nor changes the copy's exchange, and each answers as a
    /// gateway that was never copied would.
    @Test(arguments: [ErrorStatusMapping.stockSpringCloudZuul, .improved(ImprovedErrorMapping())])
    func aCopyKeepsItsOwnExchanges(mapping: ErrorStatusMapping) throws {
        var fixture = GatewayFixture()
        let token = fixture.token().accessToken
        var original = fixture.localGateway { $0.errorMapping = mapping }
        var rng = RandomStream(seed: 3)
        let step = original.receive(GatewayRequest(method: .get, path: "/api/funciones/1", credential: .bearer(token)), now: .zero, rng: &rng)
        let decision = try #require(step.decision)
        var copy = original
        let end = SimTime.zero + .milliseconds(30)
        let completed = original.upstreamCompleted(decision.exchange, outcome: .response(status: 200), now: end)
        let first = try #require(completed)
        #expect(first.status == 200)
        #expect(first.source == .upstream)
        #expect(original.statistics.inFlight == 0)
        #expect(original.upstreamCompleted(decision.exchange, outcome: .response(status: 200), now: end) == nil)
        // The copy still waits for the call, and answers a timeout with the mapping's status.
        #expect(copy.statistics.inFlight == 1)
        copy.checkInvariants()
        let completedCopy = copy.upstreamCompleted(decision.exchange, outcome: .failure(.timeout), now: end)
        let second = try #require(completedCopy)
        #expect(second.status == mapping.response(for: .timeout).status)
        #expect(second.source == .upstreamFailure(.timeout))
        #expect(second.record.receivedAt == .zero)
        #expect(second.record.serviceID == "funcion-query")
        #expect(copy.statistics.inFlight == 0)
        original.checkInvariants()
        copy.checkInvariants()
    }

    /// A copy taken while an exchange waits for introspection: both resume independently.
    @Test func aCopyKeepsItsOwnIntrospection() throws {
        var fixture = GatewayFixture()
        let token = fixture.token().accessToken
        var original = AuthenticationFilterTests.introspectionGateway(fixture, IntrospectionSettings(caller: GatewayFixture.gatewayCaller))
        var rng = RandomStream(seed: 4)
        let step = original.receive(GatewayRequest(method: .get, path: "/api/funciones/1", credential: .bearer(token)), now: .zero, rng: &rng)
        let call = try #require(step.introspection)
        var copy = original
        let refusal = original.introspectionCompleted(call.exchange, result: .failed(.timeout), now: .zero, rng: &rng)
        let failed = try #require(refusal?.response)
        #expect(failed.status == 401)
        #expect(original.statistics.inFlight == 0)
        let answered = AuthenticationFilterTests.answer(&copy, call, fixture: &fixture, at: .zero)
        let resumed = try #require(answered)
        let decision = try #require(resumed.decision)
        #expect(decision.serviceID == "funcion-query")
        #expect(decision.principal?.subject == "ana")
        #expect(copy.statistics.inFlight == 1)
        copy.checkInvariants()
        original.checkInvariants()
    }

    /// The status-only completion against the full one, on two identical gateways, for every
    /// outcome under both error mappings: same status, same counters, same admission.
    @Test(arguments: [ErrorStatusMapping.stockSpringCloudZuul, .improved(ImprovedErrorMapping())])
    func statusOnlyCompletionMatchesTheResponse(mapping: ErrorStatusMapping) throws {
        var fixture = GatewayFixture()
        let token = fixture.token().accessToken
        var full = fixture.localGateway { $0.errorMapping = mapping }
        var lean = full
        var rng = RandomStream(seed: 6)
        for (index, outcome) in Self.outcomes.enumerated() {
            let now = SimTime.zero + .seconds(Int64(index))
            let request = GatewayRequest(method: .post, path: "/api/compras", credential: .bearer(token))
            let stepA = full.receive(request, now: now, rng: &rng)
            let stepB = lean.receive(request, now: now, rng: &rng)
            let a = try #require(stepA.decision)
            let b = try #require(stepB.decision)
            #expect(a.exchange == b.exchange)
            let fullAnswer = full.upstreamCompleted(a.exchange, outcome: outcome, now: now + .milliseconds(5))
            let leanAnswer = lean.upstreamCompletedStatus(b.exchange, outcome: outcome, now: now + .milliseconds(5))
            let response = try #require(fullAnswer)
            let status = try #require(leanAnswer)
            #expect(status == response.status, "\(outcome)")
            #expect(lean.upstreamCompletedStatus(b.exchange, outcome: outcome, now: now) == nil)
            #expect(full.statistics == lean.statistics)
            #expect(full.admission.inUse == lean.admission.inUse)
        }
        full.checkInvariants()
        lean.checkInvariants()
    }

    /// Seeded interleavings of many exchanges: each completes once, stale ids (finished or never
    /// issued generations) are refused, freed slots are reused, and the counters follow
    /// received = completed + in flight.
    @Test(arguments: [UInt64(1), 2, 3, 4])
    func interleavedExchangesReuseSlots(seed: UInt64) throws {
        var fixture = GatewayFixture()
        let token = fixture.token().accessToken
        var gateway = fixture.localGateway { $0.isolation = .semaphore(maxSemaphores: 1_000) }
        var rng = RandomStream(seed: seed)
        var open: [ExchangeID] = []
        var finished: [ExchangeID] = []
        var completed = 0
        for step in 0..<400 {
            let now = SimTime.zero + .milliseconds(Int64(step))
            if open.isEmpty || rng.nextBool(probability: 0.55) {
                let step = gateway.receive(GatewayRequest(method: .get, path: "/api/funciones/1", credential: .bearer(token)), now: now, rng: &rng)
                let decision = try #require(step.decision)
                #expect(!open.contains(decision.exchange))
                open.append(decision.exchange)
            } else {
                let id = open.remove(at: rng.nextInt(below: open.count))
                let status = rng.nextBool(probability: 0.5)
                    ? gateway.upstreamCompletedStatus(id, outcome: .response(status: 201), now: now)
                    : gateway.upstreamCompleted(id, outcome: .response(status: 201), now: now)?.status
                #expect(status == 201)
                completed += 1
                finished.append(id)
            }
            if let stale = finished.last {
                #expect(gateway.upstreamCompleted(stale, outcome: .response(status: 200), now: now) == nil)
                #expect(gateway.upstreamCompletedStatus(ExchangeID(slot: stale.slot, generation: stale.generation &+ 1_000), outcome: .response(status: 200), now: now) == nil)
            }
            #expect(gateway.statistics.completed == completed)
            #expect(gateway.statistics.inFlight == open.count)
        }
        // Slots are reused: never more than the peak number in flight.
        #expect(gateway.slots.count < 400)
        #expect(gateway.slots.filter(\.live).count == open.count)
        gateway.checkInvariants()
    }

    /// A full step as the compact one it must equal.
    static func compact(_ step: GatewayStep) -> CompactGatewayStep {
        switch step {
        case .respond(let response): return .respond(status: response.status)
        case .introspect(let call): return .introspect(call)
        case .forward(let decision): return .forward(exchange: decision.exchange, service: decision.service, serviceID: decision.serviceID)
        }
    }

    /// The compact entry points against the full ones: two gateways from one configuration take the
    /// same traffic (every request line and credential of `RequestTargetTests`), one through
    /// `receive`/`upstreamCompleted`, one through `receiveCompact`/`upstreamCompletedStatus`; the
    /// steps, statuses, counters and permits agree.
    @Test(arguments: [0, 1, 2])
    func compactStepsMatchTheFullOnes(variant: Int) {
        var fixture = GatewayFixture()
        let credentials = RequestTargetTests.credentials(&fixture)
        let edit: (inout GatewayConfiguration) -> Void = { configuration in
            if variant == 1 { configuration.maintenance = MaintenanceMode(status: 503, retryAfter: .seconds(30), body: "down") }
            if variant == 2 { configuration.isolation = .semaphore(maxSemaphores: 3) }
        }
        var full = fixture.localGateway(edit)
        var compact = fixture.localGateway(edit)
        let fullTargets = RequestTargetTests.lines.map { full.registerTarget(method: $0.0, path: $0.1) }
        let compactTargets = RequestTargetTests.lines.map { compact.registerTarget(method: $0.0, path: $0.1) }
        var rngA = RandomStream(seed: 8), rngB = RandomStream(seed: 8)
        var open: [(ExchangeID, ExchangeID)] = []
        var second: Int64 = 0
        for index in RequestTargetTests.lines.indices {
            for credential in credentials {
                second += 1
                let now = SimTime.zero + .seconds(second)
                let a = full.receive(fullTargets[index], credential: credential, now: now, rng: &rngA)
                let b = compact.receiveCompact(compactTargets[index], credential: credential, now: now, rng: &rngB)
                #expect(Self.compact(a) == b, "\(RequestTargetTests.lines[index])")
                if let decision = a.decision, case .forward(let exchange, _, _) = b { open.append((decision.exchange, exchange)) }
                // Variant 2 keeps up to three calls open (bulkhead rejections in between).
                if open.count > (variant == 2 ? 3 : 0) {
                    let (ea, eb) = open.removeFirst()
                    let ra = full.upstreamCompleted(ea, outcome: .failure(.readTimeout), now: now)
                    let rb = compact.upstreamCompletedStatus(eb, outcome: .failure(.readTimeout), now: now)
                    #expect(ra?.status == rb)
                }
                #expect(full.statistics == compact.statistics)
                #expect(full.admission.inUse == compact.admission.inUse)
            }
        }
        full.checkInvariants()
        compact.checkInvariants()
    }

    /// The compact introspection resume against the full one (answered, failed, stale).
    @Test func compactIntrospectionMatchesTheFullOne() throws {
        var fixture = GatewayFixture()
        let token = fixture.token().accessToken
        let settings = IntrospectionSettings(caller: GatewayFixture.gatewayCaller, onFailure: .serviceUnavailable(retryAfter: .seconds(5)))
        var full = AuthenticationFilterTests.introspectionGateway(fixture, settings)
        var compact = full
        let target = full.registerTarget(method: .get, path: "/api/funciones/1")
        _ = compact.registerTarget(method: .get, path: "/api/funciones/1")
        var rng = RandomStream(seed: 9)
        for round in 0..<3 {
            let now = SimTime.zero + .seconds(Int64(round))
            let a = full.receive(target, credential: .bearer(token), now: now, rng: &rng)
            let b = compact.receiveCompact(target, credential: .bearer(token), now: now, rng: &rng)
            #expect(Self.compact(a) == b)
            let call = try #require(a.introspection)
            let result: IntrospectionResult = round == 1
                ? .failed(.timeout)
                : .response(try fixture.server.introspect(token: call.token, caller: call.caller, now: now))
            let ra = full.introspectionCompleted(call.exchange, result: result, now: now, rng: &rng)
            let rb = compact.introspectionCompletedCompact(call.exchange, result: result, now: now, rng: &rng)
            #expect(ra.map(Self.compact) == rb)
            #expect(full.introspectionCompleted(call.exchange, result: result, now: now, rng: &rng) == nil)
            #expect(compact.introspectionCompletedCompact(call.exchange, result: result, now: now, rng: &rng) == nil)
            if let decision = ra?.decision {
                #expect(full.upstreamCompleted(decision.exchange, outcome: .response(status: 200), now: now)?.status
                        == compact.upstreamCompletedStatus(decision.exchange, outcome: .response(status: 200), now: now))
            }
            #expect(full.statistics == compact.statistics)
        }
        full.checkInvariants()
        compact.checkInvariants()
    }
}
