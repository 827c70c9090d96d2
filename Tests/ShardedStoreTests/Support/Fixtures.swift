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

    /// The random-failover property tests' cluster: ``replicaSet(bootstrap:settings:)`` with the
    /// network drawing from `seed`, and driver node 50 over members 1–3 with a 5 s socket timeout
    /// and a 3 s monitor check timeout (so it notices crashes and partitions within the test).
    static func failoverCluster(seed: Int) -> StoreTestCluster {
        var cluster = replicaSet()
        cluster.random = RandomStream(seed: UInt64(seed))
        var settings = DriverSettings(sessionID: SessionID(1))
        settings.socketTimeout = .seconds(5)
        settings.monitor.checkTimeout = .seconds(3)
        cluster.addDriver(node: 50, servers: [1, 2, 3], settings: settings)
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

extension Fixtures {
    static func memberNode(shard: Int, member: Int) -> Int { 10 * (shard + 1) + member + 1 }

    /// `shardCount` shards of `membersPerShard` members each (shard s member m is node 10(s+1)+m+1,
    /// member 0 primary), config server 5, routers 6 and 7 (7 only when `secondRouter`), driver 50 → router 6.
    static func shardedCluster(shardCount: Int = 3, membersPerShard: Int = 1, tables: [RoutingTable]? = nil,
                               config: ConfigServerSettings = ConfigServerSettings(), router: MongosSettings = MongosSettings(),
                               secondRouter: Bool = false, driver: DriverSettings? = nil) -> StoreTestCluster {
        var cluster = StoreTestCluster()
        let initial = tables ?? [
            RoutingTable.initial(collection: seats, pattern: .hashed, shardCount: shardCount),
            RoutingTable.initial(collection: orders, pattern: .ranged, shardCount: shardCount),
        ]
        var shards: [[StoreNodeID]] = []
        for s in 0..<shardCount {
            let nodes = (0..<membersPerShard).map { memberNode(shard: s, member: $0) }
            cluster.addReplicaSet(nodes: nodes, shard: s, schema: schema, bootstrapPrimary: nodes[0])
            shards.append(nodes.map(StoreCluster.node))
        }
        cluster.setConfigServer(ConfigServer(node: StoreCluster.node(5), shards: shards, tables: initial, settings: config, now: .zero))
        for r in secondRouter ? [6, 7] : [6] {
            cluster.addRouter(MongosRouter(node: StoreCluster.node(r), configServer: StoreCluster.node(5), shards: shards,
                                           collectionCount: schema.collections.count, settings: router, now: .zero, tables: initial))
        }
        var settings = driver ?? DriverSettings(sessionID: SessionID(1))
        settings.socketTimeout = settings.socketTimeout ?? .seconds(60)
        cluster.addDriver(node: 50, servers: [6], settings: settings)
        cluster.run(until: SimTime.zero + .seconds(1))
        return cluster
    }

    /// Orders split into [MinKey,100)→0, [100,200)→1, [200,MaxKey)→2.
    static func threeRangedChunks(lowerBounds: (Int64, Int64) = (100, 200)) -> [RoutingTable] {
        [
            RoutingTable.initial(collection: seats, pattern: .hashed, shardCount: 3),
            RoutingTable(collection: orders, pattern: .ranged, chunks: [
                Chunk(range: ChunkRange(lower: .min, upper: lowerBounds.0), shard: ShardID(0)),
                Chunk(range: ChunkRange(lower: lowerBounds.0, upper: lowerBounds.1), shard: ShardID(1)),
                Chunk(range: ChunkRange(lower: lowerBounds.1, upper: nil), shard: ShardID(2)),
            ]),
        ]
    }

    static func seat(showtime: Int64, seat n: Int64) -> Document {
        Document(id: DocumentID(showtime, n), shardKey: ShardKeyValue(showtime),
                 fields: [.init(id: status, value: .int(0)), .init(id: Fixtures.showtime, value: .int(showtime)), .init(id: seat, value: .int(n))])
    }
}

extension StoreTestCluster {
    /// Documents of `collection` on the primary (member 0) of shard `s`.
    func shardCount(_ s: Int, _ collection: CollectionID) -> Int {
        member(Fixtures.memberNode(shard: s, member: 0)).data.count(collection)
    }

    /// Submits `operations` through driver 50, spacing them by `gap`, then runs `settle`.
    mutating func submitAll(_ operations: [StoreOperation], gap: SimDuration = .milliseconds(2), settle: SimDuration = .seconds(2)) -> [UInt64] {
        var ids: [UInt64] = []
        for op in operations {
            ids.append(submit(driver: 50, op))
            run(for: gap)
        }
        run(for: settle)
        return ids
    }
}
