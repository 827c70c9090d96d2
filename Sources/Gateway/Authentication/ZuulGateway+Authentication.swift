import Authorization
import SimulationPrimitives

/// AuthenticationFilter: no request reaches routing without a valid token on a protected route
/// (DESIGN §2 invariant). Local JWT validation, introspection with cache, or both (case F11).
extension ZuulGateway {
    mutating func runAuthentication(_ context: inout RequestContext, now: SimTime) -> FilterOutcome {
        resolveRoute(&context)
        // Unknown paths are protected too (deny by default); public routes (`/oauth/**`) pass.
        if let route = context.routeBox, !route.match.requiresAuthentication { return .proceed }
        let requiredScope = context.routeBox?.match.requiredScope
        let bearer: BearerToken
        switch context.request.credential {
        case .none: reject(&context, .missingToken, requiredScope: requiredScope); return .proceed
        case .malformed: reject(&context, .malformedRequest, requiredScope: requiredScope); return .proceed
        case .bearerToken(let value): bearer = value
        }
        if hasValidator {
            // Scope is checked here only in local mode; with introspection it is checked on the answer.
            // The shared form: the principal holds the validator's verified claims, not a copy.
            // The wrapped token: the memo finds it by the fingerprint it carries.
            var verifiedSignature = false
            let outcome = validator!.validateShared(bearer, requiredScope: usesIntrospection ? nil : requiredScope, now: now,
                                                    verifiedSignature: &verifiedSignature)
            switch outcome {
            case .rejected(let why):
                reject(&context, why, requiredScope: requiredScope)
                return .proceed
            case .valid(let verified):
                // A valid answer without a signature check came from the validation cache.
                context.authenticationCacheHit = !verifiedSignature
                if !usesIntrospection {
                    context.principal = Principal(verified: verified)
                    return .proceed
                }
                context.locallyValidatedPrincipal = Principal(verified: verified)
            }
        }
        guard let settings = introspection else { return .proceed }
        let token = bearer.text
        if let cached = introspectionCache?.lookup(token, now: now) {
            statistics.introspectionCacheHits += 1
            context.authenticationCacheHit = true
            accept(cached, &context)
            return .proceed
        }
        statistics.introspectionCalls += 1
        context.authenticationCacheHit = false
        pendingStep = .introspect(IntrospectionCall(exchange: currentExchange, token: token, caller: settings.caller,
                                                    deadline: now + settings.timeout))
        return .suspend(.introspection(token: token))
    }

    /// Applies an introspection answer to the suspended authentication filter.
    mutating func applyIntrospection(_ result: IntrospectionResult, token: String, to context: inout RequestContext, now: SimTime) {
        switch result {
        case .response(let response):
            if response.active, let claims = response.claims {
                let expiry = (introspection?.clock ?? JWTClock()).instant(ofNumericDate: claims.expiresAt)
                introspectionCache?.insert(response, forToken: token, tokenExpiry: expiry, now: now)
            }
            accept(response, &context)
        case .failed(let failure):
            statistics.authorizationServerFailures += 1
            switch introspection?.onFailure ?? .rejectAsInvalidToken {
            case .rejectAsInvalidToken:
                reject(&context, .inactive, requiredScope: context.routeBox?.match.requiredScope)
            case .serviceUnavailable(let retryAfter):
                context.sendZuulResponse = false
                context.responseStatus = 503
                context.responseSource = .authorizationServerUnavailable(failure)
                context.responseHeaders.append(.retryAfter(retryAfter))
            case .acceptLocallyValidated:
                guard let local = context.locallyValidatedPrincipal else {
                    reject(&context, .inactive, requiredScope: context.routeBox?.match.requiredScope)
                    return
                }
                if let requiredScope = context.routeBox?.match.requiredScope, !local.scope.contains(requiredScope) {
                    reject(&context, .insufficientScope, requiredScope: requiredScope)
                    return
                }
                statistics.locallyValidatedFallbacks += 1
                context.principal = local
            }
        }
    }

    /// Accepts an introspection answer if it is active and has the route's scope.
    mutating func accept(_ response: IntrospectionResponse, _ context: inout RequestContext) {
        let requiredScope = context.routeBox?.match.requiredScope
        guard response.active, let claims = response.claims else {
            reject(&context, .inactive, requiredScope: requiredScope)
            return
        }
        if let requiredScope, !claims.scope.contains(requiredScope) {
            reject(&context, .insufficientScope, requiredScope: requiredScope)
            return
        }
        context.principal = Principal(claims: claims)
    }

    /// Refuses the request with the RFC 6750 status and challenge; routing is skipped.
    mutating func reject(_ context: inout RequestContext, _ why: TokenRejection, requiredScope: String?) {
        statistics.authenticationRejections += 1
        context.sendZuulResponse = false
        context.principal = nil
        context.responseStatus = why.httpStatus
        context.responseSource = .authenticationRejected(why)
        context.responseHeaders.append(.wwwAuthenticate(why, realm: configuration.realm, requiredScope: why == .insufficientScope ? requiredScope : nil))
    }
}

extension TokenValidator {
    /// `validateShared` noting in `verifiedSignature` whether the validation counted a signature
    /// check (``signatureVerifications`` grew). The counter is read inside this one in-place
    /// access: reading it through the gateway's `validator!` before and after the call copied the
    /// whole validator out of its `Optional` each time.
    mutating func validateShared(_ bearer: BearerToken, requiredScope: String?, now: SimTime,
                                 verifiedSignature: inout Bool) -> SharedOutcome {
        let before = signatureVerifications
        let outcome = validateShared(bearer, requiredScope: requiredScope, now: now)
        verifiedSignature = signatureVerifications != before
        return outcome
    }
}
