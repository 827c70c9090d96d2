/// Reads one YAML mapping of cinesim's own format: rejects unknown keys (with a did-you-mean),
/// hands out values by key and reports missing required keys at the mapping's location.
struct MappingReader {
    let location: SourceLocation
    /// Dotted path of this mapping for messages (`topology.services`).
    let path: String
    private let entries: [(key: String, keyLocation: SourceLocation, value: SourceNode)]

    /// - Parameters:
    ///   - allowed: the keys this mapping may hold; `nil` accepts any key (maps keyed by names).
    /// - Throws: ``ScenarioError`` when `node` is not a mapping or holds a key not in `allowed`.
    init(_ node: SourceNode, path: String, allowed: [String]?) throws(ScenarioError) {
        guard case .mapping(let entries, let location) = node else {
            throw ScenarioError(at: node.location, "'\(path)' must be a mapping, found \(node.shapeName)", fix: "write it as indented 'key: value' lines")
        }
        self.location = location; self.path = path; self.entries = entries
        if let allowed {
            for entry in entries where !allowed.contains(entry.key) {
                let place = path.isEmpty ? "at the top level" : "in '\(path)'"
                throw ScenarioError(at: entry.keyLocation, "unknown key '\(entry.key)' \(place)", fix: Suggestion.fix(for: entry.key, among: allowed))
            }
        }
    }

    /// Keys in file order.
    var keys: [String] { entries.map(\.key) }
    var all: [(key: String, keyLocation: SourceLocation, value: SourceNode)] { entries }

    subscript(key: String) -> SourceNode? { entries.first { $0.key == key }?.value }

    func required(_ key: String, hint: String) throws(ScenarioError) -> SourceNode {
        guard let value = self[key] else {
            let place = path.isEmpty ? "the scenario" : "'\(path)'"
            throw ScenarioError(at: location, "\(place) is missing '\(key)'", fix: hint)
        }
        return value
    }

    func child(_ key: String) -> String { path.isEmpty ? key : path + "." + key }
}
