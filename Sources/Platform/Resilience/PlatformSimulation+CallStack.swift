import SimulationPrimitives
import SimulationKernel
import Scenarios
import Resilience
import LoadBalancing
import Telemetry

/// Client call stack wiring (`Resilience` + `LoadBalancing.ClientCallStack`): every call from the
/// gateway to a service or to the OAuth server, from the OAuth server to `usuario-query`, and from a
/// service to an external API runs a Hystrix command (isolation, timeout over all attempts,
/// breaker, fallback) around Ribbon's retry loop. The platform turns the stack's actions into
/// network calls and timers and feeds their outcomes back.
extension PlatformSimulation {
    /// The scenario's `defaults:` as the resilience cores' profile (Spring Cloud unless `netflix`, DESIGN §10).
    var defaultsProfile: DefaultsProfile { scenario.defaults == .netflix ? .netflix : .springCloud }

    /// Applies the scenario's Hystrix settings for `serviceID` onto `properties`.
    func applyHystrixSettings(_ settings: HystrixSettings, to properties: inout HystrixCommandProperties) {
        properties.executionTimeoutEnabled = settings.timeoutEnabled
        properties.circuitBreakerEnabled = settings.circuitBreakerEnabled
        properties.circuitBreakerRequestVolumeThreshold = settings.requestVolumeThreshold
        properties.circuitBreakerErrorThresholdPercentage = settings.errorThresholdPercentage
        properties.circuitBreakerSleepWindow = settings.sleepWindow
        properties.metricsRollingStatsWindow = settings.rollingWindow
        properties.metricsHealthSnapshotInterval = settings.healthSnapshotInterval
        properties.fallbackEnabled = settings.fallbackEnabled
    }

    /// The call stack configuration for a call from a node of `callerKind` to `target`.
    func callConfiguration(callerKind: NodeKind, target: String, external: Bool) -> ClientCallConfiguration {
        let ribbon = resilience.ribbon(for: target)
        let r = ClientCallConfiguration.Ribbon(connectTimeout: ribbon.connectTimeout, readTimeout: ribbon.readTimeout,
                                               maxAutoRetries: ribbon.maxAutoRetries, maxAutoRetriesNextServer: ribbon.maxAutoRetriesNextServer,
                                               okToRetryOnAllOperations: ribbon.okToRetryOnAllOperations)
        if callerKind == .gateway {
            var config = ClientCallConfiguration.zuulRoute(defaults: defaultsProfile, retryable: resilience.gateway.retryable)
            config.ribbon = r
            return config
        }
        // A service's own clients (Feign/RestTemplate): 5xx are failures; an external API is one endpoint, no retry.
        return ClientCallConfiguration(ribbon: r, retriesEnabled: !external)
    }

    /// The Hystrix command of `caller` for `target` (created on first use; one per command key per JVM).
    func command(caller: Int32, target: Int32, configuration: ClientCallConfiguration) -> Int32 {
        let key = Int(caller) * components.count + Int(target)
        if commandIndex.isEmpty { commandIndex = Array(repeating: -1, count: nodes.count * components.count) }
        if commandIndex[key] >= 0 { return commandIndex[key] }
        let targetName = components[Int(target)].name
        let callerKind = nodes[Int(caller)].kind
        let settings = resilience.hystrix(for: targetName)
        var properties: HystrixCommandProperties
        var pool: HystrixThreadPool?
        if callerKind == .gateway {
            properties = .zuulRoute(defaults: defaultsProfile, ribbonTimeout: configuration.ribbonBudget, explicitTimeout: settings.timeout,
                                    semaphorePermits: resilience.gateway.maxSemaphores)
            applyHystrixSettings(settings, to: &properties)
            // The Zuul filter chain holds the route's bulkhead permit (Gateway core): no second bulkhead here.
            properties.executionIsolationStrategy = .semaphore
            properties.executionIsolationSemaphoreMaxConcurrentRequests = 1_000_000
        } else {
            properties = .defaults(defaultsProfile)
            applyHystrixSettings(settings, to: &properties)
            properties.executionTimeout = settings.timeout ?? .milliseconds(1_000)   // Hystrix's own default (§1.1)
            properties.executionIsolationStrategy = settings.isolation == .thread ? .thread : .semaphore
            properties.executionIsolationSemaphoreMaxConcurrentRequests = settings.maxConcurrentRequests
            if settings.isolation == .thread {
                pool = HystrixThreadPool(key: targetName, properties: threadPoolProperties(settings), createdAt: queue.now)
            }
        }
        // Reads of public catalogue data have a fallback (a cached copy, served degraded); writes and
        // stock Zuul routes have none (FALLBACK_MISSING → error).
        let hasFallback = callerKind != .gateway && targetName.hasSuffix("-query")
        let command: HystrixCommand
        do {
            command = try HystrixCommand(key: targetName, group: callerKind == .gateway ? "RibbonCommand" : targetName, properties: properties,
                                         threadPool: pool, hasFallback: hasFallback, createdAt: queue.now)
        } catch {
            preconditionFailure("invalid Hystrix properties for \(targetName): \(error)")   // validated at load
        }
        let index = Int32(commands.count)
        commands.append(command)
        commandOwners.append((caller, target))
        commandTransitions.append(0)
        commandIndex[key] = index
        return index
    }

