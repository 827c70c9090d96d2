import SimulationPrimitives

/// One replica-set member (a `mongod`): the sans-I/O state machine of reference/store-auth-logs.md
/// §1.4–§1.8 — heartbeats every 2 s, elections after `electionTimeoutMillis` (10 s) plus a random
/// offset, terms and votes (with a dry run), priority 0 and arbiters, step-down, oplog replication
/// with optimes, the majority commit point, write concern `w:1` / `w:n` / `w:"majority"` with
/// `wtimeout`, retryable-write de-duplication, read concern and rollback of writes that never reached
/// the majority.
///
/// ```swift
/// var member = ReplicaSetMember(node: n1, config: config, schema: schema, shard: ShardID(0), now: .zero, random: &rng)
/// member.receive(envelope, now: now, random: &rng, into: &outbox)   // then send outbox.messages
/// member.tick(now: member.nextDeadline, random: &rng, into: &outbox)
/// ```
///
/// Deliberate differences from MongoDB: oplog entries are pushed by the primary (MongoDB secondaries
/// pull); there is no catch-up phase, no priority takeover, no chaining. The election and commit rules
/// follow Raft (Ongaro 2014), on which MongoDB's protocol version 1 is based: a candidate needs
/// a majority of votes from members not ahead of it, and the commit point only advances over entries
/// of the current term, so a majority-acknowledged write is never rolled back (checked by a
/// precondition in rollback).
public struct ReplicaSetMember: StoreActor, Sendable {
    /// What undoing one oplog entry needs (rollback, §1.8, and the committed view of reads). Kept only
    /// for entries above the majority commit point: those are the only ones that can roll back, so a
    /// committed entry's pre-image is released when the commit point passes it (MongoDB's oplog holds
    /// no pre-images either; its rollback refetches documents from the sync source).
    struct PreImage: Sendable {
        /// The document's version before this entry (the rollback pre-image).
        var previousDocument: Document?
        /// The session's retry state before this entry (when the entry carries a retry record).
        var previousRetry: RetryState?
        /// The placement version before a `.placementVersion` entry.
        var previousVersion: PlacementVersion?
    }

    struct RetryState: Hashable, Sendable {
        var record: RetryRecord
        var index: Int64
    }

    struct PeerState: Sendable {
        var lastHeardAt: SimTime
        var state: MemberState?
        var matchIndex: Int64 = 0
        var nextIndex: Int64 = 1
        var appendInFlight = false
        var appendSentAt: SimTime = .zero
    }

    enum PendingReply: Sendable {
        case command(to: StoreNodeID, requestID: UInt64, result: StoreResult)
        case migrationImport(to: StoreNodeID, migrationID: UInt64)
    }

    struct PendingWrite: Sendable {
        var index: Int64
        var acknowledgement: WriteConcern.Acknowledgement
        var deadline: SimTime
        var reply: PendingReply
    }

    struct Election: Sendable {
        var term: Int64
        var dryRun: Bool
        var granted: Int
        var answered: UInt64
    }

    struct CriticalSection: Sendable {
        var migrationID: UInt64
        var collection: CollectionID
        var range: ChunkRange
    }

    /// This member's node.
    public let node: StoreNodeID
    /// The replica set's configuration.
    public let config: ReplicaSetConfig
    /// The shard this replica set serves (for placement-version checks and events).
    public let shard: ShardID
    let selfIndex: Int

    /// The member's role.
    public internal(set) var state: MemberState
    /// The current term (durable).
    public internal(set) var term: Int64
    var votedTerm: Int64 = 0
    var votedFor: StoreNodeID?

    /// The oplog: a capped window of entries (``ReplicaSetSettings/oplogCapacityEntries``), in a
    /// ring buffer so trimming the oldest entries moves nothing (round 8).
    var oplog = OplogRing()
    /// Pre-images of the last `preImages.count` oplog entries: at least every entry above
    /// `commitIndex` (released as the commit point advances, so this stays a few entries long).
    var preImages: [PreImage] = []
    /// Optime of the entry just before `oplog[0]` (trimmed or initial-synced history).
    var baseOpTime: OpTime = .zero
    /// Which entries this member's history holds, trimmed ones included (term starts and the last
    /// optime): answers "did this write survive?" for any optime (``OpTimeHistory``). Durable.
    public internal(set) var history = OpTimeHistory()
    /// The majority commit point: entries at or below it are never rolled back.
    public internal(set) var commitIndex: Int64 = 0
    /// The member's documents.
    public internal(set) var data: DocumentStore
    var retryTable = RetryTable()

    var peers: [PeerState]
    /// The primary this member believes in (itself when primary).
    public internal(set) var knownPrimary: StoreNodeID?
    var lastPrimaryContact: SimTime
    var electionDeadline: SimTime
    var nextHeartbeatAt: SimTime
    var unelectableUntil: SimTime = .zero
    var election: Election?
    var pending: [PendingWrite] = []

