import SimulationPrimitives

/// The documents one data-bearing member holds: per collection, documents by `_id`, an index by shard
/// key (targeted reads), and the unique indexes of the ``StoreSchema``.
///
/// Pure data: it knows nothing of replication. ``ReplicaSetMember`` executes operations against it
/// (``execute(_:)``) and applies oplog changes to it (``apply(_:)``), which return the pre-image for
/// rollback. Results are always sorted by `_id`, so dictionary order never leaks into behaviour.
public struct DocumentStore: Sendable {
    struct CollectionData: Sendable {
        var documents: [DocumentID: Document] = [:]
        /// The shard-key index: one document per key value here (most keys have exactly one: the
        /// platform keys documents by their own id), any further ones in ``moreByShardKey``. Saves an
        /// array allocation per document (issue 6: memory flat as the run grows).
        var byShardKey: [ShardKeyValue: DocumentID] = [:]
        var moreByShardKey: [ShardKeyValue: [DocumentID]] = [:]
        var unique: [[[FieldValue]: DocumentID]]

        /// Every document id indexed under `key`, in no particular order.
        func ids(withShardKey key: ShardKeyValue) -> [DocumentID] {
            guard let first = byShardKey[key] else { return [] }
            guard let more = moreByShardKey[key] else { return [first] }
            return [first] + more
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

    /// The schema the store was built for.
    public let schema: StoreSchema
    var collections: [CollectionData]

    /// An empty store for `schema`.
    public init(schema: StoreSchema) {
        self.schema = schema
        self.collections = schema.collections.map { CollectionData(unique: Array(repeating: [:], count: $0.uniqueIndexes.count)) }
    }

    /// The document `id` of `collection`, if present.
    public func document(_ collection: CollectionID, _ id: DocumentID) -> Document? {
        collections[Int(collection.rawValue)].documents[id]
    }

    /// Number of documents in `collection`.
    public func count(_ collection: CollectionID) -> Int { collections[Int(collection.rawValue)].documents.count }

    /// Every document of `collection`, sorted by `_id`.
    public func allDocuments(_ collection: CollectionID) -> [Document] {
        collections[Int(collection.rawValue)].documents.values.sorted { $0.id < $1.id }
    }

    /// Calls `body` with every document of `collection`, in no particular order (for order-independent
    /// aggregates such as counts; use ``allDocuments(_:)`` when order matters). Copies nothing.
    public func forEachDocument(_ collection: CollectionID, _ body: (Document) -> Void) {
        for document in collections[Int(collection.rawValue)].documents.values { body(document) }
    }

    /// The documents of `collection` whose shard key falls in chunk-space `range`, sorted by `_id`.
    public func documents(_ collection: CollectionID, in range: ChunkRange) -> [Document] {
        let pattern = schema[collection].shardKey
        return collections[Int(collection.rawValue)].documents.values
            .filter { range.contains(pattern.chunkSpacePosition(of: $0.shardKey)) }
            .sorted { $0.id < $1.id }
    }

    /// Whether storing `document` would duplicate a unique-index value held by another document.
    func violatesUniqueIndex(_ collection: CollectionID, _ document: Document) -> Bool {
        let data = collections[Int(collection.rawValue)]
        for (i, fields) in schema[collection].uniqueIndexes.enumerated() {
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
        let previous = collections[c].documents.updateValue(document, forKey: document.id)
        let indexes = schema.collections[c].uniqueIndexes
        if let previous {
            for (i, fields) in indexes.enumerated() {
                if let key = Self.indexKey(previous, fields), collections[c].unique[i][key] == previous.id {
                    collections[c].unique[i][key] = nil
                }
            }
            if previous.shardKey != document.shardKey { removeFromKeyIndex(c, previous) }
        }
        if previous == nil || previous!.shardKey != document.shardKey {
            collections[c].index(document.id, under: document.shardKey)
        }
        for (i, fields) in indexes.enumerated() {
            if let key = Self.indexKey(document, fields) { collections[c].unique[i][key] = document.id }
        }
        return previous
    }

    /// Removes the document `id`; returns it.
    @discardableResult
    public mutating func remove(_ collection: CollectionID, _ id: DocumentID) -> Document? {
        let c = Int(collection.rawValue)
        guard let previous = collections[c].documents.removeValue(forKey: id) else { return nil }
        for (i, fields) in schema.collections[c].uniqueIndexes.enumerated() {
            if let key = Self.indexKey(previous, fields), collections[c].unique[i][key] == id {
                collections[c].unique[i][key] = nil
            }
        }
        removeFromKeyIndex(c, previous)
        return previous
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
            guard let doc = data.documents[id] else { return [] }
            if case .key(let k) = query.target, doc.shardKey != k { return [] }
            return [doc]
        }
        switch query.target {
        case .key(let key):
            let ids = data.ids(withShardKey: key)
            return ids.compactMap { data.documents[$0] }.sorted { $0.id < $1.id }
        case let .keyRange(lower, upper):
            return data.documents.values.filter { $0.shardKey >= lower && $0.shardKey < upper }.sorted { $0.id < $1.id }
        case .broadcast:
            return data.documents.values.sorted { $0.id < $1.id }
        }
    }
}
