import Authorization
import SimulationPrimitives

/// The chain runner: Zuul's servlet lifecycle (`ZuulServlet.service`, reference netflix-oss.md §6.1).
extension ZuulGateway {
    /// What one filter did.
    ///
    /// Kept small: a suspending filter leaves its step in ``ZuulGateway/pendingStep`` instead of
    /// in the outcome (an outcome holding a whole `GatewayStep` was copied several times per
    /// filter per request, ~2 % of a platform run in `memcpy`).
    enum FilterOutcome {
        case proceed
        case suspend(Waiting)
        case fail(ZuulError)
    }

    /// What running the filters of one type did.
    enum PhaseOutcome {
        case completed
        /// The step is in ``ZuulGateway/pendingStep``.
        case suspended
        case failed
    }

    /// Runs the exchange in `slot` from its saved position until it suspends or responds.
    mutating func advance(_ id: ExchangeID, _ slot: ExchangeSlot, now: SimTime, rng: inout RandomStream) -> GatewayStep {
        if runChain(id, slot, now: now, rng: &rng) { return pendingStep.take()! }
        return finishResponse(id, slot, now: now)
    }

    /// ``advance(_:_:now:rng:)`` returning a ``CompactGatewayStep``: the route filter leaves the
    /// compact forward (no ``RoutingDecision``), and a finished exchange gives its status (no
    /// ``GatewayResponse``).
    mutating func advanceCompact(_ id: ExchangeID, _ slot: ExchangeSlot, now: SimTime, rng: inout RandomStream) -> CompactGatewayStep {
        compactSteps = true
        let suspended = runChain(id, slot, now: now, rng: &rng)
        compactSteps = false
        if suspended {
            if let box = pendingForwardBox.take() {
                return .forward(exchange: pendingForwardExchange, service: box.match.service, serviceID: box.match.serviceID)
            }
            guard case .introspect(let call) = pendingStep.take() else {
                preconditionFailure("ZuulGateway: a compact chain suspended without a compact step")
            }
            return .introspect(call)
        }
        let status = Self.finalStatus(of: slot.context)
        close(id, slot)
        return .respond(status: status)
    }

    /// Runs the chain on the exchange in `slot`, in place. Returns true if a filter suspended it
    /// (its step is in ``ZuulGateway/pendingStep``), false if it is finished (the caller reads the
    /// response off the context and closes the slot).
    mutating func runChain(_ id: ExchangeID, _ slot: ExchangeSlot, now: SimTime, rng: inout RandomStream) -> Bool {
        // Suspending filters address their step with it (no copy of the step to fill it in later).
        currentExchange = id
        // An upstream failure reported while in `route` becomes the route filter's exception.
        if slot.context.throwable != nil, !slot.context.errorHandled, slot.phase != .post {
            runErrorThenPost(&slot.context, now: now)
            return false
        }
        while true {
            switch runPhase(slot, now: now, rng: &rng) {
            case .suspended:
                return true
            case .failed:
                if slot.phase == .post {
                    runPhase(.error, &slot.context, now: now)
                } else {
                    runErrorThenPost(&slot.context, now: now)
                }
                return false
            case .completed:
                switch slot.phase {
                case .pre:
                    slot.phase = .route
                    slot.nextFilter = filterRanges[Int(FilterType.route.rawValue)].lowerBound
                case .route:
                    slot.phase = .post
                    slot.nextFilter = filterRanges[Int(FilterType.post.rawValue)].lowerBound
                case .post, .error:
                    return false
                }
            }
        }
    }

    mutating func runErrorThenPost(_ context: inout RequestContext, now: SimTime) {
        runPhase(.error, &context, now: now)
        runPhase(.post, &context, now: now)
    }

    /// Runs filters of `slot.phase` from `slot.nextFilter`.
    /// The position is kept in a local and stored back when the phase stops (no filter reads it).
    mutating func runPhase(_ slot: ExchangeSlot, now: SimTime, rng: inout RandomStream) -> PhaseOutcome {
        let end = filterRanges[Int(slot.phase.rawValue)].upperBound
        let recordsTrail = configuration.recordsFilterTrail
        var next = slot.nextFilter
        while next < end {
            let index = next
            next += 1
            guard !skipped[index], shouldFilter(at: index, &slot.context) else { continue }
            if recordsTrail { slot.context.trail.append(filters[index].name) }
            switch run(at: index, &slot.context, now: now, rng: &rng) {
            case .proceed:
                continue
            case .suspend(let waiting):
                slot.nextFilter = next
                slot.waiting = waiting
                return .suspended
            case .fail(let error):
                slot.nextFilter = next
                slot.context.throwable = error
                return .failed
            }
        }
        slot.nextFilter = next
        return .completed
    }

    /// Runs every filter of `type` (post or error phases, which never suspend). An error raised in
    /// the post phase stops it and is left for the error phase; one raised by an error filter is
    /// dropped (Zuul logs it).
    mutating func runPhase(_ type: FilterType, _ context: inout RequestContext, now: SimTime) {
        var draws = noDraws
        for index in filterRanges[Int(type.rawValue)] {
            guard !skipped[index], shouldFilter(at: index, &context) else { continue }
            if configuration.recordsFilterTrail { context.trail.append(filters[index].name) }
            switch run(at: index, &context, now: now, rng: &draws) {
            case .proceed: continue
            case .suspend: preconditionFailure("ZuulGateway: \(type) filters cannot suspend")
            case .fail(let error):
                if type == .post { context.throwable = error; context.errorHandled = false; runPhase(.error, &context, now: now) }
                return
            }
        }
    }

