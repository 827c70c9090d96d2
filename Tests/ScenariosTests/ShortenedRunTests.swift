import Foundation
import Testing
import SimulationPrimitives
import Telemetry
@testable import Scenarios

/// A fault scenario run shorter than its faults (`--duration 3m` on the bundled zone-partition,
/// faults at 5m): the faults are left out with a warning and their recovery budgets skipped, as
/// docs/reports.md "Windows and short runs" says; the file setting both stays a located error.
struct ShortenedRunTests {
    static let path = #filePath.components(separatedBy: "/Tests/")[0] + "/scenarios/zone-partition.yaml"

    @Test func durationOverrideLeavesLateFaultsOutWithAWarning() throws {
        let s = try ScenarioLoader.load(file: Self.path, overrides: ["duration=3m"])
        #expect(s.duration == .seconds(180))
        #expect(s.faults.isEmpty)
        #expect(s.faultsNotStarting.map(\.parameters.peer) == ["zone-a", "zone-b"])
        #expect(s.warnings.contains("fault partition on zone-c ↔ zone-a at 5m never starts in this run (it ends at 3m): left out"))
        // Four recovery budgets (compras, confirmar, funciones/{id}, buy-tickets), each skipped.
        #expect(s.skippedBudgets.count == 4)
        #expect(s.skippedBudgets.allSatisfy { $0.isSkipped && !$0.failed && $0.expression == "recovery<=36s" })
        #expect(s.skippedBudgets.first?.observed == "skipped: every matching fault starts after the run's end (3m)")
        #expect(!s.budgets.flatMap(\.budgets).contains { if case .recovery = $0.expression.aggregate { true } else { false } })
    }

    @Test func faultCutByTheRunsEndIsKeptWithAWarning() throws {
        // zone-partition's faults run 5m–7m: a 6m run keeps them, says they are cut, and the
        // report shows them lasting to the end (Platform's FaultTests check the null end).
        let s = try ScenarioLoader.load(file: Self.path, overrides: ["duration=6m"])
        #expect(s.faults.count == 2 && s.faultsNotStarting.isEmpty)
        #expect(s.warnings.contains("fault partition on zone-c ↔ zone-a from 5m for 2m is still active when this run ends at 6m: reported as lasting to the end, its recovery not measured"))
    }

    @Test func fileSettingBothKeepsTheLocatedError() {
        let yaml = validBase + "\nfaults:\n  - {kind: instance-crash, target: compra-command-1, at: 40s}\n"
        #expect(throws: ScenarioError.self) { try ScenarioLoader.load(yaml: yaml) }
        do { _ = try ScenarioLoader.load(yaml: yaml) } catch {
            #expect(error.message == "fault starts at 40s, after the run ends (30s)" && error.line == 7)
        }
        // The same fault under a `--set duration=` override is left out instead.
        let s = try? ScenarioLoader.load(yaml: yaml.replacingOccurrences(of: "duration: 30s\nworkload", with: "duration: 1m\nworkload"), overrides: ["duration=30s"])
        #expect(s?.faults.isEmpty == true && s?.faultsNotStarting.count == 1)
    }
}
