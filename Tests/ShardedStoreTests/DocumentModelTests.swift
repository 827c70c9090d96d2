import Testing
import SimulationPrimitives
@testable import ShardedStore

/// The document model's query and update semantics (MongoDB's operators, reference §1.9).
@Suite struct DocumentModelTests {
    let a = FieldID(1), b = FieldID(2)

    @Test func missingFieldEqualsNullAndComparisonsNeedTheSameType() {
        let doc = Document(id: DocumentID(1), shardKey: ShardKeyValue(1), fields: [.init(id: a, value: .int(5))])
        #expect(DocumentFilter.equal(b, .null).matches(doc))
        #expect(!DocumentFilter.compare(b, .notEqual, .null).matches(doc))
        #expect(DocumentFilter.compare(a, .less, .int(6)).matches(doc))
        #expect(!DocumentFilter.compare(a, .less, .string("z")).matches(doc))   // type bracketing
        #expect(DocumentFilter.compare(a, .greaterOrEqual, .int(5)).matches(doc))
        #expect(DocumentFilter.exists(a, true).matches(doc) && DocumentFilter.exists(b, false).matches(doc))
        #expect(DocumentFilter.or([.equal(a, .int(4)), .equal(a, .int(5))]).matches(doc))
        #expect(!DocumentFilter.and([.equal(a, .int(5)), .equal(b, .int(1))]).matches(doc))
        #expect(!DocumentFilter.or([]).matches(doc) && DocumentFilter.and([]).matches(doc))
    }

    @Test func updatesSetUnsetAndIncrement() {
        var doc = Document(id: DocumentID(1), shardKey: ShardKeyValue(1), fields: [.init(id: b, value: .string("x"))])
        #expect(FieldUpdate.increment(a, by: 3).apply(to: &doc))
        #expect(FieldUpdate.increment(a, by: 2).apply(to: &doc))
        #expect(doc[a] == .int(5))
        #expect(!FieldUpdate.increment(b, by: 1).apply(to: &doc))            // $inc on a string fails
        #expect(FieldUpdate.unset(b).apply(to: &doc))
        #expect(doc[b] == nil)
        #expect(doc.fields.map(\.id) == [a])
    }

    /// §1.9's seat hold: `status == AVAILABLE || (status == HELD && holdExpiresAt < now)`; an upsert
    /// seeds equality fields; an upsert on an existing non-matching `_id` is a duplicate key.
    @Test func holdFilterUpsertAndDuplicateIDOnMember() {
        var cluster = Fixtures.replicaSet()
        cluster.run(until: SimTime.zero + .seconds(2))
        let status = Fixtures.status, expires = FieldID(9)
        let holdable = DocumentFilter.or([.equal(status, .int(0)), .and([.equal(status, .int(1)), .compare(expires, .less, .int(1_000))])])
        func hold(_ holder: Int64, upsert: Bool = false) -> StoreOperation {
            .update(ConditionalUpdate(collection: Fixtures.seats, shardKey: ShardKeyValue(3), id: DocumentID(3, 1), filter: holdable,
                                      updates: [.set(status, .int(1)), .set(Fixtures.holdID, .int(holder)), .set(expires, .int(5_000))], upsert: upsert))
        }
        cluster.sendCommand(from: 99, to: 1, Fixtures.command(1, .insert(Fixtures.seats, Fixtures.seat(showtime: 3, seat: 1))))
        cluster.run(for: .milliseconds(10))
        cluster.sendCommand(from: 99, to: 1, Fixtures.command(2, hold(7)))
        cluster.run(for: .milliseconds(10))
        cluster.sendCommand(from: 99, to: 1, Fixtures.command(3, hold(8)))
        cluster.sendCommand(from: 99, to: 1, Fixtures.command(4, hold(9, upsert: true)))
        let fresh = StoreOperation.update(ConditionalUpdate(collection: Fixtures.seats, shardKey: ShardKeyValue(4), id: DocumentID(4, 1),
                                                            filter: .equal(status, .int(0)), updates: [.set(Fixtures.holdID, .int(1))], upsert: true))
        cluster.sendCommand(from: 99, to: 1, Fixtures.command(5, fresh))
        cluster.run(for: .milliseconds(10))
        guard case .success(.updated(true, false, let held?))? = cluster.rawReply(2)?.outcome else { Issue.record("hold failed"); return }
        #expect(held[Fixtures.holdID] == .int(7))
        #expect(cluster.rawReply(3)?.outcome == .success(.updated(matched: false, upserted: false, document: nil)))
        #expect(cluster.rawReply(4)?.outcome == .failure(.duplicateKey))
        guard case .success(.updated(false, true, let created?))? = cluster.rawReply(5)?.outcome else { Issue.record("upsert failed"); return }
        #expect(created[status] == .int(0) && created[Fixtures.holdID] == .int(1))
    }

    @Test func storeIndexesStayConsistentAfterUpdatesAndRemoves() {
        var store = DocumentStore(schema: Fixtures.schema)
        let s1 = Fixtures.seat(showtime: 1, seat: 1)
        store.put(Fixtures.seats, s1)
        var moved = s1
        moved[Fixtures.seat] = .int(2)
        store.put(Fixtures.seats, moved)
        var other = Fixtures.seat(showtime: 1, seat: 1)
        other.id = DocumentID(1, 50)
        #expect(!store.violatesUniqueIndex(Fixtures.seats, other))     // seat 1 was freed by the update
        store.put(Fixtures.seats, other)
        var clash = other
        clash.id = DocumentID(1, 51)
        #expect(store.violatesUniqueIndex(Fixtures.seats, clash))
        store.remove(Fixtures.seats, other.id)
        #expect(!store.violatesUniqueIndex(Fixtures.seats, clash))
        #expect(store.candidates(FindQuery(collection: Fixtures.seats, target: .key(ShardKeyValue(1)))).map(\.id) == [DocumentID(1, 1)])
    }
}
