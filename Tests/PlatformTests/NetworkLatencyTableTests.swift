import Testing
import SimulationPrimitives
import Scenarios
@testable import Platform

/// The per-hop latency table (`NetworkLatencyTable`) against the scan it replaced
/// (`oneWayLatencyScan`): for every (from zone, target node), the same duration and the same
/// draws from the stream, with and without slow links (wildcards, several matching one hop,
/// external targets), and after the link distributions change.
@Suite struct NetworkLatencyTableTests {
    static func simulation() throws -> PlatformSimulation {
        let yaml = SmallScenarios.yaml(duration: "5s").replacingOccurrences(of: "zones: [zone-a, zone-b]", with: "zones: [zone-a, zone-b, zone-c]")
        return try PlatformSimulation(scenario: try SmallScenarios.load(yaml))
    }

    /// Every (from zone, node) pair, `rounds` times each, table and scan from equal streams.
    static func expectTableMatchesScan(_ sim: PlatformSimulation, rounds: Int = 3, seed: UInt64) {
        var viaTable = RandomStream(seed: seed), viaScan = viaTable
        let zoneCount = Int16(sim.scenario.topology.zones.count)
        for _ in 0..<rounds {
            for from in 0..<zoneCount {
                for node in 0..<Int32(sim.nodes.count) {
                    let a = sim.oneWayLatency(fromZone: from, to: node, random: &viaTable)
                    let b = sim.oneWayLatencyScan(fromZone: from, to: node, random: &viaScan)
                    if a != b {
                        Issue.record("zone \(from) → node \(node) (\(sim.nodes[Int(node)].kind)): table \(a), scan \(b)")
                        return
                    }
                }
            }
        }
        #expect(viaTable.next() == viaScan.next())
    }

    @Test func tableMatchesScanWithoutSlowLinks() throws {
        let sim = try Self.simulation()
        #expect(sim.nodes.indices.contains { sim.nodes[$0].kind == .external })
        Self.expectTableMatchesScan(sim, seed: 1)
        // 3 zones: 3 × 6 cells, no slow-link indices.
        #expect(sim.networkLatencyTable.cells.count == 18)
        #expect(sim.networkLatencyTable.slowLinkIndices.isEmpty)
    }

    @Test func tableMatchesScanWithSlowLinksInOrder() throws {
        let sim = try Self.simulation()
        sim.slowLinks = [
            (from: 0, to: 1, latency: .milliseconds(5), jitter: .milliseconds(2)),
            (from: -1, to: 1, latency: .milliseconds(1), jitter: .zero),
            (from: 2, to: -1, latency: .microseconds(300), jitter: .microseconds(100)),
            (from: -1, to: -1, latency: .microseconds(50), jitter: .microseconds(20)),
            (from: 0, to: 1, latency: .milliseconds(7), jitter: .milliseconds(3)),
        ]
        sim.networkLatencyTable.isBuilt = false
        Self.expectTableMatchesScan(sim, seed: 2)
        // Zone 0 → a zone-1 node matches links 0, 1, 3 and 4, in that order.
        let table = sim.networkLatencyTable
        let cell = table.cells[table.cellIndex(fromZone: 0, column: 1)]
        let matched = table.slowLinkIndices[Int(cell.slowLinkStart)..<Int(cell.slowLinkStart + cell.slowLinkCount)]
        #expect(Array(matched) == [0, 1, 3, 4])
    }

    @Test func faultStartAndEndRequestARebuild() throws {
        let yaml = SmallScenarios.yaml(duration: "5s", extra: "faults:\n  - {kind: latency, target: funcion-query-1, at: 1s, for: 1s, latency: 20ms}\n")
        let sim = try PlatformSimulation(scenario: try SmallScenarios.load(yaml))
        var rng = RandomStream(seed: 3)
        _ = sim.oneWayLatency(fromZone: 0, to: 0, random: &rng)
        #expect(sim.networkLatencyTable.isBuilt)
        sim.startFault(0)
        #expect(!sim.networkLatencyTable.isBuilt)
        _ = sim.oneWayLatency(fromZone: 0, to: 0, random: &rng)
        sim.endFault(0)
        #expect(!sim.networkLatencyTable.isBuilt)
    }

    @Test func empiricalAndLognormalLinksMatchTheScan() throws {
        let sim = try Self.simulation()
        let table = try EmpiricalDistribution(points: [(0, 0.000_1), (0.5, 0.000_3), (0.99, 0.002), (1, 0.01)])
        sim.sameZoneLatency = DistributionSampler(distribution: .empirical(table))
        sim.crossZoneLatency = DistributionSampler(distribution: .lognormal(median: 0.000_8, p99: 0.004))
        sim.externalLatency = DistributionSampler(distribution: .normal(mean: 0.03, standardDeviation: 0.01))
        sim.networkLatencyTable.isBuilt = false
        Self.expectTableMatchesScan(sim, seed: 4)
    }
}
