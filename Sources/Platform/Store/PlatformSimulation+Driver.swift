import SimulationPrimitives
import SimulationKernel
import Scenarios
import Telemetry
import CinemaDomain

/// Replica-set elections and the services' view of the primary (case F12,
/// github.com/mongoid/moped/issues/267, /158; github.com/mongodb/docs/pull/3276).
///
/// SEAM (store) until `ShardedStore`'s replica sets and `StoreDriver` are wired: a step-down makes
/// the primary a secondary at once; the next member becomes primary after an election of
/// `electionTimeout` (10 s, `electionTimeoutMillis`) plus up to 15 % random offset. Meanwhile, and
/// on any member that is not the primary, writes fail with NotWritablePrimary.
///
/// Each service instance's driver keeps its own view of every shard's primary, refreshed every
/// `heartbeat_frequency` (phases staggered per instance), at once after a "not primary" error when
/// `rediscover_on_not_primary`, and while an operation waits in server selection (every 500 ms,
/// `minHeartbeatFrequencyMS`). A view taken during an election knows no primary: operations wait
/// up to `server_selection_timeout`. A stale view sends writes to the old primary, which refuses
/// them; with `retry_writes` the driver retries once on the newly selected primary.
struct ReplicaSetState {
    /// `electionTimeoutMillis` default (reference/store-auth-logs.md §1.4).
    static let electionTimeout = SimDuration.seconds(10)
    /// The drivers' `minHeartbeatFrequencyMS`: how often server selection re-checks.
    static let selectionRecheck = SimDuration.milliseconds(500)
    /// Per shard: when the running election ends (a primary is writable from then on).
    var electionEnds: [SimTime] = []
    /// The end of the latest election on any shard (nil: none happened).
    var latestElectionEnd: SimTime?
    /// Per node: the driver's view of each shard's primary (node index, −1 = none known) and
    /// when it is refreshed next.
    var views: [[Int32]] = []
    var nextRefresh: [SimTime] = []
    /// Store writes that failed at a service after `election end + 2 s` (case check).
    var writesFailedAfterElection = 0
    /// Per node: attempted a write after an election ended, and the first success after it.
    var attemptedAfterElection: [Bool] = []
    var firstSuccessAfterElection: [SimTime?] = []
}

extension PlatformSimulation {
    var driverSettings: StoreDriverSettings { scenario.topology.store.driver }

    func prepareReplicaSets() {
        guard replicaSets.views.isEmpty else { return }
        replicaSets.electionEnds = Array(repeating: .zero, count: shardComponents.count)
        replicaSets.views = Array(repeating: [], count: nodes.count)
        replicaSets.nextRefresh = Array(repeating: .zero, count: nodes.count)
        replicaSets.attemptedAfterElection = Array(repeating: false, count: nodes.count)
        replicaSets.firstSuccessAfterElection = Array(repeating: nil, count: nodes.count)
    }

    /// The writable primary of shard `shard` now, or −1 during an election.
    func currentPrimary(shard: Int) -> Int32 {
        prepareReplicaSets()
        guard queue.now >= replicaSets.electionEnds[shard] else { return -1 }
        let component = components[Int(shardComponents[shard])]
        return component.instances[component.primary]
    }

    /// Refreshes node `node`'s view of every shard (a monitor check).
    func refreshDriverView(_ node: Int32) {
        prepareReplicaSets()
        replicaSets.views[Int(node)] = (0..<shardComponents.count).map { currentPrimary(shard: $0) }
    }

    /// The member node `node`'s driver sends an operation for `shard` to (nil: no primary known).
    func driverTarget(node: Int32, shard: Int) -> Int32? {
        prepareReplicaSets()
        let now = queue.now
        if replicaSets.views[Int(node)].isEmpty || now >= replicaSets.nextRefresh[Int(node)] {
            refreshDriverView(node)
            // Stagger the first refresh over one interval, so instances of a service refresh at different times.
            let interval = driverSettings.heartbeatFrequency
            let phase = replicaSets.nextRefresh[Int(node)] == .zero
                ? SimDuration(nanoseconds: Int64(faultRandom.nextDouble() * Double(interval.nanoseconds))) : interval
            replicaSets.nextRefresh[Int(node)] = now + phase
        }
        let target = replicaSets.views[Int(node)][shard]
        return target >= 0 ? target : nil
    }

    /// Service call `c` sends `operation` (or resends a retried one) through mongos to the member
    /// its driver selects; waits in server selection while no primary is known.
    func sendStoreOperation(_ c: Int32, _ operation: StoreOperation, retried: Bool = false, selectionStarted: SimTime? = nil) {
        let node = calls[c].callee
        var pendingOperation = PendingStoreOperation(operation: operation)
        pendingOperation.shard = targetShard(for: operation)
        pendingOperation.retried = retried
        pendingOperation.selectionStarted = selectionStarted ?? queue.now
        dispatchStoreOperation(c, node: node, pendingOperation)
    }

