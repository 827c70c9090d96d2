import SimulationPrimitives

// Client commands on a member: writes on the primary (with retryable-write de-duplication and write
// concern), reads by read preference and read concern (§1.5–§1.7, §1.9).
extension ReplicaSetMember {
    mutating func replyError(_ error: StoreError, to: StoreNodeID, requestID: UInt64, out: inout StoreOutbox) {
        out.send(.reply(CommandReply(requestID: requestID, result: StoreResult(outcome: .failure(error)))), from: node, to: to)
    }

    mutating func handleCommand(_ command: StoreCommand, from: StoreNodeID, now: SimTime, out: inout StoreOutbox) {
        let collection = command.operation.collection
        if command.operation.isWrite {
            guard state == .primary else { return replyError(.notWritablePrimary, to: from, requestID: command.requestID, out: &out) }
            if let version = command.placementVersion, version < placementVersions[Int(collection.rawValue)] {
                return replyError(.staleConfig, to: from, requestID: command.requestID, out: &out)
            }
            if isInCriticalSection(command.operation) {
                parked.append((from, command))  // answered StaleConfig when the migration finishes
                return
            }
            executeWrite(command, from: from, now: now, out: &out)
        } else {
            switch state {
            case .primary: break
            case .secondary:
                if command.readPreference == .primary {
                    return replyError(.notPrimaryNoSecondaryOk, to: from, requestID: command.requestID, out: &out)
                }
            case .arbiter, .router:
                return replyError(.notPrimaryOrSecondary, to: from, requestID: command.requestID, out: &out)
            }
            if let version = command.placementVersion, version < placementVersions[Int(collection.rawValue)] {
                return replyError(.staleConfig, to: from, requestID: command.requestID, out: &out)
            }
            guard case .find(let query) = command.operation else { return }
            let result = find(query, readConcern: command.readConcern)
            out.send(.reply(CommandReply(requestID: command.requestID, result: result)), from: node, to: from)
        }
    }

    func isInCriticalSection(_ operation: StoreOperation) -> Bool {
        guard !criticalSections.isEmpty, case .key(let key) = operation.target else { return false }
        let collection = operation.collection
        let position = data.schema[collection].shardKey.chunkSpacePosition(of: key)
        return criticalSections.contains { $0.collection == collection && $0.range.contains(position) }
    }

    mutating func executeWrite(_ command: StoreCommand, from: StoreNodeID, now: SimTime, out: inout StoreOutbox) {
        // A retry of a write already executed returns the recorded answer (at-most-once, §1.5).
        if let session = command.session, let state = retryTable[session],
           state.record.transactionNumber == command.transactionNumber {
            let result = StoreResult(outcome: .success(state.record.outcome), documentsExamined: 0)
            return respond(result, index: state.index, command: command, from: from, now: now, out: &out)
        }
        let execution = execute(command.operation)
        switch execution {
        case .failure(let error):
            replyError(error, to: from, requestID: command.requestID, out: &out)
        case let .success((outcome, change, examined)):
            var retry: RetryRecord?
            if let session = command.session {
                retry = RetryRecord(session: session, transactionNumber: command.transactionNumber, outcome: outcome)
            }
            let result = StoreResult(outcome: .success(outcome), documentsExamined: examined)
            if case .noop = change, retry == nil {
                // Nothing to replicate; the answer depends only on data already applied.
                return respond(result, index: lastIndex, command: command, from: from, now: now, out: &out)
            }
            appendLocal(OplogEntry(opTime: OpTime(term: term, index: lastIndex + 1), change: change, retry: retry))
            // Peers at the same point get the same batch (one array, shared by the messages).
            var batch: AppendBatch?
            for i in peers.indices where i != selfIndex { sendAppend(to: i, now: now, force: false, sharing: &batch, out: &out) }
            advanceCommitIndex()
            respond(result, index: lastIndex, command: command, from: from, now: now, out: &out)
        }
    }

    /// Answers now if the write concern already holds, else waits (bounded by `wtimeout`). The answer
    /// carries the optime of the entry at `index` (the write's own, or for a write that changed nothing,
    /// the state it read), as MongoDB's write replies carry `opTime`.
    mutating func respond(_ result: StoreResult, index: Int64, command: StoreCommand, from: StoreNodeID, now: SimTime, out: inout StoreOutbox) {
        var result = result
        if let opTime = history.opTime(at: index) { result.opTime = ShardOpTime(shard: shard, opTime: opTime) }
        let w = command.writeConcern.w
        if isAcknowledged(index: index, by: w) {
            out.send(.reply(CommandReply(requestID: command.requestID, result: result)), from: node, to: from)
        } else {
            let deadline = command.writeConcern.wtimeout.map { now + $0 } ?? .distantFuture
            pending.append(PendingWrite(index: index, acknowledgement: w, deadline: deadline,
                                        reply: .command(to: from, requestID: command.requestID, result: result)))
        }
    }

