import Testing
import SimulationPrimitives
@testable import LoadBalancing

/// Stats slots are found through a dense array for the platform's small instance ids and through a
/// dictionary for any other id; both paths must keep each server's stats apart and survive refreshes.
@Suite struct ServerStatsSlotTests {
    @Test func denseAndSparseIDsKeepTheirOwnStats() {
        let ids = [3, 0, 70_000, -5, 1 << 40, 65_535]   // dense, dense, sparse, sparse, sparse, last dense
        var lb = LoadBalancer(config: RibbonClientConfig(), createdAt: .zero)
        lb.refreshServerList(ids.map { ServerInfo(id: ServerID($0)) }, at: .zero)
        lb.checkInvariants()
        // Server k gets k + 1 active requests; server ids[1] also three connection failures (tripped).
        for (k, id) in ids.enumerated() {
            for _ in 0...k { lb.noteRequestStarted(on: ServerID(id), at: at(1)) }
        }
        trip(&lb, ids[1], now: at(2))
        for (k, id) in ids.enumerated() {
            #expect(lb.activeRequests(on: ServerID(id), at: at(2)) == k + 1)
            #expect(lb.isCircuitTripped(ServerID(id), at: at(2)) == (id == ids[1]))
        }
        // A refresh that drops and re-adds servers keeps their stats (Ribbon keeps ServerStats by server).
        lb.refreshServerList([ServerInfo(id: ServerID(70_000))], at: at(3))
        lb.refreshServerList(ids.reversed().map { ServerInfo(id: ServerID($0)) }, at: at(4))
        lb.checkInvariants()
        for (k, id) in ids.enumerated() { #expect(lb.stats(of: ServerID(id)).rawActiveRequests == k + 1) }
        // Never-seen servers read as fresh stats in both ranges.
        #expect(lb.activeRequests(on: ServerID(9), at: at(4)) == 0)
        #expect(lb.activeRequests(on: ServerID(1 << 20), at: at(4)) == 0)
        #expect(lb.stats(of: ServerID(9)).totalRequests == 0)
    }
}
