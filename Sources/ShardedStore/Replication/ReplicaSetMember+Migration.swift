import SimulationPrimitives

// The shard side of chunk splitting and migration (reference/store-auth-logs.md §1.3).
extension ReplicaSetMember {
    /// `splitVector`: counts the range's documents and proposes a split point every `every` documents
    /// in chunk-space order. Points are distinct positions, so a range whose documents share one key
    /// value has none (the chunk is jumbo).
    mutating func handleSplitVector(requestID: UInt64, collection: CollectionID, range: ChunkRange, every: Int,
                                    from: StoreNodeID, out: inout StoreOutbox) {
        guard state == .primary else {
            out.send(.splitVectorReply(requestID: requestID, documentCount: -1, splitPoints: []), from: node, to: from)
            return
        }
        let pattern = data.schema[collection].shardKey
        let positions = data.documents(collection, in: range).map { pattern.chunkSpacePosition(of: $0.shardKey) }.sorted()
        var points: [Int64] = []
        if every > 0 {
            var i = every
            while i < positions.count {
                let point = positions[i]
                // A split point must leave documents on both sides: skip positions equal to the range start
                // or to the previous point.
                if point > range.lower && point > (points.last ?? range.lower) && point > positions[0] { points.append(point) }
                i += every
            }
        }
        out.send(.splitVectorReply(requestID: requestID, documentCount: positions.count, splitPoints: points), from: node, to: from)
    }

    /// Donor: enter the critical section for `range` (writes to it wait) and send its documents.
    /// Deliberate difference: MongoDB blocks writes only for the commit, cloning while writes continue
    /// and transferring the changes; here writes to the range wait for the whole migration.
    mutating func handleMigrationClone(_ id: UInt64, collection: CollectionID, range: ChunkRange,
                                       from: StoreNodeID, out: inout StoreOutbox) {
        guard state == .primary else {
            out.send(.migrationCloneReply(migrationID: id, ok: false, documents: []), from: node, to: from)
            return
        }
        criticalSections.append(CriticalSection(migrationID: id, collection: collection, range: range))
        // The clone carries every entry of this history in the range, committed or not: if the
        // migration commits, those writes live on at the recipient even if this shard later rolls
        // some back (the platform's lost-write check needs to know).
        out.events.append(.chunkCloned(shard: shard, collection: collection, range: range, history: history))
        out.send(.migrationCloneReply(migrationID: id, ok: true, documents: data.documents(collection, in: range)), from: node, to: from)
    }

    /// Recipient: write the documents (replicated) and answer once they are majority-committed.
    mutating func handleMigrationImport(_ id: UInt64, collection: CollectionID, documents: [Document],
                                        from: StoreNodeID, now: SimTime, out: inout StoreOutbox) {
        guard state == .primary else {
            out.send(.migrationImportReply(migrationID: id, ok: false), from: node, to: from)
            return
        }
        for document in documents {
            appendLocal(OplogEntry(opTime: OpTime(term: term, index: lastIndex + 1), change: .put(collection, document), retry: nil))
        }
        for i in peers.indices where i != selfIndex { sendAppend(to: i, now: now, force: false, out: &out) }
        advanceCommitIndex()
        if isAcknowledged(index: lastIndex, by: .majority) {
            out.send(.migrationImportReply(migrationID: id, ok: true), from: node, to: from)
        } else {
            pending.append(PendingWrite(index: lastIndex, acknowledgement: .majority, deadline: .distantFuture,
                                        reply: .migrationImport(to: from, migrationID: id)))
        }
    }

    /// Commit: the donor deletes the range and releases the critical section; both adopt the new version.
    /// Abort: the donor releases; the recipient deletes what it imported. Parked writes get StaleConfig
    /// so their routers refresh and retry.
    mutating func handleMigrationFinish(_ id: UInt64, collection: CollectionID, range: ChunkRange, version: PlacementVersion,
                                        committed: Bool, isDonor: Bool, now: SimTime, out: inout StoreOutbox) {
        let c = Int(collection.rawValue)
        guard state == .primary else {
            if committed && version > placementVersions[c] { placementVersions[c] = version }
            return
        }
        if committed && version > placementVersions[c] {
            appendLocal(OplogEntry(opTime: OpTime(term: term, index: lastIndex + 1), change: .placementVersion(collection, version), retry: nil))
        }
        let deleteRange = committed == isDonor
        if deleteRange {
            for document in data.documents(collection, in: range) {
                appendLocal(OplogEntry(opTime: OpTime(term: term, index: lastIndex + 1), change: .remove(collection, document.id), retry: nil))
            }
        }
        for i in peers.indices where i != selfIndex { sendAppend(to: i, now: now, force: false, out: &out) }
        advanceCommitIndex()
        criticalSections.removeAll { $0.migrationID == id }
        var still: [(from: StoreNodeID, command: StoreCommand)] = []
        for p in parked {
            if isInCriticalSection(p.command.operation) { still.append(p) } else {
                replyError(.staleConfig, to: p.from, requestID: p.command.requestID, out: &out)
            }
        }
        parked = still
    }

    /// Sets the placement version this member enforces for `collection` (the config server's
    /// `setShardVersion`; also used at cluster start).
    public mutating func setPlacementVersion(_ version: PlacementVersion, for collection: CollectionID) {
        placementVersions[Int(collection.rawValue)] = version
    }
}
