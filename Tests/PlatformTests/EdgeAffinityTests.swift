import Testing
import Scenarios
import Telemetry
@testable import Platform

/// `workload.edge_affinity`: one of three edge instances answers 2 s late (a `latency` fault).
/// With `session` a journey keeps the edge it resolved first, so a third of journeys meet the slow
/// edge and the median journey never does; with `request` every step resolves again and a browse
/// journey of 5–6 steps avoids the slow edge only with probability (2/3)^5 ≈ 13 % or less, so the
/// median journey is at least 2 s slower than without the fault. (Bounds from the round-robin
/// choice; the median without the fault is mostly think time.)
@Test(arguments: [Workload.EdgeAffinity.session, .request])
func edgeAffinityDecidesHowManyJourneysMeetASlowEdge(affinity: Workload.EdgeAffinity) throws {
    func medianBrowseJourneyMs(fault: Bool) throws -> Double {
        let yaml = SmallScenarios.yaml(duration: "30s", rate: "60/s", extra: fault ? """
            faults:
              - {kind: latency, target: edge-1, at: 0s, for: 30s, latency: 2s}
            """ : "")
            .replacingOccurrences(of: "  zones: [zone-a, zone-b]\n", with: "  zones: [zone-a, zone-b]\n  edge: {instances: 3}\n")
            .replacingOccurrences(of: "  client_timeout: 10s", with: "  client_timeout: 10s\n  mix: {browse: 100%}\n  edge_affinity: \(affinity.rawValue)")
        let artifacts = try PlatformSimulation(scenario: try SmallScenarios.load(yaml)).run()
        let browse = try #require(artifacts.summary.routes.first { $0.kind == .journey && $0.name == "browse-cartelera" })
        #expect(browse.count > 200)
        return browse.latency.p50Ms
    }
    let healthy = try medianBrowseJourneyMs(fault: false)
    let slowEdge = try medianBrowseJourneyMs(fault: true)
    switch affinity {
    case .session: #expect(slowEdge < healthy + 500, "median journey \(healthy) ms → \(slowEdge) ms")
    case .request: #expect(slowEdge > healthy + 2_000, "median journey \(healthy) ms → \(slowEdge) ms")
    }
}
