import Foundation
import Testing
@testable import Scenarios

/// `cinesim validate` reports every independent mistake of a file, sorted by position, instead
/// of one per run (the new user needed 10 runs for 10 mistakes).
struct ValidateAllErrorsTests {
    static func write(_ yaml: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cinesim-validate-\(UUID().uuidString).yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func independentMistakesAreAllReportedInFileOrder() throws {
        let yaml = """
        name: tiny
        durration: 30s
        duration: 30s
        workload:
          stages:
            - {duration: 30s, target: -5/s}
        faults:
          - {kind: instance-crash, target: compra-commando-1, at: 10s}
          - {kind: latency, target: funcion-query, at: 5s}
        budgets:
          "POST /api/compra": ["p(99)<800ms"]
          "GET /api/funciones/{id}": ["p(99)<<1s"]
        """
        let path = try Self.write(yaml)
        let (scenario, errors) = ScenarioLoader.validate(file: path)
        #expect(scenario == nil)
        // Unknown key (line 2), negative rate (6), bad fault target (8), latency fault without latency (9).
        // Budgets are not checked while a fault is broken (recovery budgets depend on the faults).
        #expect(errors.map(\.line) == [2, 6, 8, 9])
        #expect(errors[0].message.contains("unknown key 'durration'") && errors[1].message.contains("negative rate"))
        // Loading still stops at the first, as before.
        #expect(throws: ScenarioError.self) { try ScenarioLoader.load(file: path) }
        do { _ = try ScenarioLoader.load(file: path) } catch { #expect(error.line == 2) }
    }

    @Test func budgetTargetsAreCheckedOneByOne() throws {
        let yaml = validBase + "\nbudgets:\n  \"POST /api/compra\": [\"p(99)<800ms\"]\n  \"GET /api/funciones/{id}\": [\"p(99)<<1s\"]\n"
        let (_, errors) = ScenarioLoader.validate(file: try Self.write(yaml))
        #expect(errors.map(\.line) == [7, 8])
        let valid = ScenarioLoader.validate(file: try Self.write(validBase))
        #expect(valid.scenario?.name == "tiny" && valid.errors.isEmpty)
    }
}