    /// The call-stack configuration for calls from node `caller` to `component`, cached per pair
    /// (`outboundConfigurations`; dropped when `resilience` changes). `external` is fixed by the
    /// target (an external API is always called as one), so the pair is a complete key.
    func outboundConfiguration(caller: Int32, component: Int32, external: Bool) -> ClientCallConfiguration {
        let key = Int(caller) * components.count + Int(component)
        if outboundConfigurations.isEmpty { outboundConfigurations = Array(repeating: nil, count: nodes.count * components.count) }
        if let cached = outboundConfigurations[key] { return cached }
        let configuration = callConfiguration(callerKind: nodes[Int(caller)].kind, target: components[Int(component)].name, external: external)
        outboundConfigurations[key] = configuration
        return configuration
    }

    /// Starts an outgoing call from the worker running call `c` to `component`; `c` waits for its answer.
    func startOutbound(_ c: Int32, component: Int32, route: Int16, external: Bool = false) {
        let caller = calls[c].callee
        let configuration = outboundConfiguration(caller: caller, component: component, external: external)
        let commandIndex = command(caller: caller, target: component, configuration: configuration)
        let balancer: Int32 = external ? -1 : self.balancer(caller: caller, component: component)
        let idempotent = routeTable[route].isRead
        calls[c].phase = .waitingChild
        calls[c].awaitingChild = true
        // The stack's call id is the outbound's slot (`.startQueuedCall` names it), known before
        // acquiring: the pool hands out its last freed slot, or a new one at the end.
        let o = outbounds.nextIndex
        let (acquired, _) = outbounds.acquire(Outbound(stack: ClientCallStack(configuration: configuration, command: commands[Int(commandIndex)],
                                                                               callID: Int(o), idempotent: idempotent),
                                                       parent: c, parentGeneration: calls.generation(c), callerNode: caller, component: component,
                                                       route: route, balancer: balancer, command: commandIndex))
        assert(acquired == o, "SlotPool.nextIndex disagrees with acquire")
        outbounds[o].stack.start(at: queue.now)
        performOutboundActions(o)
    }

    func handleOutbound(_ o: Int32, _ event: ClientCallEvent) {
        outbounds[o].stack.handle(event, at: queue.now)
        performOutboundActions(o)
    }

