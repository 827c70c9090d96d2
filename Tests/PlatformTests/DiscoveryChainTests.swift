import Testing
import Scenarios
import Telemetry
@testable import Platform

/// Case F03 / reference/netflix-oss.md §5.5: after kill -9 a dead instance keeps being chosen until
/// the cache chain drains — lease expiry (2 × 90 s after the last renewal, stock), eviction (60 s),
/// the server's read-only cache (30 s), the client's delta fetch (30 s), Ribbon's list refresh
/// (30 s): at most 330 s. A graceful stop (deregistration) is bounded by 30 + 30 + 30 = 90 s.
func lastDeadRouting(fault: String, duration: String) throws -> (first: Int?, last: Int?) {
    let yaml = SmallScenarios.yaml(duration: duration, rate: "20/s").replacingOccurrences(of: "warmup: 2s", with: "warmup: 2s\nbucket: 1s")
        .replacingOccurrences(of: "  client_timeout: 10s", with: "  client_timeout: 10s\n  mix: {browse: 100%}")
        + "faults:\n  - {kind: \(fault), target: funcion-query-2, at: 20s}\n"
        + "topology_note: none\n"
    let cleaned = yaml.replacingOccurrences(of: "topology_note: none\n", with: "")
    let artifacts = try PlatformSimulation(scenario: try SmallScenarios.load(cleaned)).run()
    let series = artifacts.timeSeries.values(.requestsToDeadInstances, "funcion-query") ?? []
    return (series.firstIndex { $0 > 0 }, series.lastIndex { $0 > 0 })
}

@Test func killedInstanceStopsReceivingTrafficWithinTheCacheChainBound() throws {
    let (first, last) = try lastDeadRouting(fault: "instance-crash", duration: "420s")
    #expect(first != nil && first! >= 20)
    // Dies at 20 s; the stock chain bound is 2×90 + 60 + 30 + 30 + 30 = 330 s after death.
    #expect(last! <= 20 + 330)
    // And not before the lease can expire at all: the best case is 150 s after death (§5.5),
    // so callers were still routing to it well after 60 s.
    #expect(last! >= 20 + 60)
}

@Test func gracefullyStoppedInstanceDrainsWithinNinetySeconds() throws {
    let (_, last) = try lastDeadRouting(fault: "graceful-stop", duration: "200s")
    if let last { #expect(last <= 20 + 90) }
}
