import Foundation
import SimulationPrimitives

/// Loads a scenario file: reads it and every file it `extends:`, merges them, applies `--set`
/// overrides and decodes the result into a checked ``Scenario``.
///
/// ```swift
/// let scenario = try ScenarioLoader.load(file: "scenarios/zone-partition.yaml", overrides: ["workload.stages.0.target=200/s"])
/// ```
/// - Throws: ``ScenarioError`` (located `file:line:column`) for every kind of bad input; never crashes.
public enum ScenarioLoader {
    /// Longest `extends:` chain followed before reporting a cycle.
    static let maximumExtendsDepth = 8

    /// Loads `file` with `overrides` (`key.path=value`, applied in order after merging).
    public static func load(file: String, overrides: [String] = []) throws(ScenarioError) -> Scenario {
        var files: [String] = []
        var hash = StableHashAccumulator()
        var tree = try readWithBases(file: file, chain: [], files: &files, hash: &hash)
        for override in overrides {
            tree = try apply(override: override, to: tree)
        }
        tree = tree.removingNulls()
        var decoder = ScenarioDecoder(defaultsFileLocation: tree.location)
        var scenario = try decoder.decode(tree)
        scenario.sourceFiles = files
        scenario.fileHash = hash.hex
        return scenario
    }

    /// Validates `file` with `overrides` and reports **every** independent problem it can find, in
    /// file order (file, line, column): each top-level section, each fault and each budget target
    /// is checked on its own, so one broken item does not hide the next (`cinesim validate`). A
    /// section that depends on a broken one (faults on a broken topology, budgets on broken faults)
    /// is not checked. Reading, YAML syntax and `extends:` problems stop at the first.
    /// - Returns: the scenario when there are no errors, and the errors sorted by location.
    public static func validate(file: String, overrides: [String] = []) -> (scenario: Scenario?, errors: [ScenarioError]) {
        var files: [String] = []
        var hash = StableHashAccumulator()
        var tree: SourceNode
        do {
            tree = try readWithBases(file: file, chain: [], files: &files, hash: &hash)
            for override in overrides { tree = try apply(override: override, to: tree) }
        } catch { return (nil, [error]) }
        tree = tree.removingNulls()
        var decoder = ScenarioDecoder(defaultsFileLocation: tree.location)
        decoder.collecting = true
        var scenario: Scenario?
        do { scenario = try decoder.decode(tree) } catch { decoder.errors.append(error) }
        guard decoder.errors.isEmpty, var loaded = scenario else {
            let sorted = decoder.errors.enumerated().sorted { a, b in
                let x = a.element, y = b.element
                return (x.file, x.line, x.column, a.offset) < (y.file, y.line, y.column, b.offset)
            }.map(\.element)
            return (nil, sorted)
        }
        loaded.sourceFiles = files
        loaded.fileHash = hash.hex
        return (loaded, [])
    }

    /// Loads scenario text directly (tests, `--stdin`), with `name` as the file name in errors.
    public static func load(yaml text: String, file: String = "<memory>", overrides: [String] = []) throws(ScenarioError) -> Scenario {
        var tree = try SourceNode.parse(yaml: text, file: file)
        if case .mapping(let entries, _) = tree, let extends = entries.first(where: { $0.key == "extends" }) {
            throw ScenarioError(at: extends.keyLocation, "'extends' needs a scenario read from a file", fix: "load the scenario with its path")
        }
        for override in overrides { tree = try apply(override: override, to: tree) }
        tree = tree.removingNulls()
        var hash = StableHashAccumulator()
        hash.add(Array(text.utf8))
        var decoder = ScenarioDecoder(defaultsFileLocation: tree.location)
        var scenario = try decoder.decode(tree)
        scenario.sourceFiles = [file]
        scenario.fileHash = hash.hex
        return scenario
    }

    static func readWithBases(file: String, chain: [String], files: inout [String], hash: inout StableHashAccumulator) throws(ScenarioError) -> SourceNode {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ScenarioError(file: file, line: 0, column: 0, message: "cannot read the scenario file", fix: "check the path")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: file, line: 0, column: 0, message: "the file is not UTF-8 text")
        }
        files.append(file)
        hash.add(Array(data))
        let tree = try SourceNode.parse(yaml: text, file: file)
        guard case .mapping(var entries, let location) = tree else {
            throw ScenarioError(at: tree.location, "a scenario must be a mapping of sections, found \(tree.shapeName)", fix: "start with 'name:' and 'duration:'")
        }
        guard let index = entries.firstIndex(where: { $0.key == "extends" }) else { return tree }
        let extendsEntry = entries.remove(at: index)
        let baseName = try extendsEntry.value.string("extends")
        let directory = (file as NSString).deletingLastPathComponent
        let basePath = baseName.hasPrefix("/") ? baseName : (directory.isEmpty ? baseName : directory + "/" + baseName)
        if chain.contains(basePath) || basePath == file {
            throw ScenarioError(at: extendsEntry.value.location, "'extends' forms a cycle through '\(baseName)'", fix: "a scenario cannot extend itself")
        }
        if chain.count >= maximumExtendsDepth {
            throw ScenarioError(at: extendsEntry.value.location, "'extends' chain is deeper than \(maximumExtendsDepth) files")
        }
        guard FileManager.default.fileExists(atPath: basePath) else {
            throw ScenarioError(at: extendsEntry.value.location, "'extends' names '\(baseName)', which does not exist",
                                fix: "paths are relative to this file's folder")
        }
        let base = try readWithBases(file: basePath, chain: chain + [file], files: &files, hash: &hash)
        return base.merged(with: .mapping(entries, location))
    }

    /// Applies one `key.path=value` override; the value is parsed as YAML (so lists work).
    static func apply(override: String, to tree: SourceNode) throws(ScenarioError) -> SourceNode {
        let location = SourceLocation(file: "--set", line: 0, column: 0)
        guard let equals = override.firstIndex(of: "="), equals != override.startIndex else {
            throw ScenarioError(file: "--set", line: 0, column: 0, message: "'\(override)' is not key=value", fix: "write e.g. --set workload.stages.0.target=500/s")
        }
        let path = override[..<equals].split(separator: ".").map(String.init)
        let valueText = String(override[override.index(after: equals)...])
        let value: SourceNode
        if let parsed = try? SourceNode.parse(yaml: valueText, file: "--set \(override)") {
            value = parsed
        } else {
            value = .scalar(valueText, location)
        }
        let overrideLocation = SourceLocation(file: "--set \(override)", line: 0, column: 0)
        return try tree.setting(path: path, to: relocated(value, to: overrideLocation), location: overrideLocation)
    }

    static func relocated(_ node: SourceNode, to location: SourceLocation) -> SourceNode {
        switch node {
        case .scalar(let value, _): return .scalar(value, location)
        case .sequence(let items, _): return .sequence(items.map { relocated($0, to: location) }, location)
        case .mapping(let entries, _): return .mapping(entries.map { ($0.key, location, relocated($0.value, to: location)) }, location)
        }
    }
}

/// FNV-1a 64 over a sequence of byte chunks (the scenario file hash of the replay recipe).
struct StableHashAccumulator {
    var state: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func add(_ bytes: [UInt8]) {
        for byte in bytes {
            state ^= UInt64(byte)
            state = state &* 0x0000_0100_0000_01b3
        }
    }
    var hex: String {
        let digits = String(state, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
