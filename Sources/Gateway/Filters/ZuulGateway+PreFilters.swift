import Authorization
import SimulationPrimitives

/// The standard `pre` filters other than authentication.
extension ZuulGateway {
    /// StaticResponseFilter: answers health checks and maintenance without routing
    /// (`sendZuulResponse=false`, reference netflix-oss.md §6.1).
    mutating func runStaticResponse(_ context: inout RequestContext) -> FilterOutcome {
        if context.target >= 0 {
            // A registered target's static response was found at registration (same search).
            if let index = targets[Int(context.target)].staticResponse {
                context.sendZuulResponse = false
                context.responseStatus = configuration.staticResponses[index].status
                context.responseSource = .staticResponse(index)
                statistics.staticResponses += 1
                return .proceed
            }
        } else if !configuration.staticResponses.isEmpty {
            let fullPath = context.request.path
            // Searched as UTF-8 bytes: a `Character` search walks grapheme clusters (~2 % of a run).
            let path = fullPath[..<(fullPath.utf8.firstIndex(of: UInt8(ascii: "?")) ?? fullPath.endIndex)]
            for (index, response) in configuration.staticResponses.enumerated() where response.matches(path) {
                context.sendZuulResponse = false
                context.responseStatus = response.status
                context.responseSource = .staticResponse(index)
                statistics.staticResponses += 1
                return .proceed
            }
        }
        if let maintenance = configuration.maintenance {
            context.sendZuulResponse = false
            context.responseStatus = maintenance.status
            context.responseSource = .maintenance
            context.responseHeaders.append(.retryAfter(maintenance.retryAfter))
            statistics.staticResponses += 1
        }
        return .proceed
    }

    /// Resolves the route once and memoises it in the context.
    mutating func resolveRoute(_ context: inout RequestContext) {
        guard !context.routeResolved else { return }
        context.routeResolved = true
        if context.target >= 0 {
            context.routeBox = targets[Int(context.target)].matchBox   // resolved at registration
        } else {
            context.route = configuration.routes.match(context.request.method, path: context.request.path)
        }
    }

    /// RateLimitPreFilter (spring-cloud-zuul-ratelimit, reference §6.4): one token per request from
    /// the key's bucket; when empty, 429 via a `RateLimitExceededException`-like error.
    mutating func runRateLimit(_ context: inout RequestContext, now: SimTime) -> FilterOutcome {
        guard rateLimiter != nil else { return .proceed }
        let key: String?
        switch rateLimiter!.policy.key {
        case .clientID: key = context.principal?.clientID ?? context.request.origin
        case .user: key = context.principal?.subject ?? context.request.origin
        case .origin: key = context.request.origin
        }
        guard let key else { return .proceed }
        let decision = rateLimiter!.admit(key: key, now: now)
        context.responseHeaders.append(.rateLimitLimit(rateLimiter!.policy.limit))
        context.responseHeaders.append(.rateLimitRemaining(decision.remaining))
        context.responseHeaders.append(.rateLimitReset(decision.reset))
        guard decision.allowed else {
            context.sendZuulResponse = false
            statistics.rateLimited += 1
            return .fail(ZuulError(status: 429, cause: .rateLimited))
        }
        return .proceed
    }

    /// PreDecorationFilter: route resolution (path prefix → service id, prefix stripped); no route
    /// answers 404, as Spring Cloud's fall-through to the DispatcherServlet does.
    mutating func runPreDecoration(_ context: inout RequestContext) -> FilterOutcome {
        resolveRoute(&context)
        if context.routeBox == nil {
            context.sendZuulResponse = false
            context.responseStatus = 404
            context.responseSource = .noRoute
            statistics.noRoute += 1
        }
        return .proceed
    }

    /// StressTestFilter: pins a share of the service's calls to the chosen instance.
    mutating func runStressTest(_ context: inout RequestContext, rng: inout RandomStream) -> FilterOutcome {
        guard let route = context.routeBox, let policy = stressTestByService[route.match.service.rawValue] else { return .proceed }
        if rng.nextDouble() < policy.share { context.pinnedInstance = policy.instanceID }
        return .proceed
    }

    /// CrossRegionFilter: sends a share of the service's calls to another region.
    mutating func runCrossRegion(_ context: inout RequestContext, rng: inout RandomStream) -> FilterOutcome {
        guard let route = context.routeBox, let rule = crossRegionByService[route.match.service.rawValue] else { return .proceed }
        if rng.nextDouble() < rule.share { context.targetRegion = rule.targetRegion }
        return .proceed
    }
}
