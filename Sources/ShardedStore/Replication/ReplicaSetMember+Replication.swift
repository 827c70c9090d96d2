import SimulationPrimitives

// Oplog replication, the majority commit point, write-concern waits, rollback (§1.6, §1.8).
extension ReplicaSetMember {
    /// Appends `entry` to the oplog and applies it to the data, keeping the rollback pre-images.
    mutating func appendLocal(_ entry: OplogEntry) {
        precondition(entry.opTime.index == lastIndex + 1, "oplog indexes are consecutive")
        precondition(entry.opTime >= lastApplied, "optimes never go backwards")
        let previousDocument = data.apply(entry.change)
        var previousVersion: PlacementVersion?
        if case let .placementVersion(collection, version) = entry.change {
            previousVersion = placementVersions[Int(collection.rawValue)]
            placementVersions[Int(collection.rawValue)] = max(version, previousVersion!)
        }
        var previousRetry: RetryState?
        if let retry = entry.retry {
            // One probe: `updateValue` returns the session's previous state.
            previousRetry = retryTable.updateValue(RetryState(record: retry, index: entry.opTime.index), forKey: retry.session)
        }
        oplog.append(entry)
        history.append(entry.opTime)
        preImages.append(PreImage(previousDocument: previousDocument, previousRetry: previousRetry, previousVersion: previousVersion))
    }

    /// Reverts and removes every entry from `index` on; counts the rolled-back writes (§1.8).
    mutating func rollBack(from index: Int64, out: inout StoreOutbox) {
        precondition(index > commitIndex, "a majority-committed entry must never roll back (index \(index), commit point \(commitIndex))")
        var count = 0
        while lastIndex >= index, let entry = oplog.popLast() {
            let logged = preImages.removeLast()
            switch entry.change {
            case .noop: break
            case let .placementVersion(collection, _):
                if let previous = logged.previousVersion { placementVersions[Int(collection.rawValue)] = previous }
            case let .put(collection, document):
                if let previous = logged.previousDocument { data.put(collection, previous) } else { data.remove(collection, document.id) }
            case let .remove(collection, _):
                if let previous = logged.previousDocument { data.put(collection, previous) }
            }
            if let retry = entry.retry { retryTable[retry.session] = logged.previousRetry }
            if entry.isWrite { count += 1 }
        }
        history.truncate(through: lastApplied)
        rolledBackOperations += count
        out.events.append(.rolledBack(node: node, operations: count, fromIndex: index))
    }

    /// Releases the pre-images of committed entries (they can no longer roll back), then drops
    /// committed entries beyond the oplog window, in batches of a quarter window. Called wherever the
    /// commit point advances.
    mutating func trimOplog() {
        let uncommitted = Int(max(0, lastIndex - commitIndex))
        if preImages.count > uncommitted { preImages.removeFirst(preImages.count - uncommitted) }
        let capacity = settings.oplogCapacityEntries
        guard oplog.count > capacity + capacity / 4 else { return }
        let removable = Int(min(commitIndex - baseOpTime.index, Int64(oplog.count - capacity)))
        guard removable > 0 else { return }
        baseOpTime = oplog[removable - 1].opTime
        oplog.removeFirst(removable)
    }

    /// Oplog entries `next...end` built for one peer's append, reused for the next peer needing the
    /// same range in the same call (the oplog does not change in between).
    struct AppendBatch {
        var next: Int64
        var end: Int64
        var entries: [OplogEntry]
    }

    /// Sends the next batch to peer `i` unless one is in flight (or `force`).
    mutating func sendAppend(to i: Int, now: SimTime, force: Bool, out: inout StoreOutbox) {
        var batch: AppendBatch?
        sendAppend(to: i, now: now, force: force, sharing: &batch, out: &out)
    }

