import Authorization
import SimulationPrimitives

/// One in-flight exchange's state, kept in place for the whole request: the chain runs on
/// ``context`` where it lies instead of moving the ~400-byte context in and out of a slot array.
///
/// Why a class: rounds 5 and 6 moved the exchange value through `Optional` slots, `consuming`
/// parameters and the chain runner — about a dozen ~400-byte copies per request (`memcpy` and the
/// outlined value witnesses that retain and release every reference in it), ~5 % of a platform
/// run. Running it in place inside a `[Exchange?]` of the gateway cannot work because the filters
/// are `mutating` methods of the gateway (round 6, perfgw3). A slot object lives outside the
/// gateway's own storage, so its context can be `inout` while the filters mutate the gateway.
///
/// Value semantics are kept by copy-on-write per slot: a gateway copy shares the slot objects, and
/// the gateway clones a slot before mutating it when it is not uniquely referenced
/// (``ZuulGateway/uniqueSlot(_:)``), so a copy of a gateway never sees the other's exchanges
/// change. Slots are reused (free list), so a request allocates nothing.
///
/// The stored properties are `@exclusivity(unchecked)`: a class's mutable state is otherwise
/// checked dynamically on every access (`swift_beginAccess`); the gateway is single-threaded and
/// its accesses never overlap.
final class ExchangeSlot: @unchecked Sendable {
    /// Reuse count of the slot (the ``ExchangeID/generation`` of its current exchange).
    @exclusivity(unchecked) var generation: UInt32 = 0
    /// Whether an exchange occupies the slot.
    @exclusivity(unchecked) var live = false
    /// The filter type being run.
    @exclusivity(unchecked) var phase: FilterType = .pre
    /// The next filter to run (index in ``ZuulGateway/filters``).
    @exclusivity(unchecked) var nextFilter = 0
    /// What the suspended chain waits for; read by the resume checks without touching ``context``.
    @exclusivity(unchecked) var waiting: ZuulGateway.Waiting = .nothing
    /// The request context the filters read and write (an empty one in a new slot; a freed slot
    /// keeps its last exchange's until the next one replaces it).
    @exclusivity(unchecked) var context: RequestContext

    /// A free slot.
    init() { context = RequestContext.vacant }

    /// A slot with the same state (copy-on-write of a gateway copy).
    init(copying other: ExchangeSlot) {
        generation = other.generation
        live = other.live
        phase = other.phase
        nextFilter = other.nextFilter
        waiting = other.waiting
        context = other.context
    }
}

extension RequestContext {
    /// The context a free slot holds: no strings, no references.
    static var vacant: RequestContext {
        RequestContext(request: GatewayRequest(method: .get, path: ""), receivedAt: .zero)
    }
}
