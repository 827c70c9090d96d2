import SimulationPrimitives

/// The documents one data-bearing member holds: per collection, documents by `_id`, an index by shard
/// key (targeted reads), and the unique indexes of the ``StoreSchema``.
///
/// Pure data: it knows nothing of replication. ``ReplicaSetMember`` executes operations against it
/// (``execute(_:)``) and applies oplog changes to it (``apply(_:)``), which return the pre-image for
/// rollback. Results are always sorted by `_id`, so dictionary order never leaks into behaviour.
///
/// **Bare documents** (issue 6, memory flat as the run grows; docs/performance.md "Round 5 —
/// memory"): a document with no fields, an `_id` of one part `(n, 0)` and the shard-key value `n`
/// is fully described by `n`, so it is kept as that one integer in ``CollectionData/bare`` (8 bytes
/// a bucket) instead of a `Document` in ``CollectionData/documents`` plus a shard-key index entry
/// (72 bytes a bucket). The platform's stand-ins (one per domain document written, on each member
/// of its shard) are all of this shape. Every read rebuilds the same `Document`, so callers see no
/// difference (``BareDocumentStoreTests`` compares against a plain dictionary).
public struct DocumentStore: Sendable {
    struct CollectionData: Sendable {
        /// Documents that are not bare (see ``DocumentStore``); an `_id` is in this or in ``bare``, never both.
        var documents: [DocumentID: Document] = [:]
        /// Bare documents by the one number that is their `_id` major part and their shard-key value.
        var bare: Set<Int64> = []
        /// The shard-key index of ``documents`` (bare documents need none: the key is the id): one
        /// document per key value here (most keys have exactly one), any further ones in
        /// ``moreByShardKey``. Saves an array allocation per document.
        var byShardKey: [ShardKeyValue: DocumentID] = [:]
        var moreByShardKey: [ShardKeyValue: [DocumentID]] = [:]
        var unique: [[[FieldValue]: DocumentID]]
        /// Whether bare documents may be kept apart: no unique index without fields (such an index
        /// would index every document, fields or not).
        let keepsBare: Bool

        /// The total number of documents.
        var count: Int { documents.count + bare.count }

        /// Every document id indexed under `key` (bare ones included), in no particular order.
        func ids(withShardKey key: ShardKeyValue) -> [DocumentID] {
            var ids: [DocumentID] = []
            if let first = byShardKey[key] {
                ids.append(first)
                if let more = moreByShardKey[key] { ids += more }
            }
            if bare.contains(key.rawValue) { ids.append(DocumentID(key.rawValue)) }
            return ids
        }

        /// The document `id`, rebuilt when bare.
        @inline(__always) func document(_ id: DocumentID) -> Document? {
            if !documents.isEmpty, let document = documents[id] { return document }
            guard id.minor == 0, !bare.isEmpty, bare.contains(id.major) else { return nil }
            return DocumentStore.bareDocument(id.major)
        }

        /// Calls `body` with every document (bare ones rebuilt), in no particular order.
        func forEach(_ body: (Document) -> Void) {
            for document in documents.values { body(document) }
            for n in bare { body(DocumentStore.bareDocument(n)) }
        }

        /// Whether `document` can be kept as a bare number here.
        @inline(__always) func isBare(_ document: Document) -> Bool {
            keepsBare && document.id.minor == 0 && document.shardKey.rawValue == document.id.major && document.fields.isEmpty
        }

        mutating func index(_ id: DocumentID, under key: ShardKeyValue) {
            if byShardKey[key] == nil { byShardKey[key] = id } else { moreByShardKey[key, default: []].append(id) }
        }

        mutating func unindex(_ id: DocumentID, under key: ShardKeyValue) {
            guard let first = byShardKey[key] else { return }
            if first == id {
                if var more = moreByShardKey[key], let next = more.popLast() {
                    byShardKey[key] = next
                    moreByShardKey[key] = more.isEmpty ? nil : more
                } else {
                    byShardKey[key] = nil
                }
            } else if var more = moreByShardKey[key], let at = more.firstIndex(of: id) {
                more.remove(at: at)
                moreByShardKey[key] = more.isEmpty ? nil : more
            }
        }
    }

    /// The bare document `n`: `_id` `(n, 0)`, shard-key value `n`, no fields.
    @inline(__always) static func bareDocument(_ n: Int64) -> Document { Document(id: DocumentID(n), shardKey: ShardKeyValue(n)) }

    /// The schema the store was built for.
    public let schema: StoreSchema
    var collections: [CollectionData]

    /// An empty store for `schema`.
    public init(schema: StoreSchema) {
        self.schema = schema
        self.collections = schema.collections.map {
            CollectionData(unique: Array(repeating: [:], count: $0.uniqueIndexes.count), keepsBare: !$0.uniqueIndexes.contains { $0.isEmpty })
        }
    }

    /// The document `id` of `collection`, if present.
    public func document(_ collection: CollectionID, _ id: DocumentID) -> Document? {
        collections[Int(collection.rawValue)].document(id)
    }

    /// Number of documents in `collection`.
    public func count(_ collection: CollectionID) -> Int { collections[Int(collection.rawValue)].count }

    /// Every document of `collection`, sorted by `_id`.
    public func allDocuments(_ collection: CollectionID) -> [Document] {
        let data = collections[Int(collection.rawValue)]
        var all: [Document] = []
        all.reserveCapacity(data.count)
        data.forEach { all.append($0) }
        return all.sorted { $0.id < $1.id }
    }

    /// Calls `body` with every document of `collection`, in no particular order (for order-independent
    /// aggregates such as counts; use ``allDocuments(_:)`` when order matters). Copies nothing.
    public func forEachDocument(_ collection: CollectionID, _ body: (Document) -> Void) {
        collections[Int(collection.rawValue)].forEach(body)
    }