    /// Turns the stack's actions into network calls, timers and answers.
    func performOutboundActions(_ o: Int32) {
        let generation = outbounds.generation(o)
        while outbounds.isCurrent(o, generation), let action = outbounds[o].stack.nextAction() {
            let now = queue.now
            observeOutboundAction(o, action)
            switch action {
            case let .scheduleHystrixTimeout(at):
                outbounds[o].hystrixTimer = queue.schedule(.hystrixTimeout(outbound: o, generation: generation), at: max(at, now))
            case .chooseServer:
                var server: Int? = nil
                if outbounds[o].balancer >= 0 {
                    if let choice = balancers[Int(outbounds[o].balancer)].choose(now: now, excluding: nil, random: balancerRandom.nextDouble()) {
                        server = choice.rawValue
                    }
                } else {
                    server = Int(components[Int(outbounds[o].component)].instances[0])
                }
                outbounds[o].stack.handle(.serverChosen(server), at: now)
            case let .connect(attempt, server, connectDeadline):
                let node = Int32(server)
                if outbounds[o].balancer >= 0 { balancers[Int(outbounds[o].balancer)].noteRequestStarted(on: ServerID(server), at: now) }
                let parent = outbounds[o].parent
                let caller = outbounds[o].callerNode
                let (call, callGeneration) = sendCall(caller: caller, callerZone: nodes[Int(caller)].zone, callee: node, route: outbounds[o].route,
                                                      request: calls[parent].request, parent: -1, parentGeneration: 0,
                                                      funcionKey: calls[parent].funcionKey, clienteKey: calls[parent].clienteKey,
                                                      tokenValid: nodes[Int(caller)].kind == .oauth ? true : calls[parent].tokenValid,
                                                      connectTimeout: max(connectDeadline - now, .nanoseconds(1)), readTimeout: nil, body: calls[parent].body)
                calls[call].outbound = o
                startChildSpan(call: call, parent: parent)
                calls[call].outboundGeneration = generation
                calls[call].attemptNumber = Int16(attempt)
                outbounds[o].attemptCall = call
                outbounds[o].attemptGeneration = callGeneration
                outbounds[o].attempt = attempt
                outbounds[o].server = node
                outbounds[o].connected = false
            case let .awaitResponse(attempt, _, readDeadline):
                outbounds[o].readTimer = queue.schedule(.attemptReadDeadline(outbound: o, generation: generation, attempt: Int16(attempt)),
                                                        at: max(readDeadline, now))
            case let .attemptEnded(_, server, result, duration):
                if outbounds[o].balancer >= 0 {
                    balancers[Int(outbounds[o].balancer)].noteRequestCompleted(on: ServerID(server), outcome: result.isCircuitTripping ? .connectionFailure : .response,
                                                                               responseTime: duration, at: now)
                }
            case let .cancelAttempt(_, server, duration):
                abandonAttemptCall(o)
                if outbounds[o].balancer >= 0 {
                    balancers[Int(outbounds[o].balancer)].noteRequestCompleted(on: ServerID(server), outcome: .otherError, responseTime: duration, at: now)
                }
            case .runFallback:
                // The fallback serves a cached copy at once (a local read).
                outbounds[o].stack.handle(.fallbackFinished(success: true), at: now)
            case let .complete(outcome):
                if callerThreadRunsCommand(o) {
                    outbounds[o].deferredOutcome = outcome   // answered at `.finished` (semaphore isolation)
                } else {
                    answerOutbound(o, outcome)
                }
            case let .startQueuedCall(callID):
                let other = Int32(callID)
                queue.schedule(.outboundThreadStarted(outbound: other, generation: outbounds.generation(other)), at: now)
            case .finished:
                if let deferred = outbounds[o].deferredOutcome {
                    outbounds[o].deferredOutcome = nil
                    answerOutbound(o, deferred)
                }
                noteBreakerTransitions(outbounds[o].command)
                abandonAttemptCall(o)
                // Pending timers of a released outbound are no-ops (stale generation): drop them
                // now instead of popping them later. Cancelling a fired handle does nothing.
                if let timer = outbounds[o].hystrixTimer { queue.cancel(timer) }
                if let timer = outbounds[o].readTimer { queue.cancel(timer) }
                outbounds.release(o)
            }
        }
        if outbounds.isCurrent(o, generation) { noteBreakerTransitions(outbounds[o].command) }
    }

    /// The in-flight attempt's late response, if any, will be discarded.
    func abandonAttemptCall(_ o: Int32) {
        let call = outbounds[o].attemptCall
        if call >= 0 && calls.isCurrent(call, outbounds[o].attemptGeneration) { calls[call].callerWaiting = false }
        outbounds[o].attemptCall = -1
    }

    /// The caller's answer: status and flags for the waiting program.
    func answerOutbound(_ o: Int32, _ outcome: ClientCallOutcome) {
        outbounds[o].answered = true
        let limit = outbounds[o].stack.configuration.ribbon.maxAttempts
        if outcome.attempts > limit { counters.retryBudgetViolations += 1 }
        if nodes[Int(outbounds[o].callerNode)].kind == .gateway { noteGatewayAttempts(route: outbounds[o].route, attempts: outcome.attempts) }
        var status: Int16
        var flags: ResponseFlags = []
        switch outcome.event {
        case .success, .badRequest:
            status = Int16(outcome.status ?? 200)
        case .timeout:
            status = 504; flags.insert(.timedOut)
        case .shortCircuited, .semaphoreRejected, .threadPoolRejected:
            status = 503; flags.insert(.shed)
        default:
            status = Int16(outcome.status ?? 599)
            if outcome.status == nil { flags.insert(.timedOut) }
        }
        if outcome.fallback == .success {
            status = 200
            flags = [.degraded]
        }
        let parent = outbounds[o].parent
        guard calls.isCurrent(parent, outbounds[o].parentGeneration), calls[parent].phase == .waitingChild, calls[parent].awaitingChild else { return }
        // Call-stack retries count towards the client request they serve (summary `retryAttempts`).
        let request = calls[parent].request
        if request >= 0, outcome.attempts > 1, Int(request) < requests.elements.count, requests[request].route == calls[parent].route || nodes[Int(outbounds[o].callerNode)].kind != .gateway {
            requests[request].callRetries &+= Int16(outcome.attempts - 1)
        }
        calls[parent].childEvent = switch outcome.event {
        case .success, .badRequest: 0
        case .timeout: 1
        case .shortCircuited: 2
        case .semaphoreRejected: 3
        case .threadPoolRejected: 4
        default: outcome.attempts == 0 || outcome.server == nil && outcome.status == nil && outcome.attempts <= 1 && outbounds[o].server < 0 ? 5 : 6
        }
        resumeParent(parent, childStatus: status, childFlags: flags)
    }

