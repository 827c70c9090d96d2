import SimulationPrimitives

/// Settings of the config server's chunk management (reference/store-auth-logs.md §1.3).
public struct ConfigServerSettings: Hashable, Sendable {
    /// The chunk size, in documents (the size proxy issue 4 allows). MongoDB's default is 128 MB (6.0+);
    /// choose the document count that many of your documents weigh.
    public var maxChunkDocuments: Int = 10_000
    /// Whether the balancer runs (enabled by default, §1.3).
    public var balancerEnabled = true
    /// Time between balancer rounds. MongoDB's balancer sleeps 10 s between rounds [unverified: server source].
    public var balancerRoundInterval: SimDuration = .seconds(10)
    /// A migration starts when the most and least loaded shards differ by at least this many chunk
    /// sizes of data: 3 in MongoDB 6.0+ (384 MB at 128 MB chunks, §1.3).
    public var migrationThresholdChunks: Int = 3
    /// A migration not finished after this long is aborted.
    public var migrationTimeout: SimDuration = .seconds(60)
    /// How the config server watches each shard's replica set to find its primary.
    public var shardMonitor = TopologyMonitorSettings()

    /// Defaults.
    public init() {}
}

/// The config server: the authoritative chunk map of every collection, chunk splitting (on router
/// reports of inserts, using the shard primary's `splitVector`), jumbo flagging, and the balancer that
/// migrates chunks between shards (reference/store-auth-logs.md §1.3).
///
/// Deliberate differences: one process, not a config-server replica set; one migration at a time in
/// the cluster (MongoDB allows ⌊n/2⌋); chunk sizes are document counts.
public struct ConfigServer: StoreActor, Sendable {
    struct PendingSplit: Sendable {
        var requestID: UInt64
        var collection: CollectionID
        var range: ChunkRange
    }

    enum MigrationPhase: Sendable { case cloning, importing }

    struct Migration: Sendable {
        var id: UInt64
        var collection: CollectionID
        var range: ChunkRange
        var from: ShardID
        var to: ShardID
        var phase: MigrationPhase
        var deadline: SimTime
        var donor: StoreNodeID
        var recipient: StoreNodeID?
    }

    /// The config server's node.
    public let node: StoreNodeID
    /// The settings.
    public let settings: ConfigServerSettings
    /// The members of each shard's replica set, by shard number.
    public let shards: [[StoreNodeID]]
    /// The authoritative routing table of every collection, by collection number.
    public private(set) var tables: [RoutingTable]
    var monitors: [TopologyMonitor]
    var pendingSplits: [PendingSplit] = []
    var migration: Migration?
    var nextRequestID: UInt64 = 0
    var nextBalancerRound: SimTime
    /// Migrations committed so far.
    public private(set) var migrationsCommitted = 0
    /// When the config server next needs ``tick(now:random:into:)``.
    public private(set) var nextDeadline: SimTime = .distantFuture

    /// A config server for `shards` with the initial `tables` (see ``RoutingTable/initial(collection:pattern:shardCount:)``).
    public init(node: StoreNodeID, shards: [[StoreNodeID]], tables: [RoutingTable], settings: ConfigServerSettings = ConfigServerSettings(), now: SimTime) {
        self.node = node
        self.shards = shards
        self.tables = tables
        self.settings = settings
        self.monitors = shards.enumerated().map { TopologyMonitor(servers: $1, settings: settings.shardMonitor, now: now, idSalt: UInt64($0 + 1)) }
        self.nextBalancerRound = now + settings.balancerRoundInterval
        recomputeDeadline()
    }

    /// Answers routing-table requests, records insert reports (starting split checks) and advances
    /// split and migration steps from shard replies.
    public mutating func receive(_ envelope: consuming StoreEnvelope, now: SimTime, random: inout RandomStream, into out: inout StoreOutbox) {
        switch envelope.message {
        case let .helloReply(requestID, reply):
            let shard = Int((requestID >> 40) & 0x7f_ffff) - 1
            if shard >= 0 && shard < monitors.count {
                monitors[shard].handleHelloReply(requestID: requestID, from: envelope.from, reply, now: now, owner: node, into: &out)
            }
        case .routingTableRequest(let collection):
            out.send(.routingTableReply(tables[Int(collection.rawValue)]), from: node, to: envelope.from)
        case let .chunkWritesReport(collection, position, inserted):
            handleWritesReport(collection, position: position, inserted: inserted, out: &out)
        case let .splitVectorReply(requestID, count, points):
            handleSplitVectorReply(requestID, count: count, points: points, out: &out)
        case let .migrationCloneReply(id, ok, documents):
            handleCloneReply(id, ok: ok, documents: documents, now: now, out: &out)
        case let .migrationImportReply(id, ok):
            handleImportReply(id, ok: ok, now: now, out: &out)
        default:
            break
        }
        recomputeDeadline()
    }

