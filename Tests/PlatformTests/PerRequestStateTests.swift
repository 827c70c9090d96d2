import Testing
import Scenarios
@testable import Platform

/// Issue 6: memory stays flat as the simulated duration grows because per-request state is freed
/// at completion. Every per-request table hands its released slots to the next request, so the
/// slots a table ever created are bounded by the peak concurrency (Little's law: arrival rate ×
/// time in system), not by the number of requests served. Running the same steady load four times
/// as long must serve about four times the requests with about the same slot counts.
@Test func perRequestTablesStayBoundedWhenTheRunIsFourTimesLonger() throws {
    let short = try PlatformSimulation(scenario: try SmallScenarios.load(SmallScenarios.yaml(duration: "20s")))
    _ = short.run()
    let long = try PlatformSimulation(scenario: try SmallScenarios.load(SmallScenarios.yaml(duration: "80s")))
    _ = long.run()

    // The load really did last four times as long (open model at 100/s: ~4x the requests).
    let served = (short: short.clientRequestsCompleted, long: long.clientRequestsCompleted)
    #expect(served.short > 1_000)
    #expect(Double(served.long) > 3.5 * Double(served.short), "served \(served)")

    // Slots created per table: the short run's peak plus Poisson headroom, never 4x.
    let tables: [(name: String, short: Int, long: Int)] = [
        ("calls", short.calls.count, long.calls.count),
        ("requests", short.requests.count, long.requests.count),
        ("sessions", short.sessions.count, long.sessions.count),
        ("outbounds", short.outbounds.count, long.outbounds.count),
        ("bodies", short.bodies.count, long.bodies.count),
        ("handlers", short.handlers.count, long.handlers.count),
        ("eventBatches", short.eventBatches.count, long.eventBatches.count),
        ("eurekaMessages", short.eurekaMessages.count, long.eurekaMessages.count),
        ("storeMessages", short.store.messages.count, long.store.messages.count),
    ]
    for table in tables {
        #expect(table.short > 0, "\(table.name) was never used")
        #expect(Double(table.long) <= 1.5 * Double(table.short) + 16, "\(table.name): \(table.short) slots in 20 s, \(table.long) in 80 s")
    }
    // What is still live at the end is in flight: a small fraction of what was served.
    #expect(long.requests.live * 20 < served.long, "\(long.requests.live) requests live at the end")
}