    /// The same, reusing `batch` when it holds the entries peer `i` needs (and leaving there the
    /// entries it built).
    mutating func sendAppend(to i: Int, now: SimTime, force: Bool, sharing batch: inout AppendBatch?, out: inout StoreOutbox) {
        guard state == .primary, !config.members[i].arbiter else { return }
        if peers[i].appendInFlight && !force { return }
        let next = max(peers[i].nextIndex, 1)
        if next - 1 < baseOpTime.index {
            out.send(.syncSnapshot(snapshot), from: node, to: config.members[i].node)
        } else {
            guard let previous = opTime(at: next - 1) else { return }
            let end = min(lastIndex, next - 1 + Int64(settings.maxEntriesPerAppend))
            var entries: [OplogEntry] = []
            if end >= next {
                if let shared = batch, shared.next == next, shared.end == end {
                    entries = shared.entries
                } else {
                    entries.reserveCapacity(Int(end - next + 1))
                    for index in next...end { entries.append(oplog[Int(index - baseOpTime.index - 1)]) }
                    batch = AppendBatch(next: next, end: end, entries: entries)
                }
            } else if !force {
                return
            }
            out.send(.append(AppendRequest(term: term, previous: previous, entries: entries, commitIndex: commitIndex)),
                     from: node, to: config.members[i].node)
        }
        peers[i].appendInFlight = true
        peers[i].appendSentAt = now
    }

    var snapshot: SyncSnapshot {
        SyncSnapshot(term: term, lastApplied: lastApplied, commitIndex: commitIndex,
                     documents: data.schema.collections.indices.map { data.allDocuments(CollectionID(Int32($0))) },
                     retryRecords: retryTable.values.map(\.record).sorted { $0.session < $1.session },
                     placementVersions: placementVersions, history: history)
    }

    mutating func handleAppend(_ request: AppendRequest, from: StoreNodeID, now: SimTime,
                               random: inout RandomStream, out: inout StoreOutbox) {
        guard state != .arbiter else { return }
        if request.term < term {
            out.send(.appendReply(AppendReply(term: term, success: false, matchIndex: 0, resendFromIndex: 0)), from: node, to: from)
            return
        }
        if request.term > term { adoptTerm(request.term, now: now, random: &random, out: &out) }
        if state == .primary { becomeSecondary(reason: .higherTerm, now: now, random: &random, out: &out) }
        notePrimaryContact(from, now: now, random: &random, out: &out)
        if let i = memberIndex(of: from) { peers[i].lastHeardAt = now; peers[i].state = .primary }

        let previous = request.previous
        if previous.index > lastIndex {
            out.send(.appendReply(AppendReply(term: term, success: false, matchIndex: 0, resendFromIndex: lastIndex + 1)), from: node, to: from)
            return
        }
        if previous.index >= baseOpTime.index, opTime(at: previous.index) != previous {
            // Entries above our commit point diverge from the primary's: resend from there.
            out.send(.appendReply(AppendReply(term: term, success: false, matchIndex: 0,
                                              resendFromIndex: min(previous.index, commitIndex + 1))), from: node, to: from)
            return
        }
        var index = previous.index
        for entry in request.entries {
            index += 1
            if index <= baseOpTime.index { continue }  // committed and trimmed here
            if index <= lastIndex {
                if opTime(at: index) == entry.opTime { continue }
                rollBack(from: index, out: &out)
            }
            appendLocal(entry)
        }
        commitIndex = max(commitIndex, min(request.commitIndex, index))
        trimOplog()
        out.send(.appendReply(AppendReply(term: term, success: true, matchIndex: index, resendFromIndex: index + 1)), from: node, to: from)
    }

    mutating func handleSnapshot(_ snapshot: SyncSnapshot, from: StoreNodeID, now: SimTime,
                                 random: inout RandomStream, out: inout StoreOutbox) {
        guard state != .arbiter, snapshot.term >= term else { return }
        if snapshot.term > term { adoptTerm(snapshot.term, now: now, random: &random, out: &out) }
        if state == .primary { becomeSecondary(reason: .higherTerm, now: now, random: &random, out: &out) }
        notePrimaryContact(from, now: now, random: &random, out: &out)
        let dropped = oplog.filter { $0.isWrite && $0.opTime.index > commitIndex }.count
        if dropped > 0 {
            rolledBackOperations += dropped
            out.events.append(.rolledBack(node: node, operations: dropped, fromIndex: commitIndex + 1))
        }
        data.replaceAll(with: snapshot.documents)
        placementVersions = snapshot.placementVersions
        retryTable.removeAll()
        for record in snapshot.retryRecords {
            retryTable[record.session] = RetryState(record: record, index: snapshot.lastApplied.index)
        }
        oplog.removeAll()
        preImages.removeAll()
        baseOpTime = snapshot.lastApplied
        history = snapshot.history
        commitIndex = snapshot.commitIndex
        out.send(.appendReply(AppendReply(term: term, success: true, matchIndex: lastIndex, resendFromIndex: lastIndex + 1)), from: node, to: from)
    }

