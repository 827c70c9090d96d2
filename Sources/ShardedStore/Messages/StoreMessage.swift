import SimulationPrimitives

/// The version of a collection's chunk placement (MongoDB's collection/shard version). It grows by one
/// at every split and migration; a router that sends an older version to a shard that knows a newer
/// one gets ``StoreError/staleConfig`` and refreshes (reference/store-auth-logs.md §1.1).
public struct PlacementVersion: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The version number.
    public var rawValue: Int64
    /// Version `rawValue`.
    @inlinable public init(_ rawValue: Int64) { self.rawValue = rawValue }
    @inlinable public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "v\(rawValue)" }
}

/// A client command: one operation sent by a driver to a router (or a member), or by a router to a
/// shard's member.
public struct StoreCommand: Hashable, Sendable {
    /// Chosen by the sender, echoed in the ``CommandReply``.
    public var requestID: UInt64
    /// The operation.
    public var operation: StoreOperation
    /// Write concern (writes only).
    public var writeConcern: WriteConcern
    /// Read concern (reads only).
    public var readConcern: ReadConcern
    /// Read preference (reads only): a member answers a read as a secondary only when this is not `.primary`.
    public var readPreference: ReadPreference
    /// The session and transaction number of a retryable write (`lsid`, `txnNumber`); `nil` otherwise.
    public var session: SessionID?
    /// The transaction number within ``session``.
    public var transactionNumber: Int64
    /// Router → shard: the placement version the router routed with; `nil` from drivers.
    public var placementVersion: PlacementVersion?

    /// A command; see the properties.
    public init(requestID: UInt64, operation: StoreOperation, writeConcern: WriteConcern = .majority,
                readConcern: ReadConcern = .local, readPreference: ReadPreference = .primary,
                session: SessionID? = nil, transactionNumber: Int64 = 0, placementVersion: PlacementVersion? = nil) {
        self.requestID = requestID; self.operation = operation; self.writeConcern = writeConcern
        self.readConcern = readConcern; self.readPreference = readPreference; self.session = session
        self.transactionNumber = transactionNumber; self.placementVersion = placementVersion
    }
}

/// The answer to a ``StoreCommand``.
public struct CommandReply: Hashable, Sendable {
    /// The command's ``StoreCommand/requestID``.
    public var requestID: UInt64
    /// The result.
    public var result: StoreResult
}

/// A member's role (reference/store-auth-logs.md §1.4). A member that is running an election stays a
/// secondary, as in MongoDB.
public enum MemberState: Hashable, Sendable {
    /// Accepts writes.
    case primary
    /// Replicates from the primary; may serve reads when read preference allows.
    case secondary
    /// Votes in elections, holds no data.
    case arbiter
    /// Not a member: a mongos answering a driver's monitoring check.
    case router
}

/// The answer to a monitoring check (`hello`, formerly `isMaster`).
public struct HelloReply: Hashable, Sendable {
    /// The member's role.
    public var state: MemberState
    /// The member's term.
    public var term: Int64
    /// The primary the member knows of (itself when primary), if any.
    public var primary: StoreNodeID?
}

/// A replica-set heartbeat (`replSetHeartbeat`), sent every 2 s to every other member; the reply has the
/// same shape.
public struct Heartbeat: Hashable, Sendable {
    /// The sender's term.
    public var term: Int64
    /// The sender's role.
    public var state: MemberState
    /// The sender's last applied optime.
    public var lastApplied: OpTime
    /// The sender's majority commit point (oplog index).
    public var commitIndex: Int64
}

/// A request for a vote (`replSetRequestVotes`). A dry run asks "would you vote for me in term `term`?"
/// without changing anyone's term, so a member cut off from the majority cannot inflate terms.
public struct VoteRequest: Hashable, Sendable {
    /// The term the candidate runs in.
    public var term: Int64
    /// The candidate's last applied optime; voters refuse candidates behind themselves.
    public var lastApplied: OpTime
    /// Whether this is the dry run.
    public var dryRun: Bool
}

/// A vote answer.
public struct VoteReply: Hashable, Sendable {
    /// The voter's term.
    public var term: Int64
    /// Whether the vote is granted.
    public var granted: Bool
    /// Whether it answers a dry run.
    public var dryRun: Bool
}

/// Primary → secondary oplog replication (push form of MongoDB's oplog fetching).
public struct AppendRequest: Hashable, Sendable {
    /// The primary's term.
    public var term: Int64
    /// The optime just before `entries`; the secondary must hold it, else it answers failure.
    public var previous: OpTime
    /// The entries, in order.
    public var entries: [OplogEntry]
    /// The primary's majority commit point.
    public var commitIndex: Int64
}

/// A secondary's answer to an ``AppendRequest``.
public struct AppendReply: Hashable, Sendable {
    /// The secondary's term.
    public var term: Int64
    /// Whether the entries were appended.
    public var success: Bool
    /// On success, the secondary's last index matching the primary's oplog.
    public var matchIndex: Int64
    /// On failure, the index the primary should resend from.
    public var resendFromIndex: Int64
}

