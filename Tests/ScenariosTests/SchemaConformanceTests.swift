import Foundation
import Testing
@testable import Scenarios

/// The exported JSON Schema (`cinesim schema`) must accept every bundled scenario file, or editors
/// mark valid files red. The validator below implements the JSON Schema keywords the schema uses
/// (type, properties, additionalProperties, required, pattern, enum, items, oneOf, anyOf,
/// minItems, minimum) over the YAML tree the loader reads; YAML scalars carry no type, so a
/// scalar is an integer/number/boolean when its text parses as one.
struct SchemaConformanceTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func bundledScenarioFiles() throws -> [String] {
        let folder = repository.appendingPathComponent("scenarios").path
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
        return files.map { folder + "/" + $0 }
    }

    @Test func everyBundledScenarioMatchesTheSchema() throws {
        let files = try Self.bundledScenarioFiles()
        #expect(files.count >= 20)   // 8 top-level scenarios + the incident pairs
        let schema = ScenarioSchema.document
        var extendsCount = 0
        for file in files {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let tree = try SourceNode.parse(yaml: text, file: file)
            if case .mapping(let entries, _) = tree, entries.contains(where: { $0.key == "extends" }) { extendsCount += 1 }
            let problems = SchemaValidator.validate(tree, schema, path: "")
            #expect(problems.isEmpty, "\(file): \(problems.joined(separator: "; "))")
        }
        #expect(extendsCount > 0)   // the conditional `required` is exercised
    }

    @Test func durationAndWindowPatterns() {
        func matches(_ pattern: String, _ text: String) -> Bool { SchemaValidator.matches(pattern, text) }
        for ok in ["250ms", "1.5s", "2m", "1h30m", "2d", "0", "500us", "1d12h"] { #expect(matches(ScenarioSchema.durationPattern, ok), "\(ok)") }
        for bad in ["4 minutes", "90", "1.s", "m", ""] { #expect(!matches(ScenarioSchema.durationPattern, bad), "\(bad)") }
        // docs/scenarios.md and bad-config-push.yaml use open-ended windows.
        for ok in ["2m..10m", "..5m", "2m..", "7m10s..", "0..30s"] { #expect(matches(ScenarioSchema.windowPattern, ok), "\(ok)") }
        for bad in ["..", "2m", "a..b", "2m...5m"] { #expect(!matches(ScenarioSchema.windowPattern, bad), "\(bad)") }
    }

    @Test func requiredKeysAreConditionalOnExtends() {
        let schema = ScenarioSchema.document
        let onlyExtends = try! SourceNode.parse(yaml: "extends: base.yaml\nseed: 7\n", file: "variant.yaml")
        #expect(SchemaValidator.validate(onlyExtends, schema, path: "").isEmpty)
        let neither = try! SourceNode.parse(yaml: "seed: 7\n", file: "broken.yaml")
        #expect(!SchemaValidator.validate(neither, schema, path: "").isEmpty)
        let badDuration = try! SourceNode.parse(yaml: "name: x\nduration: 4 minutes\nworkload: {start_rate: 10/s}\n", file: "x.yaml")
        #expect(SchemaValidator.validate(badDuration, schema, path: "").contains { $0.contains("duration") })
    }
}

/// A small JSON Schema (2020-12 subset) validator over ``SourceNode``.
enum SchemaValidator {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    static func typeMatches(_ node: SourceNode, _ type: String) -> Bool {
        switch (node, type) {
        case (.mapping, "object"), (.sequence, "array"): return true
        case (.scalar, "string"): return true
        case (.scalar(let t, _), "integer"): return Int(t) != nil
        case (.scalar(let t, _), "number"): return Double(t) != nil
        case (.scalar(let t, _), "boolean"): return ["true", "false"].contains(t)
        default: return false
        }
    }

    static func validate(_ node: SourceNode, _ schema: [String: Any], path: String) -> [String] {
        var problems: [String] = []
        let at = path.isEmpty ? "(root)" : path
        if let type = schema["type"] {
            let types = (type as? [String]) ?? [type as! String]
            if !types.contains(where: { typeMatches(node, $0) }) { return ["\(at): expected \(types.joined(separator: "|"))"] }
        }
        if let pattern = schema["pattern"] as? String, case .scalar(let text, _) = node, !matches(pattern, text) {
            // JSON Schema applies `pattern` to strings only; a YAML number for a number-typed key is not a string.
            let types = (schema["type"] as? [String]) ?? [(schema["type"] as? String) ?? "string"]
            if !(Double(text) != nil && types.contains("number")) { problems.append("\(at): '\(text)' does not match \(pattern)") }
        }
        if let values = schema["enum"] as? [Any], case .scalar(let text, _) = node {
            if !values.contains(where: { "\($0)" == text }) { problems.append("\(at): '\(text)' not in enum") }
        }
        if let minimum = schema["minimum"] as? Int, case .scalar(let text, _) = node, let v = Int(text), v < minimum {
            problems.append("\(at): \(v) < \(minimum)")
        }
        if case .mapping(let entries, _) = node {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for entry in entries {
                let child = path.isEmpty ? entry.key : path + "." + entry.key
                if let sub = properties[entry.key] as? [String: Any] {
                    problems += validate(entry.value, sub, path: child)
                } else if let additional = schema["additionalProperties"] as? [String: Any] {
                    problems += validate(entry.value, additional, path: child)
                } else if (schema["additionalProperties"] as? Bool) == false {
                    problems.append("\(child): key not allowed by the schema")
                }
            }
            for key in schema["required"] as? [String] ?? [] where !entries.contains(where: { $0.key == key }) {
                problems.append("\(at): missing required '\(key)'")
            }
        }
        if case .sequence(let items, _) = node {
            if let min = schema["minItems"] as? Int, items.count < min { problems.append("\(at): fewer than \(min) items") }
            if let itemSchema = schema["items"] as? [String: Any] {
                for (i, item) in items.enumerated() { problems += validate(item, itemSchema, path: "\(path)[\(i)]") }
            }
        }
        if let alternatives = schema["oneOf"] as? [[String: Any]] {
            let passing = alternatives.filter { validate(node, $0, path: path).isEmpty }.count
            if passing != 1 { problems.append("\(at): matches \(passing) of the oneOf alternatives (needs exactly 1)") }
        }
        if let alternatives = schema["anyOf"] as? [[String: Any]], !alternatives.contains(where: { validate(node, $0, path: path).isEmpty }) {
            problems.append("\(at): matches none of the anyOf alternatives: " + alternatives.flatMap { validate(node, $0, path: path) }.joined(separator: ", "))
        }
        return problems
    }
}
