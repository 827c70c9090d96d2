import Authorization
import SimulationPrimitives

/// RibbonRoutingFilter and the post / error filters.
extension ZuulGateway {
    /// RibbonRoutingFilter: takes a bulkhead permit and hands the platform the routing decision;
    /// a full bulkhead is a Hystrix rejection, mapped by the error mapping (stock: 500, case F05).
    mutating func runRibbonRouting(_ context: inout RequestContext, now: SimTime) -> FilterOutcome {
        guard let route = context.route else { return .proceed }
        // DESIGN §2 invariant: nothing reaches a service on a protected route without a principal.
        precondition(!route.requiresAuthentication || context.principal != nil, "ZuulGateway: unauthenticated request reached routing")
        guard admission.tryAcquire(route.service) else {
            statistics.bulkheadRejections += 1
            let failure: UpstreamFailure = admission.isSemaphore ? .semaphoreRejected : .threadPoolRejected
            let mapped = configuration.errorMapping.response(for: failure)
            if let retryAfter = mapped.retryAfter { context.responseHeaders.append(.retryAfter(retryAfter)) }
            return .fail(ZuulError(status: mapped.status, cause: .upstream(failure)))
        }
        statistics.forwarded += 1
        let ribbon = ribbonByService[route.service.rawValue]
        let timeout = timeoutByService[route.service.rawValue]
        let retryable = route.retryable && (context.request.method.isRetriableByDefault || ribbon.okToRetryOnAllOperations)
        pendingStep = .forward(RoutingDecision(exchange: currentExchange,
                                       routeID: configuration.routes.routes[route.routeIndex].id,
                                       serviceID: route.serviceID, service: route.service, method: context.request.method,
                                       forwardedPath: route.forwardedPath, retryable: retryable, ribbon: ribbon, timeout: timeout,
                                       deadline: now + timeout.hystrixTimeout, pinnedInstance: context.pinnedInstance,
                                       targetRegion: context.targetRegion, principal: context.principal))
        return .suspend(.upstream(route.service))
    }

    /// AccessLogFilter: nothing to compute beyond the record ``finish`` assembles; kept as a filter
    /// so its position (before SendResponseFilter) and disabling behave as in Zuul.
    mutating func runAccessLog(_ context: inout RequestContext) -> FilterOutcome { .proceed }

    /// SendErrorFilter: the response status comes from the exception (reference §6.2).
    mutating func runSendError(_ context: inout RequestContext) -> FilterOutcome {
        guard let error = context.throwable else { return .proceed }
        context.errorHandled = true
        context.responseStatus = error.status
        context.responseSource = ZuulGateway.source(of: error)
        return .proceed
    }
}