    var placementVersions: [PlacementVersion]
    var criticalSections: [CriticalSection] = []
    var parked: [(from: StoreNodeID, command: StoreCommand)] = []

    /// Writes this member has rolled back over its lifetime (§1.8).
    public internal(set) var rolledBackOperations: Int = 0
    /// When the member next needs ``tick(now:random:into:)``.
    public internal(set) var nextDeadline: SimTime = .distantFuture

    /// A member starting at `now`. With ``ReplicaSetConfig/bootstrapPrimary`` the set starts running in
    /// term 1; otherwise every member starts as a secondary and the first election happens after the
    /// election timeout. Precondition: `node` is in `config.members`.
    public init(node: StoreNodeID, config: ReplicaSetConfig, schema: StoreSchema, shard: ShardID,
                now: SimTime, random: inout RandomStream) {
        guard let index = config.members.firstIndex(where: { $0.node == node }) else {
            preconditionFailure("\(node) is not a member of the replica set")
        }
        self.node = node
        self.config = config
        self.shard = shard
        self.selfIndex = index
        self.data = DocumentStore(schema: schema)
        self.placementVersions = Array(repeating: PlacementVersion(1), count: schema.collections.count)
        self.peers = Array(repeating: PeerState(lastHeardAt: now), count: config.members.count)
        self.lastPrimaryContact = now
        self.nextHeartbeatAt = now
        self.electionDeadline = .distantFuture
        if config.members[index].arbiter {
            state = .arbiter
        } else {
            state = .secondary
        }
        if let primary = config.bootstrapPrimary {
            term = 1
            knownPrimary = primary
            if primary == node { becomePrimaryState(now: now, writeNoop: false) }
        } else {
            term = 0
        }
        resetElectionTimer(now: now, random: &random)
        recomputeDeadline()
    }

    var settings: ReplicaSetSettings { config.settings }
    var isElectable: Bool {
        let me = config.members[selfIndex]
        return !me.arbiter && me.votes && me.priority > 0
    }

    /// Index of the last oplog entry.
    public var lastIndex: Int64 { baseOpTime.index + Int64(oplog.count) }
    /// Optime of the last oplog entry (`lastApplied`: entries apply on arrival).
    public var lastApplied: OpTime { oplog.last?.opTime ?? baseOpTime }
    /// Number of oplog entries kept.
    public var oplogCount: Int { oplog.count }
    /// Number of rollback pre-images kept (entries above the commit point, plus any not yet released).
    public var preImageCount: Int { preImages.count }

    /// The pre-image of the entry at `index`. Precondition: `index` is above the first kept pre-image
    /// (every index above `commitIndex` is).
    func preImage(at index: Int64) -> PreImage {
        preImages[Int(index - (lastIndex - Int64(preImages.count)) - 1)]
    }

    /// The optime at `index`, or `nil` when it is trimmed or beyond the end.
    func opTime(at index: Int64) -> OpTime? {
        if index == baseOpTime.index { return baseOpTime }
        let offset = index - baseOpTime.index - 1
        guard offset >= 0 && offset < Int64(oplog.count) else { return nil }
        return oplog[Int(offset)].opTime
    }

    /// The oplog entry at `index`, if kept.
    public func entry(at index: Int64) -> OplogEntry? {
        let offset = index - baseOpTime.index - 1
        guard offset >= 0 && offset < Int64(oplog.count) else { return nil }
        return oplog[Int(offset)]
    }

    // MARK: StoreActor

    /// Handles one delivered message.
    public mutating func receive(_ envelope: consuming StoreEnvelope, now: SimTime, random: inout RandomStream, into out: inout StoreOutbox) {
        let from = envelope.from
        switch envelope.message {
        case .command(let command): handleCommand(command, from: from, now: now, out: &out)
        case .hello(let requestID):
            out.send(.helloReply(requestID: requestID, HelloReply(state: state, term: term, primary: knownPrimary)), from: node, to: from)
        case .heartbeat(let hb): handleHeartbeat(hb, from: from, isReply: false, now: now, random: &random, out: &out)
        case .heartbeatReply(let hb): handleHeartbeat(hb, from: from, isReply: true, now: now, random: &random, out: &out)
        case .voteRequest(let request): handleVoteRequest(request, from: from, now: now, random: &random, out: &out)
        case .voteReply(let reply): handleVoteReply(reply, from: from, now: now, random: &random, out: &out)
        case .append(let request): handleAppend(request, from: from, now: now, random: &random, out: &out)
        case .appendReply(let reply): handleAppendReply(reply, from: from, now: now, random: &random, out: &out)
        case .syncSnapshot(let snapshot): handleSnapshot(snapshot, from: from, now: now, random: &random, out: &out)
        case let .splitVectorRequest(requestID, collection, range, every):
            handleSplitVector(requestID: requestID, collection: collection, range: range, every: every, from: from, out: &out)
        case let .migrationCloneRequest(id, collection, range):
            handleMigrationClone(id, collection: collection, range: range, from: from, out: &out)
        case let .migrationImportRequest(id, collection, documents):
            handleMigrationImport(id, collection: collection, documents: documents, from: from, now: now, out: &out)
        case let .migrationFinish(id, collection, range, version, committed, isDonor):
            handleMigrationFinish(id, collection: collection, range: range, version: version, committed: committed, isDonor: isDonor, now: now, out: &out)
        case .reply, .helloReply, .routingTableRequest, .routingTableReply, .chunkWritesReport, .splitVectorReply,
             .migrationCloneReply, .migrationImportReply:
            break
        }
        recomputeDeadline()
    }