    func dispatchStoreOperation(_ c: Int32, node: Int32, _ pendingOperation: PendingStoreOperation) {
        var pendingOperation = pendingOperation
        guard let target = driverTarget(node: node, shard: pendingOperation.shard) else {
            // Server selection: re-check until a primary is known or the selection times out.
            if queue.now - pendingOperation.selectionStarted >= driverSettings.serverSelectionTimeout {
                noteStoreWriteResult(node: node, operation: pendingOperation.operation, success: false)
                driveHandler(c, lastResult: .failed(.unavailable)); return
            }
            let (pending, generation) = storeOperations.acquire(pendingOperation)
            calls[c].storeOperation = pending
            calls[c].storeOperationGeneration = generation
            queue.schedule(.storeSelectionRecheck(call: c, generation: calls.generation(c)), at: queue.now + ReplicaSetState.selectionRecheck)
            return
        }
        guard let mongos = componentOfKind[.mongos],
              let router = EdgeRuleSeam.choose(among: components[Int(mongos)].instances, in: self, cursorOf: node) else {
            driveHandler(c, lastResult: .failed(.unavailable)); return
        }
        pendingOperation.target = target
        let operation = pendingOperation.operation
        let (pending, generation) = storeOperations.acquire(pendingOperation)
        // MongoDB drivers: connectTimeoutMS 10 s, socketTimeoutMS 0 (no read timeout) by default.
        callChild(c, callee: router, route: operation.isWrite ? internalRoutes.storeWrite : internalRoutes.storeRead,
                  connectTimeout: .seconds(10), readTimeout: nil)
        let child = lastChildCall
        calls[child].storeOperation = pending
        calls[child].storeOperationGeneration = generation
        calls[c].storeOperation = pending
        calls[c].storeOperationGeneration = generation
    }

    /// Server selection re-check for call `c` (its driver refreshes while selecting).
    func storeSelectionRecheck(_ c: Int32, _ generation: UInt32) {
        guard calls.isCurrent(c, generation), calls[c].handler >= 0 else { return }
        let pending = calls[c].storeOperation
        guard pending >= 0, storeOperations.isCurrent(pending, calls[c].storeOperationGeneration) else { return }
        let waiting = storeOperations[pending]
        storeOperations.release(pending)
        calls[c].storeOperation = -1
        let node = calls[c].callee
        refreshDriverView(node)   // server selection checks the topology while it waits
        dispatchStoreOperation(c, node: node, waiting)
    }

    /// A member refuses a write when it is not the writable primary (NotWritablePrimary, 10107).
    /// Returns true when it refused.
    func refuseWriteIfNotPrimary(_ c: Int32, member node: Int32) -> Bool {
        guard calls[c].route == internalRoutes.storeWrite else { return false }
        let shard = components[Int(nodes[Int(node)].component)].detail
        guard currentPrimary(shard: shard) != node else { return false }
        let pending = calls[c].storeOperation
        if pending >= 0, storeOperations.isCurrent(pending, calls[c].storeOperationGeneration) { storeOperations[pending].notPrimary = true }
        reply(c, status: 500)
        return true
    }

    /// The store operation of service call `c` failed with "not primary": re-discover and retry
    /// once when the driver does so. Returns true when the operation was resent.
    func retryAfterNotPrimary(_ c: Int32, _ pending: PendingStoreOperation) -> Bool {
        let node = calls[c].callee
        if driverSettings.rediscoverOnNotPrimary { refreshDriverView(node) }
        guard driverSettings.retryWrites, pending.operation.isWrite, !pending.retried else { return false }
        sendStoreOperation(c, pending.operation, retried: true)
        return true
    }

    /// Records a store write's final result at a service (case F12's checks).
    func noteStoreWriteResult(node: Int32, operation: StoreOperation, success: Bool) {
        guard operation.isWrite, let end = replicaSets.latestElectionEnd else { return }
        let now = queue.now
        guard now >= end else { return }
        if !success && now > end + .seconds(2) { replicaSets.writesFailedAfterElection += 1 }
        replicaSets.attemptedAfterElection[Int(node)] = true
        if success && replicaSets.firstSuccessAfterElection[Int(node)] == nil { replicaSets.firstSuccessAfterElection[Int(node)] = now }
    }

    /// `primary-step-down` on shard component `component`: the primary steps down now; the next
    /// member is elected after the election timeout (+ up to 15 %).
    func stepDownPrimary(component: Int) {
        prepareReplicaSets()
        let shard = components[component].detail
        let offset = SimDuration(nanoseconds: Int64(faultRandom.nextDouble() * 0.15 * Double(ReplicaSetState.electionTimeout.nanoseconds)))
        let end = queue.now + ReplicaSetState.electionTimeout + offset
        components[component].primary = (components[component].primary + 1) % components[component].instances.count
        replicaSets.electionEnds[shard] = end
        replicaSets.latestElectionEnd = max(replicaSets.latestElectionEnd ?? end, end)
    }

    /// `writes_failed_after_election` and `driver_recovery_max_s`: for every service instance that
    /// wrote after the last election, seconds from the election's end to its first successful write
    /// (the rest of the run if none).
    func replicaSetMetrics() -> [PlatformMetric] {
        guard let end = replicaSets.latestElectionEnd else { return [] }
        var worst = 0.0
        for node in nodes.indices where replicaSets.attemptedAfterElection.indices.contains(node) && replicaSets.attemptedAfterElection[node] {
            let first = replicaSets.firstSuccessAfterElection[node] ?? endTime
            worst = max(worst, (first - end).seconds)
        }
        return [
            PlatformMetric(name: "writes_failed_after_election", value: Double(replicaSets.writesFailedAfterElection)),
            PlatformMetric(name: "driver_recovery_max_s", value: worst),
        ]
    }
}