    mutating func handleAppendReply(_ reply: AppendReply, from: StoreNodeID, now: SimTime,
                                    random: inout RandomStream, out: inout StoreOutbox) {
        if reply.term > term { adoptTerm(reply.term, now: now, random: &random, out: &out); return }
        guard state == .primary, reply.term == term, let i = memberIndex(of: from) else { return }
        peers[i].lastHeardAt = now
        peers[i].appendInFlight = false
        if reply.success {
            peers[i].matchIndex = max(peers[i].matchIndex, reply.matchIndex)
            peers[i].nextIndex = peers[i].matchIndex + 1
            advanceCommitIndex()
            completeSatisfiedWrites(out: &out)
        } else {
            peers[i].nextIndex = max(1, min(peers[i].nextIndex - 1, reply.resendFromIndex))
        }
        if peers[i].nextIndex <= lastIndex || !reply.success { sendAppend(to: i, now: now, force: false, out: &out) }
    }

    /// The commit point: the highest index held by a majority of voting members (data-bearing ones
    /// acknowledge), counted only over entries of the current term (Raft §5.4.2).
    mutating func advanceCommitIndex() {
        // The majority-th highest index held by the voting members: the highest index that at
        // least `majority` of them hold. Counted in place (a replica set has ≤ 7 voters), so the
        // per-write path allocates nothing.
        // Round 8: the voters' indices go into a stack buffer kept sorted (highest first) by
        // insertion, and the answer is its `majority`-th entry — the same order statistic the
        // pairwise count found, in one pass over the members (~160 → ~60 instructions a call).
        let needed = config.majority
        let members = config.members
        let candidate: Int64? = withUnsafeTemporaryAllocation(of: Int64.self, capacity: 8) { held -> Int64? in
            var voters = 0
            for i in members.indices where members[i].votes && !members[i].arbiter {
                let index = i == selfIndex ? lastIndex : peers[i].matchIndex
                // At most 7 voting members (ReplicaSetConfig's precondition).
                var k = voters
                while k > 0 && held[k - 1] < index { held[k] = held[k - 1]; k -= 1 }
                held[k] = index
                voters += 1
            }
            return voters >= needed ? held[needed - 1] : nil
        }
        guard let candidate else { return }
        if candidate > commitIndex, opTime(at: candidate)?.term == term {
            commitIndex = candidate
            trimOplog()
        }
    }

    /// Whether the write at `index` satisfies `w` now.
    func isAcknowledged(index: Int64, by w: WriteConcern.Acknowledgement) -> Bool {
        switch w {
        case .primary: return true
        case .majority: return commitIndex >= index
        case .members(let n):
            var count = 0
            for (i, member) in config.members.enumerated() where !member.arbiter {
                if i == selfIndex ? lastIndex >= index : peers[i].matchIndex >= index { count += 1 }
            }
            return count >= n
        }
    }

    mutating func completeSatisfiedWrites(out: inout StoreOutbox) {
        guard !pending.isEmpty else { return }
        var i = 0
        while i < pending.count {
            if isAcknowledged(index: pending[i].index, by: pending[i].acknowledgement) {
                let write = pending.remove(at: i)
                switch write.reply {
                case let .command(to, requestID, result):
                    out.send(.reply(CommandReply(requestID: requestID, result: result)), from: node, to: to)
                case let .migrationImport(to, migrationID):
                    out.send(.migrationImportReply(migrationID: migrationID, ok: true), from: node, to: to)
                }
            } else { i += 1 }
        }
    }

    /// Answers a waiting write that will not be acknowledged: after `wtimeout` the write stays applied
    /// and the client gets a write-concern error; after a step-down the client gets `error`.
    mutating func failPending(_ write: PendingWrite, error: StoreError, appliedButConcernFailed: Bool, out: inout StoreOutbox) {
        switch write.reply {
        case let .command(to, requestID, result):
            var failed = result
            if appliedButConcernFailed {
                failed.writeConcernError = error
            } else {
                failed.outcome = .failure(error)
            }
            out.send(.reply(CommandReply(requestID: requestID, result: failed)), from: node, to: to)
        case let .migrationImport(to, migrationID):
            out.send(.migrationImportReply(migrationID: migrationID, ok: false), from: node, to: to)
        }
    }
}
