import Foundation
import Testing
import Scenarios
import Telemetry
@testable import Platform

@Test func sameSeedGivesIdenticalSummaryExceptEngine() throws {
    let scenario = try SmallScenarios.load(SmallScenarios.yaml(duration: "14s", extra: "faults:\n  - {kind: instance-crash, target: funcion-query-1, at: 8s, for: 4s}\n"))
    let first = try PlatformSimulation(scenario: scenario).run()
    let second = try PlatformSimulation(scenario: scenario).run()
    let a = try SummaryFiles.deterministicPart(first.summary)
    let b = try SummaryFiles.deterministicPart(second.summary)
    #expect(a == b)
    #expect(first.timeSeries == second.timeSeries)
    #expect(first.summary.routes.reduce(0) { $0 + $1.count } > 500)
}

@Test func differentSeedGivesDifferentSummary() throws {
    let one = try PlatformSimulation(scenario: try SmallScenarios.load(SmallScenarios.yaml(seed: 1))).run()
    let two = try PlatformSimulation(scenario: try SmallScenarios.load(SmallScenarios.yaml(seed: 2))).run()
    #expect(try SummaryFiles.deterministicPart(one.summary) != SummaryFiles.deterministicPart(two.summary))
}

@Test func summaryIsWrittenAtomicallyUnderScenarioAndRunID() throws {
    let artifacts = try PlatformSimulation(scenario: try SmallScenarios.load(SmallScenarios.yaml(duration: "5s"))).run()
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("cinesim-summary-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    let folder = SummaryFiles.runFolder(root: root, summary: artifacts.summary)
    #expect(folder.hasPrefix(root + "/small/s11-"))
    try SummaryFiles.writeAtomically(try SummaryFiles.encode(artifacts.summary), to: folder + "/summary.json")
    let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/summary.json"))
    let decoded = try JSONDecoder().decode(RunSummary.self, from: data)
    #expect(decoded == artifacts.summary)
    // No temporary file is left next to it.
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["summary.json"])
}
