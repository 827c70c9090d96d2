import Testing
import SimulationPrimitives
@testable import ShardedStore

/// The capped oplog (the window a lagging member can catch up from) and the rollback pre-images
/// released at the majority commit point (reference/store-auth-logs.md §1.8: only writes above the
/// commit point can roll back).
@Suite struct OplogWindowTests {
    /// A member down while more writes than the window happen comes back through an initial sync
    /// (a full copy) and ends with every document; the others keep at most the window plus the
    /// quarter-window trim batch, and no pre-image of a committed entry.
    @Test func memberBehindTheWindowResyncsAndMemoryStaysBounded() {
        var settings = ReplicaSetSettings()
        settings.oplogCapacityEntries = 8
        var cluster = Fixtures.replicaSet(settings: settings)
        cluster.run(until: SimTime.zero + .seconds(3))
        cluster.crash(3)
        for i in 1...20 {
            cluster.sendCommand(from: 99, to: 1, Fixtures.command(UInt64(i), Fixtures.insertOrder(Int64(i)), .majority))
            cluster.run(for: .milliseconds(50))
            #expect(cluster.rawReply(UInt64(i))?.isSuccess == true)
        }
        cluster.run(for: .seconds(3))   // the secondary learns the last commit point from a heartbeat
        for n in 1...2 {
            #expect(cluster.member(n).oplogCount <= 8 + 8 / 4)
            #expect(cluster.member(n).lastIndex == 20)
            #expect(cluster.member(n).preImageCount == 0)   // everything is majority-committed
        }
        #expect(cluster.member(3).lastIndex == 0)
        cluster.restart(3)
        cluster.run(for: .seconds(5))
        #expect(cluster.member(3).lastIndex == 20)
        for i in 1...20 {
            #expect(cluster.member(3).data.document(Fixtures.orders, DocumentID(Int64(i))) != nil)
        }
        cluster.member(3).checkInvariants()
    }

    /// Pre-images stay for the entries above the commit point, so a `w:1` write that never reached
    /// the majority still rolls back after its primary loses contact, even with a tiny window.
    @Test func uncommittedEntriesKeepTheirPreImagesAndRollBack() {
        var settings = ReplicaSetSettings()
        settings.oplogCapacityEntries = 2
        var cluster = Fixtures.replicaSet(settings: settings)
        let n1 = StoreCluster.node(1), n2 = StoreCluster.node(2), n3 = StoreCluster.node(3)
        cluster.run(until: SimTime.zero + .seconds(3))
        for i in 1...5 {
            cluster.sendCommand(from: 99, to: 1, Fixtures.command(UInt64(i), Fixtures.insertOrder(Int64(i)), .majority))
            cluster.run(for: .milliseconds(50))
        }
        cluster.partitioned = [(n1, n2), (n1, n3)]
        for i in 6...9 {
            cluster.sendCommand(from: 99, to: 1, Fixtures.command(UInt64(i), Fixtures.insertOrder(Int64(i)), .primary))
        }
        cluster.run(for: .milliseconds(50))
        #expect(cluster.member(1).preImageCount == 4)   // the four unreplicated w:1 writes
        cluster.member(1).checkInvariants()
        cluster.run(for: .seconds(20))
        cluster.partitioned = []
        cluster.run(for: .seconds(10))
        #expect(cluster.member(1).rolledBackOperations == 4)
        for n in 1...3 {
            for i in 1...5 { #expect(cluster.member(n).data.document(Fixtures.orders, DocumentID(Int64(i))) != nil) }
            for i in 6...9 { #expect(cluster.member(n).data.document(Fixtures.orders, DocumentID(Int64(i))) == nil) }
        }
    }
}
