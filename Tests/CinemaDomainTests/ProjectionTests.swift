import Testing
import SimulationPrimitives
@testable import CinemaDomain

@Suite struct ProjectionTests {
    func readModel(_ events: [DomainEvent]) -> ReadModel {
        var r = ReadModel()
        for e in events { r.apply(e) }
        return r
    }

    @Test func seatMapFollowsEventsOnlyAndCanBeStale() {
        var w = World()
        var reads = readModel(Fixture.events())
        w.run(.holdSeats(purchaseId: PurchaseID(1), showtimeId: Fixture.showtime, seats: [0, 1]), as: Fixture.alice)
        // Before the projection lag has passed the query side still shows the seats free.
        guard case .success(.showtime(let stale)) = reads.answer(.showtime(Fixture.showtime), actor: .anonymous, now: w.now) else {
            Issue.record("no showtime"); return
        }
        #expect(stale.availableCount == 8 && stale.seatMap[0] == .available)
        for e in w.published { reads.apply(e) }
        guard case .success(.showtime(let fresh)) = reads.answer(.showtime(Fixture.showtime), actor: .anonymous, now: w.now) else { Issue.record("unexpected result"); return }
        #expect(fresh.seatMap[0] == .held && fresh.seatMap[1] == .held && fresh.availableCount == 6)
        #expect(fresh.seatMap[2] == .blocked) // the aisle
        // An expired hold shows available even though no release event has arrived.
        guard case .success(.showtime(let later)) = reads.answer(.showtime(Fixture.showtime), actor: .anonymous, now: .zero + .minutes(15)) else { Issue.record("unexpected result"); return }
        #expect(later.availableCount == 8)
    }

    @Test func confirmedSaleAndCustomersPurchases() {
        var w = World()
        w.run(.holdSeats(purchaseId: PurchaseID(1), showtimeId: Fixture.showtime, seats: [8]), as: Fixture.alice)
        w.run(.payPurchase(purchaseId: PurchaseID(1), paymentReference: 1), as: Fixture.alice)
        w.run(.confirmPurchase(purchaseId: PurchaseID(1)), as: Fixture.alice)
        w.run(.holdSeats(purchaseId: PurchaseID(2), showtimeId: Fixture.showtime, seats: [9]), as: Fixture.alice)
        w.run(.releaseHold(purchaseId: PurchaseID(2)), as: Fixture.alice)
        // Duplicated delivery of every event is harmless.
        let reads = readModel(Fixture.events() + w.published + w.published)
        guard case .success(.showtime(let d)) = reads.answer(.showtime(Fixture.showtime), actor: .anonymous, now: w.now) else { Issue.record("unexpected result"); return }
        #expect(d.soldCount == 1 && d.seatMap[8] == .sold && d.seatMap[9] == .available)
        guard case .success(.purchases(let mine)) = reads.answer(.purchasesOfCustomer(Fixture.alice.userId), actor: Fixture.alice, now: w.now) else {
            Issue.record("no purchases"); return
        }
        #expect(mine.map(\.state) == [.confirmed, .released])
        #expect(reads.answer(.purchasesOfCustomer(Fixture.alice.userId), actor: Fixture.bob, now: w.now).error == .forbidden(.notPurchaseOwner))
        #expect(reads.answer(.purchasesOfCustomer(Fixture.alice.userId), actor: Fixture.admin, now: w.now).isSuccess)
        #expect(reads.answer(.purchase(PurchaseID(1)), actor: Fixture.bob, now: w.now).error?.httpStatus == 403)
        #expect(reads.answer(.purchase(PurchaseID(3)), actor: Fixture.alice, now: w.now).error == .notFound(.compra, id: 3))
    }

