import SimulationPrimitives
import Telemetry

/// Recording of sampled requests as ECS log events and trace spans (issue 7): one span and one log
/// event per hop — client → edge, edge → frontend/gateway, gateway → OAuth/service, OAuth →
/// usuario-query, service → mongos → shard members, service → external API — with the callee's
/// component (`service.name`) and instance (`service.node.name`). Background traffic (Eureka,
/// config, log shipping) belongs to no client request and is never sampled.
extension PlatformSimulation {
    /// Gives client request `r` its trace id and sampling decision (once, on its first attempt) and
    /// opens the root span on its call `c` to the edge.
    func startRootSpan(call c: Int32, request r: Int32) {
        if requests[r].traceID == 0 {
            let (traceID, sampling) = observability.newTrace()
            requests[r].traceID = traceID
            requests[r].sampling = sampling
        }
        let sampling = requests[r].sampling
        guard !sampling.isEmpty else { return }
        openSpan(call: c, traceID: requests[r].traceID, parentSpanID: 0, sampling: sampling)
    }

    /// Opens child call `c`'s span under `parent`'s when the parent is sampled.
    @inline(__always)
    func startChildSpan(call c: Int32, parent: Int32) {
        let parentSpan = calls[parent].span
        guard parentSpan >= 0 else { return }
        let state = observability.spans[parentSpan]
        openSpan(call: c, traceID: state.traceID, parentSpanID: state.spanID, sampling: state.sampling)
    }

    func openSpan(call c: Int32, traceID: UInt64, parentSpanID: UInt64, sampling: SamplingDecision) {
        let spanID = observability.newSpanID()
        let (slot, _) = observability.spans.acquire(SpanState(traceID: traceID, spanID: spanID, parentSpanID: parentSpanID, sampling: sampling))
        calls[c].span = slot
    }

    /// The caller received call `c`'s result (or gave up on it): the caller's view of the hop ends.
    func noteSpanDelivered(_ c: Int32, status: Int16, flags: ResponseFlags) {
        let slot = calls[c].span
        guard observability.spans[slot].deliveredAt == nil else { return }
        observability.spans[slot].deliveredAt = queue.now
        observability.spans[slot].deliveredStatus = status
        observability.spans[slot].deliveredFlags = flags
    }

    /// Call `c` is released: its span and log event are written and its span slot freed.
    func closeSpan(_ c: Int32) {
        let slot = calls[c].span
        calls[c].span = -1
        let state = observability.spans[slot]
        observability.spans.release(slot)
        let call = calls[c]
        let end = state.deliveredAt ?? queue.now
        var status = state.deliveredAt != nil ? state.deliveredStatus : call.status
        let flags = state.deliveredAt != nil ? state.deliveredFlags : call.flags
        if status == 0 { status = 599 }
        recordHop(traceID: state.traceID, spanID: state.spanID, parentSpanID: state.parentSpanID, sampling: state.sampling,
                  caller: call.caller, callee: call.callee, route: call.route, start: call.sentAt, end: end, status: status, flags: flags)
    }

    /// Writes one hop's span (when traced) and log event (when logged): `caller` → `callee` (node
    /// indices; caller −1 is the client) on `route`, from `start` to `end`. Used by calls and by the
    /// store's messages (Store/: service → mongos, mongos → shard member).
    func recordHop(traceID: UInt64, spanID: UInt64, parentSpanID: UInt64, sampling: SamplingDecision, caller: Int32, callee: Int32,
                   route: Int16, start: SimTime, end: SimTime, status: Int16, flags: ResponseFlags) {
        let calleeComponent = components[Int(nodes[Int(callee)].component)].name
        let instance = nodeNames[Int(callee)]
        let duration = end - start
        if sampling.contains(.traced) {
            let callerName = caller >= 0 ? components[Int(nodes[Int(caller)].component)].name : "client"
            observability.traceSpans.append(TraceSpan(traceID: traceID, spanID: spanID,
                                                      parentSpanID: parentSpanID == 0 ? nil : parentSpanID,
                                                      name: callerName + " → " + calleeComponent, component: calleeComponent, instance: instance,
                                                      start: start, duration: duration, status: Int(status)))
        }
        if sampling.contains(.logged), observability.admitLogEvent() {
            // The event's text fields are one shared shape per (route, status, flags, callee) and
            // the ids stay integers until written (issue 6: the kept events each held their own
            // strings; docs/performance.md "Round 5 — memory", "Round 8 — memory").
            let outcome = Int64(route) << 32 | Int64(UInt16(bitPattern: status)) << 8 | Int64(flags.rawValue)
            let key = LogShapeKey(outcome: outcome, callee: callee)
            let shape: Int32
            if let known = observability.logShapes[key] {
                shape = known
            } else {
                let (method, path) = observabilityRouteFields[Int(route)]
                let errorType = Self.errorType(status: status, flags: flags)
                let level = status >= 500 || errorType == "TimeoutException" ? "error" : status >= 400 ? "warn" : "info"
                var message = method + " " + path + " " + String(status)
                if flags.contains(.degraded) { message += " (fallback)" }
                if !errorType.isEmpty { message += " " + errorType }
                shape = observability.logEvents.shapeID(LogEventTable.Shape(level: level, message: message, serviceName: calleeComponent,
                                                                            nodeName: instance, httpMethod: method, urlPath: path,
                                                                            statusCode: Int(status), errorType: errorType))
                observability.logShapes[key] = shape
            }
            observability.logEvents.append(at: end, durationNanoseconds: duration.nanoseconds, traceID: traceID, spanID: spanID, shape: shape)
        }
    }

    /// ECS `error.type` for a hop's outcome (Java exception names as a Spring service would log them).
    static func errorType(status: Int16, flags: ResponseFlags) -> String {
        if flags.contains(.timedOut) { return "TimeoutException" }
        if flags.contains(.shed) { return "RejectedExecutionException" }
        if status == 599 { return "ConnectException" }
        if flags.contains(.unauthorised) || status == 401 || status == 403 { return "AccessDeniedException" }
        if status >= 500 { return "HttpServerErrorException" }
        if status >= 400 { return "HttpClientErrorException" }
        return ""
    }

    /// `http.request.method` and `url.path` per route: client-facing routes are `METHOD /path`;
    /// internal operations (`store find`) become `GET`/`POST /store/find`.
    func buildObservabilityRouteFields() {
        observabilityRouteFields = routeTable.routes.map { route in
            let parts = route.name.split(separator: " ", maxSplits: 1).map(String.init)
            if parts.count == 2, parts[0].allSatisfy({ $0.isUppercase }), parts[1].hasPrefix("/") {
                // ECS `url.path` excludes the query (`/api/funciones?cine={id}` → `/api/funciones`).
                return (parts[0], String(parts[1].prefix { $0 != "?" }))
            }
            return (route.isRead ? "GET" : "POST", "/" + route.name.replacingOccurrences(of: " ", with: "/"))
        }
    }

    /// Kept events in time order and spans in start order (then trace, span id), for the artifacts.
    func observabilityOutput() -> (logs: LogEventTable, spans: [TraceSpan]) {
        let spans = observability.traceSpans.sorted { ($0.start, $0.traceID, $0.spanID) < ($1.start, $1.traceID, $1.spanID) }
        return (observability.logEvents, spans)
    }
}
