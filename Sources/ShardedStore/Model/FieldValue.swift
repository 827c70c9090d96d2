import SimulationPrimitives

/// A scalar field value in a ``Document``: the small subset of BSON the platform needs.
///
/// Comparison follows MongoDB's rule for query operators: `$lt`/`$gt` compare only values of the
/// same type (an `int` is never less than a `string`), and a missing field equals `null`.
public enum FieldValue: Hashable, Sendable, CustomStringConvertible {
    /// BSON null (also what a missing field compares equal to).
    case null
    /// A boolean.
    case bool(Bool)
    /// A 64-bit integer (ids, counters, timestamps in ms, enum codes such as a seat status).
    case int(Int64)
    /// A string (used sparingly: strings cost hashing and allocation in the hot path).
    case string(String)

    /// `self < other` when both have the same type; `nil` when the types differ (no ordering).
    @inlinable public func ordered(before other: FieldValue) -> Bool? {
        switch (self, other) {
        case let (.int(a), .int(b)): return a < b
        case let (.string(a), .string(b)): return a < b
        case let (.bool(a), .bool(b)): return !a && b
        case (.null, .null): return false
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return "\(i)"
        case .string(let s): return "\"\(s)\""
        }
    }
}
