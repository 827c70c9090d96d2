import Testing
import SimulationPrimitives
@testable import ShardedStore

/// The driver model across failovers (reference/store-auth-logs.md §1.4–§1.5; cases F12, F13).
@Suite struct DriverFailoverTests {
    /// §1.5: the driver retries a write once after a network error, waiting up to
    /// serverSelectionTimeoutMS (30 s) for a new primary; the election takes ≈ 10–11.5 s.
    @Test func retryableWriteSucceedsAcrossOneFailover() {
        var cluster = Fixtures.replicaSet()
        cluster.addDriver(node: 50, servers: [1, 2, 3], settings: DriverSettings(sessionID: SessionID(1)))
        cluster.run(until: SimTime.zero + .seconds(5))
        cluster.crash(1)
        let submittedAt = cluster.now
        let id = cluster.submit(driver: 50, Fixtures.insertOrder(1))
        cluster.run(for: .seconds(20))
        guard let done = cluster.completion(id) else { Issue.record("write never completed"); return }
        #expect(done.result.outcome == .success(.inserted))
        #expect(done.result.attempts == 2)
        // It completes right after the election: between 8 s and 11.5 s (+ round trips) after the crash.
        if let at = cluster.completionTime(id) {
            #expect(at - submittedAt >= .seconds(8) && at - submittedAt <= .milliseconds(12_000))
        }
        #expect(cluster.primaries.count == 1)
        let primary = cluster.primaries[0]
        #expect(cluster.member(Int(primary.rawValue)).data.document(Fixtures.orders, DocumentID(1)) != nil)
    }

    @Test func withoutRetryableWritesTheSameFailoverFailsTheWrite() {
        var cluster = Fixtures.replicaSet()
        var settings = DriverSettings(sessionID: SessionID(1))
        settings.retryWrites = false
        cluster.addDriver(node: 50, servers: [1, 2, 3], settings: settings)
        cluster.run(until: SimTime.zero + .seconds(5))
        cluster.crash(1)
        let id = cluster.submit(driver: 50, Fixtures.insertOrder(1))
        cluster.run(for: .seconds(20))
        #expect(cluster.completion(id)?.result.outcome == .failure(.hostUnreachable))
        #expect(cluster.completion(id)?.result.attempts == 1)
    }

    /// Case F13 at the server: a retry with the same session and transaction number returns the
    /// recorded answer and is not applied twice; a blind re-send without a session hits E11000.
    @Test func retriedWriteWithSameTransactionNumberIsAppliedOnce() {
        var cluster = Fixtures.replicaSet()
        cluster.run(until: SimTime.zero + .seconds(3))
        let session = SessionID(9)
        cluster.sendCommand(from: 99, to: 1, Fixtures.command(1, Fixtures.insertOrder(1), session: session, txn: 4))
        cluster.run(for: .seconds(1))
        let oplogAfterFirst = cluster.member(1).lastIndex
        cluster.sendCommand(from: 99, to: 1, Fixtures.command(2, Fixtures.insertOrder(1), session: session, txn: 4))
        cluster.sendCommand(from: 99, to: 1, Fixtures.command(3, Fixtures.insertOrder(1)))
        cluster.run(for: .seconds(1))
        #expect(cluster.rawReply(1)?.outcome == .success(.inserted))
        #expect(cluster.rawReply(2)?.outcome == .success(.inserted))
        #expect(cluster.member(1).lastIndex == oplogAfterFirst)
        #expect(cluster.rawReply(3)?.outcome == .failure(.duplicateKey))
        #expect(StoreError.duplicateKey.code == 11000)
    }

