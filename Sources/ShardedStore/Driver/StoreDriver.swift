import SimulationPrimitives

/// The service-side MongoDB driver: server selection, topology monitoring, retryable writes and reads
/// (one retry), socket timeout and server-selection timeout (reference/store-auth-logs.md §1.4–§1.5).
///
/// It talks either to mongos routers (a sharded cluster: every router is suitable for every
/// operation) or directly to a replica set's members (writes go to the primary). A service submits an
/// operation and later finds its ``DriverCompletion`` in the outbox:
///
/// ```swift
/// let id = driver.submit(.update(hold), now: now, random: &rng, into: &outbox)
/// // platform: deliver outbox.messages; call driver.receive(...) with replies; tick at nextDeadline
/// // outbox.completions contains DriverCompletion(operationID: id, result: ...)
/// ```
public struct StoreDriver: StoreActor, Sendable {
    enum Phase: Sendable {
        case selecting(deadline: SimTime)
        case sent(server: StoreNodeID, requestID: UInt64, deadline: SimTime)
    }

    struct Operation: Sendable {
        var id: UInt64
        var command: StoreCommand
        var retryable: Bool
        var attempts: Int
        var phase: Phase
        var lastError: StoreError?
    }

    /// The service-side node hosting this driver.
    public let node: StoreNodeID
    /// The settings.
    public let settings: DriverSettings
    /// The driver's view of the deployment.
    public private(set) var monitor: TopologyMonitor
    var operations: [Operation] = []
    var nextOperationID: UInt64 = 0
    var nextTransactionNumber: Int64 = 0
    var lastPrimary: StoreNodeID?
    /// When the driver next needs ``tick(now:random:into:)``.
    public private(set) var nextDeadline: SimTime = .distantFuture

    /// A driver on `node` using `servers` (mongos routers, or the members of one replica set),
    /// monitoring from `now`.
    public init(node: StoreNodeID, servers: [StoreNodeID], settings: DriverSettings, now: SimTime) {
        self.node = node
        self.settings = settings
        self.monitor = TopologyMonitor(servers: servers, settings: settings.monitor, now: now)
        recomputeDeadline()
    }

    /// Operations submitted and not yet completed.
    public var inFlightCount: Int { operations.count }

    /// Starts `operation`; returns its id. The completion arrives in `out.completions` from this or a
    /// later call. Per-operation overrides default to the settings.
    @discardableResult
    public mutating func submit(_ operation: StoreOperation, writeConcern: WriteConcern? = nil,
                                readConcern: ReadConcern? = nil, readPreference: ReadPreference? = nil,
                                now: SimTime, random: inout RandomStream, into out: inout StoreOutbox) -> UInt64 {
        nextOperationID += 1
        let isWrite = operation.isWrite
        var command = StoreCommand(requestID: 0, operation: operation,
                                   writeConcern: writeConcern ?? settings.writeConcern,
                                   readConcern: readConcern ?? settings.readConcern,
                                   readPreference: isWrite ? .primary : (readPreference ?? settings.readPreference))
        if isWrite && settings.retryWrites {
            nextTransactionNumber += 1
            command.session = settings.sessionID
            command.transactionNumber = nextTransactionNumber
        }
        operations.append(Operation(id: nextOperationID, command: command,
                                    retryable: isWrite ? settings.retryWrites : settings.retryReads,
                                    attempts: 1, phase: .selecting(deadline: now + settings.serverSelectionTimeout)))
        dispatch(operations.count - 1, now: now, random: &random, out: &out)
        recomputeDeadline()
        return nextOperationID
    }

    /// Handles replies to commands and monitoring checks.
    public mutating func receive(_ envelope: consuming StoreEnvelope, now: SimTime, random: inout RandomStream, into out: inout StoreOutbox) {
        switch envelope.message {
        case let .helloReply(requestID, reply):
            if monitor.handleHelloReply(requestID: requestID, from: envelope.from, reply, now: now, owner: node, into: &out) {
                topologyChanged(now: now, random: &random, out: &out)
            }
        case .reply(let reply):
            guard let i = operations.firstIndex(where: {
                if case let .sent(_, requestID, _) = $0.phase { return requestID == reply.requestID } else { return false }
            }) else { break }
            handleReply(i, reply.result, from: envelope.from, now: now, random: &random, out: &out)
        default:
            break
        }
        recomputeDeadline()
    }