    /// Runs a write against the data without applying it: the outcome, the oplog change, documents examined.
    func execute(_ operation: StoreOperation) -> Result<(StoreOutcome, OplogEntry.Change, Int), StoreError> {
        switch operation {
        case .find:
            preconditionFailure("execute(_:) takes writes")
        case let .insert(collection, document):
            if data.document(collection, document.id) != nil || data.violatesUniqueIndex(collection, document) {
                return .failure(.duplicateKey)
            }
            return .success((.inserted, .put(collection, document), 0))
        case .update(let update):
            if let current = data.document(update.collection, update.id) {
                guard update.filter.matches(current) else {
                    // An upsert whose `_id` exists but does not match inserts a duplicate `_id`.
                    if update.upsert { return .failure(.duplicateKey) }
                    return .success((.updated(matched: false, upserted: false, document: nil), .noop, 1))
                }
                var updated = current
                for modification in update.updates where !modification.apply(to: &updated) { return .failure(.typeMismatch) }
                if data.violatesUniqueIndex(update.collection, updated) { return .failure(.duplicateKey) }
                return .success((.updated(matched: true, upserted: false, document: updated), .put(update.collection, updated), 1))
            }
            guard update.upsert else { return .success((.updated(matched: false, upserted: false, document: nil), .noop, 0)) }
            var created = Document(id: update.id, shardKey: update.shardKey)
            Self.seedEqualities(update.filter, into: &created)
            for modification in update.updates where !modification.apply(to: &created) { return .failure(.typeMismatch) }
            if data.violatesUniqueIndex(update.collection, created) { return .failure(.duplicateKey) }
            return .success((.updated(matched: false, upserted: true, document: created), .put(update.collection, created), 0))
        case let .delete(collection, _, id, filter):
            guard let current = data.document(collection, id) else { return .success((.deleted(matched: false), .noop, 0)) }
            guard filter.matches(current) else { return .success((.deleted(matched: false), .noop, 1)) }
            return .success((.deleted(matched: true), .remove(collection, id), 1))
        }
    }

    /// An upsert copies the filter's top-level equalities into the new document (MongoDB upsert rule).
    static func seedEqualities(_ filter: DocumentFilter, into document: inout Document) {
        switch filter {
        case let .compare(field, .equal, value): document[field] = value
        case .and(let filters): for f in filters { seedEqualities(f, into: &document) }
        default: break
        }
    }

    /// A read on this member. `majority` sees each document as of the commit point: the pre-image
    /// of its first uncommitted change, if any.
    func find(_ query: FindQuery, readConcern: ReadConcern) -> StoreResult {
        var candidates = data.candidates(query)
        let examined = candidates.count
        if readConcern == .majority && lastIndex > commitIndex {
            candidates = committedView(of: candidates, query: query)
        }
        var found: [Document] = []
        for document in candidates where query.filter.matches(document) {
            found.append(document)
            if query.limit > 0 && found.count == query.limit { break }
        }
        return StoreResult(outcome: .success(.found(found, partial: false)), documentsExamined: examined)
    }

    func committedView(of candidates: [Document], query: FindQuery) -> [Document] {
        // First uncommitted change per document → its pre-image is the committed version.
        var overrides: [DocumentID: Document?] = [:]
        var order: [DocumentID] = []
        let start = max(commitIndex + 1, baseOpTime.index + 1)
        if start <= lastIndex {
            for index in start...lastIndex {
                let entry = oplog[Int(index - baseOpTime.index - 1)]
                let id: DocumentID
                switch entry.change {
                case .noop, .placementVersion: continue
                case let .put(c, d): guard c == query.collection else { continue }; id = d.id
                case let .remove(c, i): guard c == query.collection else { continue }; id = i
                }
                if overrides[id] == nil { overrides[id] = .some(preImage(at: index).previousDocument); order.append(id) }
            }
        }
        var result: [Document] = []
        for document in candidates {
            if let override = overrides[document.id] {
                if let committed = override { result.append(committed) }
            } else {
                result.append(document)
            }
        }
        // Documents deleted after the commit point still exist in the committed view.
        for id in order where !candidates.contains(where: { $0.id == id }) {
            guard let committed = overrides[id] ?? nil else { continue }
            if query.documentID.map({ $0 == id }) ?? true, Self.targetContains(query.target, committed.shardKey) {
                result.append(committed)
            }
        }
        return result.sorted { $0.id < $1.id }
    }

    static func targetContains(_ target: ShardTarget, _ key: ShardKeyValue) -> Bool {
        switch target {
        case .key(let k): return k == key
        case let .keyRange(lower, upper): return key >= lower && key < upper
        case .broadcast: return true
        }
    }
}
