import SimulationPrimitives

/// A request line (method and path) registered with a gateway, whose route is resolved once at
/// registration instead of per request.
///
/// Why: `ZuulRouteTable.match` copies the path into a byte array, scans the prefixes and builds the
/// forwarded path `String` on every call; a simulated platform sends the same few request lines
/// millions of times. Registering them once leaves integer work per request. The resolution is
/// the same function of the same (immutable) route table, so the outcome cannot differ: the
/// filters still resolve the route where they did (the authentication and PreDecoration filters),
/// they only read the stored match instead of computing it. The same holds for the static
/// response a path gets (the StaticResponseFilter's search).
///
/// ```swift
/// let target = gateway.registerTarget(method: .get, path: "/api/funciones/1")
/// let step = gateway.receive(target, credential: .bearer(token), now: now, rng: &rng)
/// ```
public struct RequestTarget: Sendable, Hashable {
    /// Registration order (0, 1, 2, … per gateway).
    public let rawValue: Int32
    /// The target registered `rawValue`-th with a gateway.
    public init(rawValue: Int32) { self.rawValue = rawValue }
}

extension ZuulGateway {
    /// A registered target: its request line and the route table's answer for it.
    struct TargetEntry: Sendable {
        var method: HTTPMethod
        var path: String
        /// The route table's match, boxed once so each request holds a reference (``RequestContext/route``).
        var matchBox: RouteMatchBox?
        /// The first static response whose paths hold the path without its query string (what
        /// the StaticResponseFilter searches per request); the responses never change after
        /// construction.
        var staticResponse: Int?
    }

    /// Registers `method` `path` (a query string allowed, as in ``GatewayRequest/path``) and
    /// resolves its route now. Targets are numbered in registration order from 0.
    public mutating func registerTarget(method: HTTPMethod, path: String) -> RequestTarget {
        let bare = path[..<(path.utf8.firstIndex(of: UInt8(ascii: "?")) ?? path.endIndex)]
        let staticResponse = configuration.staticResponses.firstIndex { $0.matches(bare) }
        targets.append(TargetEntry(method: method, path: path, matchBox: configuration.routes.match(method, path: path).map(RouteMatchBox.init),
                                   staticResponse: staticResponse))
        return RequestTarget(rawValue: Int32(targets.count - 1))
    }

    /// Number of registered targets.
    public var targetCount: Int { targets.count }

    /// ``receive(_:now:rng:)`` for a request to registered `target`: the same chain and outcome as
    /// `receive(GatewayRequest(method:path:credential:origin:), …)` with the target's method and
    /// path, without matching the route again.
    /// - Precondition: `target` was returned by ``registerTarget(method:path:)`` of this gateway.
    /// `credential` and `origin` are `consuming`: moved into the request (a borrowed parameter
    /// was copied into it — a retain — and released by the caller).
    public mutating func receive(_ target: RequestTarget, credential: consuming BearerCredential, origin: consuming String? = nil,
                                 now: SimTime, rng: inout RandomStream) -> GatewayStep {
        let entry = Int(target.rawValue)
        precondition(entry >= 0 && entry < targets.count, "ZuulGateway: unknown request target \(target.rawValue)")
        let context = RequestContext(method: targets[entry].method, path: targets[entry].path, credential: credential,
                                     origin: origin, receivedAt: now, target: target.rawValue)
        // Moved into the exchange: passing the `var` copied the whole context (and destroyed the
        // original) on every request.
        return start(consume context, now: now, rng: &rng)
    }

    /// ``receive(_:credential:origin:now:rng:)-(RequestTarget,_,_,_,_)`` returning a
    /// ``CompactGatewayStep``: the same chain, counters and permits, without building the routing
    /// decision or the response only to drop them (the platform reads the status, the
    /// introspection call, or the exchange and service of a routed call).
    /// - Precondition: `target` was returned by ``registerTarget(method:path:)`` of this gateway.
    public mutating func receiveCompact(_ target: RequestTarget, credential: consuming BearerCredential, origin: consuming String? = nil,
                                        now: SimTime, rng: inout RandomStream) -> CompactGatewayStep {
        let entry = Int(target.rawValue)
        precondition(entry >= 0 && entry < targets.count, "ZuulGateway: unknown request target \(target.rawValue)")
        let id = open(RequestContext(method: targets[entry].method, path: targets[entry].path, credential: credential,
                                     origin: origin, receivedAt: now, target: target.rawValue))
        return advanceCompact(id, slots[Int(id.slot)], now: now, rng: &rng)
    }
}
