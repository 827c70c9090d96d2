import SimulationPrimitives

/// A stored document: an `_id`, its shard-key value and a small map of fields.
///
/// Fields are kept in an array sorted by ``FieldID`` (documents hold a handful of fields, so a
/// sorted array beats a dictionary in memory and speed). A missing field reads as `nil`.
///
/// ```swift
/// var seat = Document(id: DocumentID(17, 42), shardKey: ShardKeyValue(17))
/// seat[FieldID(1)] = .int(0)              // status AVAILABLE
/// seat[FieldID(1)]                        // .int(0)
/// ```
public struct Document: Hashable, Sendable, CustomStringConvertible {
    /// One field of a document.
    public struct Field: Hashable, Sendable {
        /// The field's number.
        public var id: FieldID
        /// The field's value.
        public var value: FieldValue
        /// A field `id` with `value`.
        public init(id: FieldID, value: FieldValue) { self.id = id; self.value = value }
    }

    /// The document's `_id`, unique in its collection.
    public var id: DocumentID
    /// The document's shard-key value: decides its chunk and so its shard. Immutable once
    /// inserted in this model (MongoDB allows updating it since 4.2; reference §1.2).
    public var shardKey: ShardKeyValue
    /// The fields, sorted by ``Field/id`` with no duplicates.
    public private(set) var fields: [Field]

    /// A document with `fields` (any order; a later duplicate id wins).
    public init(id: DocumentID, shardKey: ShardKeyValue, fields: [Field] = []) {
        self.id = id
        self.shardKey = shardKey
        self.fields = []
        self.fields.reserveCapacity(fields.count)
        for field in fields { self[field.id] = field.value }
    }

    /// A document without fields (the store's bare stand-ins, ``DocumentStore``): the same value as
    /// `init(id:shardKey:fields: [])` without the field loop and its reservation (~100 instructions
    /// a call on the store's hot path).
    @inline(__always) init(bare id: DocumentID, shardKey: ShardKeyValue) {
        self.id = id
        self.shardKey = shardKey
        self.fields = []
    }

    /// The value of `field`, or `nil` when the document has no such field. Setting `nil` removes it.
    public subscript(field: FieldID) -> FieldValue? {
        get {
            for f in fields where f.id == field { return f.value }
            return nil
        }
        set {
            var index = 0
            while index < fields.count && fields[index].id < field { index += 1 }
            if index < fields.count && fields[index].id == field {
                if let newValue { fields[index].value = newValue } else { fields.remove(at: index) }
            } else if let newValue {
                fields.insert(Field(id: field, value: newValue), at: index)
            }
        }
    }

    public var description: String {
        "{_id: \(id), key: \(shardKey)" + fields.map { ", f\($0.id.rawValue): \($0.value)" }.joined() + "}"
    }
}
