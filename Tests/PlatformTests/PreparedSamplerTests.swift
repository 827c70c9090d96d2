import Testing
import SimulationPrimitives
import Scenarios
@testable import Platform

/// The prepared samplers the hot path reads (round 8): each node's service time
/// (`serviceTime(of:)`, used by `compute`) and the client legs' zone links (`sameZoneOrCross`)
/// against the `DistributionSampler`s they stand for — the same durations, bit for bit, and the
/// same draws from the stream, for every parametric family the scenarios use and for an
/// `empirical` table (which falls back to the distribution).
@Suite struct PreparedSamplerTests {
    static func simulation() throws -> PlatformSimulation {
        try PlatformSimulation(scenario: try SmallScenarios.load(SmallScenarios.yaml(duration: "5s")))
    }

    static let families: [Distribution] = [
        .exponential(mean: 0.000_25),
        .lognormal(median: 0.002, p99: 0.01),
        .normal(mean: 0.003, standardDeviation: 0.001),
        .uniform(lower: 0.001, upper: 0.004),
        .constant(0.002),
    ]

    @Test func serviceTimesMatchTheNodesSamplers() throws {
        let sim = try Self.simulation()
        let table = try EmpiricalDistribution(points: [(0, 0.000_1), (0.5, 0.000_3), (0.99, 0.002), (1, 0.01)])
        let choices = Self.families + [.empirical(table)]
        // Give the nodes every family in turn, then prepare their samplers again.
        for node in sim.nodes.indices { sim.nodes[node].serviceTime = DistributionSampler(distribution: choices[node % choices.count]) }
        sim.rebuildServiceTimeSamplers()
        var reference = RandomStream(seed: 21)
        sim.serviceRandom = reference
        for _ in 0..<50 {
            for node in sim.nodes.indices {
                let prepared = sim.serviceTime(of: Int32(node))
                let expected = sim.nodes[node].serviceTime.sample(&reference)
                #expect(prepared == expected, "node \(node) (\(choices[node % choices.count]))")
            }
        }
        #expect(sim.serviceTimeSamplers.count == sim.nodes.count)
        #expect(sim.serviceRandom.next() == reference.next())
    }

    @Test func clientLegsMatchTheZoneLinks() throws {
        let sim = try Self.simulation()
        let table = try EmpiricalDistribution(points: [(0, 0.000_1), (0.5, 0.000_3), (1, 0.01)])
        for (same, cross) in zip(Self.families + [.empirical(table)], [.empirical(table)] + Self.families) {
            // Assigning the samplers refreshes the prepared ones (`didSet`).
            sim.sameZoneLatency = DistributionSampler(distribution: same)
            sim.crossZoneLatency = DistributionSampler(distribution: cross)
            #expect(sim.sameZoneSampler == Distribution.Prepared(same))
            var reference = RandomStream(seed: 33)
            sim.networkRandom = reference
            for k in 0..<200 {
                let from = Int16(k % 2), to = Int16(k % 3 == 0 ? 0 : 1)
                let latency = sim.sameZoneOrCross(from: from, toZone: to)
                let expected = from == to ? sim.sameZoneLatency.sample(&reference) : sim.crossZoneLatency.sample(&reference)
                #expect(latency == expected)
            }
            #expect(sim.networkRandom.next() == reference.next())
        }
    }
}
