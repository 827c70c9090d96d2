import Testing
import SimulationPrimitives
@testable import CinemaDomain

@Suite struct CatalogueCommandTests {
    let tomorrow = SimTime.zero + .seconds(86_400)

    @Test func onlyTheCinemasManagerMayScheduleShowtimes() {
        var w = World()
        let cmd = Command.scheduleShowtime(id: ShowtimeID(200), auditoriumId: Fixture.auditorium, movieId: Fixture.movie,
                                           startsAt: tomorrow, prices: Fixture.prices)
        #expect(w.run(cmd, as: Fixture.otherManager).error == .forbidden(.notManagerOfCinema))
        #expect(w.run(cmd, as: Fixture.admin).error == .forbidden(.missingRole)) // not even the chain admin
        #expect(w.run(cmd, as: Fixture.alice).error?.httpStatus == 403)
        let ok = w.run(cmd, as: Fixture.manager)
        #expect(ok.value?.httpStatus == 201)
        guard case .seatInventory(let inv)? = w.store.document(.seatInventories, key: 200),
              case .showtime(let s)? = w.store.document(.showtimes, key: 200) else { Issue.record("not stored"); return }
        #expect(inv.capacity == 8 && inv.startsAt == tomorrow)
        #expect(s.endsAt == tomorrow + .minutes(120))
        #expect(w.published.count == 1)
        if case .showtimeSaved(let saved, let kinds)? = w.published.first { #expect(saved.id == ShowtimeID(200) && kinds == Fixture.layout.kinds) }
    }

    @Test func overlappingShowtimesConflictIncludingTurnaround() {
        var w = World()
        // Showtime 100 occupies [2h, 4h); with the 15 min turnaround the next may start at 4h15m.
        let early = Command.scheduleShowtime(id: ShowtimeID(201), auditoriumId: Fixture.auditorium, movieId: Fixture.movie,
                                             startsAt: .zero + .seconds(4 * 3_600 + 14 * 60), prices: Fixture.prices)
        #expect(w.run(early, as: Fixture.manager).error == .conflict(.showtimeOverlap))
        let onTime = Command.scheduleShowtime(id: ShowtimeID(202), auditoriumId: Fixture.auditorium, movieId: Fixture.movie,
                                              startsAt: .zero + .seconds(4 * 3_600 + 15 * 60), prices: Fixture.prices)
        #expect(w.run(onTime, as: Fixture.manager).isSuccess)
        // A showtime running into 100's start (1 min → 2h1m) conflicts too.
        let before = Command.scheduleShowtime(id: ShowtimeID(203), auditoriumId: Fixture.auditorium, movieId: Fixture.movie,
                                              startsAt: .zero + .seconds(60), prices: Fixture.prices)
        w.now = .zero
        #expect(w.run(before, as: Fixture.manager).error == .conflict(.showtimeOverlap))
    }

    @Test func showtimeValidation() {
        var w = World()
        w.now = .zero + .seconds(3_600)
        let past = Command.scheduleShowtime(id: ShowtimeID(204), auditoriumId: Fixture.auditorium, movieId: Fixture.movie,
                                            startsAt: .zero + .seconds(60), prices: Fixture.prices)
        #expect(w.run(past, as: Fixture.manager).error == .invalid(.showtimeInPast))
        let cheapPremium = Command.scheduleShowtime(id: ShowtimeID(204), auditoriumId: Fixture.auditorium, movieId: Fixture.movie,
                                                    startsAt: tomorrow, prices: PriceTiers(standardCents: 900, premiumCents: 800))
        #expect(w.run(cheapPremium, as: Fixture.manager).error == .invalid(.badPrices))
        let unknownMovie = Command.scheduleShowtime(id: ShowtimeID(204), auditoriumId: Fixture.auditorium, movieId: MovieID(77),
                                                    startsAt: tomorrow, prices: Fixture.prices)
        #expect(w.run(unknownMovie, as: Fixture.manager).error == .notFound(.pelicula, id: 77))
        w.run(.retireMovie(id: Fixture.movie), as: Fixture.admin)
        let retired = Command.scheduleShowtime(id: ShowtimeID(204), auditoriumId: Fixture.auditorium, movieId: Fixture.movie,
                                               startsAt: tomorrow, prices: Fixture.prices)
        #expect(w.run(retired, as: Fixture.manager).error == .conflict(.retired))
    }

    @Test func cancellingAShowtimeStopsSales() {
        var w = World()
        #expect(w.run(.cancelShowtime(id: Fixture.showtime), as: Fixture.otherManager).error == .forbidden(.notManagerOfCinema))
        #expect(w.run(.cancelShowtime(id: Fixture.showtime), as: Fixture.manager).isSuccess)
        #expect(w.inventory.cancelled)
        #expect(w.run(.holdSeats(purchaseId: PurchaseID(1), showtimeId: Fixture.showtime, seats: [0]), as: Fixture.alice).error
                == .conflict(.showtimeNotOnSale))
    }

