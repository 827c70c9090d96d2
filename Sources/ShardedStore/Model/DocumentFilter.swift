import SimulationPrimitives

/// A query predicate over one document, with MongoDB's query-operator semantics for the subset
/// the platform needs: `$eq $ne $lt $lte $gt $gte $exists $and $or`.
///
/// This is what makes a conditional update atomic and safe (reference/store-auth-logs.md §1.9): a
/// seat hold is `update(id, filter: status == AVAILABLE || (status == HELD && holdExpiresAt < now))`;
/// a concurrent second hold then matches nothing.
///
/// Semantics: a missing field equals `null` for `eq` (so `ne null` means "exists and not null");
/// `lt`/`lte`/`gt`/`gte` match only values of the same type (MongoDB type bracketing).
public indirect enum DocumentFilter: Hashable, Sendable {
    /// Comparison operators.
    public enum Comparison: Hashable, Sendable { case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual }

    /// Matches every document.
    case all
    /// `field <op> value`.
    case compare(FieldID, Comparison, FieldValue)
    /// `{field: {$exists: flag}}`.
    case exists(FieldID, Bool)
    /// Every sub-filter matches (`$and`); an empty list matches everything.
    case and([DocumentFilter])
    /// At least one sub-filter matches (`$or`); an empty list matches nothing.
    case or([DocumentFilter])

    /// Shorthand for `.compare(field, .equal, value)`.
    @inlinable public static func equal(_ field: FieldID, _ value: FieldValue) -> DocumentFilter { .compare(field, .equal, value) }

    /// Whether `document` satisfies the filter.
    public func matches(_ document: Document) -> Bool {
        switch self {
        case .all:
            return true
        case let .compare(field, comparison, value):
            let actual = document[field] ?? .null
            switch comparison {
            case .equal: return actual == value
            case .notEqual: return actual != value
            case .less: return actual.ordered(before: value) ?? false
            case .greater: return value.ordered(before: actual) ?? false
            case .lessOrEqual: return actual == value || (actual.ordered(before: value) ?? false)
            case .greaterOrEqual: return actual == value || (value.ordered(before: actual) ?? false)
            }
        case let .exists(field, flag):
            return (document[field] != nil) == flag
        case .and(let filters):
            for filter in filters where !filter.matches(document) { return false }
            return true
        case .or(let filters):
            for filter in filters where filter.matches(document) { return true }
            return false
        }
    }
}

/// One modification of an update (`$set`, `$unset`, `$inc`).
public enum FieldUpdate: Hashable, Sendable {
    /// `$set: {field: value}`.
    case set(FieldID, FieldValue)
    /// `$unset: {field: ""}`.
    case unset(FieldID)
    /// `$inc: {field: delta}`; a missing field counts as 0; a non-integer field makes the update
    /// fail with ``StoreError/typeMismatch`` (MongoDB: "Cannot apply $inc to a value of non-numeric type").
    case increment(FieldID, by: Int64)

    /// Applies the update to `document`; returns `false` (leaving `document` unchanged for this
    /// update) when `$inc` meets a non-integer value.
    @inlinable public func apply(to document: inout Document) -> Bool {
        switch self {
        case let .set(field, value): document[field] = value
        case let .unset(field): document[field] = nil
        case let .increment(field, delta):
            switch document[field] {
            case nil: document[field] = .int(delta)
            case .int(let current)?: document[field] = .int(current &+ delta)
            default: return false
            }
        }
        return true
    }
}