    @Test func carteleraGroupsADaysShowtimesByMovie() {
        var w = World()
        w.run(.createMovie(id: MovieID(2), title: "Azul", runtimeMinutes: 90, rating: "TP"), as: Fixture.admin)
        let starts: [(Int64, MovieID, Int64)] = [(201, MovieID(2), 5 * 3_600), (202, Fixture.movie, 8 * 3_600), (203, MovieID(2), 26 * 3_600)]
        for (id, movie, seconds) in starts {
            let r = w.run(.scheduleShowtime(id: ShowtimeID(id), auditoriumId: Fixture.auditorium, movieId: movie,
                                            startsAt: .zero + .seconds(seconds), prices: Fixture.prices), as: Fixture.manager)
            #expect(r.isSuccess)
        }
        w.run(.cancelShowtime(id: ShowtimeID(202)), as: Fixture.manager)
        let reads = readModel(Fixture.events() + w.published)
        guard case .success(.cartelera(let day0)) = reads.answer(.cartelera(Fixture.cinema, dayStart: .zero), actor: .anonymous, now: w.now) else {
            Issue.record("no cartelera"); return
        }
        // Day 0: "Azul" at 5h, "Manzana Roja" at 2h (showtime 100); 202 was cancelled; 203 is day 1.
        #expect(day0.map(\.movie.title) == ["Azul", "Manzana Roja"])
        #expect(day0.map { $0.showtimes.map(\.id.rawValue) } == [[201], [100]])
        guard case .success(.cartelera(let day1)) = reads.answer(.cartelera(Fixture.cinema, dayStart: .zero + .seconds(86_400)), actor: .anonymous, now: w.now) else { Issue.record("unexpected result"); return }
        #expect(day1.map { $0.showtimes.map(\.id.rawValue) } == [[203]])
        guard case .success(.movies(let showing)) = reads.answer(.moviesShowing(from: .zero + .seconds(3 * 3_600), to: .zero + .seconds(86_400)),
                                                                 actor: .anonymous, now: w.now) else { Issue.record("unexpected result"); return }
        #expect(showing.map(\.id) == [MovieID(2)])
        #expect(reads.answer(.cartelera(CinemaID(99), dayStart: .zero), actor: .anonymous, now: w.now).error == .notFound(.cine, id: 99))
    }

    @Test func managersCinemasAndPrivateProfiles() {
        let reads = readModel(Fixture.events())
        guard case .success(.cinemas(let cines)) = reads.answer(.cinemasOfManager(Fixture.manager.userId), actor: Fixture.manager, now: .zero) else {
            Issue.record("no cinemas"); return
        }
        #expect(cines.map(\.id) == [Fixture.cinema])
        #expect(reads.answer(.cinemasOfManager(Fixture.manager.userId), actor: Fixture.otherManager, now: .zero).error == .forbidden(.notSelf))
        #expect(reads.answer(.user(Fixture.alice.userId), actor: Fixture.bob, now: .zero).error?.httpStatus == 403)
        guard case .success(.user(let u)) = reads.answer(.user(Fixture.alice.userId), actor: Fixture.alice, now: .zero) else { Issue.record("unexpected result"); return }
        #expect(u.username == "alice")
        guard case .success(.cinemas(let all)) = reads.answer(.cinemasOfChain(Fixture.chain), actor: .anonymous, now: .zero) else { Issue.record("unexpected result"); return }
        #expect(all.map(\.id) == [Fixture.cinema, Fixture.otherCinema])
        guard case .success(.auditoriums(let salas)) = reads.answer(.auditoriumsOfCinema(Fixture.cinema), actor: .anonymous, now: .zero) else { Issue.record("unexpected result"); return }
        #expect(salas.map(\.id) == [Fixture.auditorium])
    }

    @Test func staleSnapshotEventsAreIgnored() {
        var reads = ReadModel()
        var c = Chain(id: ChainID(1), name: "Nueva")
        c.version = 2
        reads.apply(.chainSaved(c))
        var old = c
        old.name = "Vieja"; old.version = 1
        reads.apply(.chainSaved(old)) // late re-delivery of an older state
        #expect(reads.answer(.chain(ChainID(1)), actor: .anonymous, now: .zero).value == .chain(c))
    }
}
