import Gateway

/// The Zuul instance of each gateway node: the instances in a ``DenseTable`` (node order) and, per
/// node, the position of its instance (-1 for other nodes).
///
/// Why not `[ZuulGateway?]` by node: `gatewayProgram` reached its gateway twice per request with
/// `gateways[node]!.…`, and each paid `Array`'s uniqueness check and the `Optional<ZuulGateway>`
/// tag test through an outlined function (`…ZuulGatewayVSgWOg`, 28 instructions); here
/// ``subscript(gatewayNode:)`` is a bounds-checked position load and an address
/// (docs/performance.md, round 7 — optional moves and node writes). The optional view
/// (``subscript(node:)``, ``reduce(_:_:)``) remains for the end-of-run summaries.
struct GatewayTable: ~Copyable {
    private var instances = DenseTable<ZuulGateway>()
    private var positionOfNode = DenseTable<Int32>()

    init() {}

    /// One empty entry per node (`nodeCount` nodes), dropping any instances held.
    init(nodeCount: Int) {
        for _ in 0..<nodeCount { positionOfNode.append(-1) }
    }

    /// Node indices, `0..<nodeCount` (as `indices` of the `[ZuulGateway?]` it replaces).
    var indices: Range<Int> { positionOfNode.indices }

    /// Installs `gateway` as node `node`'s instance. Nodes are added in increasing order (so
    /// the instances stay in node order); a node gets at most one instance.
    mutating func add(_ gateway: consuming ZuulGateway, node: Int) {
        precondition(positionOfNode[node] < 0, "GatewayTable: node \(node) already has a gateway")
        positionOfNode[node] = Int32(instances.count)
        instances.append(gateway)
    }

    /// Whether node `node` runs a gateway.
    func isGateway(_ node: Int) -> Bool { positionOfNode[node] >= 0 }

    /// The instance of gateway node `node`, in place (a read borrows it, a mutating call runs on
    /// it). Traps if `node` has no gateway, as `gateways[node]!` did.
    subscript(gatewayNode node: Int) -> ZuulGateway {
        @inline(__always) unsafeAddress {
            let position = positionOfNode[node]
            precondition(position >= 0, "GatewayTable: node has no gateway")
            return UnsafePointer(instances.pointer(at: Int(position)))
        }
        @inline(__always) nonmutating unsafeMutableAddress {
            let position = positionOfNode[node]
            precondition(position >= 0, "GatewayTable: node has no gateway")
            return instances.pointer(at: Int(position))
        }
    }

    /// Node `node`'s instance (a copy), nil for other nodes. For summaries, not per request.
    subscript(node node: Int) -> ZuulGateway? {
        let position = positionOfNode[node]
        return position >= 0 ? instances[Int(position)] : nil
    }

    /// Combines every node's entry in node order (`nil` for nodes without a gateway), as
    /// `Sequence.reduce(_:_:)` on the `[ZuulGateway?]` this replaces (`gatewayRejectionCount`).
    func reduce<Result>(_ initialResult: Result, _ nextPartialResult: (Result, ZuulGateway?) throws -> Result) rethrows -> Result {
        var result = initialResult
        for node in indices { result = try nextPartialResult(result, self[node: node]) }
        return result
    }
}