    /// Runs shard monitoring, migration timeouts and the balancer round.
    public mutating func tick(now: SimTime, random: inout RandomStream, into out: inout StoreOutbox) {
        for i in monitors.indices { monitors[i].tick(now: now, owner: node, into: &out) }
        if let m = migration, now >= m.deadline { abortMigration(out: &out) }
        if settings.balancerEnabled && now >= nextBalancerRound {
            nextBalancerRound = now + settings.balancerRoundInterval
            balancerRound(now: now, out: &out)
        }
        recomputeDeadline()
    }

    /// A check to a down shard member marks it Unknown; other undeliverable messages are left to the
    /// migration timeout.
    public mutating func deliveryFailed(_ envelope: StoreEnvelope, now: SimTime, random: inout RandomStream, into out: inout StoreOutbox) {
        if case .hello(let requestID) = envelope.message {
            let shard = Int((requestID >> 40) & 0x7f_ffff) - 1
            if shard >= 0 && shard < monitors.count { _ = monitors[shard].checkFailed(server: envelope.to, requestID: requestID, now: now) }
        }
    }

    mutating func recomputeDeadline() {
        var deadline = settings.balancerEnabled ? nextBalancerRound : .distantFuture
        for m in monitors where m.nextDeadline < deadline { deadline = m.nextDeadline }
        if let m = migration, m.deadline < deadline { deadline = m.deadline }
        nextDeadline = deadline
    }

    // MARK: splitting

    mutating func handleWritesReport(_ collection: CollectionID, position: Int64, inserted: Int, out: inout StoreOutbox) {
        let c = Int(collection.rawValue)
        let index = tables[c].chunkIndex(forPosition: position)
        tables[c].chunks[index].documentCount += inserted
        let chunk = tables[c].chunks[index]
        guard chunk.documentCount >= settings.maxChunkDocuments, !chunk.jumbo,
              !pendingSplits.contains(where: { $0.collection == collection && $0.range == chunk.range }),
              let primary = monitors[Int(chunk.shard.rawValue)].primary else { return }
        nextRequestID += 1
        pendingSplits.append(PendingSplit(requestID: nextRequestID, collection: collection, range: chunk.range))
        // Split into half-size chunks, as MongoDB's splitVector does.
        out.send(.splitVectorRequest(requestID: nextRequestID, collection: collection, range: chunk.range,
                                     splitEveryDocuments: max(1, settings.maxChunkDocuments / 2)), from: node, to: primary)
    }

    mutating func handleSplitVectorReply(_ requestID: UInt64, count: Int, points: [Int64], out: inout StoreOutbox) {
        guard let p = pendingSplits.firstIndex(where: { $0.requestID == requestID }) else { return }
        let split = pendingSplits.remove(at: p)
        let c = Int(split.collection.rawValue)
        guard count >= 0, let index = tables[c].chunks.firstIndex(where: { $0.range == split.range }) else { return }
        var chunk = tables[c].chunks[index]
        chunk.documentCount = count
        let valid = points.filter { split.range.contains($0) && $0 > split.range.lower }
        if valid.isEmpty {
            tables[c].chunks[index] = chunk
            if count > settings.maxChunkDocuments && !chunk.jumbo {
                tables[c].chunks[index].jumbo = true
                out.events.append(.chunkMarkedJumbo(collection: split.collection, range: chunk.range))
            }
            return
        }
        var pieces: [Chunk] = []
        var lower = chunk.range.lower
        let share = count / (valid.count + 1)
        for point in valid {
            pieces.append(Chunk(range: ChunkRange(lower: lower, upper: point), shard: chunk.shard, documentCount: share))
            lower = point
        }
        pieces.append(Chunk(range: ChunkRange(lower: lower, upper: chunk.range.upper), shard: chunk.shard,
                            documentCount: count - share * valid.count))
        tables[c].chunks.replaceSubrange(index...index, with: pieces)
        tables[c].version = PlacementVersion(tables[c].version.rawValue + 1)
        tables[c].checkInvariants()
        for point in valid { out.events.append(.chunkSplit(collection: split.collection, position: point, version: tables[c].version)) }
    }

    // MARK: balancing