    @Test func auditoriumRulesAndLayoutValidation() {
        var w = World()
        let layout = SeatLayout.rectangular(rows: 3, seatsPerRow: 4)
        #expect(w.run(.createAuditorium(id: AuditoriumID(9), cinemaId: Fixture.cinema, name: "Sala 9", layout: layout), as: Fixture.otherManager).error
                == .forbidden(.notManagerOfCinema))
        #expect(w.run(.createAuditorium(id: AuditoriumID(9), cinemaId: Fixture.cinema, name: "Sala 9", layout: layout), as: Fixture.manager).value?.httpStatus == 201)
        #expect(w.run(.createAuditorium(id: AuditoriumID(9), cinemaId: Fixture.cinema, name: "Sala 9", layout: layout), as: Fixture.manager).error
                == .conflict(.duplicateKey))
        let lonelyCompanion = SeatLayout(rows: 1, seatsPerRow: 3, kinds: [.standard, .gap, .companion])
        #expect(w.run(.updateAuditorium(id: AuditoriumID(9), name: "Sala 9", layout: lonelyCompanion), as: Fixture.manager).error
                == .invalid(.companionWithoutAccessibleSeat))
        let emptyRow = SeatLayout(rows: 2, seatsPerRow: 2, kinds: [.standard, .standard, .gap, .gap])
        #expect(w.run(.updateAuditorium(id: AuditoriumID(9), name: "Sala 9", layout: emptyRow), as: Fixture.manager).error
                == .invalid(.layoutRowWithoutSeats))
        #expect(w.run(.retireAuditorium(id: AuditoriumID(9)), as: Fixture.otherManager).error?.httpStatus == 403)
        #expect(w.run(.retireAuditorium(id: AuditoriumID(9)), as: Fixture.manager).isSuccess)
        #expect(w.run(.updateAuditorium(id: AuditoriumID(9), name: "X", layout: layout), as: Fixture.manager).error == .conflict(.retired))
        #expect(w.run(.updateAuditorium(id: AuditoriumID(404), name: "X", layout: layout), as: Fixture.manager).error == .notFound(.sala, id: 404))
    }

    @Test func concurrentEditsLoseWith409InsteadOfOverwriting() {
        // Reference §4.2 race 2 (lost update): both read version 1, the second write must fail.
        var run = Interleaving(world: World())
        let x = run.start(.renameChain(id: Fixture.chain, name: "Manzana Cines"), as: Fixture.admin)
        let y = run.start(.renameChain(id: Fixture.chain, name: "Cines Manzana"), as: Fixture.admin)
        run.step(x); run.step(y)
        run.finish(x); run.finish(y)
        #expect(run.result(x)?.isSuccess == true)
        #expect(run.result(y)?.error == .conflict(.versionMismatch))
        guard case .chain(let c)? = run.world.store.document(.chains, key: 1) else { Issue.record("no chain"); return }
        #expect(c.name == "Manzana Cines" && c.version == 2)
    }

    @Test func chainCinemaAndMovieCommands() {
        var w = World()
        #expect(w.run(.createChain(id: ChainID(2), name: "Otra"), as: Fixture.manager).error == .forbidden(.missingRole))
        #expect(w.run(.createChain(id: ChainID(2), name: ""), as: Fixture.admin).error == .invalid(.emptyName))
        #expect(w.run(.createChain(id: ChainID(2), name: "Otra"), as: Fixture.admin).value?.httpStatus == 201)
        #expect(w.run(.createCinema(id: CinemaID(3), chainId: ChainID(9), name: "Sur", city: "Sevilla"), as: Fixture.admin).error == .notFound(.cadena, id: 9))
        #expect(w.run(.createCinema(id: CinemaID(3), chainId: ChainID(2), name: "Sur", city: "Sevilla"), as: Fixture.admin).isSuccess)
        // A manager may edit their own cinema, not another.
        #expect(w.run(.updateCinema(id: Fixture.cinema, name: "Centro 2", city: "Madrid"), as: Fixture.manager).isSuccess)
        #expect(w.run(.updateCinema(id: Fixture.cinema, name: "Centro 3", city: "Madrid"), as: Fixture.otherManager).error == .forbidden(.notManagerOfCinema))
        #expect(w.run(.retireCinema(id: Fixture.cinema), as: Fixture.manager).error == .forbidden(.missingRole))
        #expect(w.run(.retireCinema(id: Fixture.cinema), as: Fixture.admin).isSuccess)
        #expect(w.run(.createAuditorium(id: AuditoriumID(8), cinemaId: Fixture.cinema, name: "S", layout: .rectangular(rows: 1, seatsPerRow: 1)),
                      as: Fixture.manager).error == .conflict(.retired))
        #expect(w.run(.createMovie(id: MovieID(5), title: "Larga", runtimeMinutes: 601, rating: "TP"), as: Fixture.admin).error == .invalid(.badRuntime))
        #expect(w.run(.createMovie(id: MovieID(5), title: "Corta", runtimeMinutes: 90, rating: "TP"), as: Fixture.admin).isSuccess)
        #expect(w.run(.updateMovie(id: MovieID(5), title: "Corta 2", runtimeMinutes: 95, rating: "7"), as: Fixture.admin).isSuccess)
        #expect(w.run(.updateMovie(id: MovieID(6), title: "X", runtimeMinutes: 95, rating: "7"), as: Fixture.admin).error == .notFound(.pelicula, id: 6))
    }

    @Test func managerAssignment() {
        var w = World()
        // Alice becomes a manager and is assigned to cinema 2.
        #expect(w.run(.assignManager(userId: Fixture.alice.userId, cinemaId: Fixture.otherCinema), as: Fixture.admin).error == .notFound(.encargado, id: 20))
        #expect(w.run(.createManager(userId: Fixture.alice.userId, name: "Alicia"), as: Fixture.admin).value?.httpStatus == 201)
        #expect(w.run(.assignManager(userId: Fixture.alice.userId, cinemaId: Fixture.otherCinema), as: Fixture.manager).error == .forbidden(.missingRole))
        #expect(w.run(.assignManager(userId: Fixture.alice.userId, cinemaId: Fixture.otherCinema), as: Fixture.admin).isSuccess)
        guard case .cinema(let c)? = w.store.document(.cinemas, key: 2), case .manager(let m)? = w.store.document(.managers, key: 20),
              case .user(let u)? = w.store.document(.users, key: 20) else { Issue.record("missing"); return }
        #expect(c.managerIds == [Fixture.otherManager.userId, Fixture.alice.userId].sorted())
        #expect(m.cinemaIds == [Fixture.otherCinema])
        #expect(u.roles == [.customer, .manager])
        // Now Alice (with the manager role in her token) may add an auditorium to cinema 2.
        let aliceAsManager = Actor(userId: Fixture.alice.userId, roles: [.customer, .manager])
        #expect(w.run(.createAuditorium(id: AuditoriumID(30), cinemaId: Fixture.otherCinema, name: "S", layout: .rectangular(rows: 2, seatsPerRow: 2)),
                      as: aliceAsManager).isSuccess)
        #expect(w.run(.unassignManager(userId: Fixture.alice.userId, cinemaId: Fixture.otherCinema), as: Fixture.admin).isSuccess)
        #expect(w.run(.retireAuditorium(id: AuditoriumID(30)), as: aliceAsManager).error == .forbidden(.notManagerOfCinema))
    }

    @Test func usersAndCustomers() {
        var w = World()
        #expect(w.run(.registerUser(id: UserID(50), username: "carla", password: "short"), as: .anonymous).error == .invalid(.badCredentials))
        #expect(w.run(.registerUser(id: UserID(50), username: "carla", password: "long-enough"), as: .anonymous).value?.httpStatus == 201)
        #expect(w.run(.registerUser(id: UserID(51), username: "carla", password: "long-enough"), as: .anonymous).error == .conflict(.duplicateKey))
        let carla = Actor(userId: UserID(50), roles: [.customer])
        #expect(w.run(.registerCustomer(name: "Carla", email: "no-at-sign"), as: carla).error == .invalid(.badEmail))
        #expect(w.run(.registerCustomer(name: "Carla", email: "carla@example.com"), as: .anonymous).error == .forbidden(.missingRole))
        #expect(w.run(.registerCustomer(name: "Carla", email: "carla@example.com"), as: carla).value?.httpStatus == 201)
        #expect(w.run(.updateCustomer(name: "Carla R", email: "carla@example.com"), as: carla).isSuccess)
        #expect(w.run(.updateCustomer(name: "Bob", email: "bob@example.com"), as: Fixture.bob).error == .notFound(.cliente, id: 21))
        #expect(w.run(.changePassword(id: UserID(50), oldPassword: "wrong-one", newPassword: "another-long"), as: carla).error == .invalid(.badCredentials))
        #expect(w.run(.changePassword(id: UserID(50), oldPassword: "long-enough", newPassword: "another-long"), as: Fixture.bob).error == .forbidden(.notSelf))
        #expect(w.run(.changePassword(id: UserID(50), oldPassword: "long-enough", newPassword: "another-long"), as: carla).isSuccess)
        guard case .user(let u)? = w.store.document(.users, key: 50) else { Issue.record("no user"); return }
        #expect(u.verify(password: "another-long") && !u.verify(password: "long-enough"))
        #expect(w.run(.setRoles(id: UserID(50), roles: [.customer, .admin]), as: carla).error == .forbidden(.missingRole))
        #expect(w.run(.deactivateUser(id: UserID(50)), as: Fixture.admin).isSuccess)
        // Credentials never reach the query side.
        #expect(w.published.allSatisfy { if case .userSaved(let s) = $0 { return s.username == "carla" } else { return true } })
    }
}
