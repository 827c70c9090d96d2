import SimulationPrimitives
import Telemetry
import CinemaDomain

/// Case F12's measurements (github.com/mongoid/moped/issues/267, /158; github.com/mongodb/docs/pull/3276;
/// cases/failure-cases.md F12): how the services' writes fare after a replica-set election of the
/// real `ShardedStore` members. The end of an election is the moment a member becomes primary
/// (`StoreEvent.becamePrimary`); a write's result is its driver completion at the service.
struct ReplicaSetState {
    /// The end of the latest election on any shard (nil: none happened).
    var latestElectionEnd: SimTime?
    /// Store writes that failed at a service after `election end + 2 s` (the case's check
    /// `write_error_rate(t > election_end + 2 s) == 0`).
    var writesFailedAfterElection = 0
    /// The last store write that failed at a service after the latest election ended (nil: none).
    var lastFailedWriteAfterElection: SimTime?
    /// Per node: attempted a write after an election ended, and the first success after it.
    var attemptedAfterElection: [Bool] = []
    var firstSuccessAfterElection: [SimTime?] = []
}

extension PlatformSimulation {
    func prepareReplicaSets() {
        guard replicaSets.attemptedAfterElection.isEmpty else { return }
        replicaSets.attemptedAfterElection = Array(repeating: false, count: nodes.count)
        replicaSets.firstSuccessAfterElection = Array(repeating: nil, count: nodes.count)
    }

    /// Records a store write's final result at service node `node` (case F12's checks).
    func noteStoreWriteResult(node: Int32, operation: StoreOperation, success: Bool) {
        guard operation.isWrite, let end = replicaSets.latestElectionEnd else { return }
        let now = queue.now
        guard now >= end else { return }
        if !success && now > end + .seconds(2) { replicaSets.writesFailedAfterElection += 1 }
        if !success { replicaSets.lastFailedWriteAfterElection = now }
        replicaSets.attemptedAfterElection[Int(node)] = true
        if success && replicaSets.firstSuccessAfterElection[Int(node)] == nil { replicaSets.firstSuccessAfterElection[Int(node)] = now }
    }

    /// `writes_failed_after_election`; `driver_recovery_max_s`: for every service instance that
    /// wrote after the last election, seconds from the election's end to its first successful write
    /// (the rest of the run if none); `write_failures_until_s`: seconds from the election's end to
    /// the last write that failed at any service (0 when none did), the case's "writes fail from
    /// the step-down until ~t". Behind several mongos routers an instance's first success comes
    /// when the first router learns the new primary, its failures end when the last one does.
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
            PlatformMetric(name: "write_failures_until_s", value: replicaSets.lastFailedWriteAfterElection.map { ($0 - end).seconds } ?? 0),
        ]
    }
}
