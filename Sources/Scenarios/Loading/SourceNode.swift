import Yams

/// A YAML value with the place it came from, the form a scenario is decoded from.
///
/// Scenario files are composed with Yams' node API (so every value keeps its line and column),
/// converted to this tree, merged with the files they `extends:` and with `--set` overrides, and
/// only then decoded into ``Scenario``. Keeping our own tree means a merged value still points at
/// the file it was written in.
public indirect enum SourceNode: Sendable {
    case scalar(String, SourceLocation)
    /// Keys in file order (duplicates rejected at conversion).
    case mapping([(key: String, keyLocation: SourceLocation, value: SourceNode)], SourceLocation)
    case sequence([SourceNode], SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .scalar(_, let l), .mapping(_, let l), .sequence(_, let l): return l
        }
    }

    /// A word for error messages: "a text value", "a mapping", "a list".
    var shapeName: String {
        switch self {
        case .scalar: return "a single value"
        case .mapping: return "a mapping (key: value lines)"
        case .sequence: return "a list"
        }
    }

    /// Parses `text` (the contents of `file`) into a tree.
    /// - Throws: ``ScenarioError`` located at the YAML syntax error, or at a duplicate key.
    public static func parse(yaml text: String, file: String) throws(ScenarioError) -> SourceNode {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw locatedYamlError(error, file: file, text: text)
        } catch {
            throw ScenarioError(file: file, line: 0, column: 0, message: "not valid YAML: \(error)")
        }
        guard let node else {
            throw ScenarioError(file: file, line: 1, column: 1, message: "the file is empty", fix: "start with 'name:' and 'duration:'")
        }
        return try convert(node, file: file)
    }

    static func locatedYamlError(_ error: YamlError, file: String, text: String) -> ScenarioError {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            let fix = problem.contains("mapping values are not allowed")
                ? "a value containing ': ', such as a distribution, must be quoted: \"lognormal(median: 8ms, p99: 40ms)\""
                : "check indentation and quoting on this line"
            return ScenarioError(file: file, line: mark.line, column: mark.column, message: "not valid YAML: \(problem)", fix: fix)
        case let .duplicatedKeysInMapping(duplicates, context):
            // Yams marks the mapping; point at the key's second occurrence instead.
            var line = context.mark.line, column = context.mark.column
            if let key = duplicates.first {
                let matches = text.components(separatedBy: "\n").enumerated().filter { _, text in
                    let trimmed = text.drop { $0 == " " || $0 == "-" }
                    return trimmed.hasPrefix(key + ":") || trimmed.hasPrefix("\"" + key + "\":")
                }
                if matches.count >= 2 {
                    line = matches[1].offset + 1
                    column = matches[1].element.prefix { $0 == " " || $0 == "-" }.count + 1
                }
            }
            return ScenarioError(file: file, line: line, column: column,
                                 message: "duplicate key '\(duplicates.joined(separator: "', '"))'",
                                 fix: "each key may appear once in a mapping; remove one")
        default:
            return ScenarioError(file: file, line: 0, column: 0, message: "not valid YAML: \(error)")
        }
    }

    static func convert(_ node: Node, file: String) throws(ScenarioError) -> SourceNode {
        let mark = node.mark
        let location = SourceLocation(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0)
        switch node {
        case .scalar(let scalar):
            // A plain `null` / `~` is YAML's null: kept as a marker so an extending file can drop an
            // inherited key with it (``merged(with:)``); ``removingNulls()`` then makes it absent.
            if scalar.style == .plain, ["null", "Null", "NULL", "~"].contains(scalar.string) { return .scalar(nullMarker, location) }
            return .scalar(scalar.string, location)
        case .sequence(let sequence):
            var items: [SourceNode] = []
            for item in sequence { items.append(try convert(item, file: file)) }
            return .sequence(items, location)
        case .mapping(let mapping):
            var entries: [(key: String, keyLocation: SourceLocation, value: SourceNode)] = []
            for (key, value) in mapping {
                let keyMark = key.mark
                let keyLocation = SourceLocation(file: file, line: keyMark?.line ?? 0, column: keyMark?.column ?? 0)
                guard case .scalar(let keyScalar) = key else {
                    throw ScenarioError(at: keyLocation, "a key must be a plain word", fix: "write 'key: value'")
                }
                if entries.contains(where: { $0.key == keyScalar.string }) {
                    throw ScenarioError(at: keyLocation, "duplicate key '\(keyScalar.string)'", fix: "each key may appear once in a mapping; remove one")
                }
                entries.append((keyScalar.string, keyLocation, try convert(value, file: file)))
            }
            return .mapping(entries, location)
        case .alias:
            throw ScenarioError(at: location, "YAML aliases are not supported in scenarios", fix: "use 'extends:' to share settings between files")
        }
    }
}
