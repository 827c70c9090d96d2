import Testing
import SimulationPrimitives
@testable import CinemaDomain

@Suite struct StoreAndInvariantTests {
    @Test func layoutCapacityLabelsAndRules() {
        #expect(Fixture.layout.capacity == 8)
        #expect(Fixture.layout.positionCount == 10)
        #expect(Fixture.layout.label(of: 0) == "A1" && Fixture.layout.label(of: 9) == "B5")
        #expect(SeatLayout.rectangular(rows: 28, seatsPerRow: 1).label(of: 27) == "AB1")
        #expect(Fixture.layout.validate() == nil)
        #expect(!Fixture.layout.isSellable(2) && Fixture.layout.isSellable(3) && !Fixture.layout.isSellable(10))
        // Accessible seats cost the standard tier (28 CFR 36.302(f)).
        #expect(Fixture.prices.priceCents(of: .accessible) == Fixture.prices.standardCents)
        #expect(Fixture.prices.priceCents(of: .companion) == Fixture.prices.standardCents)
        // Best seats of a 4×3 grid: target row 2 (two-thirds of rows 0…3), centre column 1: seat 7,
        // then the four seats at distance 1 (4, 6, 8, 10) by index.
        #expect(SeatLayout.rectangular(rows: 4, seatsPerRow: 3).bestSeats(count: 3) == [7, 4, 6])
        // Gaps are never among them (fixture: row B target, centre column 2 is an aisle).
        #expect(Fixture.layout.bestSeats(count: 8).sorted() == [0, 1, 3, 4, 5, 6, 8, 9])
        #expect(Fixture.layout.bestSeats(count: 2) == [6, 8])
    }

    @Test func insertUniqueIndexesAndVersions() {
        var store = Fixture.store()
        let dup = User(id: UserID(99), username: "alice", credentialDigest: 0, roles: .customer)
        #expect(store.apply(.insert(.user(dup)), now: .zero) == .duplicateKey) // unique username
        let movie = Movie(id: MovieID(9), title: "T", runtimeMinutes: 90, rating: "7")
        #expect(store.apply(.insert(.movie(movie)), now: .zero) == .inserted)
        #expect(store.apply(.insert(.movie(movie)), now: .zero) == .duplicateKey) // unique _id
        #expect(store.document(.movies, key: 9)?.version == 1)
        var renamed = movie
        renamed.title = "U"
        let stale = store.apply(.update(.movies, key: 9, shardKeyValue: 9, condition: .versionEquals(0), mutation: .replace(.movie(renamed))), now: .zero)
        #expect(stale == .updated(matched: 0, modified: 0, document: nil))
        guard case .updated(1, 1, .movie(let m)?) = store.apply(.update(.movies, key: 9, shardKeyValue: 9, condition: .versionEquals(1),
                                                                         mutation: .replace(.movie(renamed))), now: .zero) else {
            Issue.record("update did not apply"); return
        }
        #expect(m.title == "U" && m.version == 2)
        #expect(store.apply(.delete(.movies, key: 9, shardKeyValue: 9), now: .zero) == .deleted(count: 1))
        #expect(store.apply(.find(.movies, key: 9, shardKeyValue: 9), now: .zero) == .found(nil))
        #expect(store.apply(.findMany(.users, filter: .userWithUsername("bob"), shardKeyValue: nil), now: .zero).foundKeys == [21])
    }

