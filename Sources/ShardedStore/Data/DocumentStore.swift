import SimulationPrimitives

/// The documents one data-bearing member holds: per collection, documents by `_id`, an index by shard
/// key (targeted reads), and the unique indexes of the ``StoreSchema``.
///
/// Pure data: it knows nothing of replication. ``ReplicaSetMember`` executes operations against it
/// (``execute(_:)``) and applies oplog changes to it (``apply(_:)``), which return the pre-image for
/// rollback. Results are always sorted by `_id`, so dictionary order never leaks into behaviour.
///
/// **Bare documents** (issue 6, memory flat as the run grows; docs/performance.md "Round 5 —
/// memory"): a document with no fields and an `_id` of one part `(n, 0)` is fully described by `n`
/// and its shard-key value, so it is kept as that pair in ``CollectionData/bare`` (16 bytes a
/// bucket) instead of a `Document` in ``CollectionData/documents`` (48 bytes a bucket) plus a
/// 16-byte `DocumentID` in the shard-key index. The platform's stand-ins (one per domain document
/// written, on each member of its shard) are all of this shape. Every read rebuilds the same
/// `Document`, so callers see no difference (``BareDocumentStoreTests`` compares against a plain
/// dictionary).
public struct DocumentStore: Sendable {
    struct CollectionData: Sendable {
        /// Documents that are not bare (see ``DocumentStore``); an `_id` is in this or in ``bare``, never both.
        var documents: [DocumentID: Document] = [:]
        /// Bare documents: `_id` major part → shard-key value (a hash table of its own: the
        /// dictionary's SipHash cost ~280 instructions a write, round 7 `perfstore4`).
        var bare = BareDocumentTable()
        /// The shard-key index of bare documents whose key is not their own id (one whose key is its id
        /// is found through ``bare`` itself): key value → ids, in no particular order.
        var bareByShardKey: [Int64: [Int64]] = [:]
        /// The shard-key index of ``documents``: one document per key value here (most keys have
        /// exactly one), any further ones in ``moreByShardKey``. Saves an array allocation per document.
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
            if !bare.isEmpty {
                if bare[key.rawValue] == key.rawValue { ids.append(DocumentID(key.rawValue)) }
                if let more = bareByShardKey[key.rawValue] { ids += more.map { DocumentID($0) } }
            }
            return ids
        }

        /// The document `id`, rebuilt when bare.
        @inline(__always) func document(_ id: DocumentID) -> Document? {
            if !documents.isEmpty, let document = documents[id] { return document }
            guard id.minor == 0, !bare.isEmpty, let key = bare[id.major] else { return nil }
            return DocumentStore.bareDocument(id.major, key)
        }

        /// Calls `body` with every document (bare ones rebuilt), in no particular order.
        func forEach(_ body: (Document) -> Void) {
            for document in documents.values { body(document) }
            bare.forEach { n, key in body(DocumentStore.bareDocument(n, key)) }
        }

        /// Whether `document` can be kept as a bare pair here.
        @inline(__always) func isBare(_ document: Document) -> Bool {
            keepsBare && document.id.minor == 0 && document.fields.isEmpty
        }

        /// Indexes bare document `n` under `key` (nothing when the key is its own id).
        mutating func indexBare(_ n: Int64, under key: Int64) {
            if n != key { bareByShardKey[key, default: []].append(n) }
        }

        mutating func unindexBare(_ n: Int64, under key: Int64) {
            guard n != key, var ids = bareByShardKey[key], let at = ids.firstIndex(of: n) else { return }
            ids.swapAt(at, ids.count - 1)
            ids.removeLast()
            bareByShardKey[key] = ids.isEmpty ? nil : ids
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

    /// The bare document `n` with shard-key value `key`: `_id` `(n, 0)`, no fields.
    @inline(__always) static func bareDocument(_ n: Int64, _ key: Int64) -> Document { Document(bare: DocumentID(n), shardKey: ShardKeyValue(key)) }

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
            let n = document.id.major, key = document.shardKey.rawValue
            if let oldKey = collections[c].bare.updateValue(key, forKey: n) {
                // A bare document replacing a bare one (one probe when the key stays).
                if oldKey != key {
                    collections[c].unindexBare(n, under: oldKey)
                    collections[c].indexBare(n, under: key)
                }
                return Self.bareDocument(n, oldKey)
            }
            collections[c].indexBare(n, under: key)
            // New here, or replacing a document with fields kept in full.
            guard !collections[c].documents.isEmpty, let previous = collections[c].documents.removeValue(forKey: document.id) else { return nil }
            unindexUnique(c, previous)
            removeFromKeyIndex(c, previous)
            return previous
        }
        var previous = collections[c].documents.updateValue(document, forKey: document.id)
        var previousIndexed = previous != nil
        if previous == nil, document.id.minor == 0, !collections[c].bare.isEmpty, let oldKey = collections[c].bare.removeValue(forKey: document.id.major) {
            // It replaces a bare document (no fields, so in no unique index; in the bare key index).
            collections[c].unindexBare(document.id.major, under: oldKey)
            previous = Self.bareDocument(document.id.major, oldKey)
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
        if id.minor == 0, !collections[c].bare.isEmpty, let key = collections[c].bare.removeValue(forKey: id.major) {
            collections[c].unindexBare(id.major, under: key)
            return Self.bareDocument(id.major, key)
        }
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
