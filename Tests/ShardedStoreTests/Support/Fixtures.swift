import SimulationPrimitives
@testable import ShardedStore

/// Shared schema and helpers: collection 0 `showtime_seats` (hashed key = showtime id, unique index on
/// (showtime, seat)), collection 1 `orders` (ranged key).
enum Fixtures {
    static let seats = CollectionID(0)
    static let orders = CollectionID(1)
    static let status = FieldID(1)
    static let holdID = FieldID(2)
    static let showtime = FieldID(3)
    static let seat = FieldID(4)

    static let schema = StoreSchema(collections: [
        CollectionSpec(name: "showtime_seats", shardKey: .hashed, uniqueIndexes: [[showtime, seat]]),
        CollectionSpec(name: "orders", shardKey: .ranged),
    ])

    static func order(_ n: Int64, key: Int64? = nil) -> Document {
        Document(id: DocumentID(n), shardKey: ShardKeyValue(key ?? n), fields: [.init(id: status, value: .int(1))])
    }

    static func insertOrder(_ n: Int64, key: Int64? = nil) -> StoreOperation { .insert(orders, order(n, key: key)) }

    static func findOrder(_ n: Int64, key: Int64? = nil) -> StoreOperation {
        .find(FindQuery(collection: orders, target: .key(ShardKeyValue(key ?? n)), documentID: DocumentID(n)))
    }

    /// A replica set of members 1, 2, 3 with member 1 primary, and default settings.
    static func replicaSet(bootstrap: Bool = true, settings: ReplicaSetSettings = ReplicaSetSettings()) -> StoreTestCluster {
        var cluster = StoreTestCluster()
        cluster.addReplicaSet(nodes: [1, 2, 3], schema: schema, settings: settings, bootstrapPrimary: bootstrap ? 1 : nil)
        return cluster
    }

    static func command(_ id: UInt64, _ op: StoreOperation, _ wc: WriteConcern = .majority,
                        session: SessionID? = nil, txn: Int64 = 0, readPreference: ReadPreference = .primary,
                        readConcern: ReadConcern = .local) -> StoreCommand {
        StoreCommand(requestID: id, operation: op, writeConcern: wc, readConcern: readConcern,
                     readPreference: readPreference, session: session, transactionNumber: txn)
    }
}

extension StoreTestCluster {
    /// The reply to raw request `id` sent by test client `client`.
    func rawReply(_ id: UInt64, client: Int = 99) -> StoreResult? {
        for envelope in rawMessages where envelope.to == Self.node(client) {
            if case .reply(let reply) = envelope.message, reply.requestID == id { return reply.result }
        }
        return nil
    }

    /// Times at which some member became primary.
    var electionTimes: [(SimTime, StoreNodeID)] {
        events.compactMap { time, event in
            if case let .becamePrimary(node, _) = event { return (time, node) } else { return nil }
        }
    }
}