    /// The final status of a finished exchange: the response status decided by the filters (500 if
    /// none), or the unhandled exception's when no error filter ran.
    static func finalStatus(of context: borrowing RequestContext) -> Int {
        if let error = context.throwable, !context.errorHandled { return error.status }
        return context.responseStatus ?? 500
    }

    /// Builds the response of the finished exchange in `slot`, then closes the slot.
    mutating func finishResponse(_ id: ExchangeID, _ slot: ExchangeSlot, now: SimTime) -> GatewayStep {
        let response = Self.buildResponse(id, slot.context, now: now)
        close(id, slot)
        return .respond(response)
    }

    /// The response (with its access record) of the finished exchange `context`.
    static func buildResponse(_ id: ExchangeID, _ context: borrowing RequestContext, now: SimTime) -> GatewayResponse {
        let status = finalStatus(of: context)
        var source = context.responseSource ?? .filterError("no filter produced a response")
        if let error = context.throwable, !context.errorHandled {
            // No error filter ran (disabled): the exception decides (its status: `finalStatus`).
            source = ZuulGateway.source(of: error)
        }
        let route = context.routeBox?.match
        let record = AccessRecord(method: context.request.method, routeIndex: route?.routeIndex, serviceID: route?.serviceID,
                                  status: status, clientID: context.principal?.clientID, receivedAt: context.receivedAt, completedAt: now,
                                  pinnedInstance: context.pinnedInstance, targetRegion: context.targetRegion,
                                  authenticationCacheHit: context.authenticationCacheHit)
        return GatewayResponse(exchange: id, status: status, headers: context.responseHeaders, source: source, record: record,
                               filterTrail: context.trail)
    }

    static func source(of error: ZuulError) -> ResponseSource {
        switch error.cause {
        case .upstream(let failure): return .upstreamFailure(failure)
        case .rateLimited: return .rateLimited
        case .filterFailure(let name): return .filterError(name)
        }
    }

    // MARK: - Dispatch

    /// Whether filter `index` runs for `context`. Standard filters dispatch on their integer
    /// ``ZuulFilter/Code`` (copying the `ZuulFilter` out of the array retained its name and kind
    /// per filter per request); only custom filters read their closures.
    /// `context` is `inout` and the method `mutating` only so that both are passed by address: a
    /// non-mutating method called from the mutating chain runner received a copy of the whole
    /// gateway (1,376 bytes, `memcpy`) per filter per request. The other filter helpers are
    /// `mutating` for the same reason.
    mutating func shouldFilter(at index: Int, _ context: inout RequestContext) -> Bool {
        switch codes[index] {
        case .staticResponse:
            return hasStaticResponses || configuration.maintenance != nil
        case .authentication, .preDecoration:
            return context.sendZuulResponse
        case .rateLimit:
            return rateLimiter != nil && context.sendZuulResponse
        case .stressTest:
            guard context.sendZuulResponse, let route = context.routeBox else { return false }
            return hasStressTest[route.match.service.rawValue]
        case .crossRegion:
            guard context.sendZuulResponse, let route = context.routeBox else { return false }
            return hasCrossRegion[route.match.service.rawValue]
        case .ribbonRouting:
            return context.sendZuulResponse && context.routeBox != nil
        case .addResponseHeaders:
            return hasResponseHeaders
        case .accessLog:
            return true
        case .sendResponse:
            return context.throwable == nil
        case .sendError:
            return context.throwable != nil && !context.errorHandled
        case .custom:
            guard case .custom(let should, _) = filters[index].kind else { preconditionFailure("ZuulGateway: filter code mismatch") }
            return should(context)
        }
    }

    mutating func run(at index: Int, _ context: inout RequestContext, now: SimTime, rng: inout RandomStream) -> FilterOutcome {
        switch codes[index] {
        case .staticResponse: return runStaticResponse(&context)
        case .authentication: return runAuthentication(&context, now: now)
        case .rateLimit: return runRateLimit(&context, now: now)
        case .preDecoration: return runPreDecoration(&context)
        case .stressTest: return runStressTest(&context, rng: &rng)
        case .crossRegion: return runCrossRegion(&context, rng: &rng)
        case .ribbonRouting: return runRibbonRouting(&context, now: now)
        case .addResponseHeaders:
            for header in configuration.responseHeaders { context.responseHeaders.append(.custom(name: header.name, value: header.value)) }
            return .proceed
        case .accessLog: return runAccessLog(&context)
        case .sendResponse: return .proceed
        case .sendError: return runSendError(&context)
        case .custom:
            guard case .custom(_, let body) = filters[index].kind else { preconditionFailure("ZuulGateway: filter code mismatch") }
            do {
                try body(&context)
                return .proceed
            } catch {
                return .fail(error)
            }
        }
    }
}