    /// Sends due monitoring checks, fails attempts past the socket timeout and operations past the
    /// server-selection timeout.
    public mutating func tick(now: SimTime, random: inout RandomStream, into out: inout StoreOutbox) {
        // While an operation waits for a server, keep checking at minHeartbeatFrequency (SDAM).
        if operations.contains(where: { if case .selecting = $0.phase { return true } else { return false } }) {
            monitor.requestImmediateCheck(now: now, owner: node, into: &out)
        }
        if monitor.tick(now: now, owner: node, into: &out) { topologyChanged(now: now, random: &random, out: &out) }
        // Each operation present now once, in order (a completed one is removed from under the cursor).
        var i = 0
        while i < operations.count {
            let id = operations[i].id
            switch operations[i].phase {
            case let .selecting(deadline) where now >= deadline:
                complete(i, StoreResult(outcome: .failure(operations[i].lastError ?? .serverSelectionTimeout), shardsTouched: 0), out: &out)
            case let .sent(server, _, deadline) where now >= deadline:
                attemptFailed(i, .networkTimeout, server: server, now: now, random: &random, out: &out)
            default:
                break
            }
            if i < operations.count && operations[i].id == id { i += 1 }
        }
        recomputeDeadline()
    }

    /// A message this driver sent could not be delivered (server down): the attempt fails with
    /// ``StoreError/hostUnreachable``; a check marks the server Unknown.
    public mutating func deliveryFailed(_ envelope: StoreEnvelope, now: SimTime, random: inout RandomStream, into out: inout StoreOutbox) {
        switch envelope.message {
        case .hello(let requestID):
            if monitor.checkFailed(server: envelope.to, requestID: requestID, now: now) { topologyChanged(now: now, random: &random, out: &out) }
        case .command(let command):
            if let i = operations.firstIndex(where: {
                if case let .sent(_, requestID, _) = $0.phase { return requestID == command.requestID } else { return false }
            }) {
                attemptFailed(i, .hostUnreachable, server: envelope.to, now: now, random: &random, out: &out)
            }
        default: break
        }
        recomputeDeadline()
    }

    // MARK: internals

    mutating func dispatch(_ i: Int, now: SimTime, random: inout RandomStream, out: inout StoreOutbox) {
        guard let server = monitor.select(operations[i].command.readPreference, random: &random) else {
            monitor.requestImmediateCheck(now: now, owner: node, into: &out)
            return
        }
        // The attempt's request id is set in place; the message gets the one copy of the command.
        let requestID = (operations[i].id << 2) | UInt64(operations[i].attempts)
        operations[i].command.requestID = requestID
        let deadline = settings.socketTimeout.map { now + $0 } ?? .distantFuture
        operations[i].phase = .sent(server: server, requestID: requestID, deadline: deadline)
        out.send(.command(operations[i].command), from: node, to: server)
    }

    /// Takes the result (`consuming`): passed on to ``complete(_:_:out:)`` it is moved, not copied (round 8).
    mutating func handleReply(_ i: Int, _ result: consuming StoreResult, from: StoreNodeID, now: SimTime, random: inout RandomStream, out: inout StoreOutbox) {
        if case .failure(let error) = result.outcome, error.isRetryable {
            attemptFailed(i, error, server: from, now: now, random: &random, out: &out)
        } else {
            complete(i, result, out: &out)
        }
    }

    /// An attempt failed with a retryable error: update the topology, then retry once (waiting for a
    /// server up to the selection timeout) or fail.
    mutating func attemptFailed(_ i: Int, _ error: StoreError, server: StoreNodeID, now: SimTime, random: inout RandomStream, out: inout StoreOutbox) {
        if monitor.reportError(server: server, now: now, owner: node, into: &out) { topologyChanged(now: now, random: &random, out: &out) }
        guard i < operations.count, case .sent = operations[i].phase else { return }
        if operations[i].retryable && operations[i].attempts == 1 {
            operations[i].attempts = 2
            operations[i].lastError = error
            operations[i].phase = .selecting(deadline: now + settings.serverSelectionTimeout)
            dispatch(i, now: now, random: &random, out: &out)
        } else {
            complete(i, StoreResult(outcome: .failure(error), shardsTouched: 0), out: &out)
        }
    }

    mutating func complete(_ i: Int, _ result: consuming StoreResult, out: inout StoreOutbox) {
        let op = operations.remove(at: i)
        var final = result   // moved: `result` is consumed
        final.attempts = op.attempts
        out.completions.append(DriverCompletion(operationID: op.id, result: final))
    }

    mutating func topologyChanged(now: SimTime, random: inout RandomStream, out: inout StoreOutbox) {
        let primary = monitor.primary
        if primary != lastPrimary {
            lastPrimary = primary
            out.events.append(.primaryChanged(observer: node, primary: primary))
        }
        for i in operations.indices {
            if case .selecting = operations[i].phase { dispatch(i, now: now, random: &random, out: &out) }
        }
    }

    mutating func recomputeDeadline() {
        var deadline = monitor.nextDeadline
        // By index: `for op in operations` copied each operation (its command's references).
        for i in operations.indices {
            switch operations[i].phase {
            case .selecting(let d):
                if d < deadline { deadline = d }
                if monitor.nextImmediateCheckAt < deadline { deadline = monitor.nextImmediateCheckAt }
            case .sent(_, _, let d): if d < deadline { deadline = d }
            }
        }
        nextDeadline = deadline
    }
}
