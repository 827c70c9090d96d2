/// Merging for `extends:` and `--set key=value`.
extension SourceNode {
    /// The text of a plain YAML null (`null`, `~`) until ``removingNulls()`` drops it.
    static let nullMarker = "\u{0}null"

    /// Whether this is a plain YAML null (`key: null`, `key: ~`).
    var isNull: Bool { if case .scalar(let v, _) = self { v == Self.nullMarker } else { false } }

    /// The tree with every mapping entry whose value is null removed (a null key is an absent
    /// key), and null list items turned back into the text `null` (so errors can quote them).
    func removingNulls() -> SourceNode {
        switch self {
        case .scalar(let v, let l): return v == Self.nullMarker ? .scalar("null", l) : self
        case .sequence(let items, let l): return .sequence(items.map { $0.removingNulls() }, l)
        case .mapping(let entries, let l):
            return .mapping(entries.filter { !$0.value.isNull }.map { ($0.key, $0.keyLocation, $0.value.removingNulls()) }, l)
        }
    }

    /// `overlay` on top of `self`: mappings merge key by key (recursively), anything else is
    /// replaced by the overlay's value. Keys keep the base's order, new keys follow in overlay order.
    /// An overlay key set to null (`budgets: {"POST /api/compras": null}`) replaces the base's
    /// value with null, which ``removingNulls()`` drops: the inherited entry is removed.
    public func merged(with overlay: SourceNode) -> SourceNode {
        guard case .mapping(var baseEntries, _) = self, case .mapping(let overlayEntries, let overlayLocation) = overlay else {
            return overlay
        }
        for entry in overlayEntries {
            if let index = baseEntries.firstIndex(where: { $0.key == entry.key }) {
                baseEntries[index] = (entry.key, entry.keyLocation, entry.value.isNull ? entry.value : baseEntries[index].value.merged(with: entry.value))
            } else {
                baseEntries.append(entry)
            }
        }
        return .mapping(baseEntries, overlayLocation)
    }

    /// Sets the value at a dotted `path` (`workload.mix.buy`, `topology.services.compra-command.instances`),
    /// creating mappings on the way. List items are addressed by index (`faults.0.at`).
    /// - Throws: ``ScenarioError`` at `location` when the path crosses a single value or a bad index.
    public func setting(path: [String], to value: SourceNode, location: SourceLocation) throws(ScenarioError) -> SourceNode {
        guard let head = path.first else { return value }
        let rest = Array(path.dropFirst())
        switch self {
        case .mapping(var entries, let l):
            if let index = entries.firstIndex(where: { $0.key == head }) {
                entries[index].value = try entries[index].value.setting(path: rest, to: value, location: location)
            } else {
                let fresh = SourceNode.mapping([], location)
                entries.append((head, location, try fresh.setting(path: rest, to: value, location: location)))
            }
            return .mapping(entries, l)
        case .sequence(var items, let l):
            guard let index = Int(head), index >= 0, index < items.count else {
                throw ScenarioError(at: location, "'\(head)' is not an index of the list at \(l)", fix: "use 0…\(max(items.count - 1, 0))")
            }
            items[index] = try items[index].setting(path: rest, to: value, location: location)
            return .sequence(items, l)
        case .scalar(_, let l):
            throw ScenarioError(at: location, "'\(head)' cannot be set inside the single value at \(l)", fix: "set the value itself, not a key under it")
        }
    }
}
