import SimulationPrimitives

/// Timing and sizing of a replica set, with MongoDB's defaults (reference/store-auth-logs.md §1.4).
public struct ReplicaSetSettings: Hashable, Sendable {
    /// Members heartbeat every other member this often. MongoDB: every 2 s (§1.4).
    public var heartbeatInterval: SimDuration = .seconds(2)
    /// A member not heard from for this long is inaccessible. MongoDB: 10 s (§1.4).
    public var heartbeatTimeout: SimDuration = .seconds(10)
    /// `settings.electionTimeoutMillis`: a secondary that has not heard from the primary for this long
    /// calls an election; a primary that cannot see a majority for this long steps down. Default 10 000 ms (§1.4).
    public var electionTimeout: SimDuration = .seconds(10)
    /// Each election timer adds a random offset in `[0, fraction × electionTimeout)` so members do not
    /// stand at once. MongoDB server parameter `electionTimeoutOffsetLimitFraction`, default 0.15
    /// [unverified: from the server source, not re-checked in reference/].
    public var electionTimeoutOffsetFraction: Double = 0.15
    /// At most this many oplog entries per replication message.
    public var maxEntriesPerAppend: Int = 512
    /// Committed oplog entries kept for lagging members (the oplog window, in entries); a member
    /// behind it gets a full copy (initial sync).
    public var oplogCapacityEntries: Int = 100_000

    /// MongoDB's defaults.
    public init() {}
}

/// One member of a replica set (`members[n]` of `rs.conf()`).
public struct ReplicaSetMemberConfig: Hashable, Sendable {
    /// The member's node.
    public var node: StoreNodeID
    /// Election priority; 0 never stands for election (priority takeover is not modelled).
    public var priority: Double
    /// Whether the member votes (`votes: 1`). At most 7 voting members (§1.4).
    public var votes: Bool
    /// An arbiter: votes, holds no data, never primary.
    public var arbiter: Bool

    /// A member; defaults: priority 1, voting, data-bearing.
    public init(node: StoreNodeID, priority: Double = 1, votes: Bool = true, arbiter: Bool = false) {
        self.node = node; self.priority = arbiter ? 0 : priority; self.votes = votes; self.arbiter = arbiter
    }
}

/// A replica set's configuration: its members, settings, and the shard it serves.
public struct ReplicaSetConfig: Hashable, Sendable {
    /// The members (at most 50, at most 7 voting: §1.4).
    public var members: [ReplicaSetMemberConfig]
    /// Timing.
    public var settings: ReplicaSetSettings
    /// When set, the set starts as a running set in term 1 with this member primary (no initial
    /// 10 s election); when `nil`, members start as secondaries and elect a primary after
    /// `electionTimeout`.
    public var bootstrapPrimary: StoreNodeID?

    /// A configuration.
    public init(members: [ReplicaSetMemberConfig], settings: ReplicaSetSettings = ReplicaSetSettings(), bootstrapPrimary: StoreNodeID? = nil) {
        precondition(!members.isEmpty && members.count <= 50, "a replica set has 1...50 members")
        precondition(members.filter(\.votes).count <= 7, "at most 7 voting members")
        self.members = members; self.settings = settings; self.bootstrapPrimary = bootstrapPrimary
    }

    /// Number of voting members.
    public var votingMembers: Int {
        // Counted in place: read on every write's commit-point check, so no filtered array.
        var count = 0
        for member in members where member.votes { count += 1 }
        return count
    }
    /// Votes (and, for `w: "majority"`, data-bearing voting acknowledgements) needed: ⌊voting/2⌋ + 1.
    public var majority: Int { votingMembers / 2 + 1 }
}
