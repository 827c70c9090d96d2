import Foundation
import Testing
@testable import Scenarios

/// `extends:` merges mappings key by key; a key set to `null` in the extending file drops the
/// inherited entry (e.g. a whole-run budget a fault scenario breaks by construction), and `[]`
/// keeps the key with no expressions (docs/scenario-format.md "extends").
struct ExtendsNullTests {
    static func files(_ overlay: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cinesim-extends-null-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try (validBase + "\nbudgets:\n  \"POST /api/compras\": [\"p(99)<800ms\"]\n  \"GET /api/funciones/{id}\": [\"p(95)<300ms\"]\n")
            .write(toFile: dir + "/base.yaml", atomically: true, encoding: .utf8)
        try ("extends: base.yaml\nname: child\n" + overlay).write(toFile: dir + "/child.yaml", atomically: true, encoding: .utf8)
        return dir + "/child.yaml"
    }

    @Test func nullDropsAnInheritedBudgetEntry() throws {
        let s = try ScenarioLoader.load(file: try Self.files("budgets:\n  \"POST /api/compras\": null\n"))
        #expect(s.budgets.map(\.target) == ["GET /api/funciones/{id}"])
        let tilde = try ScenarioLoader.load(file: try Self.files("budgets:\n  \"POST /api/compras\": ~\n"))
        #expect(tilde.budgets.map(\.target) == ["GET /api/funciones/{id}"])
    }

    @Test func emptyListKeepsTheTargetWithoutExpressions() throws {
        let s = try ScenarioLoader.load(file: try Self.files("budgets:\n  \"POST /api/compras\": []\n"))
        #expect(s.budgets.first { $0.target == "POST /api/compras" }?.budgets.isEmpty == true)
    }

    @Test func nullOnTheCommandLineDropsTooAndQuotedNullIsText() throws {
        let path = try Self.files("")
        let s = try ScenarioLoader.load(file: path, overrides: ["budgets.POST /api/compras=null"])
        #expect(s.budgets.map(\.target) == ["GET /api/funciones/{id}"])
        // A quoted "null" is a string, not YAML's null: still an (invalid) expression.
        #expect(throws: ScenarioError.self) { try ScenarioLoader.load(file: try Self.files("budgets:\n  \"POST /api/compras\": \"null\"\n")) }
    }
}
