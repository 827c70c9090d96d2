import SimulationPrimitives

/// Which oplog entries a member's history holds, in a few words: the first optime of each term in
/// the history and its last optime. Terms never decrease along a history and entry indexes are
/// consecutive from 1, so the term of the entry at any index — including entries trimmed from the
/// capped oplog or received as an initial sync — is the term of the last term start at or below it.
///
/// An optime `(term, index)` names one entry for the whole replica set (one primary per term, which
/// only appends; Raft's log matching property, Ongaro 2014 §5.3), so "the history contains this
/// optime" is exactly "this write survived": a rollback (§1.8 of reference/store-auth-logs.md)
/// truncates the history below the entries it discards, and the new primary's entries at those
/// indexes carry a later term.
///
/// ```swift
/// var history = OpTimeHistory()
/// history.append(OpTime(term: 1, index: 1)); history.append(OpTime(term: 2, index: 2))
/// history.contains(OpTime(term: 1, index: 1))   // true
/// history.contains(OpTime(term: 1, index: 2))   // false: index 2 was written in term 2
/// ```
///
/// Size: one optime per term change (a handful per run), whatever the number of entries. Look-ups
/// are a backwards scan over the term starts (O(terms)).
public struct OpTimeHistory: Hashable, Sendable {
    /// The first optime of each term present in the history, ascending.
    public private(set) var termStarts: [OpTime] = []
    /// The last optime of the history (`.zero` when empty).
    public private(set) var last: OpTime = .zero

    /// An empty history.
    public init() {}

    /// Appends the entry `opTime`. Precondition: it directly follows ``last`` (index + 1) and its term
    /// is not older.
    public mutating func append(_ opTime: OpTime) {
        precondition(opTime.index == last.index + 1 && opTime.term >= last.term,
                     "history entries are consecutive with non-decreasing terms (\(last) then \(opTime))")
        if termStarts.last?.term != opTime.term { termStarts.append(opTime) }
        last = opTime
    }

    /// Cuts the history after `newLast` (a rollback): entries above `newLast.index` are gone.
    /// Precondition: `newLast` is in the history (or `.zero`).
    public mutating func truncate(through newLast: OpTime) {
        while let start = termStarts.last, start.index > newLast.index { termStarts.removeLast() }
        last = newLast
    }

    /// The term of the entry at `index`, or nil when the history has no such index.
    public func term(at index: Int64) -> Int64? {
        guard index >= 1, index <= last.index else { return nil }
        for start in termStarts.reversed() where start.index <= index { return start.term }
        return nil
    }

    /// The optime of the entry at `index`, or nil when the history has no such index.
    public func opTime(at index: Int64) -> OpTime? {
        term(at: index).map { OpTime(term: $0, index: index) }
    }

    /// Whether the entry `opTime` is in this history (was not rolled back, or not yet replicated here).
    public func contains(_ opTime: OpTime) -> Bool {
        term(at: opTime.index) == opTime.term
    }
}

/// A write's position in its shard's replication history: the shard and the optime of the oplog
/// entry the write produced (MongoDB's replies to writes on a replica-set member carry the write's
/// `opTime` and the primary's `electionId`, reference/store-auth-logs.md §1.6 for write concern).
public struct ShardOpTime: Hashable, Sendable {
    /// The shard whose oplog holds the entry.
    public var shard: ShardID
    /// The entry's optime.
    public var opTime: OpTime
    /// `opTime` on `shard`.
    @inlinable public init(shard: ShardID, opTime: OpTime) { self.shard = shard; self.opTime = opTime }
}