    /// An attempt call ended at the caller (response, refusal or connect timeout).
    func attemptEnded(call c: Int32, status: Int16, flags: ResponseFlags) {
        let o = calls[c].outbound
        guard outbounds.isCurrent(o, calls[c].outboundGeneration), outbounds[o].attemptCall == c else { return }
        let attempt = Int(calls[c].attemptNumber)
        if calls[c].phase == .connecting || (status == 599 && !outbounds[o].connected) {
            handleOutbound(o, .connectFailed(attempt: attempt, flags.contains(.timedOut) ? .timedOut : .refused))
        } else if status == 599 {
            // Connection reset after connecting: a socket error, like a read timeout for Ribbon.
            handleOutbound(o, .readTimedOut(attempt: attempt))
        } else {
            handleOutbound(o, .responseReceived(attempt: attempt, status: Int(status)))
        }
    }

    /// The request of an attempt reached its server: the connection is established.
    func attemptConnected(call c: Int32) {
        let o = calls[c].outbound
        guard outbounds.isCurrent(o, calls[c].outboundGeneration), outbounds[o].attemptCall == c else { return }
        outbounds[o].connected = true
        handleOutbound(o, .connected(attempt: Int(calls[c].attemptNumber)))
    }

    func hystrixTimeout(_ o: Int32, _ generation: UInt32) {
        guard outbounds.isCurrent(o, generation) else { return }
        handleOutbound(o, .hystrixTimedOut)
    }

    func attemptReadDeadline(_ o: Int32, _ generation: UInt32, _ attempt: Int16) {
        guard outbounds.isCurrent(o, generation) else { return }
        handleOutbound(o, .readTimedOut(attempt: Int(attempt)))
    }

    func outboundThreadStarted(_ o: Int32, _ generation: UInt32) {
        guard outbounds.isCurrent(o, generation) else { return }
        handleOutbound(o, .threadStarted)
    }

    /// Records breaker state changes of command `index` (for the summary and the breaker series).
    /// Runs after every batch of call-stack actions and the breaker rarely changes: the count
    /// comparison is inlined into the caller (a call of ~30 instructions per batch before,
    /// docs/performance.md round 8), the recording is not.
    @inline(__always) func noteBreakerTransitions(_ index: Int32) {
        // Compared in place before copying the breaker (its health window holds two arrays).
        guard commands[Int(index)].breaker.transitionCount != commandTransitions[Int(index)] else { return }
        recordBreakerTransitions(index)
    }

    /// The recording part of ``noteBreakerTransitions(_:)``: command `index`'s breaker changed.
    @inline(never) func recordBreakerTransitions(_ index: Int32) {
        let breaker = commands[Int(index)].breaker
        guard let transition = breaker.lastTransition else { return }
        let missed = breaker.transitionCount - commandTransitions[Int(index)] - 1
        commandTransitions[Int(index)] = breaker.transitionCount
        let owner = commandOwners[Int(index)]
        func name(_ status: HystrixCircuitBreaker.Status) -> String {
            switch status { case .closed: "closed"; case .open: "open"; case .halfOpen: "half-open" }
        }
        // A lazily replayed trip and the half-open trial can happen in one call (the trip at a past
        // health snapshot, the trial now): record the opening too, at its own time.
        if missed >= 1, transition.from == .open, let openedAt = breaker.circuitOpenedAt, openedAt < transition.at {
            let command = components[Int(owner.target)].name, instance = nodeNames[Int(owner.caller)]
            let previous = recorder.breakerTransitions.last { $0.command == command && $0.instance == instance }?.to ?? "closed"
            recorder.recordBreakerTransition(BreakerTransition(atSeconds: openedAt.secondsSinceStart, command: command, instance: instance,
                                                               from: previous, to: "open"), at: openedAt)
        }
        recorder.recordBreakerTransition(BreakerTransition(atSeconds: transition.at.secondsSinceStart, command: components[Int(owner.target)].name,
                                                           instance: nodeNames[Int(owner.caller)], from: name(transition.from), to: name(transition.to)),
                                         at: transition.at)
    }
}