/// A full data copy for a secondary that fell off the primary's oplog window (initial sync).
public struct SyncSnapshot: Hashable, Sendable {
    /// The primary's term.
    public var term: Int64
    /// Optime of the last entry included.
    public var lastApplied: OpTime
    /// The commit point.
    public var commitIndex: Int64
    /// Every document, per collection.
    public var documents: [[Document]]
    /// Every retryable-write record.
    public var retryRecords: [RetryRecord]
    /// The placement version enforced for each collection.
    public var placementVersions: [PlacementVersion]
    /// The primary's history through ``lastApplied`` (which entries it holds), adopted by the receiver.
    public var history: OpTimeHistory
}

/// Every message exchanged between store processes. The platform delivers them (with latency, loss,
/// partitions) and never looks inside except to size them.
public enum StoreMessage: Hashable, Sendable {
    // Client traffic (driver → router/member, router → member).
    /// An operation. The three large payloads are boxed (`indirect`), so an envelope is ~60 bytes
    /// rather than 161 and moving one on the message path is a few register moves, not a `memcpy`.
    indirect case command(StoreCommand)
    /// Its answer.
    indirect case reply(CommandReply)
    /// A monitoring check (`hello`), with a request id echoed in the reply.
    case hello(requestID: UInt64)
    /// The answer to `hello`.
    case helloReply(requestID: UInt64, HelloReply)

    // Replica-set internals.
    /// A heartbeat.
    case heartbeat(Heartbeat)
    /// A heartbeat answer.
    case heartbeatReply(Heartbeat)
    /// A vote request.
    case voteRequest(VoteRequest)
    /// A vote answer.
    case voteReply(VoteReply)
    /// Oplog replication.
    case append(AppendRequest)
    /// Its answer.
    case appendReply(AppendReply)
    /// Initial sync of a member that fell off the oplog window.
    indirect case syncSnapshot(SyncSnapshot)

    // Sharding metadata (router/config server/shard primaries).
    /// Router → config server: send me the routing table of this collection.
    case routingTableRequest(CollectionID)
    /// Config server → router: the collection's current chunks.
    case routingTableReply(RoutingTable)
    /// Router → config server: this many documents were inserted into the chunk holding chunk-space
    /// position `position` since the last report (the autosplit trigger).
    case chunkWritesReport(collection: CollectionID, position: Int64, insertedDocuments: Int)
    /// Config server → shard primary: count the documents in `range` and propose split points every
    /// `splitEveryDocuments` documents (`splitVector`).
    case splitVectorRequest(requestID: UInt64, collection: CollectionID, range: ChunkRange, splitEveryDocuments: Int)
    /// Shard primary → config server: the count and split points (chunk-space positions).
    case splitVectorReply(requestID: UInt64, documentCount: Int, splitPoints: [Int64])
    /// Config server → donor primary: start migrating `range`: block writes to it and send its documents.
    case migrationCloneRequest(migrationID: UInt64, collection: CollectionID, range: ChunkRange)
    /// Donor → config server: the range's documents (`ok` false when the donor is not primary).
    case migrationCloneReply(migrationID: UInt64, ok: Bool, documents: [Document])
    /// Config server → recipient primary: store these documents (majority write).
    case migrationImportRequest(migrationID: UInt64, collection: CollectionID, documents: [Document])
    /// Recipient → config server: documents majority-committed (`ok`) or refused.
    case migrationImportReply(migrationID: UInt64, ok: Bool)
    /// Config server → donor and recipient: the migration committed at `version` (donor deletes the
    /// range and releases the critical section) or aborted (`committed` false: release, recipient
    /// deletes what it imported).
    case migrationFinish(migrationID: UInt64, collection: CollectionID, range: ChunkRange,
                         version: PlacementVersion, committed: Bool, isDonor: Bool)
}

/// A message with its sender and receiver: the unit the platform delivers.
public struct StoreEnvelope: Hashable, Sendable {
    /// The sender.
    public var from: StoreNodeID
    /// The receiver.
    public var to: StoreNodeID
    /// The message.
    public var message: StoreMessage
    /// An envelope.
    @inlinable public init(from: StoreNodeID, to: StoreNodeID, message: StoreMessage) {
        self.from = from; self.to = to; self.message = message
    }
}

extension StoreMessage {
    /// Documents (or oplog entries) the message carries: lets the platform charge transfer time for
    /// bulk messages (replication batches, initial sync, migrations, query results).
    public var payloadDocumentCount: Int {
        switch self {
        case .append(let request): return request.entries.count
        case .syncSnapshot(let snapshot): return snapshot.documents.reduce(0) { $0 + $1.count }
        case .migrationCloneReply(_, _, let documents), .migrationImportRequest(_, _, let documents): return documents.count
        case .reply(let reply):
            if case .success(.found(let documents, _)) = reply.result.outcome { return documents.count }
            return 0
        case .routingTableReply(let table): return table.chunks.count
        default: return 0
        }
    }
}