    /// One balancer round: for the first collection whose most and least loaded shards (by documents)
    /// differ by the threshold, migrate the donor's largest non-jumbo chunk to the least loaded shard.
    mutating func balancerRound(now: SimTime, out: inout StoreOutbox) {
        guard migration == nil, shards.count > 1 else { return }
        for c in tables.indices {
            let totals = tables[c].documentsPerShard(shardCount: shards.count)
            var most = 0, least = 0
            for s in totals.indices {
                if totals[s] > totals[most] { most = s }
                if totals[s] < totals[least] { least = s }
            }
            guard totals[most] - totals[least] >= settings.migrationThresholdChunks * settings.maxChunkDocuments else { continue }
            var best: Int?
            for (i, chunk) in tables[c].chunks.enumerated() where chunk.shard == ShardID(Int32(most)) && !chunk.jumbo && chunk.documentCount > 0 {
                if best == nil || chunk.documentCount > tables[c].chunks[best!].documentCount { best = i }
            }
            guard let chosen = best, let donor = monitors[most].primary else { continue }
            nextRequestID += 1
            let chunk = tables[c].chunks[chosen]
            migration = Migration(id: nextRequestID, collection: CollectionID(Int32(c)), range: chunk.range,
                                  from: ShardID(Int32(most)), to: ShardID(Int32(least)), phase: .cloning,
                                  deadline: now + settings.migrationTimeout, donor: donor, recipient: nil)
            out.send(.migrationCloneRequest(migrationID: nextRequestID, collection: CollectionID(Int32(c)), range: chunk.range), from: node, to: donor)
            return
        }
    }

    mutating func handleCloneReply(_ id: UInt64, ok: Bool, documents: [Document], now: SimTime, out: inout StoreOutbox) {
        guard var m = migration, m.id == id, m.phase == .cloning else { return }
        guard ok, let recipient = monitors[Int(m.to.rawValue)].primary else { return abortMigration(out: &out) }
        m.phase = .importing
        m.recipient = recipient
        migration = m
        out.send(.migrationImportRequest(migrationID: id, collection: m.collection, documents: documents), from: node, to: recipient)
    }

    mutating func handleImportReply(_ id: UInt64, ok: Bool, now: SimTime, out: inout StoreOutbox) {
        guard let m = migration, m.id == id, m.phase == .importing, let recipient = m.recipient else { return }
        guard ok else { return abortMigration(out: &out) }
        let c = Int(m.collection.rawValue)
        guard let index = tables[c].chunks.firstIndex(where: { $0.range == m.range }) else { return abortMigration(out: &out) }
        tables[c].chunks[index].shard = m.to
        tables[c].version = PlacementVersion(tables[c].version.rawValue + 1)
        let version = tables[c].version
        out.send(.migrationFinish(migrationID: id, collection: m.collection, range: m.range, version: version, committed: true, isDonor: true), from: node, to: m.donor)
        out.send(.migrationFinish(migrationID: id, collection: m.collection, range: m.range, version: version, committed: true, isDonor: false), from: node, to: recipient)
        out.events.append(.chunkMigrated(collection: m.collection, range: m.range, from: m.from, to: m.to, version: version))
        migrationsCommitted += 1
        migration = nil
    }

    mutating func abortMigration(out: inout StoreOutbox) {
        guard let m = migration else { return }
        let version = tables[Int(m.collection.rawValue)].version
        out.send(.migrationFinish(migrationID: m.id, collection: m.collection, range: m.range, version: version, committed: false, isDonor: true), from: node, to: m.donor)
        if let recipient = m.recipient {
            out.send(.migrationFinish(migrationID: m.id, collection: m.collection, range: m.range, version: version, committed: false, isDonor: false), from: node, to: recipient)
        }
        out.events.append(.migrationAborted(collection: m.collection, range: m.range))
        migration = nil
    }
}

extension RoutingTable {
    /// The chunks of a newly sharded, empty collection: a hashed key is pre-split into one chunk per
    /// shard; a ranged key starts as one chunk `[MinKey, MaxKey)` on shard 0 (the primary shard).
    public static func initial(collection: CollectionID, pattern: ShardKeyPattern, shardCount: Int) -> RoutingTable {
        switch pattern {
        case .hashed: return RoutingTable(collection: collection, pattern: pattern, chunks: evenSplit(shards: shardCount))
        case .ranged: return RoutingTable(collection: collection, pattern: pattern, chunks: [Chunk(range: .all, shard: ShardID(0))])
        }
    }
}