    /// The documents of `collection` whose shard key falls in chunk-space `range`, sorted by `_id`.
    public func documents(_ collection: CollectionID, in range: ChunkRange) -> [Document] {
        let pattern = schema[collection].shardKey
        var found: [Document] = []
        collections[Int(collection.rawValue)].forEach { document in
            if range.contains(pattern.chunkSpacePosition(of: document.shardKey)) { found.append(document) }
        }
        return found.sorted { $0.id < $1.id }
    }

    /// Whether storing `document` would duplicate a unique-index value held by another document.
    func violatesUniqueIndex(_ collection: CollectionID, _ document: Document) -> Bool {
        let indexes = schema[collection].uniqueIndexes
        if indexes.isEmpty { return false }
        let data = collections[Int(collection.rawValue)]
        for (i, fields) in indexes.enumerated() {
            guard let key = Self.indexKey(document, fields) else { continue }
            if let holder = data.unique[i][key], holder != document.id { return true }
        }
        return false
    }

    static func indexKey(_ document: Document, _ fields: [FieldID]) -> [FieldValue]? {
        var key: [FieldValue] = []
        key.reserveCapacity(fields.count)
        for field in fields {
            guard let value = document[field] else { return nil }
            key.append(value)
        }
        return key
    }

    /// Applies one oplog change; returns the document's previous version (the rollback pre-image).
    @discardableResult
    public mutating func apply(_ change: OplogEntry.Change) -> Document? {
        switch change {
        case .noop, .placementVersion: return nil
        case let .put(collection, document): return put(collection, document)
        case let .remove(collection, id): return remove(collection, id)
        }
    }

    /// Stores `document` (replacing the same `_id`); returns the previous version.
    @discardableResult
    public mutating func put(_ collection: CollectionID, _ document: Document) -> Document? {
        let c = Int(collection.rawValue)
        if collections[c].isBare(document) {
            let n = document.id.major
            // A bare document replacing a bare one: nothing changes but the answer (one probe).
            if !collections[c].bare.insert(n).inserted { return document }
            // New here, or replacing a document with fields (or another key) kept in full.
            guard !collections[c].documents.isEmpty, let previous = collections[c].documents.removeValue(forKey: document.id) else { return nil }
            unindexUnique(c, previous)
            removeFromKeyIndex(c, previous)
            return previous
        }
        var previous = collections[c].documents.updateValue(document, forKey: document.id)
        var previousIndexed = previous != nil
        if previous == nil, document.id.minor == 0, !collections[c].bare.isEmpty, collections[c].bare.remove(document.id.major) != nil {
            // It replaces a bare document (in no index: bare documents have no fields and need no key entry).
            previous = Self.bareDocument(document.id.major)
            previousIndexed = false
        }
        if let previous, previousIndexed {
            unindexUnique(c, previous)
            if previous.shardKey != document.shardKey { removeFromKeyIndex(c, previous) }
        }
        if !previousIndexed || previous!.shardKey != document.shardKey {
            collections[c].index(document.id, under: document.shardKey)
        }
        let indexes = schema.collections[c].uniqueIndexes
        for (i, fields) in indexes.enumerated() {
            if let key = Self.indexKey(document, fields) { collections[c].unique[i][key] = document.id }
        }
        return previous
    }

    /// Removes the document `id`; returns it.
    @discardableResult
    public mutating func remove(_ collection: CollectionID, _ id: DocumentID) -> Document? {
        let c = Int(collection.rawValue)
        if id.minor == 0, !collections[c].bare.isEmpty, collections[c].bare.remove(id.major) != nil { return Self.bareDocument(id.major) }
        guard !collections[c].documents.isEmpty, let previous = collections[c].documents.removeValue(forKey: id) else { return nil }
        unindexUnique(c, previous)
        removeFromKeyIndex(c, previous)
        return previous
    }

    /// Drops `previous`'s unique-index entries that still name it.
    private mutating func unindexUnique(_ c: Int, _ previous: Document) {
        for (i, fields) in schema.collections[c].uniqueIndexes.enumerated() {
            if let key = Self.indexKey(previous, fields), collections[c].unique[i][key] == previous.id {
                collections[c].unique[i][key] = nil
            }
        }
    }

    private mutating func removeFromKeyIndex(_ c: Int, _ document: Document) {
        collections[c].unindex(document.id, under: document.shardKey)
    }

    /// Replaces the whole content (initial sync).
    public mutating func replaceAll(with documents: [[Document]]) {
        self = DocumentStore(schema: schema)
        for (c, docs) in documents.enumerated() {
            for doc in docs { put(CollectionID(Int32(c)), doc) }
        }
    }

    /// The candidate documents of a query, sorted by `_id`, before filtering, and how many were examined.
    /// A point `_id` lookup or an equality on the shard key uses an index; anything else scans.
    func candidates(_ query: FindQuery) -> [Document] {
        let data = collections[Int(query.collection.rawValue)]
        if let id = query.documentID {
            guard let doc = data.document(id) else { return [] }
            if case .key(let k) = query.target, doc.shardKey != k { return [] }
            return [doc]
        }
        switch query.target {
        case .key(let key):
            let ids = data.ids(withShardKey: key)
            return ids.compactMap { data.document($0) }.sorted { $0.id < $1.id }
        case let .keyRange(lower, upper):
            var found: [Document] = []
            data.forEach { if $0.shardKey >= lower && $0.shardKey < upper { found.append($0) } }
            return found.sorted { $0.id < $1.id }
        case .broadcast:
            return allDocuments(query.collection)
        }
    }
}
