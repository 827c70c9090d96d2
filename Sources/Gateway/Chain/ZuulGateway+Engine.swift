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

    /// Runs the exchange from its saved position until it suspends or responds.
    mutating func advance(_ id: ExchangeID, _ exchange: consuming Exchange, now: SimTime, rng: inout RandomStream) -> GatewayStep {
        // Suspending filters address their step with it (no copy of the step to fill it in later).
        currentExchange = id
        // An upstream failure reported while in `route` becomes the route filter's exception.
        if exchange.context.throwable != nil, !exchange.context.errorHandled, exchange.phase != .post {
            runErrorThenPost(&exchange.context, now: now)
            return finish(id, exchange.context, now: now)
        }
        while true {
            switch runPhase(&exchange, now: now, rng: &rng) {
            case .suspended:
                putBack(id, exchange)
                return pendingStep.take()!
            case .failed:
                if exchange.phase == .post {
                    runPhase(.error, &exchange.context, now: now)
                } else {
                    runErrorThenPost(&exchange.context, now: now)
                }
                return finish(id, exchange.context, now: now)
            case .completed:
                switch exchange.phase {
                case .pre:
                    exchange.phase = .route
                    exchange.nextFilter = filterRanges[Int(FilterType.route.rawValue)].lowerBound
                case .route:
                    exchange.phase = .post
                    exchange.nextFilter = filterRanges[Int(FilterType.post.rawValue)].lowerBound
                case .post, .error:
                    return finish(id, exchange.context, now: now)
                }
            }
        }
    }

    mutating func runErrorThenPost(_ context: inout RequestContext, now: SimTime) {
        runPhase(.error, &context, now: now)
        runPhase(.post, &context, now: now)
    }

    /// Runs filters of `exchange.phase` from `exchange.nextFilter`.
    mutating func runPhase(_ exchange: inout Exchange, now: SimTime, rng: inout RandomStream) -> PhaseOutcome {
        let range = filterRanges[Int(exchange.phase.rawValue)]
        while exchange.nextFilter < range.upperBound {
            let index = exchange.nextFilter
            exchange.nextFilter += 1
            guard !disabled[index], shouldFilter(at: index, &exchange.context) else { continue }
            if configuration.recordsFilterTrail { exchange.context.trail.append(filters[index].name) }
            switch run(at: index, &exchange.context, now: now, rng: &rng) {
            case .proceed:
                continue
            case .suspend(let waiting):
                exchange.waiting = waiting
                return .suspended
            case .fail(let error):
                exchange.context.throwable = error
                return .failed
            }
        }
        return .completed
    }

    /// Runs every filter of `type` (post or error phases, which never suspend). An error raised in
    /// the post phase stops it and is left for the error phase; one raised by an error filter is
    /// dropped (Zuul logs it).
    mutating func runPhase(_ type: FilterType, _ context: inout RequestContext, now: SimTime) {
        var noDraws = RandomStream(seed: 0)
        for index in filterRanges[Int(type.rawValue)] {
            guard !disabled[index], shouldFilter(at: index, &context) else { continue }
            if configuration.recordsFilterTrail { context.trail.append(filters[index].name) }
            switch run(at: index, &context, now: now, rng: &noDraws) {
            case .proceed: continue
            case .suspend: preconditionFailure("ZuulGateway: \(type) filters cannot suspend")
            case .fail(let error):
                if type == .post { context.throwable = error; context.errorHandled = false; runPhase(.error, &context, now: now) }
                return
            }
        }
    }

    /// Builds the response, frees the slot.
    mutating func finish(_ id: ExchangeID, _ context: RequestContext, now: SimTime) -> GatewayStep {
        var status = context.responseStatus ?? 500
        var source = context.responseSource ?? .filterError("no filter produced a response")
        if let error = context.throwable, !context.errorHandled {
            // No error filter ran (disabled): the exception's status still decides.
            status = error.status
            source = ZuulGateway.source(of: error)
        }
        let record = AccessRecord(method: context.request.method, routeIndex: context.route?.routeIndex, serviceID: context.route?.serviceID,
                                  status: status, clientID: context.principal?.clientID, receivedAt: context.receivedAt, completedAt: now,
                                  pinnedInstance: context.pinnedInstance, targetRegion: context.targetRegion,
                                  authenticationCacheHit: context.authenticationCacheHit)
        statistics.completed += 1
        release(id)
        return .respond(GatewayResponse(exchange: id, status: status, headers: context.responseHeaders, source: source, record: record,
                                         filterTrail: context.trail))
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
            return !configuration.staticResponses.isEmpty || configuration.maintenance != nil
        case .authentication, .preDecoration:
            return context.sendZuulResponse
        case .rateLimit:
            return rateLimiter != nil && context.sendZuulResponse
        case .stressTest:
            guard context.sendZuulResponse, let route = context.route else { return false }
            return stressTestByService[route.service.rawValue] != nil
        case .crossRegion:
            guard context.sendZuulResponse, let route = context.route else { return false }
            return crossRegionByService[route.service.rawValue] != nil
        case .ribbonRouting:
            return context.sendZuulResponse && context.route != nil
        case .addResponseHeaders:
            return !configuration.responseHeaders.isEmpty
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
