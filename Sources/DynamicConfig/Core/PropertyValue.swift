/// The type of a dynamic property, checked when a value is set (Archaius parses lazily and silently
/// falls back to the default on a parse error, §7.1; cinesim rejects the value and names the key).
public enum PropertyKind: String, Sendable, Hashable, CaseIterable {
    /// A signed integer (`Integer`/`Long`): optional sign and digits.
    case int
    /// A floating-point number (`Float`/`Double`).
    case double
    /// `true` or `false` (case-insensitive).
    case bool
    /// Any text.
    case string
}

/// A parsed property value, stored once per change so typed reads are O(1) and allocation-free.
public enum ParsedValue: Sendable, Hashable {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)

    /// Parses `text` as `kind`; nil if it does not parse. Surrounding whitespace is ignored.
    public static func parse(_ text: String, as kind: PropertyKind) -> ParsedValue? {
        var t = Substring(text)
        while let f = t.first, f.isWhitespace { t.removeFirst() }
        while let l = t.last, l.isWhitespace { t.removeLast() }
        switch kind {
        case .int: return Int(t).map(ParsedValue.int)
        case .double:
            guard let d = Double(t), d.isFinite else { return nil }
            return .double(d)
        case .bool:
            switch t.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return nil
            }
        case .string: return .string(String(t))
        }
    }
}

/// A Swift type a ``DynamicProperty`` can hold.
public protocol DynamicPropertyValue: Sendable {
    /// The property kind that parses into this type.
    static var kind: PropertyKind { get }
    /// The value inside `parsed`, if it is of this type.
    static func extract(_ parsed: ParsedValue) -> Self?
    /// The text form, as stored in a layer.
    var configText: String { get }
}

extension Int: DynamicPropertyValue {
    public static var kind: PropertyKind { .int }
    @inlinable public static func extract(_ parsed: ParsedValue) -> Int? { if case .int(let v) = parsed { return v }; return nil }
    public var configText: String { String(self) }
}
extension Double: DynamicPropertyValue {
    public static var kind: PropertyKind { .double }
    @inlinable public static func extract(_ parsed: ParsedValue) -> Double? { if case .double(let v) = parsed { return v }; return nil }
    public var configText: String { String(self) }
}
extension Bool: DynamicPropertyValue {
    public static var kind: PropertyKind { .bool }
    @inlinable public static func extract(_ parsed: ParsedValue) -> Bool? { if case .bool(let v) = parsed { return v }; return nil }
    public var configText: String { self ? "true" : "false" }
}
extension String: DynamicPropertyValue {
    public static var kind: PropertyKind { .string }
    @inlinable public static func extract(_ parsed: ParsedValue) -> String? { if case .string(let v) = parsed { return v }; return nil }
    public var configText: String { self }
}

/// A handle on one typed property of a ``DynamicConfiguration``: reading it is an array index and a
/// switch, so Hystrix-style "read on every call" (§1.1) costs nothing in the hot path.
public struct DynamicProperty<Value: DynamicPropertyValue>: Sendable, Hashable {
    /// The property's key.
    public let key: String
    /// Its slot in the configuration that issued it.
    @usableFromInline let slot: Int
    @usableFromInline init(key: String, slot: Int) { self.key = key; self.slot = slot }
}

/// Why a property value was rejected.
public struct PropertyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The key whose value was rejected.
    public var key: String
    /// The rejected text.
    public var value: String
    /// The kind the key requires.
    public var expected: PropertyKind
    /// The layer it was set in.
    public var layer: ConfigLayer

    /// `property 'k' in scenario: 'abc' is not a valid int (…)`.
    public var description: String {
        let hint: String
        switch expected {
        case .int: hint = "write a whole number, e.g. 1000"
        case .double: hint = "write a number, e.g. 0.85"
        case .bool: hint = "write true or false"
        case .string: hint = "any text"
        }
        return "property '\(key)' in \(layer): '\(value)' is not a valid \(expected.rawValue) (\(hint))"
    }
}

/// One change of a key's effective value (Archaius fires callbacks only when the string value
/// actually changed, §7.1; so does cinesim).
public struct PropertyChange: Hashable, Sendable {
    /// The key.
    public var key: String
    /// The effective value before (nil: unset).
    public var oldValue: String?
    /// The effective value after (nil: unset).
    public var newValue: String?
}