    /// Runs due timers: heartbeats (and, on a primary, the majority-contact check and replication
    /// resends), the election timer, and `wtimeout` expiries.
    public mutating func tick(now: SimTime, random: inout RandomStream, into out: inout StoreOutbox) {
        if now >= nextHeartbeatAt {
            nextHeartbeatAt = now + settings.heartbeatInterval
            let hb = heartbeatPayload
            for (i, member) in config.members.enumerated() where i != selfIndex {
                out.send(.heartbeat(hb), from: node, to: member.node)
            }
            if state == .primary {
                checkMajorityContact(now: now, random: &random, out: &out)
            }
            if state == .primary {
                for i in peers.indices where i != selfIndex && !config.members[i].arbiter {
                    if peers[i].appendInFlight && now - peers[i].appendSentAt >= settings.heartbeatInterval {
                        peers[i].appendInFlight = false
                    }
                    if !peers[i].appendInFlight { sendAppend(to: i, now: now, force: true, out: &out) }
                }
            }
        }
        if state == .secondary && now >= electionDeadline {
            startElection(now: now, random: &random, out: &out)
        }
        if !pending.isEmpty {
            var i = 0
            while i < pending.count {
                if pending[i].deadline <= now {
                    let write = pending.remove(at: i)
                    failPending(write, error: .writeConcernTimeout, appliedButConcernFailed: true, out: &out)
                } else { i += 1 }
            }
        }
        recomputeDeadline()
    }

    /// Members ignore undeliverable messages: heartbeat timeouts notice dead peers.
    public mutating func deliveryFailed(_ envelope: StoreEnvelope, now: SimTime, random: inout RandomStream, into out: inout StoreOutbox) {
        if state == .primary, case .append = envelope.message,
           let i = config.members.firstIndex(where: { $0.node == envelope.to }) {
            peers[i].appendInFlight = false
        }
    }

    // MARK: Administration (fault injection)

    /// `replSetStepDown`: a primary becomes secondary and will not stand for election for
    /// `unelectableFor` (the `stepDownSecs` argument; case F12 uses 60 s). Writes waiting for their
    /// write concern fail with ``StoreError/primarySteppedDown`` (their data stays and may roll back).
    /// No effect on a non-primary.
    public mutating func stepDown(now: SimTime, unelectableFor: SimDuration, random: inout RandomStream, into out: inout StoreOutbox) {
        guard state == .primary else { return }
        unelectableUntil = now + unelectableFor
        becomeSecondary(reason: .requested, now: now, random: &random, out: &out)
        recomputeDeadline()
    }

    /// Restarts after a crash: durable state (term, vote, oplog, data, retry records, commit point)
    /// survives; volatile state (role, peers, waiting writes, timers) is reset and the member comes
    /// back as a secondary (an arbiter stays an arbiter). The platform stops delivering to a crashed
    /// member and calls this when it comes back.
    public mutating func restart(now: SimTime, random: inout RandomStream, into out: inout StoreOutbox) {
        if state == .primary { out.events.append(.steppedDown(node: node, term: term, reason: .requested)) }
        state = config.members[selfIndex].arbiter ? .arbiter : .secondary
        knownPrimary = nil
        election = nil
        pending.removeAll()
        parked.removeAll()
        criticalSections.removeAll()
        for i in peers.indices { peers[i] = PeerState(lastHeardAt: now) }
        lastPrimaryContact = now
        nextHeartbeatAt = now
        resetElectionTimer(now: now, random: &random)
        recomputeDeadline()
    }

    var heartbeatPayload: Heartbeat {
        Heartbeat(term: term, state: state, lastApplied: lastApplied, commitIndex: commitIndex)
    }

    mutating func resetElectionTimer(now: SimTime, random: inout RandomStream) {
        guard isElectable else { electionDeadline = .distantFuture; return }
        let offsetLimit = Double(settings.electionTimeout.nanoseconds) * settings.electionTimeoutOffsetFraction
        let offset = SimDuration(nanoseconds: Int64(random.nextDouble() * offsetLimit))
        electionDeadline = max(now + settings.electionTimeout + offset, unelectableUntil)
    }

    mutating func recomputeDeadline() {
        var deadline = nextHeartbeatAt
        if state == .secondary && electionDeadline < deadline { deadline = electionDeadline }
        for write in pending where write.deadline < deadline { deadline = write.deadline }
        nextDeadline = deadline
    }
}
