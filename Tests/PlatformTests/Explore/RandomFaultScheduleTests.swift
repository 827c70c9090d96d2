import Platform
import Scenarios
import SimulationPrimitives
import Testing

@Suite("Explore: seeded random fault schedules")
struct RandomFaultScheduleTests {
    static let base = SmallScenarios.yaml(duration: "20s")

    static func draw(seed: UInt64, count: Int, scenario: Scenario) -> [FaultSpec] {
        var random = RandomStream(rootSeed: seed, component: RandomFaultSchedule.streamComponent)
        return RandomFaultSchedule.generate(topology: scenario.topology, duration: scenario.duration, warmup: scenario.warmup,
                                            count: count, random: &random)
    }

    @Test func sameSeedSameScheduleDifferentSeedsDiffer() throws {
        let scenario = try SmallScenarios.load(Self.base)
        let a = Self.draw(seed: 7, count: 5, scenario: scenario)
        #expect(a == Self.draw(seed: 7, count: 5, scenario: scenario))
        #expect(a.count == 5)
        let others = (8...12).map { Self.draw(seed: UInt64($0), count: 5, scenario: scenario) }
        #expect(others.allSatisfy { $0 != a })
        #expect(Self.draw(seed: 7, count: 0, scenario: scenario).isEmpty)
    }

    /// Every drawn schedule is valid input: written as YAML it loads back (the loader checks kinds,
    /// targets against the topology and parameters) to the same faults, inside the measured window.
    @Test func generatedFaultsRoundTripThroughTheLoaderAndStayInTheWindow() throws {
        let scenario = try SmallScenarios.load(Self.base)
        for seed in UInt64(1)...60 {
            let count = 1 + Int(seed % 6)
            let faults = Self.draw(seed: seed &* 0x9E37_79B9_7F4A_7C15, count: count, scenario: scenario)
            #expect(faults.count == count)
            for f in faults {
                #expect(f.at >= scenario.warmup && f.at < scenario.duration)
                if let d = f.duration { #expect(d > .zero && f.at + d <= scenario.duration) }
            }
            #expect(faults.map(\.at) == faults.map(\.at).sorted())
            let yaml = Self.base + "\nfaults:\n" + faults.map { "  - " + ExploreScenarioFile.flowMapping($0) + "\n" }.joined()
            let loaded = try SmallScenarios.load(yaml)
            #expect(loaded.faults.map(\.kind) == faults.map(\.kind))
            #expect(loaded.faults.map(\.target) == faults.map(\.target))
            #expect(loaded.faults.map(\.at) == faults.map(\.at))
            #expect(loaded.faults.map(\.duration) == faults.map(\.duration))
            #expect(loaded.faults.map(\.parameters) == faults.map(\.parameters))
        }
    }

    @Test func targetsComeFromTheTopology() throws {
        let scenario = try SmallScenarios.load(Self.base)
        let faults = (1...40).flatMap { Self.draw(seed: UInt64($0), count: 4, scenario: scenario) }
        let serviceIDs = scenario.topology.services.map(\.id)
        for f in faults {
            switch f.kind {
            case .zoneOutage: #expect(["zone-a", "zone-b"].contains(f.target))
            case .partition: #expect(Set([f.target, f.parameters.peer]) == Set(["zone-a", "zone-b"]))
            case .shardSlowdown, .primaryStepDown, .memberLoss: #expect(f.target.hasPrefix("shard-"))
            case .registryOutage: #expect(f.target == "eureka")
            case .oauthOutage, .oauthSlowdown: #expect(f.target == "oauth")
            case .externalOutage, .externalRateLimit: #expect(ServiceCatalog.externalAPIs.contains(f.target))
            default:
                // A service or one of its instances (`compra-command-2`; 2 instances each here).
                #expect(serviceIDs.contains(f.target) || serviceIDs.contains { f.target == "\($0)-1" || f.target == "\($0)-2" })
            }
        }
        // Forty seeds of four faults reach most kinds.
        #expect(Set(faults.map(\.kind)).count >= 12)
    }

    @Test func singleZoneTopologyDrawsNoZoneFaults() throws {
        let scenario = try SmallScenarios.load(Self.base.replacingOccurrences(of: "zones: [zone-a, zone-b]", with: "zones: [zone-a]"))
        let faults = (1...30).flatMap { Self.draw(seed: UInt64($0), count: 4, scenario: scenario) }
        #expect(!faults.contains { $0.kind == .zoneOutage || $0.kind == .partition })
    }

    @Test func scenarioFileExtendsTheBaseAndListsBaseFaultsFirst() throws {
        var parameters = FaultParameters()
        parameters.errorRate = 0.3
        parameters.status = 503
        let generated = FaultSpec(kind: .errors, target: "sala-query-1", at: .seconds(2), duration: .seconds(1), parameters: parameters,
                                  location: SourceLocation(file: "explore", line: 0, column: 0))
        let text = ExploreScenarioFile.text(extends: "/x/base.yaml", name: "base-seed-3", seed: 3, faults: [generated], comment: "line one\nline two")
        #expect(text == """
            # line one
            # line two
            extends: "/x/base.yaml"
            name: base-seed-3
            seed: 3
            faults:
              - {kind: errors, target: "sala-query-1", at: 2s, for: 1s, rate: 30%, status: 503}

            """)
    }
}
