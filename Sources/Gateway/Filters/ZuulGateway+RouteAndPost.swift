import Authorization
import SimulationPrimitives

/// RibbonRoutingFilter and the post / error filters.
extension ZuulGateway {
    /// RibbonRoutingFilter: takes a bulkhead permit and hands the platform the routing decision;
    /// a full bulkhead is a Hystrix rejection, mapped by the error mapping (stock: 500, case F05).
    mutating func runRibbonRouting(_ context: inout RequestContext, now: SimTime) -> FilterOutcome {
        // Fields read through the shared box: no copy of the match's strings.
        guard let box = context.routeBox else { return .proceed }
        let service = box.match.service
        // DESIGN §2 invariant: nothing reaches a service on a protected route without a principal.
        precondition(!box.match.requiresAuthentication || context.principal != nil, "ZuulGateway: unauthenticated request reached routing")
        guard admission.tryAcquire(service) else {
            statistics.bulkheadRejections += 1
            let failure: UpstreamFailure = admission.isSemaphore ? .semaphoreRejected : .threadPoolRejected
            let mapped = configuration.errorMapping.response(for: failure)
            if let retryAfter = mapped.retryAfter { context.responseHeaders.append(.retryAfter(retryAfter)) }
            return .fail(ZuulError(status: mapped.status, cause: .upstream(failure)))
        }
        statistics.forwarded += 1
        if compactSteps {
            pendingForwardBox = box
            pendingForwardExchange = currentExchange
            return .suspend(.upstream(service))
        }
        let ribbon = ribbonByService[service.rawValue]
        let timeout = timeoutByService[service.rawValue]
        let retryable = box.match.retryable && (context.request.method.isRetriableByDefault || ribbon.okToRetryOnAllOperations)
        pendingStep = .forward(RoutingDecision(exchange: currentExchange,
                                       routeID: configuration.routes.routes[box.match.routeIndex].id,
                                       serviceID: box.match.serviceID, service: service, method: context.request.method,
                                       forwardedPath: box.match.forwardedPath, retryable: retryable, ribbon: ribbon, timeout: timeout,
                                       deadline: now + timeout.hystrixTimeout, pinnedInstance: context.pinnedInstance,
                                       targetRegion: context.targetRegion, principal: context.principal))
        return .suspend(.upstream(service))
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
