/// Turbine-style cluster aggregation of hystrix.stream objects (reference/netflix-oss.md §2.3,
/// Turbine 2.x `StreamAggregator`).
///
/// ```swift
/// var turbine = TurbineAggregator()
/// turbine.receive(instance: "gateway-1", snapshotOfGateway1)
/// turbine.receive(instance: "gateway-2", snapshotOfGateway2)
/// let cluster = turbine.aggregate(type: "HystrixCommand", name: "compra-command")
/// ```
/// Objects are grouped by `(type, name)` and, within that, by instance. Numbers (except
/// `propertyValue_*`) are summed, including `reportingHosts`, `errorPercentage`, means and
/// maxima; numeric maps are summed key by key; booleans, strings and every `propertyValue_*` become
/// a count per distinct value, serialised bare when all instances agree and as `{"v":n,…}`
/// otherwise. Turbine sums per-instance deltas into a running state; keeping each instance's last
/// object and summing on demand gives the same totals. `remove(instance:)` is the tombstone.
public struct TurbineAggregator: Sendable {
    private var groups: [GroupKey: [(instance: String, object: HystrixStreamObject)]] = [:]
    private var order: [GroupKey] = []

    private struct GroupKey: Hashable, Sendable { let type: String; let name: String }

    /// An empty aggregator.
    public init() {}

    /// Stores `object` as `instance`'s latest for its `(type, name)`.
    public mutating func receive(instance: String, _ object: HystrixStreamObject) {
        guard case let .string(type)? = object["type"], case let .string(name)? = object["name"] else { return }
        let key = GroupKey(type: type, name: name)
        // One lookup, the member list edited in place; members stay sorted by instance name
        // (unique within a group), so a binary search finds the slot to replace or insert.
        if groups[key] == nil { order.append(key); groups[key] = [] }
        groups[key]!.replaceOrInsertSorted(instance: instance, object: object)
    }

    /// Removes `instance` everywhere (its stream ended: Turbine's tombstone).
    public mutating func remove(instance: String) {
        for key in order { groups[key]?.removeAll { $0.instance == instance } }
    }

    /// The `(type, name)` pairs seen, in first-seen order.
    public var keys: [(type: String, name: String)] { order.map { ($0.type, $0.name) } }

    /// The cluster object for `(type, name)`, or nil when no instance reports it. With `fields`,
    /// only those fields are combined (the same values as in the full object, in its order): a
    /// dashboard that reads three counters need not combine some sixty fields per command.
    public func aggregate(type: String, name: String, fields wanted: [String]? = nil) -> HystrixStreamObject? {
        guard let members = groups[GroupKey(type: type, name: name)], !members.isEmpty else { return nil }
        var out: [(name: String, value: HystrixStreamValue)] = []
        var values: [HystrixStreamValue] = []
        values.reserveCapacity(members.count)
        for (position, field) in members[0].object.fields.enumerated() {
            if let wanted, !wanted.contains(field.name) { continue }
            values.removeAll(keepingCapacity: true)
            for member in members {
                // Snapshots of one command share a field layout (names are unique within an
                // object): try the same position before searching by name.
                let memberFields = member.object.fields
                if position < memberFields.count && memberFields[position].name == field.name {
                    values.append(memberFields[position].value)
                } else if let value = member.object[field.name] {
                    values.append(value)
                }
            }
            out.append((field.name, Self.combine(name: field.name, values)))
        }
        return HystrixStreamObject(fields: out)
    }

    static func combine(name: String, _ values: [HystrixStreamValue]) -> HystrixStreamValue {
        let isProperty = name.hasPrefix("propertyValue_")
        if !isProperty, values.allSatisfy({ if case .integer = $0 { true } else { false } }) {
            var sum: Int64 = 0
            for case let .integer(v) in values { sum += v }
            return .integer(sum)
        }
        if !isProperty, case let .map(first)? = values.first {
            var entries = first.map { HystrixStreamEntry(key: $0.key, value: 0) }
            for case let .map(m) in values {
                for e in m {
                    if let i = entries.firstIndex(where: { $0.key == e.key }) { entries[i].value += e.value }
                    else { entries.append(e) }
                }
            }
            return .map(entries)
        }
        // AggregateString: count per distinct value, in first-seen order.
        var distinct: [(text: String, value: HystrixStreamValue, count: Int64)] = []
        for v in values {
            let text = Self.aggregateKey(v)
            if let i = distinct.firstIndex(where: { $0.text == text }) { distinct[i].count += 1 }
            else { distinct.append((text, v, 1)) }
        }
        if distinct.count == 1 { return distinct[0].value }
        return .map(distinct.map { HystrixStreamEntry(key: $0.text, value: $0.count) })
    }

    static func aggregateKey(_ v: HystrixStreamValue) -> String {
        switch v {
        case let .integer(i): String(i)
        case let .bool(b): b ? "true" : "false"
        case let .string(s): s
        case .map: v.json
        }
    }
}

private extension Array where Element == (instance: String, object: HystrixStreamObject) {
    /// Replaces `instance`'s object, or inserts it keeping the array sorted by instance name.
    mutating func replaceOrInsertSorted(instance: String, object: HystrixStreamObject) {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if self[mid].instance < instance { low = mid + 1 } else { high = mid }
        }
        if low < count && self[low].instance == instance {
            self[low].object = object
        } else {
            insert((instance, object), at: low)
        }
    }
}