    @Test func holdConditionJudgesExpiryAtApplyTime() {
        var store = Fixture.store()
        let key = Fixture.showtime.rawValue
        let hold = StoreOperation.update(.seatInventories, key: key, shardKeyValue: key, condition: .seatsClaimable([0], by: PurchaseID(1)),
                                         mutation: .holdSeats([0], holdId: PurchaseID(1), expiresAt: .zero + .seconds(60)))
        #expect(store.apply(hold, now: .zero).matchedCount == 1)
        let rival = StoreOperation.update(.seatInventories, key: key, shardKeyValue: key, condition: .seatsClaimable([0], by: PurchaseID(2)),
                                          mutation: .holdSeats([0], holdId: PurchaseID(2), expiresAt: .zero + .seconds(120)))
        #expect(store.apply(rival, now: .zero + .seconds(59)).matchedCount == 0)
        #expect(store.apply(rival, now: .zero + .seconds(60)).matchedCount == 1) // the first hold expired at 60 s
        // The first hold can no longer sell, and releasing it leaves the rival's seat alone.
        let sell = StoreOperation.update(.seatInventories, key: key, shardKeyValue: key, condition: .seatsHeldOrSoldTo([0], PurchaseID(1)),
                                         mutation: .sellSeats([0], holdId: PurchaseID(1)))
        #expect(store.apply(sell, now: .zero + .seconds(61)).matchedCount == 0)
        _ = store.apply(.update(.seatInventories, key: key, shardKeyValue: key, condition: .none,
                                mutation: .releaseSeats([0], ownedBy: PurchaseID(1))), now: .zero + .seconds(61))
        guard case .seatInventory(let inv)? = store.document(.seatInventories, key: key) else { Issue.record("no inventory"); return }
        #expect(inv.state[0] == .held && inv.holder[0] == 2)
    }

    @Test func checkerFindsEachKindOfBrokenState() {
        var store = Fixture.store()
        // A seat sold with no purchase behind it, and a paid purchase left unsettled.
        let key = Fixture.showtime.rawValue
        _ = store.apply(.update(.seatInventories, key: key, shardKeyValue: key, condition: .none,
                                mutation: .sellSeats([4], holdId: PurchaseID(77))), now: .zero)
        var paid = Purchase(id: PurchaseID(78), customerId: Fixture.alice.userId, showtimeId: Fixture.showtime, cinemaId: Fixture.cinema,
                            seats: [5], amountCents: 1_100, holdExpiresAt: .zero + .minutes(15), createdAt: .zero)
        paid.state = .paid
        store.load([.purchase(paid)])
        let relaxed = store.checkInvariants(quiescent: false)
        #expect(relaxed.holds) // both are legitimate mid-flight states
        let strict = store.checkInvariants(quiescent: true)
        #expect(strict.violations.map(\.kind) == [.paidPurchaseUnsettled, .soldSeatWithoutConfirmedPurchase])
        #expect(strict.violations.last?.seat == 4 && strict.violations.last?.purchase == PurchaseID(77))
        #expect(strict.seatsSold == 1 && strict.seatsOffered == 8 && strict.oversold == 0)
    }

    @Test func publicQueriesListTheCatalogue() {
        var reads = ReadModel()
        for e in Fixture.events() { reads.apply(e) }
        #expect(reads.answer(.chains, actor: .anonymous, now: .zero).value == .chains([Chain(id: Fixture.chain, name: "CineManzana").withVersion(1)]))
        guard case .success(.movies(let movies)) = reads.answer(.movies, actor: .anonymous, now: .zero) else { Issue.record("no movies"); return }
        #expect(movies.map(\.title) == ["Manzana Roja"])
        #expect(reads.answer(.movie(MovieID(2)), actor: .anonymous, now: .zero).error == .notFound(.pelicula, id: 2))
        #expect(reads.answer(.manager(Fixture.manager.userId), actor: Fixture.admin, now: .zero).isSuccess)
        #expect(reads.answer(.customer(Fixture.alice.userId), actor: Fixture.alice, now: .zero).error == .notFound(.cliente, id: 20))
        #expect(reads.answer(.customer(Fixture.alice.userId), actor: Fixture.bob, now: .zero).error == .forbidden(.notSelf))
        #expect(reads.answer(.showtime(ShowtimeID(5)), actor: .anonymous, now: .zero).error?.httpStatus == 404)
        #expect(Query.cartelera(Fixture.cinema, dayStart: .zero).resource.queryServiceId == "funcion-query")
        #expect(Command.confirmPurchase(purchaseId: PurchaseID(1)).resource.commandServiceId == "compra-command")
    }
}

extension StoreResult {
    var matchedCount: Int { if case .updated(let m, _, _) = self { return m } else { return -1 } }
    var foundKeys: [Int64] { if case .foundMany(let docs) = self { return docs.map(\.key) } else { return [] } }
}

extension Chain {
    func withVersion(_ v: UInt64) -> Chain { var c = self; c.version = v; return c }
}