    /// Case F13 through the driver: the reply of an applied insert is lost (link cut for 6 s, socket
    /// timeout 5 s). With retryable writes the retry returns the original answer: one document, no false
    /// failure. Without them the write is reported failed although it was applied.
    @Test func lostReplyRetryIsDeduplicatedButBlindFailureIsFalse() {
        for retry in [true, false] {
            var cluster = Fixtures.replicaSet()
            var settings = DriverSettings(sessionID: SessionID(1))
            settings.socketTimeout = .seconds(5)
            settings.monitor.checkTimeout = .seconds(2)
            settings.retryWrites = retry
            cluster.addDriver(node: 50, servers: [1, 2, 3], settings: settings)
            cluster.run(until: SimTime.zero + .seconds(3))
            let id = cluster.submit(driver: 50, Fixtures.insertOrder(1))
            cluster.run(for: .microseconds(1_500))        // request delivered and applied, reply in flight
            cluster.partitioned = [(StoreCluster.node(50), StoreCluster.node(1))]
            cluster.run(for: .seconds(6))
            cluster.partitioned = []
            cluster.run(for: .seconds(20))
            #expect(cluster.member(1).data.count(Fixtures.orders) == 1)
            if retry {
                #expect(cluster.completion(id)?.result.outcome == .success(.inserted))
                #expect(cluster.completion(id)?.result.attempts == 2)
            } else {
                #expect(cluster.completion(id)?.result.outcome == .failure(.networkTimeout))
            }
        }
    }

    /// Case F12: stepDown at t = 60 s, election ≈ 70 s, 2 writes/s per driver until t = 400 s.
    /// Config A (buggy: topology refresh every 300 s, no re-discovery, no retryable writes) keeps
    /// writing to the old primary until its periodic refresh at t = 300 s. Config B (defaults) loses no
    /// write, none takes longer than 15 s, and writes after the election succeed.
    @Test func f12BuggyDriverFailsForMinutesAndDefaultsRecover() {
        var cluster = Fixtures.replicaSet()
        cluster.addDriver(node: 50, servers: [1, 2, 3], settings: .f12BuggyDriver(sessionID: SessionID(1)))
        cluster.addDriver(node: 51, servers: [1, 2, 3], settings: DriverSettings(sessionID: SessionID(2)))
        var submitted: [(driver: Int, id: UInt64, at: SimTime)] = []
        var n: Int64 = 0
        var steppedDown = false
        while cluster.now < SimTime.zero + .seconds(400) {
            if !steppedDown && cluster.now >= SimTime.zero + .seconds(60) {
                cluster.stepDown(1, for: .seconds(60))
                steppedDown = true
            }
            for d in [50, 51] {
                n += 1
                submitted.append((d, cluster.submit(driver: d, Fixtures.insertOrder(n)), cluster.now))
            }
            cluster.run(for: .milliseconds(500))
        }
        cluster.run(for: .seconds(31))
        guard let electionEnd = cluster.electionTimes.first?.0 else { Issue.record("no election"); return }
        #expect(electionEnd > SimTime.zero + .seconds(68) && electionEnd < SimTime.zero + .seconds(72))

        func outcome(_ s: (driver: Int, id: UInt64, at: SimTime)) -> StoreResult? { cluster.completion(s.id, driver: s.driver)?.result }
        let buggy = submitted.filter { $0.driver == 50 }
        let fixed = submitted.filter { $0.driver == 51 }
        // A: every write between the step-down and the 300 s refresh fails with NotWritablePrimary.
        let buggyWindow = buggy.filter { $0.at > SimTime.zero + .seconds(61) && $0.at < SimTime.zero + .seconds(299) }
        #expect(buggyWindow.count > 450)
        #expect(buggyWindow.allSatisfy { outcome($0)?.outcome == .failure(.notWritablePrimary) })
        #expect(buggy.filter { $0.at > SimTime.zero + .seconds(301) }.allSatisfy { outcome($0)?.isSuccess == true })
        // B: no failure at all; writes after election end + 2 s succeed at once.
        #expect(fixed.allSatisfy { outcome($0)?.isSuccess == true })
        #expect(fixed.count == buggy.count)
        var slowest = SimDuration.zero
        for s in fixed {
            if let at = cluster.completionTime(s.id, driver: 51) { slowest = max(slowest, at - s.at) }
        }
        #expect(slowest < .seconds(15))                       // F12: p99 < 15 s during the election
        let afterElection = fixed.filter { $0.at > electionEnd + .seconds(2) }
        #expect(afterElection.allSatisfy { s in
            guard let at = cluster.completionTime(s.id, driver: 51) else { return false }
            return at - s.at < .milliseconds(500)              // F12: < 500 ms after the election
        })
    }
}
