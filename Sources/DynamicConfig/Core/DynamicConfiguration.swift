/// A layered, typed property store with change notification: cinesim's Archaius
/// (reference/netflix-oss.md §7).
///
/// ```swift
/// let config = DynamicConfiguration()
/// let timeout = try config.property(PropertyKeys.hystrixCommand("compra-command",
///                     "execution.isolation.thread.timeoutInMilliseconds"), default: 1000)
/// try config.set(timeout.key, "250", layer: .scenario)
/// config.value(of: timeout)                    // 250, read on every call (§1.1)
/// let changes = try config.set(timeout.key, "2000", layer: .runtimeOverride) // [PropertyChange]
/// ```
///
/// Layers (``ConfigLayer``): code defaults < environment < scenario < runtime overrides; the highest
/// layer holding a key wins. A key registered with a type (``property(_:default:)``) rejects values
/// that do not parse, with a ``PropertyError`` naming the key, in every layer. Keys never registered
/// are stored as text (the scenario loader checks them against ``PropertyCatalogue``).
///
/// Change notification: every mutating call returns the ``PropertyChange``s of effective values
/// (only when the text actually changed, as Archaius's `updateValue`, §7.1), and each key has a
/// ``version(of:)`` counter; consumers that cache a derived value compare versions. No closures are
/// stored, so the store stays a plain value owner with no re-entrancy.
public final class DynamicConfiguration {
    @usableFromInline struct Slot {
        var key: String
        var layers: [String?] = Array(repeating: nil, count: ConfigLayer.allCases.count)
        var kind: PropertyKind?
        var effective: String?
        @usableFromInline var parsed: ParsedValue?
        @usableFromInline var version: Int = 0
    }

    @usableFromInline var slots: [Slot] = []
    var slotByKey: [String: Int] = [:]

    /// An empty configuration.
    public init() {}

    /// Registers (or re-opens) the typed property `key` with code default `defaultValue`.
    /// - Throws: ``PropertyError`` if a value already set for `key` in some layer does not parse as
    ///   `Value`, or if `key` was registered with another type (reported as the code-default layer).
    public func property<Value: DynamicPropertyValue>(_ key: String, default defaultValue: Value) throws(PropertyError) -> DynamicProperty<Value> {
        let i = slotIndex(key)
        if let kind = slots[i].kind, kind != Value.kind {
            throw PropertyError(key: key, value: defaultValue.configText, expected: kind, layer: .codeDefault)
        }
        for layer in ConfigLayer.allCases {
            if let text = slots[i].layers[layer.rawValue], ParsedValue.parse(text, as: Value.kind) == nil {
                throw PropertyError(key: key, value: text, expected: Value.kind, layer: layer)
            }
        }
        slots[i].kind = Value.kind
        slots[i].layers[ConfigLayer.codeDefault.rawValue] = defaultValue.configText
        _ = recompute(i)
        return DynamicProperty(key: key, slot: i)
    }

    /// The current value of `property`: O(1), no allocation for numbers and booleans.
    @inlinable public func value<Value: DynamicPropertyValue>(of property: DynamicProperty<Value>) -> Value {
        // Registration guarantees the code-default layer parses, so `parsed` is always set.
        Value.extract(slots[property.slot].parsed!)!
    }

    /// How many times `property`'s effective value changed (registration itself counts as the first).
    @inlinable public func version<Value: DynamicPropertyValue>(of property: DynamicProperty<Value>) -> Int {
        slots[property.slot].version
    }

    /// The effective text of `key`, or nil when no layer holds it.
    public func string(forKey key: String) -> String? {
        guard let i = slotByKey[key] else { return nil }
        return slots[i].effective
    }

    /// The text `layer` holds for `key`.
    public func string(forKey key: String, in layer: ConfigLayer) -> String? {
        guard let i = slotByKey[key] else { return nil }
        return slots[i].layers[layer.rawValue]
    }

    /// The layer whose value is effective for `key` (for `describe` output and warnings).
    public func effectiveLayer(forKey key: String) -> ConfigLayer? {
        guard let i = slotByKey[key] else { return nil }
        return ConfigLayer.allCases.last { slots[i].layers[$0.rawValue] != nil }
    }

    /// Every key held, ascending.
    public var keys: [String] { slots.filter { $0.effective != nil }.map(\.key).sorted() }

    /// Sets (`value`) or removes (nil) `key` in `layer` (removing a typed key's code default is ignored).
    /// - Returns: the effective-value change, if any.
    /// - Throws: ``PropertyError`` if `key` is typed and `value` does not parse (nothing changes).
    @discardableResult
    public func set(_ key: String, _ value: String?, layer: ConfigLayer) throws(PropertyError) -> [PropertyChange] {
        try apply([(key, value)], layer: layer)
    }

    /// Sets or removes several keys in `layer` atomically: all values are validated first, so a bad
    /// value changes nothing.
    /// - Returns: the effective-value changes, in the order given.
    /// - Throws: ``PropertyError`` for the first value that does not parse.
    @discardableResult
    public func apply(_ values: [(key: String, value: String?)], layer: ConfigLayer) throws(PropertyError) -> [PropertyChange] {
        for (key, value) in values {
            if let value, let i = slotByKey[key], let kind = slots[i].kind, ParsedValue.parse(value, as: kind) == nil {
                throw PropertyError(key: key, value: value, expected: kind, layer: layer)
            }
        }
        var changes: [PropertyChange] = []
        for (key, value) in values {
            let i = slotIndex(key)
            // A typed key always keeps its code default, so typed reads never find it unset.
            if value == nil && layer == .codeDefault && slots[i].kind != nil { continue }
            slots[i].layers[layer.rawValue] = value
            if let change = recompute(i) { changes.append(change) }
        }
        return changes
    }

    /// Replaces the whole content of `layer` with `values` (a full poll result, §7.1): every key in
    /// `values` is added or updated, and keys of the layer absent from `values` are deleted unless
    /// `ignoreDeletes` (Archaius `ignoreDeletesFromSource`, default false).
    /// - Throws: ``PropertyError`` as ``apply(_:layer:)``; nothing changes on error.
    @discardableResult
    public func replaceLayer(_ layer: ConfigLayer, with values: [(key: String, value: String)], ignoreDeletes: Bool = false) throws(PropertyError) -> [PropertyChange] {
        var updates: [(key: String, value: String?)] = values.map { ($0.key, Optional($0.value)) }
        if !ignoreDeletes {
            var present: Set<String> = []
            for (key, _) in values { present.insert(key) }
            for slot in slots where slot.layers[layer.rawValue] != nil && !present.contains(slot.key) {
                updates.append((slot.key, nil))
            }
        }
        return try apply(updates, layer: layer)
    }

    func slotIndex(_ key: String) -> Int {
        if let i = slotByKey[key] { return i }
        slots.append(Slot(key: key))
        slotByKey[key] = slots.count - 1
        return slots.count - 1
    }

    /// Recomputes slot `i`'s effective value; a change bumps its version and is returned.
    func recompute(_ i: Int) -> PropertyChange? {
        var effective: String? = nil
        for layer in ConfigLayer.allCases.reversed() {
            if let v = slots[i].layers[layer.rawValue] { effective = v; break }
        }
        let old = slots[i].effective
        if let kind = slots[i].kind, let text = effective { slots[i].parsed = ParsedValue.parse(text, as: kind) }
        else if slots[i].kind == nil { slots[i].parsed = effective.map(ParsedValue.string) }
        guard old != effective else { return nil }
        slots[i].effective = effective
        slots[i].version += 1
        return PropertyChange(key: slots[i].key, oldValue: old, newValue: effective)
    }
}
